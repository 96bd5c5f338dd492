import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/config/logger';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { LdapDirectoryWriter } from '../../src/directory/ldap-directory-writer';
import type { StoredAuditEntry } from '../../src/audit-trail/audit-entry';
import { TENANT_REFUSAL } from '../../src/bot/warden-bot';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { AdminDirectory, clickCard, requestRemoval } from '../support/approval-flow';
import { OTHER_TENANT_ID, TENANT_ID } from '../support/bot-harness';
import type { HarnessUser } from '../support/bot-harness';
import { cardText } from '../support/card-inspect';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { testDirectoryOptions } from '../support/dc';
import { FIX_TARGETS_DN, fixTargetDn, requiredEnv, testCaPem } from '../support/fix-targets';
import { validateCard } from '../support/validate-card';
import { CountingWriter } from '../support/counting-writer';

/**
 * Who cannot approve, on a real pending request, over HTTP against the Samba DC: the requester (an
 * approver), a reader, a disabled member of the approvers group, someone in no access group and a
 * user of another tenant each click Approve and Reject. Each is refused with the reason on the card
 * and an audit-trail entry naming them; AD and the request stay as they were; then a real approver
 * approves the same request and the change happens once. People of 60-access-people.ldif.
 */

const BASE_DN = requiredEnv('LDAP_BASE_DN');
const ACCOUNT = 'fix_refusals';
const DN = fixTargetDn(ACCOUNT);

interface Person {
  label: string;
  user: HarnessUser;
  upn: string;
  tenantId: string;
  /** the reason on the card */
  card: string;
  /** the audit entry that records the refusal */
  audit: (entries: StoredAuditEntry[], approvalId: string, verb: string) => StoredAuditEntry | undefined;
}

const user = (key: string): HarnessUser => ({
  id: `29:1${key}`,
  name: key,
  aadObjectId: `aaaaaaaa-0000-4000-8000-${key.padStart(12, '0').slice(-12)}`,
});
const NORA = user('nora');
const IVY: HarnessUser = { id: '29:1ivy', name: 'ivy', aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000f1' };

/** The access guard's turn entry for a refused click on this request. */
const refusedTurn =
  (who: HarnessUser, reason: string) =>
  (entries: StoredAuditEntry[], approvalId: string, verb: string): StoredAuditEntry | undefined =>
    entries.find((e) => {
      const d = e.details as {
        actor?: { teamsId?: string };
        asked?: { verb?: string; data?: { approvalId?: string } };
        decision?: { allowed?: boolean; reason?: string };
      };
      return (
        e.action === 'turn.card' &&
        d.actor?.teamsId === who.id &&
        d.asked?.verb === verb &&
        d.asked.data?.approvalId === approvalId &&
        d.decision?.allowed === false &&
        (d.decision.reason ?? '').includes(reason)
      );
    });

/** The approval service's own refusal entry (the guard let an approver through). */
const serviceRefusal =
  (who: HarnessUser, refusal: string) =>
  (entries: StoredAuditEntry[], approvalId: string, verb: string): StoredAuditEntry | undefined =>
    entries.find(
      (e) =>
        e.action === 'approval.refused' &&
        e.subject === approvalId &&
        e.actor.id === who.aadObjectId &&
        (e.details as { command?: string; refusal?: string }).command === verb.replace('approval.', '') &&
        (e.details as { refusal?: string }).refusal === refusal,
    );

const APPROVERS_ONLY = 'ask an admin to add you to msa-warden-approvers.';
const PEOPLE: Person[] = [
  {
    label: 'the requester (an approver)',
    user: NORA,
    upn: 'nora@corp.example.test',
    tenantId: TENANT_ID,
    card: 'You cannot approve or reject your own request',
    audit: serviceRefusal(NORA, 'own-request'),
  },
  {
    label: 'a reader',
    user: user('rhea'),
    upn: 'rhea@corp.example.test',
    tenantId: TENANT_ID,
    card: APPROVERS_ONLY,
    audit: refusedTurn(user('rhea'), ''),
  },
  {
    label: 'a disabled member of the approvers group',
    user: user('dirk'),
    upn: 'dirk@corp.example.test',
    tenantId: TENANT_ID,
    card: APPROVERS_ONLY,
    audit: refusedTurn(user('dirk'), 'no role: the AD account is disabled'),
  },
  {
    label: 'someone in no access group',
    user: user('gus'),
    upn: 'gus@corp.example.test',
    tenantId: TENANT_ID,
    card: APPROVERS_ONLY,
    audit: refusedTurn(user('gus'), ''),
  },
  {
    label: 'a user of another tenant',
    user: user('otto'),
    upn: 'otto@other.example.test',
    tenantId: OTHER_TENANT_ID,
    card: TENANT_REFUSAL,
    audit: refusedTurn(user('otto'), `the tenant ${OTHER_TENANT_ID} is not in ALLOWED_TENANT_IDS`),
  },
];

let connector: ConnectorServer;
let admin: AdminDirectory;
let targets: LdapDirectory;
let writer: CountingWriter;
let bot: RunningBot;
let approvalId: string;

beforeAll(async () => {
  connector = await startConnectorServer();
  for (const p of [...PEOPLE, { user: IVY, upn: 'ivy@partner.example.test', tenantId: TENANT_ID }]) {
    connector.setMember({ ...p.user, userPrincipalName: p.upn, tenantId: p.tenantId });
  }
  admin = await AdminDirectory.open();
  targets = new LdapDirectory(testDirectoryOptions({ baseDn: FIX_TARGETS_DN }));
  writer = new CountingWriter(
    new LdapDirectoryWriter({
      urls: requiredEnv('LDAP_URL').split(','),
      bindDn: requiredEnv('LDAP_FIX_BIND_DN'),
      bindPassword: requiredEnv('LDAP_FIX_BIND_PASSWORD'),
      caCertPem: testCaPem(),
      startTls: false,
      timeoutMs: 20_000,
      connectTimeoutMs: 10_000,
    }),
  );
  const env: Record<string, string | undefined> = {
    ...process.env,
    ACCESS_READERS_GROUP: 'msa-warden-readers',
    ACCESS_APPROVERS_GROUP: `CN=msa-warden-approvers,OU=Groups,${BASE_DN}`,
    ACCESS_APPROVER_IDS: IVY.aadObjectId,
    ALLOWED_TENANT_IDS: TENANT_ID,
  };
  delete env.ACCESS_OPEN;
  bot = await startBot(loadConfig(env), {
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    directory: targets,
    directoryWriter: writer,
    digestTimer: false,
    approvalSweepMs: 0,
    approvalExecutionWaitMs: 20_000,
  });
  await admin.ensureMember(DN);
  // an approver asks: the requester who could approve anyone else's request
  approvalId = await requestRemoval(bot.messagesUrl, connector.serviceUrl, NORA, ACCOUNT);
});
afterAll(async () => {
  await bot.stop();
  await writer.close();
  await targets.close();
  await connector.close();
  await admin.close();
});

describe.each(PEOPLE)('$label', (p) => {
  it.each(['approval.approve', 'approval.reject'])(
    'clicks %s: refused with the reason, audited, nothing changes',
    async (verb) => {
      const clicked = await clickCard(
        bot.messagesUrl,
        connector.serviceUrl,
        p.user,
        verb,
        { approvalId },
        { tenantId: p.tenantId },
      );
      expect(clicked.status).toBe(200);
      expect(clicked.card).not.toBeNull();
      expect(validateCard(clicked.card!)).toEqual([]);
      const text = cardText(clicked.card!);
      expect(text).toContain(p.card);
      expect(text).not.toContain('done: the directory was changed');
      // recorded with who it was and what they clicked
      const entries = await bot.store.listAudit({ limit: 10_000, order: 'asc' });
      expect(p.audit(entries, approvalId, verb)).toBeDefined();
      // nothing changed: the request waits, the account is still in the group, nothing was written
      expect((await bot.approvals.get(approvalId))?.state).toBe('requested');
      expect(await admin.isMember(DN)).toBe(true);
      expect(writer.writes).toHaveLength(0);
    },
  );
});

it('after all of them, an approver approves the same request: changed once', async () => {
  const clicked = await clickCard(bot.messagesUrl, connector.serviceUrl, IVY, 'approval.approve', {
    approvalId,
  });
  expect(cardText(clicked.card!)).toContain('done: the directory was changed and checked');
  expect(writer.writes).toHaveLength(1);
  expect(await admin.isMember(DN)).toBe(false);
  const trail = (await bot.store.listAudit({ limit: 10_000 })).filter((e) => e.subject === approvalId);
  expect(trail.filter((e) => e.action === 'remediation.succeeded')).toHaveLength(1);
  expect(trail.filter((e) => e.action === 'approval.approved').map((e) => e.actor.id)).toEqual([
    IVY.aadObjectId,
  ]);
});
