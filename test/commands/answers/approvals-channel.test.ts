import { ApprovalService } from '../../../src/approvals/approval-service';
import type { ApprovalActorInput } from '../../../src/approvals/approval-service';
import type { CardReply } from '../../../src/cards/card-reply';
import { answerCardVerb, answerText } from '../../../src/commands/route';
import type { AnswerDeps } from '../../../src/commands/route';
import { openStore } from '../../../src/store/open-store';
import type { Stores } from '../../../src/store/open-store';
import { storePorts } from '../../../src/store/store-ports';
import { NOW, cardText, executeActions, onlyValidCard } from '../../support/card-inspect';
import { fixtureDeps } from '../../support/fake-audit-source';
import { FakeDirectoryWriter } from '../../support/fake-directory-writer';
import { ALEX, MEGAN, TIER0_GROUP, removalRequest as request } from '../../support/approval-actors';

/**
 * The approvals channel, the copies of an approval card, the refresh per viewer and "Request undo",
 * through the router over the in-memory store and a fake writer (the HTTP flow against Samba is
 * test/bot/approvals-channel.e2e.test.ts).
 */

const CHANNEL = '19:approvals@thread.tacv2';

let stores: Stores;
let writer: FakeDirectoryWriter;
let approvals: ApprovalService;
let posted: Array<{ conversationId: string; reply: CardReply }>;
let updates: Array<{ conversationId: string; activityId: string; reply: CardReply }>;

beforeEach(async () => {
  stores = await openStore({ kind: 'sqlite', path: ':memory:' });
  const account = await fixtureDeps(NOW).directory.findServiceAccount('svc_web01$');
  writer = new FakeDirectoryWriter([
    {
      distinguishedName: account!.distinguishedName,
      accountControlFlags: 4096,
      supportedEncryptionTypes: 28,
      delegationTargets: [],
      resourceDelegationDescriptor: null,
      memberOfDns: [TIER0_GROUP],
    },
  ]);
  approvals = new ApprovalService({
    store: storePorts(stores),
    writer,
    clock: () => NOW,
    policy: { approvalsRequired: 1, ttlMs: 86_400_000 },
  });
  posted = [];
  updates = [];
});
afterEach(async () => {
  await stores.close();
});

function deps(asker: ApprovalActorInput, extra: Partial<AnswerDeps> = {}): AnswerDeps {
  return {
    ...fixtureDeps(NOW),
    approvals,
    asker,
    conversationId: `chat-${asker.person.aadObjectId}`,
    conversationKind: 'personal',
    refreshUserIds: ['29:alex'],
    approvalPosts: {
      store: stores.approvalPosts,
      appendAudit: (entry) => stores.auditTrail.appendAudit(entry),
      postCard: (conversationId, reply) => {
        posted.push({ conversationId, reply });
        return Promise.resolve(`posted-${posted.length}`);
      },
    },
    updateCard: (conversationId, activityId, reply) => {
      updates.push({ conversationId, activityId, reply });
      return Promise.resolve();
    },
    ...extra,
  };
}

/** Asked in the channel (the conversation id of a channel post is the channel's). */
const inChannel = (_asker: ApprovalActorInput): Partial<AnswerDeps> => ({
  conversationId: CHANNEL,
  conversationKind: 'channel',
});

const textOf = (reply: CardReply): string => cardText(onlyValidCard(reply));

/** Background posts (the channel copy, the requester's notice) settle after the answer. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

async function submit(): Promise<string> {
  const card = onlyValidCard(
    await answerCardVerb(
      'fix.submit',
      { ...request, justification: 'tier-0 clean-up' },
      deps(MEGAN, { clickedCard: { conversationId: 'chat-megan', activityId: 'megan-card' } }),
    ),
  );
  await settle();
  return (executeActions(card, 'approval.show')[0]?.data as { approvalId: string }).approvalId;
}

describe('register approvals here', () => {
  it('answers in a personal chat that it must be a channel, and registers nothing', async () => {
    expect(textOf(await answerText('register approvals here', deps(ALEX)))).toContain(
      'This must be a channel',
    );
    expect(await stores.approvalPosts.getApprovalsChannel()).toBeNull();
  });

  it('registers the channel for an approver, audited, and says when it replaces another', async () => {
    const reply = await answerText('register approvals here', deps(ALEX, inChannel(ALEX)));
    expect(textOf(reply)).toContain('This is now the approvals channel');
    expect(await stores.approvalPosts.getApprovalsChannel()).toMatchObject({
      conversationId: CHANNEL,
      registeredBy: { aadObjectId: 'alex' },
      registeredAt: NOW,
    });
    const other = { conversationId: '19:other@thread.tacv2', conversationKind: 'channel' as const };
    expect(textOf(await answerText('register this channel for approvals', deps(ALEX, other)))).toContain(
      'It replaces the channel registered before',
    );
    const trail = await stores.auditTrail.listAudit({ limit: 10, order: 'desc' });
    expect(trail.map((e) => [e.action, e.subject, e.actor.id])).toEqual([
      ['approvals-channel.registered', '19:other@thread.tacv2', 'alex'],
      ['approvals-channel.registered', CHANNEL, 'alex'],
    ]);
  });

  it('refuses a reader even past the guard, and unregisters for an approver', async () => {
    expect(textOf(await answerText('register approvals here', deps(MEGAN, inChannel(MEGAN))))).toContain(
      'Only approvers may choose the approvals channel',
    );
    expect(await stores.approvalPosts.getApprovalsChannel()).toBeNull();
    expect(textOf(await answerText('unregister approvals channel', deps(ALEX)))).toContain(
      'No approvals channel was registered',
    );
    await answerText('register approvals here', deps(ALEX, inChannel(ALEX)));
    expect(textOf(await answerText('unregister approvals channel', deps(ALEX)))).toContain(
      'Approvals channel unregistered',
    );
    expect(await stores.approvalPosts.getApprovalsChannel()).toBeNull();
  });
});

describe('approval cards in the approvals channel', () => {
  it('posts a new request there too, keeps that copy, and replaces both copies after the decision', async () => {
    await answerText('register approvals here', deps(ALEX, inChannel(ALEX)));
    const id = await submit();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.conversationId).toBe(CHANNEL);
    const channelCard = onlyValidCard(posted[0]!.reply) as { refresh?: unknown };
    // status only: the refresh gives approvers their buttons
    expect(executeActions(channelCard, 'approval.approve')).toHaveLength(0);
    expect(channelCard.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        title: 'Refresh',
        verb: 'approval.refresh',
        data: { approvalId: id },
      },
      userIds: ['29:alex'],
    });
    expect(await stores.approvalPosts.listApprovalCards(id)).toEqual([
      { approvalId: id, conversationId: CHANNEL, activityId: 'posted-1', postedAt: NOW },
    ]);

    // Alex approves on the channel copy: both copies are replaced, Megan is told in her chat
    const clicked = {
      clickedCard: { conversationId: `${CHANNEL};messageid=posted-1`, activityId: 'posted-1' },
    };
    const done = await answerCardVerb(
      'approval.approve',
      { approvalId: id },
      deps(ALEX, { ...inChannel(ALEX), ...clicked }),
    );
    expect(textOf(done)).toContain('done: the directory was changed and checked');
    await settle();
    expect(updates.map((u) => [u.conversationId, u.activityId]).sort()).toEqual([
      [CHANNEL, 'posted-1'],
      ['chat-megan', 'megan-card'],
    ]);
    for (const update of updates) expect(textOf(update.reply)).toContain('approved by alex');
    const told = posted.slice(1);
    expect(told.map((p) => p.conversationId)).toEqual(['chat-megan']);
    expect(textOf(told[0]!.reply)).toContain('Your fix request: done');
  });

  it('in a personal chat the clicked card is left to the invoke answer; a request asked in the channel is not posted twice', async () => {
    await answerText('register approvals here', deps(ALEX, inChannel(ALEX)));
    const card = onlyValidCard(
      await answerCardVerb(
        'fix.submit',
        { ...request, justification: 'asked in the channel' },
        deps(MEGAN, { ...inChannel(MEGAN), clickedCard: { conversationId: CHANNEL, activityId: 'form' } }),
      ),
    );
    await settle();
    expect(posted).toEqual([]);
    const id = (executeActions(card, 'approval.show')[0]?.data as { approvalId: string }).approvalId;
    await answerCardVerb(
      'approval.reject',
      { approvalId: id },
      deps(ALEX, { clickedCard: { conversationId: 'chat-alex', activityId: 'alex-card' } }),
    );
    await settle();
    expect(updates.map((u) => u.activityId)).toEqual(['form']);
    expect(posted.map((p) => p.conversationId)).toEqual([CHANNEL]);
    expect(textOf(posted[0]!.reply)).toContain('Your fix request: rejected');
  });
});

describe('refresh and undo on the approval card', () => {
  it('the refresh verb answers each viewer by role', async () => {
    const id = await submit();
    const forAlex = onlyValidCard(await answerCardVerb('approval.refresh', { approvalId: id }, deps(ALEX)));
    expect(executeActions(forAlex, 'approval.approve')).toHaveLength(1);
    const forMegan = onlyValidCard(await answerCardVerb('approval.refresh', { approvalId: id }, deps(MEGAN)));
    expect(executeActions(forMegan, 'approval.approve')).toHaveLength(0);
    expect(executeActions(forMegan, 'approval.cancel')).toHaveLength(1);
  });

  it('a succeeded request offers Request undo; the undo is a new request, asked once', async () => {
    const id = await submit();
    const pending = onlyValidCard(await answerCardVerb('approval.show', { approvalId: id }, deps(MEGAN)));
    expect(executeActions(pending, 'approval.undo')).toHaveLength(0);
    await answerCardVerb('approval.approve', { approvalId: id }, deps(ALEX));
    const succeeded = onlyValidCard(await answerCardVerb('approval.show', { approvalId: id }, deps(MEGAN)));
    expect(executeActions(succeeded, 'approval.undo')).toHaveLength(1);

    const empty = await answerCardVerb('approval.undo', { approvalId: id, justification: ' ' }, deps(MEGAN));
    expect(textOf(empty)).toContain('A justification is required.');
    const undo = onlyValidCard(
      await answerCardVerb(
        'approval.undo',
        { approvalId: id, justification: 'needed back' },
        deps(MEGAN, { clickedCard: { conversationId: 'chat-megan', activityId: 'megan-card' } }),
      ),
    );
    expect(cardText(undo)).toContain('Undo requested');
    expect(cardText(undo)).toContain('Add svc_web01$ back to Tier0 Service Ops');
    const undoId = (executeActions(undo, 'approval.show')[0]?.data as { approvalId: string }).approvalId;
    expect(await approvals.get(undoId)).toMatchObject({
      state: 'requested',
      conversationId: 'chat-megan',
      cardActivityId: 'megan-card',
    });
    const again = await answerCardVerb(
      'approval.undo',
      { approvalId: id, justification: 'again' },
      deps(ALEX),
    );
    expect(textOf(again)).toContain('An undo of this request was already requested');
  });
});
