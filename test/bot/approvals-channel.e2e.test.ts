import { Client } from 'ldapts';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/config/logger';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { LdapDirectoryWriter } from '../../src/directory/ldap-directory-writer';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { TENANT_ID, cardAction, channelMessage, personalMessage, postActivity } from '../support/bot-harness';
import type { ActivityJson, HarnessUser } from '../support/bot-harness';
import { cardText, executeActions } from '../support/card-inspect';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer, RecordedActivity } from '../support/connector-server';
import { testDirectoryOptions } from '../support/dc';
import { validateCard } from '../support/validate-card';
import { FIX_GROUP_DN, FIX_TARGETS_DN, fixTargetDn, requiredEnv, testCaPem } from '../support/fix-targets';
import { adGroupAccessEnv, registerMembers, seedFixTarget } from '../support/approval-e2e-setup';

/**
 * The approvals channel over HTTP against the Samba DC: an approver registers a Teams channel, a
 * reader's request is posted where it was asked AND in that channel, an approver approves on the
 * channel's copy, both copies are replaced (updateActivity) and the requester is told; Universal
 * Actions refresh gives each viewer their own buttons; "Request undo" puts the membership back after
 * its own approval. Its own account (created here as Administrator) keeps it apart from the other
 * approval tests.
 */

const env = requiredEnv;
const CA = testCaPem();
const ACCOUNT = 'fix_e2e_channel';
const ACCOUNT_DN = fixTargetDn(ACCOUNT);
const TEAM = '19:team-ops@thread.tacv2';
const CHANNEL = '19:approvals-channel@thread.tacv2';

const user = (key: string): HarnessUser => ({
  id: `29:1${key}`,
  name: key,
  aadObjectId: `aaaaaaaa-0000-4000-8000-${key.padStart(12, '0').slice(-12)}`,
});
const RHEA = user('rhea'); // reader
const NORA = user('nora'); // approver through a nested group
const GUS = user('gus'); // in the directory, no role
const NOT_APPROVER = 'This needs the approver role';

let connector: ConnectorServer;
let bot: RunningBot;
let targets: LdapDirectory;
let writer: LdapDirectoryWriter;
let admin: Client;

async function members(): Promise<string[]> {
  const { searchEntries } = await admin.search(FIX_GROUP_DN, { scope: 'base', attributes: ['member'] });
  const value = searchEntries[0]?.member;
  return (value === undefined ? [] : Array.isArray(value) ? value : [value]).map((m) =>
    String(m).toLowerCase(),
  );
}
const isMember = async (): Promise<boolean> => (await members()).includes(ACCOUNT_DN.toLowerCase());

beforeAll(async () => {
  admin = new Client({ url: env('LDAP_URL').split(',')[0]!, tlsOptions: { ca: [CA] }, timeout: 10_000 });
  await admin.bind(env('LDAP_ADMIN_BIND_DN'), env('LDAP_ADMIN_BIND_PASSWORD'));
  await seedFixTarget(
    admin,
    ACCOUNT,
    'approvals channel e2e: removed from Fix Tier0 Ops over HTTP, then put back by undo',
  );
  connector = await startConnectorServer();
  registerMembers(connector, [
    [RHEA, 'rhea@corp.example.test'],
    [NORA, 'nora@corp.example.test'],
    [GUS, 'gus@corp.example.test'],
  ]);
  const config = adGroupAccessEnv();
  targets = new LdapDirectory(testDirectoryOptions({ baseDn: FIX_TARGETS_DN }));
  writer = new LdapDirectoryWriter({
    urls: env('LDAP_URL').split(','),
    bindDn: env('LDAP_FIX_BIND_DN'),
    bindPassword: env('LDAP_FIX_BIND_PASSWORD'),
    caCertPem: CA,
    startTls: false,
    timeoutMs: 10_000,
    connectTimeoutMs: 5000,
  });
  bot = await startBot(loadConfig(config), {
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    directory: targets,
    directoryWriter: writer,
    digestTimer: false,
    approvalSweepMs: 0,
    approvalExecutionWaitMs: 10_000,
  });
});

afterAll(async () => {
  await bot?.stop();
  await targets?.close();
  await writer?.close();
  await connector?.close();
  await admin?.del(ACCOUNT_DN).catch(() => undefined);
  await admin?.unbind();
});

interface Card {
  body?: unknown;
  actions?: unknown;
  refresh?: { action?: { verb?: string; data?: unknown }; userIds?: unknown };
}

/** A click on a card in the approvals channel (a thread of the channel). */
function channelCardAction(verb: string, data: unknown, p: HarnessUser, replyToId: string): ActivityJson {
  const activity = cardAction(verb, data, { serviceUrl: connector.serviceUrl, user: p, replyToId });
  return {
    ...activity,
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT_ID,
      id: `${CHANNEL};messageid=${replyToId}`,
    },
    channelData: {
      teamsChannelId: CHANNEL,
      teamsTeamId: TEAM,
      channel: { id: CHANNEL },
      team: { id: TEAM },
      tenant: { id: TENANT_ID },
    },
  };
}

async function invoke(activity: ActivityJson): Promise<Card> {
  const posted = await postActivity(bot.messagesUrl, activity);
  expect(posted.status).toBe(200);
  const card = (posted.body as { value: Card }).value;
  expect(validateCard(card)).toEqual([]);
  return card;
}

const click = (p: HarnessUser, verb: string, data: unknown, replyToId?: string): Promise<Card> =>
  invoke(
    cardAction(verb, data, {
      serviceUrl: connector.serviceUrl,
      user: p,
      ...(replyToId === undefined ? {} : { replyToId }),
    }),
  );

/** Sends a message and returns the text of what the bot answered with. */
async function send(activity: ActivityJson): Promise<string> {
  const posted = await postActivity(bot.messagesUrl, activity);
  expect(posted.status).toBeLessThan(300);
  // the answer replies to this message; card updates of earlier clicks may arrive meanwhile
  const reply = await waitFor(() =>
    connector.activities.find((a) => a.method === 'POST' && a.activityId === activity.id),
  );
  return JSON.stringify(reply.body);
}
const say = (p: HarnessUser, text: string): Promise<string> =>
  send(personalMessage(text, { serviceUrl: connector.serviceUrl, user: p }));
const sayInChannel = (p: HarnessUser, text: string): Promise<string> =>
  send(channelMessage(text, { serviceUrl: connector.serviceUrl, user: p, teamId: TEAM, channelId: CHANNEL }));

/** Like waitFor, for an asynchronous look (the store). */
async function poll<T>(find: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not seen in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Posts and updates are sent after the invoke is answered: poll briefly for them. */
async function waitFor<T>(find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not seen in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const contentOf = (activity: RecordedActivity): string =>
  JSON.stringify(activity.body.attachments?.[0]?.content);
const approvalIdOf = (card: Card): string => {
  const [refresh] = executeActions(card, 'approval.show');
  const id = (refresh?.data as { approvalId?: string } | undefined)?.approvalId;
  expect(typeof id).toBe('string');
  return id!;
};

async function auditActions(subject: string): Promise<string[]> {
  const entries = await bot.store.listAudit({ limit: 1000, order: 'desc' });
  return entries.filter((e) => e.subject === subject).map((e) => e.action);
}

/** "Request fix" → "Submit request" in Rhea's personal chat, on the card `cardId`. */
async function requestRemoval(cardId: string): Promise<Card> {
  const removal = {
    findingKey: `privileged-membership:e2e:${ACCOUNT}`,
    account: `${ACCOUNT}$`,
    title: 'Member of Fix Tier0 Ops',
    remediation: { kind: 'remove-from-group', groupDn: FIX_GROUP_DN, groupName: 'Fix Tier0 Ops' },
  };
  const form = await click(RHEA, 'fix.request', removal);
  const [submit] = executeActions(form, 'fix.submit');
  return click(
    RHEA,
    'fix.submit',
    { ...(submit!.data as object), justification: 'e2e: no service account in a tier-0 group' },
    cardId,
  );
}

describe('the approvals channel over HTTP against Samba', () => {
  it('is registered by an approver in a channel only; a reader is refused and the refusal audited', async () => {
    expect(await say(NORA, 'register approvals here')).toContain('This must be a channel');
    expect(await bot.store.getApprovalsChannel()).toBeNull();

    expect(await sayInChannel(RHEA, 'register approvals here')).toContain(NOT_APPROVER);
    expect(await bot.store.getApprovalsChannel()).toBeNull();
    const refused = (await bot.store.listAudit({ limit: 50, order: 'desc' })).find(
      (e) =>
        e.actor.id === RHEA.aadObjectId && JSON.stringify(e.details).includes('register-approvals-channel'),
    );
    expect(refused?.details).toMatchObject({
      decision: { allowed: false, requires: 'approver' },
      outcome: { status: 'refused' },
    });

    expect(await sayInChannel(NORA, 'register approvals here')).toContain('Approvals channel registered');
    expect(await bot.store.getApprovalsChannel()).toMatchObject({
      conversationId: CHANNEL,
      registeredBy: { aadObjectId: NORA.aadObjectId },
    });
    expect(await auditActions(CHANNEL)).toContain('approvals-channel.registered');
  });

  it('posts a request in both places, refreshes per viewer, updates both copies after approval, tells the requester, and undoes', async () => {
    expect(await isMember()).toBe(true);
    await say(RHEA, 'help'); // the bot knows Rhea's personal chat
    const asked = await requestRemoval('rhea-channel-card');
    expect(cardText(asked)).toContain('waiting for approval');
    const id = approvalIdOf(asked);

    // the channel's copy: a new post in the registered channel, status only, refreshing for Nora
    const channelPost = await waitFor(() =>
      connector.activities.find(
        (a) => a.method === 'POST' && a.conversationId === CHANNEL && contentOf(a).includes(id),
      ),
    );
    const channelCard = channelPost.body.attachments?.[0]?.content as Card;
    expect(cardText(channelCard)).toContain('waiting for approval');
    expect(executeActions(channelCard, 'approval.approve')).toHaveLength(0);
    expect(channelCard.refresh?.action).toMatchObject({ verb: 'approval.refresh', data: { approvalId: id } });
    expect(channelCard.refresh?.userIds).toContain(NORA.id);
    expect(channelCard.refresh?.userIds).not.toContain(RHEA.id);
    const [copy] = await poll(async () => {
      const cards = await bot.store.listApprovalCards(id);
      return cards.length > 0 ? cards : undefined;
    });
    expect(copy).toMatchObject({ conversationId: CHANNEL });
    const channelActivityId = copy!.activityId;

    // Universal Actions refresh: the server decides each viewer's buttons from their role
    const forNora = await invoke(
      channelCardAction('approval.refresh', { approvalId: id }, NORA, channelActivityId),
    );
    expect(executeActions(forNora, 'approval.approve')).toHaveLength(1);
    expect(executeActions(forNora, 'approval.cancel')).toHaveLength(0);
    const forRhea = await click(RHEA, 'approval.refresh', { approvalId: id }, 'rhea-channel-card');
    expect(executeActions(forRhea, 'approval.approve')).toHaveLength(0);
    expect(executeActions(forRhea, 'approval.cancel')).toHaveLength(1);
    expect(cardText(await click(GUS, 'approval.refresh', { approvalId: id }))).toContain(
      'You are not allowed to use msa-warden',
    );

    // Nora approves on the channel's copy: the change runs once, every copy is replaced
    const done = await invoke(
      channelCardAction('approval.approve', { approvalId: id }, NORA, channelActivityId),
    );
    expect(cardText(done)).toContain('done: the directory was changed and checked');
    expect(await isMember()).toBe(false);
    const replaced = await waitFor(() => {
      const puts = connector.activities.filter((a) => a.method === 'PUT' && contentOf(a).includes(id));
      const mine = puts.find((a) => a.activityId === 'rhea-channel-card' && contentOf(a).includes('done:'));
      const channel = puts.find((a) => a.activityId === channelActivityId && contentOf(a).includes('done:'));
      return mine && channel ? { mine, channel } : undefined;
    });
    expect(replaced.mine.conversationId).toBe(`a:1personal-chat-${RHEA.aadObjectId}`);
    expect(replaced.channel.conversationId).toBe(CHANNEL);
    for (const put of [replaced.mine, replaced.channel]) {
      expect(contentOf(put)).toContain('approved by nora');
      expect(contentOf(put)).not.toContain('approval.approve');
    }
    // the requester is told in their own conversation (a new message, so Teams notifies them)
    const told = await waitFor(() =>
      connector.activities.find(
        (a) =>
          a.method === 'POST' &&
          a.conversationId === `a:1personal-chat-${RHEA.aadObjectId}` &&
          contentOf(a).includes('Your fix request: done'),
      ),
    );
    expect(contentOf(told)).toContain('Approved by nora');

    // Request undo on the succeeded card: a new request, approved by an approver, puts it back
    const succeeded = await click(RHEA, 'approval.show', { approvalId: id }, 'rhea-channel-card');
    expect(executeActions(succeeded, 'approval.undo')).toHaveLength(1);
    expect(JSON.stringify(succeeded)).toContain('"id":"justification"');
    const undoCard = await click(
      RHEA,
      'approval.undo',
      { approvalId: id, justification: 'e2e: the account needs the group back for the release' },
      'rhea-channel-card',
    );
    expect(cardText(undoCard)).toContain('Undo requested');
    expect(cardText(undoCard)).toMatch(new RegExp(`Undoes request:\\s+${id}`));
    const undoId = approvalIdOf(undoCard);
    expect(undoId).not.toBe(id);
    const again = await click(RHEA, 'approval.undo', { approvalId: id, justification: 'twice' });
    expect(cardText(again)).toContain('An undo of this request was already requested');
    await waitFor(() =>
      connector.activities.find(
        (a) => a.method === 'POST' && a.conversationId === CHANNEL && contentOf(a).includes(undoId),
      ),
    );
    expect(await isMember()).toBe(false);
    const undone = await click(NORA, 'approval.approve', { approvalId: undoId });
    expect(cardText(undone)).toContain('done: the directory was changed and checked');
    expect(await isMember()).toBe(true);
    expect(await auditActions(undoId)).toEqual(
      expect.arrayContaining(['approval.requested', 'approval.approved', 'remediation.succeeded']),
    );
  });

  it('unregistered by an approver: new requests stay where they were asked', async () => {
    expect(await say(NORA, 'unregister approvals channel')).toContain('Approvals channel unregistered');
    expect(await bot.store.getApprovalsChannel()).toBeNull();
    expect(await auditActions(CHANNEL)).toContain('approvals-channel.unregistered');
    const before = connector.activities.filter((a) => a.conversationId === CHANNEL).length;
    const id = approvalIdOf(await requestRemoval('rhea-channel-card-2'));
    await click(RHEA, 'approval.cancel', { approvalId: id });
    expect(connector.activities.filter((a) => a.conversationId === CHANNEL)).toHaveLength(before);
  });
});
