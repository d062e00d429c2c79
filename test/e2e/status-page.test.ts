import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort, ROOT, spawnService, waitForOk } from '../support/child-service';
import { tempDataDir } from '../support/harness';

// Debian's chromium, driven by playwright-core (which never downloads a browser of its own). CI installs it in
// .ci/run; on a machine without it the suite is skipped, loudly, so `npm test` still passes there.
const CHROMIUM = '/usr/bin/chromium';
// The README's screenshot is refreshed only on request (UPDATE_SCREENSHOT=1 npm test): it carries clock times,
// so writing it on every run would leave a change in the work tree after each test run.
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? path.join(ROOT, 'docs/status-page.png')
  : path.join(os.tmpdir(), `qbo-cache-status-page-${process.pid}.png`);
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED test/e2e/status-page.test.ts: ${CHROMIUM} not found (apt-get install chromium to run the browser tests)`);
}
const describeInBrowser = hasChromium ? describe : describe.skip;

// The flags this machine needs: no sandbox as root, and no background traffic to Google's hosts, which the closed
// network refuses (/work/.library/env/machines/node.md).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const DEMO_SIZES = { DEMO_CUSTOMERS: '60', DEMO_VENDORS: '20', DEMO_ITEMS: '60', DEMO_INVOICES: '120' };

describeInBrowser('status page in a real browser (demo mode)', () => {
  let stack: Stack;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    stack = await startStack({});
    ({ page, baseUrl } = stack);
  }, 60_000);

  afterAll(() => stack?.close());

  test('when the page loads, then it shows connected, demo mode, the company and the cache counts', async () => {
    await page.goto(`${baseUrl}/`);
    await page.locator('#connection-state', { hasText: 'Connected' }).waitFor();
    expect(await page.textContent('#mode')).toBe('demo');
    expect(await page.textContent('#health-badge')).toMatch(/healthy|degraded/);
    expect(await page.textContent('#company-id')).toMatch(/^\d+$/);
    await page.locator('#count-customers', { hasText: '60' }).waitFor();
    expect(await page.textContent('#count-invoices')).toBe('120');
    expect(await page.locator('#connect-button').isHidden()).toBe(true);
    const indexes = await page.locator('#index-picker option').evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    expect(indexes).toEqual(expect.arrayContaining(['client_names', 'product_names', 'invoice_numbers']));
  });

  test('when "ac" is typed, then results are listed with the match highlighted and inactive records marked', async () => {
    await page.selectOption('#index-picker', 'client_names');
    await typeAndWait(page, 'ac');
    const options = page.locator('#search-results [role="option"]');
    expect(await page.getAttribute('#search-input', 'aria-expanded')).toBe('true');
    expect(await options.count()).toBeGreaterThan(0);
    const marks = await page.locator('#search-results mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark.toLowerCase()).toBe('ac');
    expect(await page.locator('#search-results .option.inactive .tag').count()).toBeGreaterThan(0);
  });

  test('when ArrowDown then Enter is pressed, then the first result is selected and its fields shown', async () => {
    const firstName = await page.locator('#search-results [role="option"] .option-name').first().textContent();
    await page.press('#search-input', 'ArrowDown');
    expect(await page.getAttribute('#search-input', 'aria-activedescendant')).toBe('search-option-0');
    expect(await page.getAttribute('#search-option-0', 'aria-selected')).toBe('true');
    await page.press('#search-input', 'Enter');
    await page.locator('#record-details').waitFor();
    expect(await page.textContent('#record-title')).toContain(firstName ?? '<none>');
    const fields = await page.locator('#record-fields dt').allTextContents();
    expect(fields).toEqual(expect.arrayContaining(['id', 'name', 'type', 'active', 'email']));
    expect(await page.locator('#search-results').isHidden()).toBe(true);
  });

  test('when Escape is pressed, then the list closes', async () => {
    await typeAndWait(page, 'acme');
    await page.press('#search-input', 'Escape');
    expect(await page.locator('#search-results').isHidden()).toBe(true);
    expect(await page.getAttribute('#search-input', 'aria-expanded')).toBe('false');
  });

  test('when "all indexes" is picked, then the results come grouped under each index, transactions included', async () => {
    await page.selectOption('#index-picker', '*');
    await typeAndWait(page, 'a');
    const groups = await page.locator('#search-results .option-group').allTextContents();
    expect(groups).toEqual(expect.arrayContaining(['client_names', 'vendor_names', 'estimate_numbers']));
    expect(groups.indexOf('client_names')).toBeLessThan(groups.indexOf('estimate_numbers'));
    expect(await page.locator('#search-results [role="option"]').count()).toBeGreaterThan(groups.length);
    await page.selectOption('#index-picker', 'client_names');
  });

  test('when record text holds markup, then the highlighter builds text nodes only, and folds accents', async () => {
    // Evaluated as a string: the page's own module, as the browser loads it (not compiled by ts-jest).
    const result = await page.evaluate(`import('/highlight.js').then(({ appendHighlighted, matchRanges }) => {
      const box = appendHighlighted(document.createElement('div'), '<img src=x onerror="window.__xss=1">Müller & Co', 'img mul');
      return { images: box.querySelectorAll('img').length, marks: [...box.querySelectorAll('mark')].map((m) => m.textContent),
               text: box.textContent, ranges: matchRanges('Noah Lefèvre', 'lefe') };
    })`);
    expect(result).toEqual({
      images: 0,
      marks: ['img', 'Mül'],
      text: '<img src=x onerror="window.__xss=1">Müller & Co',
      ranges: [[5, 9]],
    });
  });

  test('when Refresh is clicked, then progress shows while the sync runs and then it finishes', async () => {
    // Record every state the progress area passes through: a small demo company syncs in well under a second.
    await page.evaluate(`(() => {
      window.__syncStates = [];
      const record = () => window.__syncStates.push({
        visible: !document.getElementById('sync-progress').hidden,
        text: document.getElementById('sync-status').textContent,
      });
      new MutationObserver(record).observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
    })()`);
    await page.check('#refresh-full');
    await page.click('#refresh-button');
    await page.locator('#sync-status', { hasText: /Sync finished/ }).waitFor({ timeout: 20_000 });
    const states = (await page.evaluate('window.__syncStates')) as { visible: boolean; text: string }[];
    expect(states.some((state) => state.visible && /sync/i.test(state.text))).toBe(true);
    expect(await page.locator('#sync-progress').isHidden()).toBe(true);
    expect(await page.locator('#refresh-button').isEnabled()).toBe(true);
    await page.locator('#last-sync', { hasText: /full sync succeeded/ }).waitFor();
  });

  test('when the second demo company is picked, then the page shows its counts and searches it; back to the default', async () => {
    await page.locator('#company-row').waitFor();
    const realms = await page.locator('#company-picker option').evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    expect(realms).toEqual(['', '9341453050000000', '4620816365000002']);
    await page.selectOption('#company-picker', '4620816365000002');
    await page.locator('#count-customers', { hasText: /^15$/ }).waitFor(); // a quarter of the first company's 60
    expect(await page.textContent('#company-id')).toBe('4620816365000002');
    await page.selectOption('#index-picker', 'client_names');
    const searched = page.waitForRequest((req) => req.url().includes('/api/companies/4620816365000002/search/client_names'));
    await typeAndWait(page, 'ac');
    await searched;
    await page.press('#search-input', 'Escape');
    await page.selectOption('#company-picker', '');
    await page.locator('#count-customers', { hasText: /^60$/ }).waitFor();
  });

  test('when the page is used, then no script error or CSP violation occurred, and a screenshot is saved', async () => {
    await page.uncheck('#refresh-full');
    await typeAndWait(page, 'ac');
    await page.press('#search-input', 'ArrowDown');
    await page.press('#search-input', 'ArrowDown');
    expect(await page.getAttribute('#search-input', 'aria-activedescendant')).toBe('search-option-1');
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(stack.problems).toEqual([]);
  });

  test('when the company is disconnected, then Connect goes through the OAuth flow and comes back connected', async () => {
    expect((await fetch(`${baseUrl}/api/auth/disconnect`, { method: 'POST' })).status).toBe(200);
    await page.reload();
    await page.locator('#connection-state', { hasText: 'Not connected' }).waitFor();
    await page.locator('#connect-button').waitFor();
    // The simulator's authorize page approves at once and redirects to /callback, which redirects to /.
    await Promise.all([page.waitForURL(`${baseUrl}/`, { waitUntil: 'load' }), page.click('#connect-button')]);
    await page.locator('#connection-state', { hasText: /^Connected$/ }).waitFor({ timeout: 15_000 });
    await page.locator('#count-customers', { hasText: '60' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#connect-button').isHidden()).toBe(true);
  });
});

describeInBrowser('status page with an admin key set', () => {
  const ADMIN_KEY = 'e2e-admin-key-0123456789';
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ ADMIN_API_KEY: ADMIN_KEY });
  }, 60_000);

  afterAll(() => stack?.close());

  test('when Refresh answers 401, then the page asks for the key, sends it as a Bearer token and keeps it for the tab', async () => {
    const { page, baseUrl } = stack;
    await page.goto(`${baseUrl}/`);
    await page.locator('#connection-state', { hasText: 'Connected' }).waitFor();
    const authHeaders: (string | undefined)[] = [];
    page.on('request', (req) => req.url().includes('/api/cache/refresh') && authHeaders.push(req.headers().authorization));
    await page.click('#refresh-button');
    await page.locator('#admin-key-form').waitFor();
    await page.fill('#admin-key-input', ADMIN_KEY);
    await page.click('#admin-key-form button[type="submit"]');
    await page.locator('#sync-status', { hasText: /Sync finished/ }).waitFor({ timeout: 20_000 });
    expect(authHeaders).toEqual([undefined, `Bearer ${ADMIN_KEY}`]);
    expect(await page.evaluate('sessionStorage.getItem("qbo-cache.admin-key")')).toBe(ADMIN_KEY);
    expect(await page.locator('#admin-key-form').isHidden()).toBe(true);
    // The 401 is the expected first answer; nothing else may fail.
    expect(stack.problems.filter((problem) => !/401/.test(problem))).toEqual([]);
  });
});

interface Stack {
  readonly baseUrl: string;
  readonly page: Page;
  /** Script errors, CSP violations (console errors) and 4xx/5xx responses seen by the page. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** A real demo-mode service (what `npm start` runs) with a small company, and a fresh Chromium profile. */
async function startStack(extraEnv: Record<string, string>): Promise<Stack> {
  const data = tempDataDir();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The OAuth redirect must come back to this port for the Connect button's round trip.
  const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: data.dir, LOG_LEVEL: 'warn', QUICKBOOKS_REDIRECT_URI: `${baseUrl}/callback`, ...DEMO_SIZES, ...extraEnv };
  const service = spawnService(env, data.dir);
  let context: BrowserContext | undefined;
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'qbo-cache-chromium-'));
  const close = async () => {
    await context?.close();
    rmSync(profileDir, { recursive: true, force: true });
    await service.stop();
    data.remove();
  };
  try {
    await waitForOk(`${baseUrl}/api/health/ready`);
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1200, height: 860 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('response', (res) => res.status() >= 400 && problems.push(`${res.status()} ${res.url()}`));
    return { baseUrl, page, problems, close };
  } catch (err) {
    await close();
    throw new Error(`${String(err)}\nservice output:\n${service.output()}`);
  }
}

/** Types a query and waits until the open list shows that query's results (not an earlier query's). */
async function typeAndWait(page: Page, query: string): Promise<void> {
  await page.fill('#search-input', query);
  await page.locator(`#search-results[data-query="${query}"] [role="option"]`).first().waitFor();
}
