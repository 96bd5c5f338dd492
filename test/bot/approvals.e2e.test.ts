import { Attribute, Change, Client } from 'ldapts';
import { loadConfig } from '../../src/config/load-config';
import { captureAuditTrail } from '../support/capture-audit-trail';
import { testLogger } from '../support/test-logger';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { LdapDirectoryWriter } from '../../src/directory/ldap-directory-writer';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { cardAction, personalMessage, postActivity } from '../support/bot-harness';
import type { HarnessUser } from '../support/bot-harness';
import { cardText, executeActions } from '../support/card-inspect';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { testDirectoryOptions } from '../support/dc';
import { validateCard } from '../support/validate-card';
import { FIX_GROUP_DN, FIX_TARGETS_DN, fixTargetDn, requiredEnv, testCaPem } from '../support/fix-targets';
import { CountingWriter } from '../support/counting-writer';
import { reportFigure } from '../support/report-figure';
import { adGroupAccessEnv, registerMembers } from '../support/approval-e2e-setup';

/**
 * The approval flow over HTTP against the Samba DC, with people of 60-access-people.ldif (roles from
 * AD groups) and the fixer account of dc.sh: a reader requests on a card, an approver approves on a
 * card, and the membership is really gone from AD. Refusals are checked on the server whatever the
 * card showed. The accounts are those of 71-approval-e2e-targets.ldif, reset as Administrator first.
 */

const env = requiredEnv;
const dnOf = fixTargetDn;
const FIX_GROUP = FIX_GROUP_DN;
const CA = testCaPem();

const user = (key: string): HarnessUser => ({
  id: `29:1${key}`,
  name: key,
  aadObjectId: `aaaaaaaa-0000-4000-8000-${key.padStart(12, '0').slice(-12)}`,
});
const RHEA = user('rhea'); // reader
const NORA = user('nora'); // approver through a nested group
const NOT_APPROVER = 'This needs the approver role';

let connector: ConnectorServer;
let bot: RunningBot;
let targets: LdapDirectory;
let writer: CountingWriter;
let admin: Client;

async function adminRead(dn: string, attribute: string): Promise<string[]> {
  const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: [attribute] });
  const value = searchEntries[0]?.[attribute];
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
}
const isMember = async (dn: string): Promise<boolean> =>
  (await adminRead(FIX_GROUP, 'member')).some((m) => m.toLowerCase() === dn.toLowerCase());
async function ensureMember(dn: string): Promise<void> {
  if (await isMember(dn)) return;
  await admin.modify(FIX_GROUP, [
    new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dn] }) }),
  ]);
}

beforeAll(async () => {
  admin = new Client({ url: env('LDAP_URL').split(',')[0]!, tlsOptions: { ca: [CA] }, timeout: 10_000 });
  await admin.bind(env('LDAP_ADMIN_BIND_DN'), env('LDAP_ADMIN_BIND_PASSWORD'));
  connector = await startConnectorServer();
  registerMembers(connector, [
    [RHEA, 'rhea@corp.example.test'],
    [NORA, 'nora@corp.example.test'],
  ]);
  const config = adGroupAccessEnv();
  // the fix targets live outside the domain partition: the bot looks accounts up in their container
  targets = new LdapDirectory(testDirectoryOptions({ baseDn: FIX_TARGETS_DN }));
  writer = new CountingWriter(
    new LdapDirectoryWriter({
      urls: env('LDAP_URL').split(','),
      bindDn: env('LDAP_FIX_BIND_DN'),
      bindPassword: env('LDAP_FIX_BIND_PASSWORD'),
      caCertPem: CA,
      startTls: false,
      timeoutMs: 10_000,
      connectTimeoutMs: 5000,
    }),
  );
  bot = await startBot(loadConfig(config), {
    port: 0,
    host: '127.0.0.1',
    logger: testLogger(),
    directory: targets,
    directoryWriter: writer,
    digestTimer: false,
    approvalSweepMs: 0,
    approvalExecutionWaitMs: 10_000,
  });
});
afterAll(async () => {
  await captureAuditTrail(bot.auditTrail);
  await bot.stop();
  await targets.close();
  await writer.close();
  await connector.close();
  await admin.unbind();
});

interface Card {
  body?: unknown;
  actions?: unknown;
}

async function click(p: HarnessUser, verb: string, data: unknown, replyToId?: string): Promise<Card> {
  const posted = await postActivity(
    bot.messagesUrl,
    cardAction(verb, data, {
      serviceUrl: connector.serviceUrl,
      user: p,
      ...(replyToId === undefined ? {} : { replyToId }),
    }),
  );
  expect(posted.status).toBe(200);
  const card = (posted.body as { value: Card }).value;
  expect(validateCard(card)).toEqual([]);
  return card;
}

async function say(p: HarnessUser, text: string): Promise<string> {
  const before = connector.activities.length;
  const posted = await postActivity(
    bot.messagesUrl,
    personalMessage(text, { serviceUrl: connector.serviceUrl, user: p }),
  );
  expect(posted.status).toBeLessThan(300);
  const sent = await connector.waitForActivities(before + 1, 15_000);
  return JSON.stringify(sent.slice(before).map((a) => a.body));
}

const removal = (account: string) => ({
  findingKey: `privileged-membership:e2e:${account}`,
  account: `${account}$`,
  title: 'Member of Fix Tier0 Ops',
  remediation: { kind: 'remove-from-group', groupDn: FIX_GROUP, groupName: 'Fix Tier0 Ops' },
});

let cards = 0;

/** "Request fix" → the request card → "Submit request" with a justification → the approval id. */
async function requestRemoval(p: HarnessUser, account: string, cardId = `card-${++cards}`): Promise<string> {
  const form = await click(p, 'fix.request', removal(account));
  expect(JSON.stringify(form)).toContain('"id":"justification"');
  const [submit] = executeActions(form, 'fix.submit');
  expect(submit).toBeDefined();
  // the form card (activity `cardId`) becomes the approval card: decisions replace it for everyone
  const card = await click(
    p,
    'fix.submit',
    {
      ...(submit!.data as object),
      justification: 'e2e: a service account has no business in a tier-0 group',
    },
    cardId,
  );
  const text = cardText(card);
  expect(text).toContain('waiting for approval');
  expect(text).toContain(`Remove ${account}$ from`);
  expect(text).toContain('e2e: a service account has no business in a tier-0 group');
  const [refresh] = executeActions(card, 'approval.show');
  const id = (refresh?.data as { approvalId?: string } | undefined)?.approvalId;
  expect(typeof id).toBe('string');
  return id!;
}

/** The update is sent after the invoke is answered: poll briefly for it. */
async function waitFor<T>(find: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not seen in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function auditOf(approvalId: string): Promise<string[]> {
  const entries = await bot.store.listAudit({ limit: 1000, order: 'desc' });
  return entries.filter((e) => e.subject === approvalId).map((e) => e.action);
}

describe('approvals over HTTP against Samba', () => {
  it('a reader requests, a reader cannot approve, an approver approves: the membership is gone in AD', async () => {
    const dn = dnOf('fix_e2e_member');
    await ensureMember(dn);
    // the requester's conversation is known to the bot from an earlier message
    await say(RHEA, 'help');
    const id = await requestRemoval(RHEA, 'fix_e2e_member', 'rhea-request-card');

    // the reader's own card shows Cancel, not Approve; a forged approve click is refused by the guard
    const refused = await click(RHEA, 'approval.approve', { approvalId: id });
    expect(cardText(refused)).toContain(NOT_APPROVER);
    expect(await isMember(dn)).toBe(true);

    expect(await say(NORA, 'pending approvals')).toContain(id);
    const shown = await click(NORA, 'approval.show', { approvalId: id });
    expect(executeActions(shown, 'approval.approve')).toHaveLength(1);
    expect(executeActions(shown, 'approval.cancel')).toHaveLength(0);

    const writesBefore = writer.writes.length;
    const done = await click(NORA, 'approval.approve', { approvalId: id });
    expect(cardText(done)).toContain('done: the directory was changed and checked');
    expect(cardText(done)).toMatch(/approved by nora/);
    expect(executeActions(done, 'approval.approve')).toHaveLength(0);
    expect(await isMember(dn)).toBe(false);
    const writes = writer.writes.slice(writesBefore);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ kind: 'remove-values', attribute: 'member' });
    expect(JSON.stringify(writes[0]).toLowerCase()).toContain(dn.toLowerCase());

    // the requester's card was replaced (updateActivity) with the outcome, without buttons to decide
    const updated = await waitFor(() =>
      connector.activities.find((a) => a.method === 'PUT' && a.activityId === 'rhea-request-card'),
    );
    const content = JSON.stringify(updated.body.attachments?.[0]?.content);
    expect(content).toContain('done: the directory was changed and checked');
    expect(content).not.toContain('approval.approve');
    expect(updated.conversationId).toBe(`a:1personal-chat-${RHEA.aadObjectId}`);

    expect(await say(RHEA, 'my requests')).toContain(id);
    expect(await say(RHEA, `show request ${id}`)).toContain('approved by nora');
    const trail = await auditOf(id);
    expect(trail).toEqual(
      expect.arrayContaining([
        'approval.requested',
        'approval.approved',
        'remediation.started',
        'remediation.succeeded',
      ]),
    );
  });

  it('the requester cannot approve their own request, and may cancel it', async () => {
    const dn = dnOf('fix_e2e_member');
    await ensureMember(dn);
    const id = await requestRemoval(NORA, 'fix_e2e_member');
    const own = await click(NORA, 'approval.approve', { approvalId: id });
    expect(cardText(own)).toContain('You cannot approve or reject your own request');
    expect(await isMember(dn)).toBe(true);
    expect(await auditOf(id)).toContain('approval.refused');

    const cancelled = await click(NORA, 'approval.cancel', { approvalId: id });
    expect(cardText(cancelled)).toContain('cancelled by the requester');
    expect(await isMember(dn)).toBe(true);
  });

  it('20 concurrent approve invokes on one request: exactly one change and one succeeded entry', async () => {
    const dn = dnOf('fix_e2e_race');
    await ensureMember(dn);
    const id = await requestRemoval(RHEA, 'fix_e2e_race');
    const writesBefore = writer.writes.length;
    const started = performance.now();
    const cards = await Promise.all(
      Array.from({ length: 20 }, () => click(NORA, 'approval.approve', { approvalId: id })),
    );
    const ms = performance.now() - started;
    reportFigure(`20 concurrent approve invokes answered in ${Math.round(ms)} ms`);
    expect(writer.writes.length - writesBefore).toBe(1);
    expect(await isMember(dn)).toBe(false);
    const trail = await auditOf(id);
    expect(trail.filter((a) => a === 'remediation.succeeded')).toHaveLength(1);
    expect(trail.filter((a) => a === 'approval.approved')).toHaveLength(1);
    // every click got a card: one approved it, the others were told it was already decided
    expect(
      cards.filter((c) => cardText(c).includes('This request was already decided')).length,
    ).toBeGreaterThan(0);
  });
});
