import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startPlayground } from '../../scripts/playground/start-playground';
import type { RunningPlayground } from '../../scripts/playground/start-playground';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/config/logger';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { launchChromium } from '../support/chromium';
import { CARD_BUTTON, PlaygroundPage } from '../support/playground-page';

/*
 * The real bot on the test DC, Microsoft's Agents Playground (local Teams client) pointed at it, and
 * Debian's Chromium typing into the Playground's UI. Screenshots of every step go to
 * test-output/playground/. Waits are generous and fail with what the page showed instead.
 * The approval flow with two people is approval-flow.e2e.test.ts.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'playground');
const SERVER_DIR = path.join(OUT, 'server');
const BOT_LOG = path.join(SERVER_DIR, 'bot.log');
const WAIT_MS = 30_000;

let bot: RunningBot | undefined;
let playground: RunningPlayground | undefined;
let browser: Browser | undefined;
let alex: PlaygroundPage;
const timings: Record<string, number> = {};

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
  alex = await PlaygroundPage.open(browser, playground.url, {
    who: 'alex',
    outDir: OUT,
    botLog: BOT_LOG,
    waitMs: WAIT_MS,
  });
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
  writeFileSync(
    path.join(OUT, 'timings.json'),
    `${JSON.stringify({ ...timings, ...alex?.timings }, null, 2)}\n`,
  );
  if (failures.length > 0) throw new Error(`could not stop everything: ${failures.join('; ')}`);
}, 60_000);

test('find sMSAs on SRV01 shows the host card with exactly its accounts', async () => {
  const card = await alex.say('find sMSAs on SRV01');
  await alex.shoot('1-find-smsas-on-srv01');
  const text = await card.innerText();
  expect(text).toContain('SRV01');
  expect(text).toContain('svc_sql01');
  expect(text).toContain('svc_web01');
  expect(text).not.toContain('svc_app02');
  expect(await card.locator('.ac-actionSet button', { hasText: 'Show' }).count()).toBeGreaterThanOrEqual(2);
}, 90_000);

test('audit privileged sMSAs shows the nested chain to a protected group', async () => {
  const card = await alex.say('audit privileged sMSAs');
  await alex.shoot('2-audit-privileged-smsas');
  // test/fixtures/directory: svc_web01 → Tier0 Service Ops → Administrators
  expect(await card.innerText()).toMatch(/svc_web01\$? → Tier0 Service Ops → Administrators/);
  expect(await card.locator('.ac-actionSet button', { hasText: 'Request removal' }).count()).toBeGreaterThan(
    0,
  );
}, 90_000);

test('clicking Show for svc_sql01 on the host card brings its detail card', async () => {
  const hostCard = alex.cards().filter({ hasText: 'svc_web01' }).filter({ hasText: 'SRV01' }).first();
  // The account's own row: it names svc_sql01 and not its neighbour.
  const row = hostCard
    .locator('.ac-container')
    .filter({ hasText: 'svc_sql01' })
    .filter({ hasNotText: 'svc_web01' })
    .filter({ has: alex.page.locator(CARD_BUTTON) })
    .last();
  const before = new Set(await alex.cardTexts());
  const started = Date.now();
  await row.locator('.ac-actionSet button', { hasText: /^Show$/ }).click({ timeout: WAIT_MS });
  // The invoke response replaces the clicked card; a bot may also post a new one. Either way a card
  // with new text about svc_sql01 (and not the whole host) appears.
  const detail = await alex.waitFor('a detail card for svc_sql01 after clicking Show', async () =>
    (await alex.cardTexts()).find(
      (text) => !before.has(text) && text.includes('svc_sql01') && !text.includes('svc_web01'),
    ),
  );
  timings['card click → detail card (ms)'] = Date.now() - started;
  await alex.shoot('3-show-svc-sql01');
  expect(detail).toContain('svc_sql01');
}, 90_000);
