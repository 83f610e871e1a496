// SPDX-License-Identifier: MIT
// "This week": what changed in the household's money — spending trends, the subscriptions and
// unusual charges in its statement, nudges, ranked recommendations (accept / dismiss kept in the
// store, so a dismissed one stays away and an accepted one is tracked), and where it stands
// against its peers. Each part is one engine call built in requests.js (the printed plan sends the
// same); all of them answer in milliseconds, so they run on the main thread.
import { label, money, pct } from './format.js';
import * as rq from './requests.js';
import { $, el } from './dom.js';

const signed = (x) => (x > 0 ? `+${money(x)}` : money(x));
const USER = 'household';

function part(id, title) {
  const box = el('div', { className: 'weekly-part', id: `weekly-${id}` }, el('h3', {}, title));
  $('#weekly-result').append(box);
  return box;
}

function guarded(box, draw) {
  try {
    draw();
  } catch (e) {
    box.append(el('p', { className: 'error' }, `${e.message}${e.field ? ` (field: ${e.field})` : ''}`));
  }
}

function renderTrends(engine, profile) {
  const box = part('trends', 'Spending trends');
  guarded(box, () => {
    const request = rq.trendsRequest(profile);
    if (!request.last_month) return box.append(el('p', {}, 'No monthly spending history yet.'));
    box.dataset.request = JSON.stringify(request);
    const t = engine.insights.trends(request);
    const list = el('ul', { className: 'trends' });
    for (const [name, c] of Object.entries(t.categories)) {
      const s = c.slope;
      const li = el('li', {}, el('strong', {}, label(name)), `: ${money(c.last)} in ${request.last_month}`,
        c.month_over_month ? ` (${signed(c.month_over_month.change)} on the month before)` : '',
        s ? ` — ${s.direction}, ${signed(s.per_month)} a month (${s.decided_at} % interval ${money(s.lower[s.decided_at])} to ${money(s.upper[s.decided_at])})` : '');
      li.dataset.direction = s?.direction ?? 'unknown';
      list.append(li);
    }
    box.append(list);
    if (t.top_movers.length) box.append(el('p', { className: 'note' }, `Moved most last month: ${t.top_movers.map((m) => `${label(m.category)} ${signed(m.change)}`).join(', ')}.`));
  });
}

function renderHabits(engine, transactions, asOf) {
  const box = part('habits', 'Subscriptions and unusual charges');
  let habits = null;
  guarded(box, () => {
    if (!transactions) return box.append(el('p', {}, 'No bank statement loaded: the sample household has one.'));
    const request = rq.habitsRequest(transactions, asOf);
    box.dataset.request = JSON.stringify(request);
    habits = engine.insights.habits(request);
    box.append(el('p', {}, `${habits.subscriptions.length} subscriptions and bills found, ${money(habits.subscriptions_monthly_cost)} a month.`));
    const table = el('table', { className: 'subscriptions' }, el('tr', {}, ...['', 'every', 'amount', 'next'].map((h) => el('th', {}, h))));
    for (const s of habits.subscriptions) {
      const row = el('tr', {}, el('td', {}, s.merchant), el('td', {}, s.period),
        el('td', {}, money(s.amount), s.previous_amount != null && s.previous_amount !== s.amount ? el('small', { className: 'dearer' }, ` was ${money(s.previous_amount)}`) : ''),
        el('td', {}, s.next_expected_date));
      row.dataset.id = s.id;
      table.append(row);
    }
    box.append(table);
    if (habits.anomalies.length) {
      box.append(el('p', {}, 'Unusual:'), el('ul', { className: 'anomalies' },
        ...habits.anomalies.slice(0, 5).map((a) => el('li', {}, `${a.date ?? a.month}: ${a.reason}`))));
    }
  });
  return habits;
}

async function renderNudges(engine, store, profile, goals, habits, transactions, asOf) {
  const box = part('nudges', 'Nudges');
  const shown = profile.nudges_shown ?? [];
  let answer = null;
  guarded(box, () => {
    // What was shown on an earlier day starts its cooldown; what is shown today stays on view today.
    const earlier = shown.filter((h) => h.shown < asOf);
    const request = rq.nudgesRequest(profile, goals, habits, transactions, asOf, earlier);
    box.dataset.request = JSON.stringify(request);
    answer = engine.insights.nudges(request);
    if (!answer.nudges.length) box.append(el('p', {}, 'Nothing needs your attention this week.'));
    box.append(el('ol', { className: 'nudges' }, ...answer.nudges.map((n) => {
      const li = el('li', {}, n.message);
      li.dataset.id = n.id;
      return li;
    })));
    if (answer.suppressed.length) box.append(el('p', { className: 'note' }, `${answer.suppressed.length} more held back until their cooldown ends (${answer.suppressed.map((s) => s.id).join(', ')}).`));
  });
  // Shown today: the cooldown starts now (the store keeps the latest showing per nudge).
  if (answer?.nudges.some((n) => !shown.some((h) => h.id === n.id && h.shown === asOf))) {
    const latest = new Map(shown.map((h) => [h.id, h]));
    for (const n of answer.nudges) latest.set(n.id, { id: n.id, shown: asOf });
    await store.profile.update((profile) => ({ ...profile, nudges_shown: [...latest.values()] }));
  }
}

async function renderRecommendations(engine, store, profile, goals, habits, asOf, today, rerender) {
  const box = part('recommendations', 'Recommendations');
  // Recommendation records are dated by the clock, so the ranking is as of today (the store's
  // goal advice records share it; only the rec: ones are this method's history).
  const history = (await store.recommendations.history({ user: USER })).filter((h) => h.id.startsWith('rec:'));
  let answer;
  try {
    const request = rq.recommendationsRequest(profile, habits, history, today, goals, asOf);
    box.dataset.request = JSON.stringify(request);
    answer = engine.recommendations.generate(request);
  } catch (e) {
    box.append(el('p', { className: 'error' }, `${e.message}${e.field ? ` (field: ${e.field})` : ''}`));
    return;
  }
  const list = el('ol', { className: 'recommendations' });
  for (const r of answer.recommendations) {
    await store.recommendations.add({ id: r.id, user: USER, kind: r.kind, text: r.title, data: { baseline: r.baseline } });
    const decide = (outcome) => async () => {
      await store.recommendations.decide(r.id, outcome);
      await rerender();
    };
    const li = el('li', {}, el('strong', {}, r.title), ` — ${money(r.impact.monthly)} a month (${money(r.impact.annual)} a year). `,
      el('span', { className: 'note' }, r.rationale), ' ',
      el('button', { type: 'button', className: 'accept', onclick: decide('accepted') }, 'Accept'), ' ',
      el('button', { type: 'button', className: 'dismiss quiet', onclick: decide('dismissed') }, 'Dismiss'));
    li.dataset.id = r.id;
    list.append(li);
  }
  if (!answer.recommendations.length) box.append(el('p', {}, 'No recommendation right now.'));
  box.append(list);
  if (answer.tracked.length) {
    box.append(el('p', {}, 'Accepted: ', ...answer.tracked.map((t) => el('span', { className: 'tracked' },
      `${t.id} since ${t.accepted_date}${t.effect ? ` (${signed(t.effect.monthly)} a month so far)` : ` — ${t.note}`}. `))));
  }
  if (answer.held_back.length) {
    box.append(el('p', { className: 'note' }, `Dismissed, held back: ${answer.held_back.map((h) => `${h.id} until ${h.until_date}`).join(', ')}.`));
  }
}

function renderPeers(engine, profile) {
  const box = part('peers', 'Against your peers');
  guarded(box, () => {
    if (!profile.age || !(profile.monthly_income > 0)) return box.append(el('p', {}, 'Give an age and an income to compare with households like yours.'));
    const request = rq.benchmarksRequest(profile);
    box.dataset.request = JSON.stringify(request);
    const b = engine.benchmarks.compare(request);
    const group = b.peers[0];
    const table = el('table', { className: 'peers' }, el('tr', {}, ...['', 'you (a year)', 'peers', 'percentile'].map((h) => el('th', {}, h))));
    for (const c of group.comparisons) {
      const rate = c.metric === 'savings_rate' || c.metric === 'expense_ratio';
      const show = (x) => (x == null ? '—' : rate ? pct(x) : money(x));
      table.append(el('tr', {}, el('td', {}, label(c.metric.replace('spending.', ''))), el('td', {}, show(c.user)), el('td', {}, show(c.peer)),
        el('td', {}, c.percentile ? `${c.percentile.point} (${c.percentile.lower}–${c.percentile.upper})` : '—')));
    }
    box.append(el('p', {}, `${group.label}: ${group.consumer_units_thousands.toLocaleString('en-US')} thousand U.S. households (${b.source.citation}).`), table,
      el('p', { className: 'note' }, b.caveats[0]));
  });
}

/** Draws the whole section; `rerender` redraws the page after an accept or dismiss. */
export async function renderWeekly({ engine, store, profile, goals, transactions, asOf, today, rerender }) {
  $('#weekly-result').replaceChildren();
  renderTrends(engine, profile);
  const habits = renderHabits(engine, transactions, asOf);
  await renderNudges(engine, store, profile, goals, habits, transactions, asOf);
  await renderRecommendations(engine, store, profile, goals, habits, asOf, today, rerender);
  renderPeers(engine, profile);
}
