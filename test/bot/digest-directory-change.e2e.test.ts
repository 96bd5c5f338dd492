import { execFile } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { testLogger } from '../support/test-logger';
import { LdapAuditSource } from '../../src/directory/ldap-audit-source';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { defaultAuditConfig } from '../../src/domain/audit-config';
import { nextRun } from '../../src/domain/digest-schedule';
import { startBot, type RunningBot } from '../../src/main';
import { channelMessage, postActivity } from '../support/bot-harness';
import { texts } from '../support/card-inspect';
import { openTestStore, type TestStore } from '../support/combined-store';
import { startConnectorServer, type ConnectorServer } from '../support/connector-server';
import { dcDir, testDirectoryOptions } from '../support/dc';
import { validateCard } from '../support/validate-card';

/**
 * The digest sees the directory change: digest_priv (test/fixtures/directory/80-digest-targets.ldif)
 * leaves its privileged group between two digests, and the second one lists that finding as resolved.
 * The change is made with the OpenLDAP tools as Administrator, the way dc.sh seeds the DC, and undone
 * afterwards because the DC is reused between runs. The targets live outside the domain partition,
 * so other tests running at the same time never see the change.
 */
const BASE_DN = process.env.LDAP_BASE_DN ?? 'DC=corp,DC=example,DC=test';
const TARGETS_DN = `CN=msa-warden-digest-targets,CN=Configuration,${BASE_DN}`;
const GROUP_DN = `CN=Digest Tier0 Ops,${TARGETS_DN}`;
const MEMBER_DN = `CN=digest_priv,${TARGETS_DN}`;
const CHANNEL = '19:digest-change@thread.tacv2';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set (integration project)`);
  return value;
}

/** ldapsearch/ldapmodify as the DC's Administrator; the password is read from its file, never argv. */
async function asAdmin(tool: 'ldapsearch' | 'ldapmodify', args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      tool,
      [
        '-H',
        env('LDAP_URL').split(',')[0]!,
        '-x',
        '-D',
        env('LDAP_ADMIN_BIND_DN'),
        '-y',
        path.join(dcDir(), 'admin-password'),
        ...args,
      ],
      { env: { ...process.env, LDAPTLS_CACERT: env('LDAP_CA_CERT'), LDAPTLS_REQCERT: 'demand' } },
      (error, stdout, stderr) => (error === null ? resolve(stdout) : reject(new Error(`${tool}: ${stderr}`))),
    );
    child.stdin?.end(input ?? '');
  });
}

async function isMember(): Promise<boolean> {
  const out = await asAdmin('ldapsearch', [
    '-LLL',
    '-o',
    'ldif-wrap=no',
    '-b',
    GROUP_DN,
    '-s',
    'base',
    'member',
  ]);
  return out.split('\n').some((line) => line.trim() === `member: ${MEMBER_DN}`);
}

/** Puts digest_priv in Digest Tier0 Ops or takes it out; nothing when it already is so. */
async function setMember(member: boolean): Promise<void> {
  if ((await isMember()) === member) return;
  const ldif = [
    `dn: ${GROUP_DN}`,
    'changetype: modify',
    `${member ? 'add' : 'delete'}: member`,
    `member: ${MEMBER_DN}`,
    '-',
    '',
  ];
  await asAdmin('ldapmodify', [], ldif.join('\n'));
}

/** `Critical` → 3: each count of the counts row sits right above its label. */
function countsOf(card: unknown): Record<string, number> {
  const all = texts(card);
  const counts: Record<string, number> = {};
  for (const label of ['Critical', 'High', 'Medium', 'Low', 'Info']) {
    counts[label] = Number((all[all.indexOf(label) - 1] ?? '').replace(/,/g, ''));
  }
  return counts;
}

let connector: ConnectorServer;
let store: TestStore;
let targets: LdapDirectory;
let bot: RunningBot;
let clock = new Date();

beforeAll(async () => {
  // a run that stopped half-way left the membership out
  await setMember(true);
  connector = await startConnectorServer();
  store = await openTestStore({ kind: 'sqlite', path: ':memory:' });
  // the real LDAP audit, as the bot account, over the targets' container only
  targets = new LdapDirectory(testDirectoryOptions({ baseDn: TARGETS_DN }));
  bot = await startBot(loadConfig(process.env), {
    port: 0,
    host: '127.0.0.1',
    logger: testLogger(),
    now: () => clock,
    store,
    digestTimer: false,
    auditSource: new LdapAuditSource(targets),
    auditConfig: {
      ...defaultAuditConfig,
      extraPrivilegedGroups: [...defaultAuditConfig.extraPrivilegedGroups, 'Digest Tier0 Ops'],
    },
  });
});

afterAll(async () => {
  await bot.stop();
  await targets.close();
  await store.close();
  await connector.close();
  await setMember(true);
});

it('an sMSA taken out of its privileged group is listed as resolved in the next digest', async () => {
  const posted = await postActivity(
    bot.messagesUrl,
    channelMessage('subscribe digest daily at 08:00 UTC', {
      serviceUrl: connector.serviceUrl,
      teamId: '19:team-change@thread.tacv2',
      channelId: CHANNEL,
    }),
  );
  expect(posted.status).toBeLessThan(300);
  await connector.waitForActivities(1, 15_000);
  connector.clear();

  const first = nextRun('0 8 * * *', 'UTC', clock);
  if (first === null) throw new Error('no next slot');
  clock = new Date(first.getTime() + 30_000);
  await bot.digest.tick();
  expect(connector.activities).toHaveLength(1);
  const before = connector.activities[0]?.body.attachments?.[0]?.content;
  expect(validateCard(before)).toEqual([]);
  expect(countsOf(before).Critical).toBe(1);

  try {
    await setMember(false);
    expect(await isMember()).toBe(false);
    clock = new Date(first.getTime() + 86_400_000 + 30_000);
    await bot.digest.tick();
    expect(connector.activities).toHaveLength(2);
    const after = connector.activities[1]?.body.attachments?.[0]?.content;
    expect(validateCard(after)).toEqual([]);
    expect(countsOf(after).Critical).toBe(0);
    const lines = texts(after);
    const resolved = lines.indexOf('Resolved (1)');
    expect(resolved).toBeGreaterThan(-1);
    expect(lines.slice(resolved).join('\n')).toMatch(/digest_priv[\s\S]*privileged-membership/);
    const entries = (await store.listAudit({ limit: 100 })).filter((e) => e.action === 'digest.posted');
    expect(entries.map((e) => e.details)).toEqual([
      expect.objectContaining({ counts: expect.objectContaining({ critical: 1 }) as unknown }),
      expect.objectContaining({ counts: expect.objectContaining({ critical: 0, resolved: 1 }) as unknown }),
    ]);
  } finally {
    await setMember(true);
  }
  expect(await isMember()).toBe(true);
});
