import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import type { Browser, Locator } from 'playwright-core';
import { startPlayground } from '../../scripts/playground/start-playground';
import type { PlaygroundUser, RunningPlayground } from '../../scripts/playground/start-playground';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/config/logger';
import { LdapAuditSource } from '../../src/directory/ldap-audit-source';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { launchChromium } from '../support/chromium';
import { testDirectoryOptions } from '../support/dc';
import { FIX_TARGETS_DN, fixTargetDn, requiredEnv, testCaPem } from '../support/fix-targets';
import { CARD_BUTTON, PlaygroundPage } from '../support/playground-page';

/*
 * The approval flow through Microsoft's Agents Playground (a local Teams client), two people in two
 * Playgrounds on one bot, as in `npm run demo`: Megan (a reader) audits, clicks "Request removal",
 * types a justification and submits; Alex (an approver) opens the request from `pending approvals`
 * and approves; the membership is gone in AD (read back as Administrator), and the card in Megan's
 * chat is replaced with the outcome. Screenshots of every step go to test-output/playground-approval/.
 *
 * The bot's directory and audit are the fix-targets container (72-playground-targets.ldif), where
 * "Playground Tier0 Ops" is made privileged by name for this bot only: the card shows one account,
 * and no other test sees it change. Fixes run under the DC script's fixer account (LDAP_FIX_BIND_DN).
 * `npm run docs:images` (UPDATE_DOCS_IMAGES=1) also saves Alex's and Megan's cards to docs/images/.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'playground-approval');
const SERVER_DIR = path.join(OUT, 'server');
const BOT_LOG = path.join(SERVER_DIR, 'bot.log');
const DOCS = process.env.UPDATE_DOCS_IMAGES === '1' ? path.join(ROOT, 'docs', 'images') : null;
/** Generous: two Playgrounds, Chromium, Samba and other engineers' tests share two cores. */
const WAIT_MS = 45_000;
const STEP_MS = 150_000;

const ACCOUNT = 'fix_playground';
const ACCOUNT_DN = fixTargetDn(ACCOUNT);
const GROUP = 'Playground Tier0 Ops';
const GROUP_DN = fixTargetDn(GROUP);
const JUSTIFICATION = 'Playground e2e: a service account has no business in a tier-0 group';
const WAITING = 'waiting for approval';
const SUCCEEDED = 'done: the directory was changed and checked';
/** the request form says "from the group …", the approval card "from …" */
const REMOVAL = /Remove fix_playground\$ from (the group )?Playground Tier0 Ops/;

let admin: Client;
let targets: LdapDirectory;
let bot: RunningBot | undefined;
const playgrounds: RunningPlayground[] = [];
let browser: Browser | undefined;
let megan: PlaygroundPage;
let alex: PlaygroundPage;
const timings: Record<string, number> = {};

async function groupMembers(): Promise<string[]> {
  const { searchEntries } = await admin.search(GROUP_DN, { scope: 'base', attributes: ['member'] });
  const value = searchEntries[0]?.member;
  return (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);
}
const isMember = async (): Promise<boolean> =>
  (await groupMembers()).some((dn) => dn.toLowerCase() === ACCOUNT_DN.toLowerCase());

/** A re-run on a reused DC starts from the fixture's state: the account back in the group. */
async function putBackInGroup(): Promise<void> {
  if (await isMember()) return;
  await admin.modify(GROUP_DN, [
    new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [ACCOUNT_DN] }) }),
  ]);
}

async function openPlayground(user: PlaygroundUser, botEndpoint: string): Promise<PlaygroundPage> {
  let started = Date.now();
  const playground = await startPlayground({
    botEndpoint,
    port: 0,
    cwd: path.join(SERVER_DIR, user),
    user,
  });
  playgrounds.push(playground);
  timings[`${user}: Playground start (ms)`] = Date.now() - started;
  started = Date.now();
  const page = await PlaygroundPage.open(browser!, playground.url, {
    who: user,
    outDir: OUT,
    botLog: BOT_LOG,
    waitMs: WAIT_MS,
  });
  timings[`${user}: page load (ms)`] = Date.now() - started;
  return page;
}

/** Clicks the card button titled `title` and measures until `until` resolves. */
async function click<T>(what: string, button: Locator, until: () => Promise<T>): Promise<T> {
  const started = Date.now();
  await button.click({ timeout: WAIT_MS });
  const result = await until();
  timings[`${what} (ms)`] = Date.now() - started;
  return result;
}

const button = (card: Locator, title: string): Locator =>
  card.locator(CARD_BUTTON, { hasText: new RegExp(`^\\s*${title}\\s*$`) });

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(SERVER_DIR, { recursive: true });
  writeFileSync(BOT_LOG, '');

  admin = new Client({
    url: requiredEnv('LDAP_URL').split(',')[0]!,
    tlsOptions: { ca: [testCaPem()] },
    timeout: 10_000,
  });
  await admin.bind(requiredEnv('LDAP_ADMIN_BIND_DN'), requiredEnv('LDAP_ADMIN_BIND_PASSWORD'));
  await putBackInGroup();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MicrosoftAppId: '',
    STORE: 'sqlite',
    SQLITE_PATH: path.join(SERVER_DIR, 'msa-warden.sqlite'),
    // as the demo: Alex is an approver through MSA Warden Approvers, Megan a reader
    ACCESS_READERS_GROUP: 'MSA Warden Readers',
    ACCESS_APPROVERS_GROUP: `CN=MSA Warden Approvers,OU=Groups,${requiredEnv('LDAP_BASE_DN')}`,
    AUDIT_EXTRA_PRIVILEGED_GROUPS: GROUP,
    // the fixer account dc.sh grants WriteProperty on this group's member
    LDAP_FIX_BIND_DN: requiredEnv('LDAP_FIX_BIND_DN'),
    LDAP_FIX_BIND_PASSWORD: requiredEnv('LDAP_FIX_BIND_PASSWORD'),
  };
  delete env.PORT;
  delete env.ACCESS_OPEN;
  const started = Date.now();
  const logger = createLogger({ level: 'info', write: (line) => appendFileSync(BOT_LOG, `${line}\n`) });
  // people and roles come from the domain (LDAP_BASE_DN); accounts and the audit from the container
  targets = new LdapDirectory(testDirectoryOptions({ baseDn: FIX_TARGETS_DN }));
  bot = await startBot(loadConfig(env), {
    port: 0,
    host: '127.0.0.1',
    logger,
    directory: targets,
    auditSource: new LdapAuditSource(targets),
    digestTimer: false,
    // answer the approve click with the outcome even on a slow machine
    approvalExecutionWaitMs: 20_000,
  });
  timings['bot start (ms)'] = Date.now() - started;

  browser = await launchChromium();
  megan = await openPlayground('megan', bot.messagesUrl);
  alex = await openPlayground('alex', bot.messagesUrl);
}, 180_000);

afterAll(async () => {
  // Each step on its own: one failure must not leave the others running.
  const steps: [string, (() => Promise<void>) | undefined][] = [
    ['browser', browser && (() => browser!.close())],
    ...playgrounds.map((p, i): [string, () => Promise<void>] => [`Playground ${i}`, p.stop]),
    ['bot', bot?.stop],
    ['directory', targets && (() => targets.close())],
    ['admin connection', admin && (() => admin.unbind())],
  ];
  const failures: string[] = [];
  for (const [name, stop] of steps) {
    try {
      await stop?.();
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  const all = { ...timings, ...prefixed('megan', megan?.timings), ...prefixed('alex', alex?.timings) };
  writeFileSync(path.join(OUT, 'timings.json'), `${JSON.stringify(all, null, 2)}\n`);
  if (failures.length > 0) throw new Error(`could not stop everything: ${failures.join('; ')}`);
}, 60_000);

function prefixed(who: string, values: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [`${who}: ${k}`, v]));
}

test(
  'Megan (a reader) audits privileged sMSAs and sees fix_playground with "Request removal"',
  async () => {
    const card = await megan.say('audit privileged sMSAs');
    await megan.waitFor('the audit card naming fix_playground', async () =>
      (await card.innerText()).includes(ACCOUNT) ? true : undefined,
    );
    await megan.shoot('1-megan-audit-privileged');
    expect(await card.innerText()).toMatch(/fix_playground\$? → Playground Tier0 Ops/);
    expect(await button(card, 'Request removal').count()).toBe(1);
  },
  STEP_MS,
);

test(
  'Megan requests the removal with a justification: a pending request, nothing changed yet',
  async () => {
    const audit = megan.cards().filter({ hasText: 'Playground Tier0 Ops' }).last();
    const form = await click('Request removal → request form', button(audit, 'Request removal'), () =>
      megan.waitForCard('the request form with a Justification box', (text) =>
        text.includes('Request a fix'),
      ),
    );
    expect(await form.innerText()).toMatch(REMOVAL);
    const justification = form.locator('textarea, input[type="text"]').first();
    await justification.click({ timeout: WAIT_MS });
    await justification.fill(JUSTIFICATION);
    await megan.shoot('2-megan-request-form');

    const request = await click('Submit request → approval card', button(form, 'Submit request'), () =>
      megan.waitForCard('the approval card waiting for approval', (text) => text.includes(WAITING)),
    );
    await megan.shoot('3-megan-request-submitted');
    const text = await request.innerText();
    expect(text).toContain(JUSTIFICATION);
    expect(text).toContain('megan@corp.example.test');
    // the requester may cancel, never approve
    expect(await button(request, 'Cancel request').count()).toBe(1);
    expect(await button(request, 'Approve').count()).toBe(0);
    expect(await isMember()).toBe(true);
  },
  STEP_MS,
);

test(
  'Alex (an approver) opens the request from "pending approvals" and approves: the membership is gone in AD',
  async () => {
    const list = await alex.say('pending approvals');
    await alex.waitFor('the pending list naming fix_playground', async () =>
      (await list.innerText()).includes(ACCOUNT) ? true : undefined,
    );
    await alex.shoot('4-alex-pending-approvals');
    expect(await list.innerText()).toContain('Pending approvals: 1');

    const opened = await click('Open → approval card with Approve', button(list, 'Open').first(), () =>
      alex.waitForCard(
        'the request card with Approve',
        (text) => text.includes(JUSTIFICATION) && text.includes(WAITING),
      ),
    );
    await alex.waitFor('the Approve button', async () =>
      (await button(opened, 'Approve').count()) > 0 ? true : undefined,
    );
    await alex.shoot('5-alex-request-opened');
    if (DOCS !== null) await opened.screenshot({ path: path.join(DOCS, 'playground-approver-card.png') });
    expect(await opened.innerText()).toMatch(REMOVAL);

    const done = await click('Approve → outcome card', button(opened, 'Approve'), () =>
      alex.waitForCard('the request card saying it is done', (text) => text.includes(SUCCEEDED)),
    );
    await alex.shoot('6-alex-approved');
    expect(await done.innerText()).toMatch(/approved by Alex Wilber/);
    expect(await button(done, 'Approve').count()).toBe(0);
    expect(await isMember()).toBe(false);
  },
  STEP_MS,
);

test(
  "Megan's request card is replaced with the outcome (updateActivity reaches her Playground)",
  async () => {
    const started = Date.now();
    const updated = await megan.waitForCard(
      'the card in Megan’s chat showing the request done',
      (text) => text.includes(JUSTIFICATION) && text.includes(SUCCEEDED),
    );
    timings['approve → requester card updated (ms, after the approve answer)'] = Date.now() - started;
    await megan.shoot('7-megan-card-updated');
    if (DOCS !== null) await updated.screenshot({ path: path.join(DOCS, 'playground-requester-card.png') });
    const text = await updated.innerText();
    expect(text).toMatch(/approved by Alex Wilber/);
    expect(text).not.toContain(WAITING);
    // decided: nobody may cancel or decide any more
    expect(await button(updated, 'Cancel request').count()).toBe(0);
    expect(await button(updated, 'Approve').count()).toBe(0);
    // the change is recorded in the audit trail with who did what
    const requestId = /Request id:\s*(\S+)/.exec(text)?.[1];
    expect(requestId).toBeDefined();
    const trail = (await bot!.store.listAudit({ limit: 1000, order: 'desc' }))
      .filter((entry) => entry.subject === requestId)
      .map((entry) => entry.action);
    expect(trail).toEqual(
      expect.arrayContaining([
        'approval.requested',
        'approval.approved',
        'remediation.started',
        'remediation.succeeded',
      ]),
    );
  },
  STEP_MS,
);
