import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startPlayground } from '../../scripts/playground/start-playground';
import type { RunningPlayground } from '../../scripts/playground/start-playground';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/config/logger';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { keepOffline, launchChromium } from '../support/chromium';

/*
 * The real bot on the test DC, Microsoft's Agents Playground (local Teams client) pointed at it, and
 * Debian's Chromium typing into the Playground's UI. Screenshots of every step go to
 * test-output/playground/. Waits are generous and fail with what the page showed instead.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'playground');
const SERVER_DIR = path.join(OUT, 'server');
const BOT_LOG = path.join(SERVER_DIR, 'bot.log');
const WAIT_MS = 30_000;

/** Selectors of the Playground's UI (0.2.28). */
const COMPOSE_BOX = 'div[role="textbox"][data-lexical-editor="true"]';
const SEND_BUTTON = 'button[aria-label="Send Message"]';
const BOT_CARD = '.fai-OutputCard .ac-adaptiveCard';

let bot: RunningBot | undefined;
let playground: RunningPlayground | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const timings: Record<string, number> = {};

async function cardTexts(): Promise<string[]> {
  return page.locator(BOT_CARD).allInnerTexts();
}

/** Polls `probe` until it returns a value; on timeout fails naming `what` and listing the cards on the page. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      await page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => undefined);
      const cards = (await cardTexts().catch(() => []))
        .map((text, i) => `--- card ${i}:\n${text}`)
        .join('\n');
      throw new Error(
        `${what}: not seen within ${WAIT_MS / 1000} s (screenshot: test-output/playground/failure.png).\n` +
          `Page errors: ${pageErrors.join(' | ') || 'none'}. Bot log: test-output/playground/server/bot.log.\n` +
          `Cards on the page:\n${cards || '(none)'}`,
      );
    }
    await page.waitForTimeout(100);
  }
}

/** Types `text` into the personal chat and waits for the first new card the bot sends back. */
async function say(text: string): Promise<Locator> {
  const before = await page.locator(BOT_CARD).count();
  const started = Date.now();
  await page.locator(COMPOSE_BOX).first().click({ timeout: WAIT_MS });
  await page.keyboard.type(text);
  await page.locator(SEND_BUTTON).click({ timeout: WAIT_MS });
  await waitFor(`a card answering "${text}"`, async () =>
    (await page.locator(BOT_CARD).count()) > before ? true : undefined,
  );
  timings[`reply to "${text}" (ms)`] = Date.now() - started;
  const card = page.locator(BOT_CARD).nth(before);
  await card.scrollIntoViewIfNeeded();
  return card;
}

async function shoot(name: string): Promise<void> {
  // Let the card's layout settle (fonts, column widths) before the picture.
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(SERVER_DIR, { recursive: true });
  writeFileSync(BOT_LOG, '');

  // The bot as `npm start` configures it, on a free port, with its store inside this run's folder.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MicrosoftAppId: '',
    STORE: 'sqlite',
    SQLITE_PATH: path.join(SERVER_DIR, 'msa-warden.sqlite'),
    // as the demo: Alex (signed in) is an approver through MSA Warden Approvers
    ACCESS_READERS_GROUP: 'MSA Warden Readers',
    ACCESS_APPROVERS_GROUP: `CN=MSA Warden Approvers,OU=Groups,${process.env.LDAP_BASE_DN ?? ''}`,
  };
  delete env.PORT;
  delete env.ACCESS_OPEN;
  let started = Date.now();
  const config = loadConfig(env);
  // The bot's log goes to a file beside the Playground's: a failure message points there.
  const logger = createLogger({ level: 'info', write: (line) => appendFileSync(BOT_LOG, `${line}\n`) });
  bot = await startBot(config, { port: 0, host: '127.0.0.1', logger });
  timings['bot start (ms)'] = Date.now() - started;

  started = Date.now();
  playground = await startPlayground({ botEndpoint: bot.messagesUrl, port: 0, cwd: SERVER_DIR });
  timings['Playground start (ms)'] = Date.now() - started;

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  await keepOffline(context);
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  started = Date.now();
  await page.goto(playground.url);
  await page.locator(COMPOSE_BOX).first().waitFor({ state: 'visible', timeout: 60_000 });
  timings['page load (ms)'] = Date.now() - started;
}, 120_000);

afterAll(async () => {
  // Each step on its own: one failure must not leave the others running.
  const steps: [string, (() => Promise<void>) | undefined][] = [
    ['browser', browser && (() => browser!.close())],
    ['Playground', playground?.stop],
    ['bot', bot?.stop],
  ];
  const failures: string[] = [];
  for (const [name, stop] of steps) {
    try {
      await stop?.();
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  writeFileSync(path.join(OUT, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  if (failures.length > 0) throw new Error(`could not stop everything: ${failures.join('; ')}`);
}, 60_000);

test('find sMSAs on SRV01 shows the host card with exactly its accounts', async () => {
  const card = await say('find sMSAs on SRV01');
  await shoot('1-find-smsas-on-srv01');
  const text = await card.innerText();
  expect(text).toContain('SRV01');
  expect(text).toContain('svc_sql01');
  expect(text).toContain('svc_web01');
  expect(text).not.toContain('svc_app02');
  expect(await card.locator('.ac-actionSet button', { hasText: 'Show' }).count()).toBeGreaterThanOrEqual(2);
}, 90_000);

test('audit privileged sMSAs shows the nested chain to a protected group', async () => {
  const card = await say('audit privileged sMSAs');
  await shoot('2-audit-privileged-smsas');
  // test/fixtures/directory: svc_web01 → Tier0 Service Ops → Administrators
  expect(await card.innerText()).toMatch(/svc_web01\$? → Tier0 Service Ops → Administrators/);
  expect(await card.locator('.ac-actionSet button', { hasText: 'Request removal' }).count()).toBeGreaterThan(
    0,
  );
}, 90_000);

test('clicking Show for svc_sql01 on the host card brings its detail card', async () => {
  const hostCard = page
    .locator(BOT_CARD)
    .filter({ hasText: 'svc_web01' })
    .filter({ hasText: 'SRV01' })
    .first();
  // The account's own row: it names svc_sql01 and not its neighbour.
  const row = hostCard
    .locator('.ac-container')
    .filter({ hasText: 'svc_sql01' })
    .filter({ hasNotText: 'svc_web01' })
    .filter({ has: page.locator('.ac-actionSet button') })
    .last();
  const before = new Set(await cardTexts());
  const started = Date.now();
  await row.locator('.ac-actionSet button', { hasText: /^Show$/ }).click({ timeout: WAIT_MS });
  // The invoke response replaces the clicked card; a bot may also post a new one. Either way a card
  // with new text about svc_sql01 (and not the whole host) appears.
  const detail = await waitFor('a detail card for svc_sql01 after clicking Show', async () =>
    (await cardTexts()).find(
      (text) => !before.has(text) && text.includes('svc_sql01') && !text.includes('svc_web01'),
    ),
  );
  timings['card click → detail card (ms)'] = Date.now() - started;
  await shoot('3-show-svc-sql01');
  expect(detail).toContain('svc_sql01');
}, 90_000);
