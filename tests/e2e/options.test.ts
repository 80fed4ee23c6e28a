import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArxivServer, type ArxivServer } from '../support/arxiv-server';
import {
  REPO_ROOT,
  artifactPath,
  launchWithExtension,
  type ExtensionBrowser,
} from '../support/browser';
import { digestReplayHandler, loadDigest } from '../support/digest-replay';
import { setSettings } from '../support/extension-settings';
import { promptText, reply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { derivedFixturePath } from '../support/fixtures';

const DAY = '2025-10-16';
const LISTING = '/list/cs.LG/new';
const CRITERIA = 'Sparse mixture-of-experts only. (Written on the options page: marker 7f3a.)';
const AXE = resolve(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
const digest = loadDigest(DAY);

let arxiv: ArxivServer;
let llm: FakeOpenAI;
let profile: string;
let browser: ExtensionBrowser | undefined;

beforeAll(async () => {
  [arxiv, llm] = await Promise.all([startArxivServer(), startFakeOpenAI()]);
  arxiv.route(LISTING, {
    file: derivedFixturePath(`list-cs.LG-new-derived-from-digest-${DAY}.html`),
  });
  llm.setHandler(digestReplayHandler(digest));
  // A profile of our own, kept between launches: the second launch is a browser restart.
  profile = await mkdtemp(join(tmpdir(), 'paper-sieve-options-'));
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([arxiv?.close(), llm?.close()]);
  if (profile) await rm(profile, { recursive: true, force: true });
});

async function launch(): Promise<ExtensionBrowser> {
  browser = await launchWithExtension({
    userDataDir: profile,
    hostResolverRules: arxiv.hostResolverRules,
  });
  return browser;
}

async function openOptions(b: ExtensionBrowser, query = ''): Promise<Page> {
  const page = await b.context.newPage();
  const url = `chrome-extension://${b.extensionId}/options.html${query}`;
  try {
    await page.goto(url);
  } catch (error) {
    // Chromium loaded an Options page the extension opened (`openOptionsPage`) into this new,
    // blank tab, as it may: the same page, so it is waited for, and asked for again if a query
    // was wanted. Seen once on a loaded machine; which call opened it is not known.
    if (!String(error).includes('interrupted by another navigation')) throw error;
    await page.waitForURL(/\/options\.html/);
    if (query !== '') await page.goto(url);
  }
  await page.locator('#setting-apiKey').waitFor();
  return page;
}

/** What the extension has stored, read from its service worker. */
async function storedSettings(b: ExtensionBrowser): Promise<Record<string, unknown>> {
  const worker = await b.serviceWorker();
  return worker.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    return api.storage.local.get();
  });
}

/** Types into a field and leaves it (Tab), as a person does: the change event saves at once. */
async function enter(page: Page, id: string, value: string): Promise<void> {
  await page.locator(`#${id}`).fill(value);
  await page.locator(`#${id}`).press('Tab');
}

async function testConnection(page: Page): Promise<string> {
  const result = page.locator('#connection-test-result');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect.poll(() => result.textContent(), { timeout: 20_000 }).not.toMatch(/^(Testing…)?$/);
  return (await result.textContent()) ?? '';
}

/** A loopback port that nothing listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('the options page', () => {
  it('opens by itself on first install, with the three first steps', async () => {
    const b = await launch();
    // The tab may exist before it has navigated: look at every page's address until one is it.
    const optionsPage = () => b.context.pages().find((p) => p.url().includes('/options.html'));
    await expect.poll(() => optionsPage()?.url(), { timeout: 15_000 }).toBeDefined();
    const page = optionsPage() as Page;
    const steps = page.locator('.welcome li');
    await expect.poll(() => steps.count()).toBe(3);
    await expect.poll(() => steps.nth(0).textContent()).toMatch(/Paste your API key/);
    expect(await steps.nth(2).locator('a').getAttribute('href')).toBe(
      'https://arxiv.org/list/cs.LG/new',
    );
    await page.close();
  });

  it('refuses invalid values beside the field and keeps the stored ones', async () => {
    const b = browser ?? (await launch());
    const page = await openOptions(b);
    const cases = [
      ['setting-batchSize', '0', 'Batch size must be a whole number from 1 to 100'],
      [
        'setting-baseUrl',
        'not a url',
        'The API base URL must be an http(s) URL, e.g. https://api.openai.com/v1',
      ],
      ['setting-dailyBudgetUsd', '-1', 'The daily budget cannot be negative'],
    ] as const;
    for (const [id, value, message] of cases) {
      await enter(page, id, value);
      await expect.poll(() => page.locator(`#${id}-error`).textContent()).toBe(message);
      expect(await page.locator(`#${id}`).getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator(`#${id}`).getAttribute('aria-describedby')).toContain(
        `${id}-error`,
      );
    }
    const stored = await storedSettings(b);
    expect(stored['settings.batchSize']).toBeUndefined();
    expect(stored['settings.baseUrl']).toBeUndefined();
    expect(stored['settings.dailyBudgetUsd']).toBeUndefined();
    await page.close();
  });

  it('says in words what each connection test found', async () => {
    const b = browser ?? (await launch());
    const page = await openOptions(b);
    await enter(page, 'setting-apiKey', 'sk-test-key');
    await enter(page, 'setting-baseUrl', llm.url);
    await enter(page, 'setting-model', 'gpt-5-mini');

    expect(await testConnection(page)).toMatch(
      /^Connection works\. Connected: .* offers “gpt-5-mini”/,
    );

    llm.enqueue(reply.error(401), { path: '/v1/models' });
    expect(await testConnection(page)).toMatch(/^Key rejected\. Your API key was rejected \(401\)/);

    await enter(page, 'setting-model', 'no-such-model');
    expect(await testConnection(page)).toMatch(/^Model unknown\. Connected, but .* does not list/);

    // A server without a model list that refuses the model when asked to chat.
    await enter(page, 'setting-model', 'gpt-5-mini');
    llm.enqueue(reply.error(404, 'model_not_found'), { path: '/v1/models' });
    llm.enqueue(reply.error(404, 'model_not_found'));
    expect(await testConnection(page)).toMatch(/^Model unknown\. The model “gpt-5-mini” is not/);

    const nowhere = `http://127.0.0.1:${await closedPort()}/v1`;
    await enter(page, 'setting-baseUrl', nowhere);
    expect(await testConnection(page)).toBe(
      `Nothing answered. Nothing answered at ${nowhere}. Check the address and that the local server is running.`,
    );
    await page.close();
  });

  it('works from the keyboard: show the key, test the connection', async () => {
    const b = browser ?? (await launch());
    await setSettings(await b.serviceWorker(), { baseUrl: llm.url, model: 'gpt-5-mini' });
    const page = await openOptions(b);
    await page.locator('#setting-apiKey').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Show key');
    await page.keyboard.press('Space');
    expect(await page.locator('#setting-apiKey').getAttribute('type')).toBe('text');
    for (let i = 0; i < 10; i++) {
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      if (focused === 'Test connection') break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#connection-test-result').textContent(), { timeout: 20_000 })
      .toMatch(/^Connection works\./);
    await page.close();
  });

  it('finds no serious or critical accessibility problem, light or dark', async () => {
    const b = browser ?? (await launch());
    const page = await openOptions(b, '?welcome');
    // Extension pages allow only their own scripts ('self'); axe comes in through DevTools.
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('Page.setBypassCSP', { enabled: true });
    await page.reload();
    await page.locator('#setting-apiKey').waitFor();
    await page.addScriptTag({ path: AXE });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const violations = await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: AxeLike }).axe;
        const result = await axe.run();
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          targets: v.nodes.map((n) => n.target.join(' ')),
        }));
      });
      const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      // Lesser findings are worth a look but do not fail the test.
      for (const v of violations.filter((v) => !grave.includes(v))) {
        console.log(`axe (${colorScheme}) ${v.impact} ${v.id}: ${v.targets.join(', ')}`);
      }
      expect(grave, `${colorScheme}: ${JSON.stringify(grave)}`).toEqual([]);
      await page.screenshot({
        path: artifactPath(colorScheme === 'light' ? 'options.png' : 'options-dark.png'),
        fullPage: true,
      });
    }
    await page.close();
  });

  it('keeps what was entered across a browser restart, and scores with it', async () => {
    let b = browser ?? (await launch());
    let page = await openOptions(b);
    await enter(page, 'setting-apiKey', 'sk-from-options');
    await page.locator('#endpoint-preset').selectOption('custom');
    await enter(page, 'setting-baseUrl', llm.url);
    await enter(page, 'setting-model', 'gpt-5-nano');
    await page.locator('#setting-criteria').fill(CRITERIA);
    await page.locator('#setting-criteria').press('Tab');
    await enter(page, 'setting-batchSize', '10');
    await enter(page, 'setting-dailyBudgetUsd', '');
    await expect
      .poll(async () => {
        const stored = await storedSettings(b);
        return [stored['settings.criteria'], stored['settings.batchSize']];
      })
      .toEqual([CRITERIA, 10]);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);

    await b.close();
    browser = undefined;
    b = await launch();
    page = await openOptions(b);
    expect(await page.locator('#setting-apiKey').inputValue()).toBe('sk-from-options');
    expect(await page.locator('#setting-baseUrl').inputValue()).toBe(llm.url);
    expect(await page.locator('#setting-model').inputValue()).toBe('gpt-5-nano');
    expect(await page.locator('#setting-criteria').inputValue()).toBe(CRITERIA);
    expect(await page.locator('#setting-batchSize').inputValue()).toBe('10');
    // A key is stored: no first-run steps.
    expect(await page.locator('.welcome').count()).toBe(0);

    llm.reset();
    llm.setHandler(digestReplayHandler(digest));
    const listing = await b.context.newPage();
    await listing.goto(`https://arxiv.org${LISTING}`);
    await listing.waitForFunction(
      (n) => document.querySelectorAll('#dlpage dt[data-sieve-state="scored"]').length === n,
      digest.papers.length,
      { timeout: 30_000 },
    );
    expect(llm.completions.length).toBe(Math.ceil(digest.papers.length / 10));
    for (const call of llm.completions) {
      expect(call.chat?.model).toBe('gpt-5-nano');
      expect(call.headers.authorization).toBe('Bearer sk-from-options');
      expect(promptText(call.chat ?? { model: '', messages: [] })).toContain(CRITERIA);
    }
  });
});

/** The part of axe-core's API used here. */
interface AxeLike {
  run(): Promise<{
    violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  }>;
}
