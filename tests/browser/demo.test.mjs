// SPDX-License-Identifier: MIT
// The demo in real headless Chromium (Debian's chromium, driven by playwright-core): it loads,
// a goal typed into the form shows the CLI's numbers for the same request, a reload keeps it, an
// offline reload still works, a version 1 database is upgraded, storage faults are survived, and
// the Web Worker runner reports progress and cancels. Screenshots go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkgDir = process.env.NESTEGG_PKG ?? path.join(root, 'build/wasm/npm');
const artifacts = path.join(root, 'tests/artifacts');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const money = (x) => x.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const points = (x) => String(Number(x.toFixed(1)));
// The page runs the wasm build; its figures are checked against the native CLI when it is built
// (tests/run.sh builds both), else against the package's own CLI.
const nativeCli = process.env.NESTEGG_NATIVE ?? path.join(root, 'build/native/nestegg');
mkdirSync(artifacts, { recursive: true });

let server;
let url;
before(async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'nestegg-demo-'));
  execFileSync(process.execPath, [path.join(root, 'web-demo/build.mjs'), out, '--package', pkgDir]);
  const { serve } = await import(path.join(root, 'web-demo/serve.mjs'));
  ({ server, url } = await serve(out, 0));
});
after(() => server?.close());

async function launch(profile = mkdtempSync(path.join(tmpdir(), 'nestegg-chromium-'))) {
  // A persistent profile is what keeps IndexedDB and the service worker across reloads.
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

const ready = (page) => page.waitForSelector('body[data-ready=true][data-idle=true]', { state: 'attached', timeout: 30000 });
const idle = (page) => page.waitForFunction(() => document.body.dataset.idle === 'true', null, { timeout: 30000 });

function cli(method, request) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nestegg-cli-')), 'request.json');
  writeFileSync(file, request);
  const [command, ...args] = existsSync(nativeCli) ? [nativeCli] : [process.execPath, path.join(pkgDir, 'bin/nestegg.mjs')];
  return JSON.parse(execFileSync(command, [...args, method, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

// The planning sections with the sample loaded: every figure shown equals the CLI's answer to the
// request the section says it sent.
async function checkPlanningSections(page) {
  const text = (selector) => page.locator(selector).first().textContent();
  const budgetRequest = await page.getAttribute('#budget-result', 'data-request');
  const budget = cli('budget.optimize', budgetRequest);
  for (const [name, b] of Object.entries(budget.buckets)) {
    assert.equal(await text(`.bucket[data-bucket=${name}] .bar.now`), `now ${pct(b.current_share)} · ${money(b.current)}`);
    assert.equal(await text(`.bucket[data-bucket=${name}] .bar.target`), `target ${pct(b.target_share)} · ${money(b.target)}`);
    assert.ok((await text(`.bucket[data-bucket=${name}] .proposed`)).startsWith(`proposed ${pct(b.proposed_share)} · ${money(b.proposed)} `), name);
  }
  assert.ok(budget.changes.length > 0);
  for (const c of budget.changes) {
    assert.equal(await text(`#budget .changes li[data-category="${c.category}"]`), `${c.category}: ${money(c.current)} → ${money(c.proposed)} (${money(c.change)}). ${c.reason}`);
  }

  let optimal;
  for (const [column, strategy] of ['avalanche', 'snowball', 'optimal'].entries()) {
    const row = page.locator(`#debts tr[data-strategy=${strategy}]`);
    const plan = cli('debt.plan', await row.getAttribute('data-request'));
    assert.equal(plan.strategy, strategy);
    assert.deepEqual([await row.locator('.months').textContent(), await row.locator('.payoff').textContent(), await row.locator('.interest').textContent()],
      [String(plan.months), plan.payoff_date, money(plan.total_interest)], strategy);
    for (const d of plan.debts) assert.equal(await page.locator(`#debts tr[data-debt="${d.name}"] td`).nth(column).textContent(), d.payoff_date, d.name);
    if (strategy === 'optimal') optimal = plan;
  }
  const mo = optimal.comparison.minimums_only;
  const moRow = page.locator('#debts tr[data-strategy=minimums_only]');
  assert.deepEqual([await moRow.locator('.months').textContent(), await moRow.locator('.interest').textContent()], [String(mo.months), money(mo.total_interest)]);
  assert.equal(await page.locator('#debts tr[data-strategy=optimal] .saved').textContent(), money(mo.interest_saved), 'interest saved against minimums only');
  assert.equal(await page.locator('#debts-chart canvas').count(), 1);
  assert.equal(JSON.parse(await page.locator('#debts tr[data-strategy=optimal]').getAttribute('data-request')).monthly_budget, 1060, 'the default budget');

  const health = cli('health.score', await page.getAttribute('#health-result', 'data-request'));
  assert.equal(await text('#health .score-value'), String(health.score));
  assert.equal(await text('#health .tier'), health.tier);
  for (const c of health.components) {
    assert.equal(await text(`#health li[data-component=${c.component}] .points`), points(c.points));
    if (c.improvement) assert.ok((await text(`#health li[data-component=${c.component}]`)).includes(c.improvement.text));
  }
  assert.deepEqual(await page.locator('#health .missing li').evaluateAll((lis) => lis.map((li) => li.dataset.component)), health.missing.map((m) => m.component));

  const ready = cli('investment.readiness', await page.getAttribute('#readiness-result', 'data-request'));
  assert.equal(await text('#readiness .status'), { ready: 'Ready to invest', almost: 'Almost ready', not_yet: 'Not yet' }[ready.status]);
  assert.deepEqual(await page.locator('#readiness .steps li').evaluateAll((lis) => lis.map((li) => li.dataset.step)), ready.steps.map((s) => s.step));
  for (const s of ready.steps.filter((x) => !x.done && x.months > 0)) {
    assert.ok((await text(`#readiness li[data-step=${s.step}]`)).includes(`${money(s.amount)} `) &&
      (await text(`#readiness li[data-step=${s.step}]`)).includes(`${s.months} months, until ${s.end_date}`), s.step);
  }
}

async function goalCard(page, name) {
  const card = page.locator(`.goal-card[data-name="${name}"]`);
  await card.locator('.required-monthly').waitFor({ timeout: 30000 });
  return {
    request: await card.getAttribute('data-request'),
    monthly: await card.locator('.required-monthly').textContent(),
    months: await card.locator('.months').textContent(),
    milestones: await card.locator('.milestones').textContent(),
  };
}

test('demo: a goal from the form matches the CLI, survives a reload and an offline reload', async () => {
  const { context, page, errors } = await launch();
  const elsewhere = [];  // nothing may be sent anywhere but the demo's own origin
  let requests = 0;
  context.on('request', (r) => {
    requests += 1;
    if (!r.url().startsWith(url)) elsewhere.push(r.url());
  });
  try {
    await page.goto(url);
    await ready(page);
    assert.match(await page.textContent('#status'), /IndexedDBStorage/);
    await page.waitForFunction(() => document.querySelector('#status').textContent.includes('Works offline'), null, { timeout: 30000 });
    const cdp = await context.newCDPSession(page);
    assert.deepEqual((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, [], 'Chromium can install it as an app');

    await page.fill('#goal-form [name=name]', 'New bike');
    await page.fill('#goal-form [name=target_amount]', '2450.50');
    await page.fill('#goal-form [name=current_amount]', '300');
    await page.fill('#goal-form [name=target_date]', '2028-03-31');
    await page.fill('#goal-form [name=annual_return_rate]', '3.5');
    await page.click('#goal-form button[type=submit]');
    await idle(page);
    const shown = await goalCard(page, 'New bike');
    const request = JSON.parse(shown.request);
    assert.equal(request.target_amount, 2450.5);
    assert.equal(request.annual_return_rate, 0.035);
    const expected = cli('goals.reverse_plan', shown.request);
    assert.equal(shown.monthly, money(expected.required_monthly_savings));
    assert.equal(shown.months, String(expected.months_available));
    for (const m of expected.milestones) assert.ok(shown.milestones.includes(`${m.percent}% (${money(m.amount)}) by ${m.date}`), shown.milestones);
    await page.screenshot({ path: path.join(artifacts, 'demo-goal.png'), fullPage: true });

    await page.reload();
    await ready(page);
    assert.deepEqual(await goalCard(page, 'New bike'), shown, 'the reload shows the stored goal, same numbers');

    await context.setOffline(true);
    await page.reload();
    await ready(page);
    assert.deepEqual(await goalCard(page, 'New bike'), shown, 'offline: served by the service worker, data from IndexedDB');
    await page.screenshot({ path: path.join(artifacts, 'demo-offline.png'), fullPage: true });
    await context.setOffline(false);

    // The whole sample: every section draws with the engine's figures.
    await page.click('#load-sample');
    await idle(page);
    await page.waitForFunction(() => document.querySelectorAll('.goal-card .required-monthly').length === 3, null, { timeout: 30000 });
    await page.waitForFunction(() => document.querySelectorAll('.fan canvas').length === 1 && document.body.dataset.idle === 'true',
      null, { timeout: 30000 });  // one goal has volatility: one fan chart
    assert.match(await page.textContent('#forecast-summary'), /next month \$[\d,]+\.\d\d .*model ETS|ARIMA/);
    assert.match(await page.textContent('#savings-summary'), /typical error \$[\d,.]+ a month \(cross-validated\)/);
    assert.match(await page.textContent('#cashflow-summary'), /chance of going below \$250\.00/);
    await checkPlanningSections(page);
    // The sample is planned as of its own date, as the printed plan shows it: the CLI agrees.
    const fund = await goalCard(page, 'Emergency fund');
    assert.equal(JSON.parse(fund.request).start_date, '2026-01-15');
    const fundPlan = cli('goals.reverse_plan', fund.request);
    assert.equal(fund.monthly, money(fundPlan.required_monthly_savings));
    assert.equal(fund.months, String(fundPlan.months_available));
    // The goal with a contribution record gets the engine's advice; dismissing it is remembered.
    const advice = page.locator('.goal-card[data-name="Emergency fund"] .goal-advice');
    assert.match(await advice.locator('.advice-text').textContent(), /^behind — pace \$578\.33 a month\. Behind plan: raise the monthly saving/);
    await advice.locator('.dismiss').click();
    const dismissed = () => page.waitForFunction(() => /dismissed on \d{4}-\d\d-\d\d/.test(document.querySelector('.goal-card[data-name="Emergency fund"] .advice-text')?.textContent ?? ''),
      null, { timeout: 30000 });
    await dismissed();  // stored: decide() resolves after the write
    await page.reload();
    await ready(page);
    await dismissed();  // and still after a reload
    // The reload answered the forecasts from the prediction cache in IndexedDB, and says so.
    await page.waitForFunction(() => /\(from the cache\)$/.test(document.querySelector('#forecast-summary').textContent)
      && /\(from the cache\)$/.test(document.querySelector('#cashflow-summary').textContent), null, { timeout: 30000 });
    assert.equal(await advice.locator('.advice-actions').isHidden(), true);
    const history = await page.evaluate(() => nestegg.store.recommendations.list({ user: 'household' }));
    assert.deepEqual(history.filter((r) => r.kind === 'goal_adjust').map((r) => [r.kind, r.outcome]), [['goal_adjust', 'dismissed']]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(artifacts, 'demo-sample-phone.png'), fullPage: true });
    for (const section of ['budget', 'debts', 'health', 'readiness']) {
      await page.locator(`#${section}`).screenshot({ path: path.join(artifacts, `demo-${section}.png`) });
    }
    // A debt budget typed in replaces the default, is kept, and plans every strategy on it.
    await page.fill('#debt-budget', '1500');
    await page.locator('#debt-budget').dispatchEvent('change');
    await page.waitForFunction(() => JSON.parse(document.querySelector('#debts tr[data-strategy=optimal]')?.dataset.request ?? '{}').monthly_budget === 1500,
      null, { timeout: 30000 });
    const faster = cli('debt.plan', await page.locator('#debts tr[data-strategy=optimal]').getAttribute('data-request'));
    assert.equal(await page.locator('#debts tr[data-strategy=optimal] .months').textContent(), String(faster.months));
    assert.equal((await page.evaluate(() => nestegg.store.profile.get())).debt_budget, 1500);
    assert.deepEqual(errors, []);
    assert.ok(requests > 10, 'the listener saw the page load');
    assert.deepEqual(elsewhere, [], 'no request left the origin');
  } finally {
    await context.close();
  }
});

test('demo: a version 1 database is upgraded and nothing is lost', async () => {
  const { context, page, errors } = await launch();
  try {
    // Before the app ever runs, write the version 1 layout where Emscripten's IDBStore keeps it.
    await page.goto(`${url}manifest.webmanifest`);
    await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('nestegg-demo', 22);
      open.onupgradeneeded = () => open.result.createObjectStore('FILE_DATA');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('FILE_DATA', 'readwrite');
        const files = tx.objectStore('FILE_DATA');
        files.put(JSON.stringify([
          { name: 'Old car fund', target_amount: 8000, current_amount: 1500, target_date: '2029-05-31' },
          { name: 'Old holiday', target_amount: 2500, current_amount: 2500, target_date: '2027-07-01', status: 'achieved' },
        ]), 'nestegg/goals');
        files.put(JSON.stringify([{ user: 'me', kind: 'budget', text: 'Cook at home', created_at: '2025-02-01T00:00:00Z', accepted: true }]), 'nestegg/recommendations');
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }));
    await page.goto(`${url}?no-sw`);
    await ready(page);
    assert.match(await page.textContent('#status'), /Upgraded from schema 1/);
    const old = await goalCard(page, 'Old car fund');
    assert.deepEqual(JSON.parse(old.request).current_amount, 1500);
    const stored = await page.evaluate(async () => ({
      goals: (await nestegg.store.goals.list()).map((g) => [g.name, g.status]).sort(),
      recommendations: (await nestegg.store.recommendations.list()).map((r) => r.outcome),
      meta: JSON.parse(await nestegg.store.adapter.get('nestegg/meta')).schema,
      v1: await nestegg.store.adapter.get('nestegg/goals'),
    }));
    assert.deepEqual(stored, { goals: [['Old car fund', 'active'], ['Old holiday', 'achieved']], recommendations: ['accepted'], meta: 3, v1: undefined });
    await page.screenshot({ path: path.join(artifacts, 'demo-upgraded.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('demo: storage faults — a refused write and a blocked upgrade — never stop the app', async () => {
  const { context, page, errors } = await launch();
  try {
    await page.goto(`${url}?no-sw`);
    await ready(page);
    await page.evaluate(() => nestegg.store.goals.put({ id: 'kept', name: 'Kept', target_amount: 1000, target_date: '2030-01-01' }));
    // Chromium 156 ignores DevTools' quota override for IndexedDB writes (tried), so the refusal
    // is injected where the browser raises it: the object store's put.
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      globalThis.restorePut = () => { IDBObjectStore.prototype.put = put; };
      IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await page.evaluate(() => nestegg.store.goals.put({ id: 'kept', name: 'Kept', target_amount: 5000, target_date: '2030-01-01' }).then(nestegg.render));
    await idle(page);
    assert.equal(await page.getAttribute('#status', 'data-degraded'), 'true');
    assert.match(await page.textContent('#status'), /QuotaExceededError/);
    assert.match(await page.textContent('.goal-card[data-name="Kept"] .goal-name'), /of \$5,000\.00/, 'the new value is served from memory');
    const onDisk = await page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('nestegg-demo');  // the current version: the store's (22 + schema)
      open.onsuccess = () => {
        const get = open.result.transaction('FILE_DATA').objectStore('FILE_DATA').get('nestegg/goal/kept');
        get.onsuccess = () => { open.result.close(); resolve(JSON.parse(get.result).data.target_amount); };
      };
    }));
    assert.equal(onDisk, 1000, 'the stored record is untouched by the refused write');
    await page.evaluate(() => globalThis.restorePut());
    assert.equal(await page.evaluate(() => nestegg.store.flush()), 0, 'the kept write lands once storage works again');

    // Another tab holds the database at an older version: a new tab waits, then works from memory.
    const blocker = await context.newPage();
    await blocker.goto(`${url}manifest.webmanifest`);
    await blocker.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('nestegg-blocked', 1);
      open.onsuccess = () => { globalThis.held = open.result; resolve(); };  // never closes on versionchange
    }));
    const second = await context.newPage();
    second.on('pageerror', (e) => errors.push(e.message));
    await second.goto(`${url}?no-sw&db=nestegg-blocked`);
    await ready(second);
    assert.match(await second.textContent('#status'), /UpgradeBlockedError/);
    await second.fill('#goal-form [name=name]', 'While blocked');
    await second.fill('#goal-form [name=target_amount]', '900');
    await second.fill('#goal-form [name=target_date]', '2029-01-31');
    await second.click('#goal-form button[type=submit]');
    await idle(second);
    await goalCard(second, 'While blocked');
    await blocker.evaluate(() => globalThis.held.close());
    // The writes kept in memory land once the other tab lets go (flush() says how many are left).
    let left = await second.evaluate(() => nestegg.store.flush());
    for (let tries = 0; left > 0 && tries < 40; tries++) {
      await new Promise((r) => setTimeout(r, 250));
      left = await second.evaluate(() => nestegg.store.flush());
    }
    assert.equal(left, 0);
    await second.reload();
    await ready(second);
    await goalCard(second, 'While blocked');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// A real QuotaExceededError needs a small disk: the profile goes on a 64 MB tmpfs when this
// machine lets us mount one (root in a container usually can); elsewhere the test says why it
// skipped, and the injected refusal above still runs.
test('demo: a real QuotaExceededError from Chromium on a full disk', async (t) => {
  const mountPoint = mkdtempSync(path.join(tmpdir(), 'nestegg-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (e) {
    t.skip(`cannot mount a small tmpfs here (${String(e.stderr ?? e.message).trim()})`);
    return;
  }
  const { context, page, errors } = await launch(path.join(mountPoint, 'profile'));
  try {
    await page.goto(`${url}?no-sw`);
    await ready(page);
    const outcome = await page.evaluate(async () => {
      const { store } = nestegg;
      await store.goals.put({ id: 'kept', name: 'Kept', target_amount: 1000, target_date: '2030-01-01' });
      const noise = () => {  // incompressible, 1.5 MB as text
        let text = '';
        for (let k = 0; k < 16; k++) text += Array.from(crypto.getRandomValues(new Uint8Array(65536)), (b) => b.toString(36)).join('');
        return text;
      };
      let blobs = 0;
      while (!store.status().degraded && blobs < 60) await store.benchmarks.put(`blob${blobs++}`, noise());
      // As large as the write that was just refused: it cannot fit either.
      await store.goals.put({ id: 'kept', name: 'Kept', target_amount: 5000, target_date: '2030-01-01', note: noise() });
      const during = { status: store.status(), served: (await store.goals.get('kept')).target_amount };
      const onDisk = await new Promise((resolve) => {
        const open = indexedDB.open('nestegg-demo');  // the current version: the store's (22 + schema)
        open.onsuccess = () => {
          const get = open.result.transaction('FILE_DATA').objectStore('FILE_DATA').get('nestegg/goal/kept');
          get.onsuccess = () => { open.result.close(); resolve(JSON.parse(get.result).data.target_amount); };
        };
      });
      for (let i = 0; i < blobs; i++) await store.adapter.delete(`nestegg/benchmark/blob${i}`);  // the person frees space
      const left = await store.flush();
      return { blobs, during, onDisk, left, after: store.status().degraded };
    });
    assert.equal(outcome.during.status.lastError.name, 'QuotaExceededError', JSON.stringify(outcome));
    assert.ok(outcome.blobs > 1, 'earlier writes were stored');
    assert.equal(outcome.during.served, 5000, 'the refused value is served from memory');
    assert.equal(outcome.onDisk, 1000, 'the stored value is untouched');
    assert.equal(outcome.left, 0);
    assert.equal(outcome.after, false);
    await page.reload();
    await ready(page);
    assert.match(await page.textContent('.goal-card[data-name="Kept"] .goal-name'), /of \$5,000\.00/, 'after the flush the new value is stored');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    execFileSync('umount', ['-l', mountPoint]);
  }
});

test('Web Worker runner: progress per batch item, cancellation, and the next job still runs', async () => {
  const { context, page, errors } = await launch();
  try {
    await page.goto(`${url}?no-sw`);
    await ready(page);
    const result = await page.evaluate(async () => {
      const { worker, engine } = nestegg;
      const request = { target_amount: 60000, current_amount: 12000, monthly_contribution: 900, annual_return_rate: 0.06,
        annual_volatility: 0.14, target_date: '2031-01-15', start_date: '2026-01-15', paths: 2000, seed: 3 };
      const progress = [];
      const batch = await worker.batch([1, 2, 3, 4].map((k) => ({ method: 'goals.simulate', request: { ...request, seed: k } })),
        { onProgress: (p) => progress.push(p.done) });
      const same = JSON.stringify(batch[1].result) === JSON.stringify(engine.goals.simulate({ ...request, seed: 2 }));
      const controller = new AbortController();
      // Aborted as soon as the worker says it started: the job is then inside the wasm loop.
      const slow = worker.call('goals.simulate', { ...request, paths: 100000, target_date: '2060-01-15' },
        { signal: controller.signal, onProgress: () => controller.abort() });
      const queued = worker.call('goals.simulate', { ...request, seed: 9 }, { signal: controller.signal });
      const after = worker.call('goals.reverse_plan', { target_amount: 1000, target_date: '2028-01-01', start_date: '2026-01-01' });
      const outcomes = await Promise.allSettled([slow, queued]);
      const bad = await worker.call('goals.timeline', { target_amount: -1 }).catch((e) => ({ code: e.code, field: e.field }));
      return { progress, same, outcomes: outcomes.map((o) => o.reason?.code), after: (await after).required_monthly_savings, bad };
    });
    assert.deepEqual(result.progress, [1, 2, 3, 4]);
    assert.equal(result.same, true, 'the worker answers what the page\'s engine answers');
    assert.deepEqual(result.outcomes, ['cancelled', 'cancelled']);
    assert.ok(result.after > 0, 'a fresh worker takes the next job');
    assert.equal(result.bad.code, 'out_of_range');
    assert.equal(result.bad.field, 'target_amount');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('demo: this week — trends, subscriptions, nudges, ranked recommendations whose accept / dismiss persist, peers', async () => {
  const { context, page, errors } = await launch();
  try {
    await page.goto(`${url}?no-sw&db=weekly`);
    await ready(page);
    await page.click('#load-sample');
    await idle(page);
    await page.waitForSelector('#weekly-peers table', { timeout: 30000 });
    const request = (part) => page.getAttribute(`#weekly-${part}`, 'data-request');

    // Every part shows what the native CLI answers to the request it says it sent.
    const trends = cli('insights.trends', await request('trends'));
    assert.deepEqual(await page.locator('#weekly-trends li').evaluateAll((lis) => lis.map((li) => li.dataset.direction)),
      Object.values(trends.categories).map((c) => c.slope?.direction ?? 'unknown'));
    const habits = cli('insights.habits', await request('habits'));
    assert.ok(habits.subscriptions.length >= 3, 'the sample statement has subscriptions');
    assert.deepEqual(await page.locator('#weekly-habits tr[data-id]').evaluateAll((rows) => rows.map((r) => r.dataset.id)),
      habits.subscriptions.map((s) => s.id));
    const nudges = cli('insights.nudges', await request('nudges'));
    assert.ok(nudges.nudges.length > 0);
    assert.deepEqual(await page.locator('#weekly-nudges li').evaluateAll((lis) => lis.map((li) => li.dataset.id)), nudges.nudges.map((n) => n.id));
    const recs = cli('recommendations.generate', await request('recommendations'));
    const shownIds = () => page.locator('#weekly-recommendations li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
    assert.deepEqual(await shownIds(), recs.recommendations.map((r) => r.id));
    assert.ok(recs.recommendations.length >= 2, 'at least two to accept and dismiss');
    const peers = cli('benchmarks.compare', await request('peers'));
    assert.equal(await page.locator('#weekly-peers tr').count(), peers.peers[0].comparisons.length + 1);
    await page.locator('#weekly').screenshot({ path: path.join(artifacts, 'demo-weekly.png') });

    // Dismiss the first, accept the second: both leave the list, are held back / tracked, and stay so after a reload.
    const [first, second] = recs.recommendations.map((r) => r.id);
    await page.click(`#weekly-recommendations li[data-id="${first}"] .dismiss`);
    await page.waitForFunction((id) => !document.querySelector(`#weekly-recommendations li[data-id="${id}"]`), first, { timeout: 30000 });
    await page.click(`#weekly-recommendations li[data-id="${second}"] .accept`);
    await page.waitForFunction((id) => !document.querySelector(`#weekly-recommendations li[data-id="${id}"]`), second, { timeout: 30000 });
    await page.reload();
    await ready(page);
    await page.waitForSelector('#weekly-peers table', { timeout: 30000 });
    const after = await shownIds();
    assert.ok(!after.includes(first) && !after.includes(second), 'neither comes back after a reload');
    assert.match(await page.textContent('#weekly-recommendations'), new RegExp(`held back: .*${first.replace(/[.:]/g, '\\$&')} until \\d{4}-\\d\\d-\\d\\d`));
    assert.match(await page.textContent('#weekly-recommendations'), new RegExp(`Accepted: .*${second.replace(/[.:]/g, '\\$&')} since`));
    const stored = await page.evaluate(() => nestegg.store.recommendations.list({ user: 'household' }));
    assert.deepEqual(Object.fromEntries(stored.filter((r) => r.id === first || r.id === second).map((r) => [r.id, r.outcome])),
      { [first]: 'dismissed', [second]: 'accepted' });
    // The nudges shown before the reload are shown again the same day (their cooldown starts tomorrow).
    assert.deepEqual(await page.locator('#weekly-nudges li').evaluateAll((lis) => lis.map((li) => li.dataset.id)), nudges.nudges.map((n) => n.id));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
