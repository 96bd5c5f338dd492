import { CARD_VERB_RULES, COMMAND_RULES } from '../../src/access/access-table';
import type { Requirement } from '../../src/access/access-table';
import type { TurnOutcome } from '../../src/access/access-guard';
import type { AccessDecision } from '../../src/access/decide-access';
import { TENANT_REFUSAL } from '../../src/bot/warden-bot';
import { loadConfig } from '../../src/config/load-config';
import { captureAuditTrail } from '../support/capture-audit-trail';
import { testLogger } from '../support/test-logger';
import type { Role } from '../../src/domain/role';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import {
  OTHER_TENANT_ID,
  TENANT_ID,
  cardAction,
  personalMessage,
  postActivity,
} from '../support/bot-harness';
import type { HarnessUser } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';

/**
 * Who may do what, end to end: real activities over HTTP, the connector answering getMember with the
 * people of test/fixtures/directory/60-access-people.ldif, roles from the Samba DC. Every row of the
 * access table (the one the README shows) is tried by every person.
 */
const BASE_DN = process.env.LDAP_BASE_DN ?? 'DC=corp,DC=example,DC=test';
const REFUSAL = 'You are not allowed to use msa-warden; ask an admin to add you to msa-warden-readers.';
/** the end of every refusal of an approver-only request (the audit trail commands) */
const APPROVER_REFUSAL = 'ask an admin to add you to msa-warden-approvers.';
const IVY_ID = 'aaaaaaaa-0000-4000-8000-0000000000f1';

interface Person {
  label: string;
  user: HarnessUser;
  upn: string;
  tenantId: string;
  /** null: refused before any role is looked at (foreign tenant) */
  roles: Role[] | null;
}

const person = (
  label: string,
  key: string,
  upn: string,
  roles: Role[] | null,
  tenantId = TENANT_ID,
): Person => ({
  label,
  user: {
    id: `29:1${key}`,
    name: key,
    aadObjectId: `aaaaaaaa-0000-4000-8000-${key.padStart(12, '0').slice(-12)}`,
  },
  upn,
  tenantId,
  roles,
});

const PEOPLE: Person[] = [
  person('a reader', 'rhea', 'rhea@corp.example.test', ['reader']),
  person('an approver through a nested group', 'nora', 'nora@corp.example.test', ['reader', 'approver']),
  person('a disabled member of the approvers group', 'dirk', 'dirk@corp.example.test', []),
  person('a user in no group', 'gus', 'gus@corp.example.test', []),
  person('a reader whose UPN is not sAMAccountName@domain', 'uma', 'uma.k@ops.example.test', ['reader']),
  {
    ...person('an approver by Entra id, without an AD account', 'ivy', 'ivy@partner.example.test', [
      'reader',
      'approver',
    ]),
    user: { id: '29:1ivy', name: 'ivy', aadObjectId: IVY_ID },
  },
  person('a user of another tenant', 'otto', 'otto@other.example.test', null, OTHER_TENANT_ID),
];

const allowed = (roles: Role[], requires: Requirement): boolean =>
  requires === 'anyone' || roles.includes(requires);

let connector: ConnectorServer;
let bot: RunningBot;
const turns: Array<{ decision: AccessDecision; summary: string; outcome: TurnOutcome }> = [];

beforeAll(async () => {
  connector = await startConnectorServer();
  for (const p of PEOPLE) {
    connector.setMember({
      id: p.user.id,
      name: p.user.name,
      userPrincipalName: p.upn,
      aadObjectId: p.user.aadObjectId,
      tenantId: p.tenantId,
    });
  }
  const env: Record<string, string | undefined> = {
    ...process.env,
    ACCESS_READERS_GROUP: 'msa-warden-readers',
    ACCESS_APPROVERS_GROUP: `CN=msa-warden-approvers,OU=Groups,${BASE_DN}`,
    ACCESS_APPROVER_IDS: IVY_ID,
    ALLOWED_TENANT_IDS: TENANT_ID,
  };
  delete env.ACCESS_OPEN;
  bot = await startBot(loadConfig(env), {
    port: 0,
    host: '127.0.0.1',
    logger: testLogger(),
    onTurn: (decision, summary, outcome) => void turns.push({ decision, summary, outcome }),
  });
});
afterAll(async () => {
  await captureAuditTrail(bot.auditTrail);
  await bot.stop();
  await connector.close();
});

/** The bot's reply to this message; a digest `digest now` posts later in the background is no reply. */
async function say(p: Person, text: string): Promise<string> {
  const message = personalMessage(text, {
    serviceUrl: connector.serviceUrl,
    user: p.user,
    tenantId: p.tenantId,
  });
  const posted = await postActivity(bot.messagesUrl, message);
  expect(posted.status).toBeLessThan(300);
  const replies = (): string[] =>
    connector.activities.filter((a) => a.activityId === message.id).map((a) => JSON.stringify(a.body));
  for (let seen = connector.activities.length; replies().length === 0; seen++)
    await connector.waitForActivities(seen + 1, 15_000);
  return `[${replies().join(',')}]`;
}

async function click(p: Person, verb: string, data: unknown): Promise<string> {
  const posted = await postActivity(
    bot.messagesUrl,
    cardAction(verb, data, { serviceUrl: connector.serviceUrl, user: p.user, tenantId: p.tenantId }),
  );
  expect(posted.status).toBe(200);
  return JSON.stringify(posted.body);
}

function expectAccess(reply: string, p: Person, requires: Requirement): void {
  if (p.roles === null) {
    expect(reply).toContain(TENANT_REFUSAL);
    expect(reply).not.toContain('not allowed to use');
  } else if (allowed(p.roles, requires)) {
    expect(reply).not.toContain(REFUSAL);
    expect(reply).not.toContain(APPROVER_REFUSAL);
    expect(reply).not.toContain(TENANT_REFUSAL);
  } else {
    // a reader asking for an approver's command is told which role and group it needs
    expect(reply).toContain(requires === 'approver' ? APPROVER_REFUSAL : REFUSAL);
    // nothing about the directory
    expect(reply).not.toMatch(/DC=|svc_sql01|SRV01/);
  }
}

describe.each(PEOPLE)('$label', (p) => {
  it.each(COMMAND_RULES.map((rule) => [rule.example, rule.requires] as const))(
    'typed "%s" (%s)',
    async (example, requires) => {
      expectAccess(await say(p, example), p, requires);
    },
  );

  it.each(CARD_VERB_RULES.map((rule) => [rule.verb, rule.requires, rule.exampleData] as const))(
    'card verb %s (%s)',
    async (verb, requires, data) => {
      expectAccess(await click(p, verb, data), p, requires);
    },
  );

  it('a card verb no card emits', async () => {
    expectAccess(await click(p, 'approve.everything', {}), p, 'reader');
  });
});

describe('whoami', () => {
  const byKey = (key: string): Person => PEOPLE.find((p) => p.user.name === key)!;

  it('shows an approver the nested chain that grants the role', async () => {
    const reply = await say(byKey('nora'), 'whoami');
    expect(reply).toContain('How msa-warden sees you');
    expect(reply).toContain('reader, approver');
    expect(reply).toContain('approver: you → msa-warden-tier1 → msa-warden-approvers');
    expect(reply).toContain(`CN=Nora Nested,OU=People,${BASE_DN}`);
  });

  it('tells a disabled user why they have no role', async () => {
    const reply = await say(byKey('dirk'), 'who am I?');
    expect(reply).toContain('no role: the AD account is disabled');
  });

  it('tells someone without an AD account that none matched, and what the id list grants', async () => {
    const reply = await say(byKey('ivy'), 'whoami');
    expect(reply).toContain('none: no AD user has userPrincipalName ivy@partner.example.test');
    expect(reply).toContain('ACCESS_APPROVER_IDS');
  });
});

describe('the turn hook', () => {
  it('saw one decision per answered turn, refusals included, with the actor', () => {
    const refused = turns.filter((t) => !t.decision.allowed);
    expect(refused.length).toBeGreaterThan(0);
    for (const t of turns) expect(t.outcome.answered).toBe(t.decision.allowed);
    const dirk = refused.find((t) => t.decision.actor.userPrincipalName === 'dirk@corp.example.test');
    expect(dirk?.decision).toMatchObject({
      roles: [],
      actor: {
        directoryAccountDn: `CN=Dirk Disabled,OU=People,${BASE_DN}`,
        entraObjectId: 'aaaaaaaa-0000-4000-8000-00000000dirk',
      },
      reason: 'no role: the AD account is disabled',
    });
    // a foreign tenant never reaches the access guard: the transport refuses it first
    expect(turns.some((t) => t.decision.actor.tenantId === OTHER_TENANT_ID)).toBe(false);
  });
});
