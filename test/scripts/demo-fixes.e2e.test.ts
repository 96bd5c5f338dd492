import { Client } from 'ldapts';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/config/logger';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { demoBotSettings } from '../../scripts/demo-settings';
import { ALEX, cardAction, postActivity } from '../support/bot-harness';
import type { HarnessUser } from '../support/bot-harness';
import { cardText, executeActions } from '../support/card-inspect';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { testDirectoryOptions } from '../support/dc';
import { FIX_GROUP_DN, FIX_TARGETS_DN, fixTargetDn, requiredEnv, testCaPem } from '../support/fix-targets';
import { registerMembers, seedFixTarget } from '../support/approval-e2e-setup';

/**
 * `npm run demo`'s bot settings (scripts/demo-settings.ts) against the test DC, which dc.sh seeds like
 * the demo's: the fixer account with exactly the documented rights, roles from the demo groups. Megan
 * (a reader) requests a removal, Alex (an approver) approves, and the fixer really removes it. The
 * bot's own fixer connection is used (no writer passed in); only the account lookup points at the
 * fix-target container, where this test creates its own account.
 */

const ACCOUNT = 'fix_e2e_demo';
const ACCOUNT_DN = fixTargetDn(ACCOUNT);
const MEGAN: HarnessUser = {
  id: '29:1megan-bowen',
  name: 'Megan Bowen',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000002',
};

let admin: Client;
let connector: ConnectorServer;
let targets: LdapDirectory;
let bot: RunningBot;

async function isMember(): Promise<boolean> {
  const { searchEntries } = await admin.search(FIX_GROUP_DN, { scope: 'base', attributes: ['member'] });
  const value = searchEntries[0]?.member;
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.some((m) => String(m).toLowerCase() === ACCOUNT_DN.toLowerCase());
}

beforeAll(async () => {
  admin = new Client({
    url: requiredEnv('LDAP_URL').split(',')[0]!,
    tlsOptions: { ca: [testCaPem()] },
    timeout: 10_000,
  });
  await admin.bind(requiredEnv('LDAP_ADMIN_BIND_DN'), requiredEnv('LDAP_ADMIN_BIND_PASSWORD'));
  await seedFixTarget(admin, ACCOUNT, 'the demo settings e2e: removed from Fix Tier0 Ops by the demo fixer');
  connector = await startConnectorServer();
  registerMembers(connector, [
    [ALEX, 'alex@corp.example.test'],
    [MEGAN, 'megan@corp.example.test'],
  ]);
  const dcEnv = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const settings = demoBotSettings(dcEnv, { port: 0, sqlitePath: ':memory:' });
  targets = new LdapDirectory(testDirectoryOptions({ baseDn: FIX_TARGETS_DN }));
  bot = await startBot(loadConfig(settings), {
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    directory: targets,
    digestTimer: false,
    approvalSweepMs: 0,
    approvalExecutionWaitMs: 10_000,
  });
});

afterAll(async () => {
  await bot?.stop();
  await targets?.close();
  await connector?.close();
  await admin?.del(ACCOUNT_DN).catch(() => undefined);
  await admin?.unbind();
});

async function click(p: HarnessUser, verb: string, data: unknown): Promise<unknown> {
  const posted = await postActivity(
    bot.messagesUrl,
    cardAction(verb, data, { serviceUrl: connector.serviceUrl, user: p }),
  );
  expect(posted.status).toBe(200);
  return (posted.body as { value: unknown }).value;
}

it('the demo settings let Megan request a removal and Alex approve it: the demo fixer applies it', async () => {
  expect(bot.approvals.fixesEnabled).toBe(true);
  expect(await isMember()).toBe(true);
  const form = await click(MEGAN, 'fix.request', {
    findingKey: `privileged-membership:demo:${ACCOUNT}`,
    account: `${ACCOUNT}$`,
    title: 'Member of Fix Tier0 Ops',
    remediation: { kind: 'remove-from-group', groupDn: FIX_GROUP_DN, groupName: 'Fix Tier0 Ops' },
  });
  const [submit] = executeActions(form, 'fix.submit');
  const requested = await click(MEGAN, 'fix.submit', {
    ...(submit!.data as object),
    justification: 'demo: a service account has no business in a tier-0 group',
  });
  expect(cardText(requested)).toContain('waiting for approval');
  const approvalId = (executeActions(requested, 'approval.show')[0]?.data as { approvalId: string })
    .approvalId;

  // Megan is a reader: the guard refuses her approval; Alex approves through MSA Warden Approvers
  expect(cardText(await click(MEGAN, 'approval.approve', { approvalId }))).toContain(
    'This needs the approver role',
  );
  const done = await click(ALEX, 'approval.approve', { approvalId });
  expect(cardText(done)).toContain('done: the directory was changed and checked');
  expect(await isMember()).toBe(false);
});
