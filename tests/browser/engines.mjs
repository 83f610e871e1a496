// SPDX-License-Identifier: MIT
// One small driver interface over three browser engines, so the demo's tests run unchanged on each:
//   chromium  Debian's chromium, driven by playwright-core over CDP (headless);
//   firefox   Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi (headless; Debian
//             ships no geckodriver and none is needed);
//   webkit    Debian's webkit2gtk-driver (WebKitWebDriver + MiniBrowser), driven by
//             selenium-webdriver over W3C WebDriver. MiniBrowser has no headless mode, so an Xvfb
//             display is started for it here and killed on close (without a display the session
//             request hangs with no error).
// Every engine is launched once per test file with one profile; tests keep apart by origin (each
// serves the demo on its own port: storage, caches and service workers are per origin).
//
// A page: goto, reload, evaluate(fn, arg), waitFor(fn, arg), click, fill, screenshot,
// elementScreenshot, setViewport, close; `errors` (uncaught page errors) and the browser's
// `requests` (the URLs the browser asked for, from what `requestsSeen` says) are arrays where the
// engine reports them and null where it cannot: classic WebDriver has no events, so WebKit reports
// neither.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const PATHS = {
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX ?? '/usr/lib/firefox-esr/firefox-esr',
  webkitDriver: process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver',
  webkitBrowser: process.env.WEBKIT_BROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
};

/** The engines to run: NESTEGG_BROWSERS=chromium,firefox narrows the list. */
export const ENGINES = (process.env.NESTEGG_BROWSERS ?? 'chromium,firefox,webkit').split(',').map((s) => s.trim()).filter(Boolean);

const WAIT_MS = 30000;
const profileDir = (name) => mkdtempSync(path.join(tmpdir(), `nestegg-${name}-`));
// Removes a profile this file made (not one the caller gave) once its browser is closed.
const removeOwn = (profile, given) => { if (!given) rmSync(profile, { recursive: true, force: true }); };

/** Why an engine cannot run here (its binary is missing), or null. */
export function missing(name) {
  const need = { chromium: [PATHS.chromium], firefox: [PATHS.firefox], webkit: [PATHS.webkitDriver, PATHS.webkitBrowser, '/usr/bin/Xvfb'] }[name];
  const absent = need.filter((p) => !existsSync(p));
  return absent.length ? `not installed: ${absent.join(', ')} (tests/setup.sh install_browser_deps)` : null;
}

/** Launches an engine; resolves to { name, version, requests, requestsSeen, newPage(), close() }. */
export function launch(name, options = {}) {
  return { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit }[name](options);
}

// ---- Chromium: playwright-core ------------------------------------------------------------------

async function launchChromium({ profile: given } = {}) {
  const profile = given ?? profileDir('chromium');
  const { chromium } = await import('playwright-core');
  // A persistent profile is what keeps IndexedDB and the service worker across reloads.
  const context = await chromium.launchPersistentContext(profile, { executablePath: PATHS.chromium, headless: true, args: ['--no-sandbox'] });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));  // pages, workers and service workers alike
  // (stderr dropped: Debian's launcher's /dev/shm check, /etc/chromium.d/dev-shm, can print noise)
  const version = execFileSync(PATHS.chromium, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  return {
    name: 'chromium', version, requests, requestsSeen: 'pages, workers and service workers', context,
    async newPage() {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      return {
        raw: page, errors,
        goto: (url) => page.goto(url),
        reload: () => page.reload(),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        waitFor: (fn, arg, timeout = WAIT_MS) => page.waitForFunction(fn, arg, { timeout }),
        click: (selector) => page.click(selector),
        fill: (selector, value) => page.fill(selector, value),
        screenshot: (file) => page.screenshot({ path: file, fullPage: true }),
        elementScreenshot: (selector, file) => page.locator(selector).screenshot({ path: file }),
        setViewport: (width, height) => page.setViewportSize({ width, height }),
        close: () => page.close(),
      };
    },
    close: async () => { await context.close(); removeOwn(profile, given); },
  };
}

// ---- Firefox: puppeteer-core over WebDriver BiDi ------------------------------------------------

async function launchFirefox({ profile: given } = {}) {
  const profile = given ?? profileDir('firefox');
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', headless: true,
    executablePath: PATHS.firefox, userDataDir: profile });
  // BiDi reports requests per page; a service worker's own fetches (its script, its precache) are
  // not among them (checked: the page's one .wasm request is seen, the precache's is not).
  const requests = [];
  const version = await browser.version();
  return {
    name: 'firefox', version, requests, requestsSeen: 'pages, not the service worker', browser,
    async newPage() {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      return {
        raw: page, errors,
        goto: (url) => page.goto(url),
        reload: () => page.reload(),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        waitFor: (fn, arg, timeout = WAIT_MS) => page.waitForFunction(fn, { timeout, polling: 100 }, arg),
        click: (selector) => page.click(selector),
        fill: (selector, value) => page.locator(selector).fill(value),
        screenshot: (file) => page.screenshot({ path: file, fullPage: true }),
        elementScreenshot: async (selector, file) => (await page.$(selector)).screenshot({ path: file }),
        setViewport: (width, height) => page.setViewport({ width, height }),
        close: () => page.close(),
      };
    },
    close: async () => { await browser.close(); removeOwn(profile, given); },
  };
}

// ---- WebKit: selenium-webdriver against WebKitWebDriver + MiniBrowser, under Xvfb ----------------

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

async function until(what, check, ms = 15000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

async function startXvfb() {
  let display = 90;
  while (existsSync(`/tmp/.X11-unix/X${display}`) || existsSync(`/tmp/.X${display}-lock`)) display += 1;
  const xvfb = spawn('Xvfb', [`:${display}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await until('Xvfb', () => existsSync(`/tmp/.X11-unix/X${display}`) || xvfb.exitCode !== null);
  if (xvfb.exitCode !== null) throw new Error(`Xvfb :${display} exited with ${xvfb.exitCode}`);
  return { display: `:${display}`, process: xvfb };
}

async function launchWebKit() {
  const { Builder, By } = await import('selenium-webdriver');
  const xvfb = await startXvfb();
  const port = await freePort();
  // A desktop session's language: under LANG=C (a container's default) WebKitGTK reports
  // navigator.language "c", which Intl refuses (RangeError), and uPlot formats with it at import.
  const env = { ...process.env, DISPLAY: xvfb.display, LANG: 'en_US.UTF-8', LANGUAGE: 'en_US' };
  const driverProcess = spawn(PATHS.webkitDriver, [`--port=${port}`], { env, stdio: 'ignore' });
  const stop = () => { driverProcess.kill(); xvfb.process.kill(); };
  process.once('exit', stop);  // also when the test process ends without closing the browser
  let driver;
  try {
    await until('WebKitWebDriver', async () => (await fetch(`http://127.0.0.1:${port}/status`).catch(() => null))?.ok);
    driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: 'MiniBrowser',
      // --automation: a profile in memory only (no IndexedDB survives a restart of the browser:
      // persistence is tested across reloads in one session).
      'webkitgtk:browserOptions': { binary: PATHS.webkitBrowser, args: ['--automation'] },
    }).build();
    await driver.manage().setTimeouts({ script: WAIT_MS * 2, pageLoad: WAIT_MS * 2 });
  } catch (e) {
    stop();
    throw e;
  }
  const caps = await driver.getCapabilities();
  let current = await driver.getWindowHandle();  // kept open: the session ends with its last window
  const use = async (handle) => {
    if (current !== handle) await driver.switchTo().window(handle);
    current = handle;
  };
  // executeScript awaits a returned promise (W3C "Execute Script"), like the other drivers' evaluate.
  const run = (fn, arg) => driver.executeScript(`return (${fn}).apply(null, arguments)`, arg);
  return {
    name: 'webkit', version: `WebKitGTK ${caps.get('browserVersion')} (MiniBrowser)`, requests: null, driver,
    async newPage() {
      await driver.switchTo().newWindow('window');  // a window, not a tab: a background tab is never painted (its screenshot waits for ever)
      const handle = current = await driver.getWindowHandle();
      const page = {
        raw: driver, errors: null,
        goto: async (url) => { await use(handle); await driver.get(url); },
        reload: async () => { await use(handle); await driver.navigate().refresh(); },
        evaluate: async (fn, arg) => { await use(handle); return run(fn, arg); },
        async waitFor(fn, arg, timeout = WAIT_MS) {
          await use(handle);
          await until(`${String(fn).slice(0, 120)}`, () => run(fn, arg), timeout);
        },
        click: async (selector) => { await use(handle); await driver.findElement(By.css(selector)).click(); },
        // Typed like a person where WebDriver can type; a date input takes its ISO value directly
        // (WebKitGTK's date field does not take keys in the ISO order) and gets the same events.
        async fill(selector, value) {
          await use(handle);
          const input = await driver.findElement(By.css(selector));
          if (await input.getAttribute('type') === 'date') {
            await driver.executeScript(`const [el, v] = arguments; el.value = v;
              el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));`, input, value);
          } else {
            await input.clear();
            await input.sendKeys(value);
          }
        },
        // W3C WebDriver screenshots the viewport only (no full-page capture): the top of the page,
        // where the status line is.
        async screenshot(file) {
          await use(handle);
          await driver.executeScript('window.scrollTo(0, 0)');
          writeFileSync(file, await driver.takeScreenshot(), 'base64');
        },
        // Scrolled into view first: WebKitWebDriver otherwise captures the area of the element
        // shot before it.
        async elementScreenshot(selector, file) {
          await use(handle);
          const element = await driver.findElement(By.css(selector));
          await driver.executeScript('arguments[0].scrollIntoView()', element);
          writeFileSync(file, await element.takeScreenshot(), 'base64');
        },
        setViewport: async (width, height) => { await use(handle); await driver.manage().window().setRect({ width, height }); },
        async close() {
          await use(handle);
          await driver.close();
          current = null;
          const [rest] = await driver.getAllWindowHandles();
          if (rest) await use(rest);
        },
      };
      return page;
    },
    async close() {
      try {
        await driver.quit();
      } finally {
        stop();
      }
    },
  };
}
