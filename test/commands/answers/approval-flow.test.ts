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
import { ALEX, MEGAN, TIER0_GROUP, actor, removalRequest as request } from '../../support/approval-actors';

/**
 * The approval verbs and commands through the router, over the in-memory store and a fake writer:
 * what each person's card shows, and that the service's answer (not the card) decides.
 */

let stores: Stores;
let writer: FakeDirectoryWriter;
let approvals: ApprovalService;
let accountDn: string;
const updates: Array<{ conversationId: string; activityId: string; reply: CardReply }> = [];

beforeEach(async () => {
  stores = await openStore({ kind: 'sqlite', path: ':memory:' });
  const account = await fixtureDeps(NOW).directory.findServiceAccount('svc_web01$');
  if (account === null) throw new Error('fixture svc_web01$ is missing');
  accountDn = account.distinguishedName;
  writer = new FakeDirectoryWriter([
    {
      distinguishedName: accountDn,
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
  updates.length = 0;
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
    updateCard: (conversationId, activityId, reply) => {
      updates.push({ conversationId, activityId, reply });
      return Promise.resolve();
    },
    ...extra,
  };
}

async function submit(justification = 'tier-0 clean-up'): Promise<string> {
  const card = onlyValidCard(
    await answerCardVerb(
      'fix.submit',
      { ...request, justification },
      deps(MEGAN, { clickedCard: { conversationId: 'chat-megan', activityId: 'megan-card' } }),
    ),
  );
  const [refresh] = executeActions(card, 'approval.show');
  return (refresh?.data as { approvalId: string }).approvalId;
}

const textOf = (reply: CardReply): string => cardText(onlyValidCard(reply));

describe('the approval flow through the router', () => {
  it('a submitted request shows the change, the justification, the requester and Cancel (not Approve)', async () => {
    const card = onlyValidCard(
      await answerCardVerb('fix.submit', { ...request, justification: 'tier-0 clean-up' }, deps(MEGAN)),
    );
    const text = cardText(card);
    expect(text).toContain('waiting for approval');
    expect(text).toContain('Remove svc_web01$ from Tier0 Service Ops');
    expect(text).toContain('Justification: \ntier-0 clean-up');
    expect(text).toContain('Requested by: \nmegan@corp.example.test');
    expect(text).toContain('Expires: \n2025-11-26 12:00 UTC');
    expect(executeActions(card, 'approval.cancel')).toHaveLength(1);
    expect(executeActions(card, 'approval.approve')).toHaveLength(0);
  });

  it('refuses a request without a justification and records nothing', async () => {
    const reply = await answerCardVerb('fix.submit', { ...request, justification: '  ' }, deps(MEGAN));
    expect(textOf(reply)).toContain('A justification is required.');
    expect(await approvals.listPending()).toEqual([]);
  });

  it('without a fixer account, Submit says fixes are not enabled', async () => {
    const off = new ApprovalService({
      store: storePorts(stores),
      writer: null,
      policy: { approvalsRequired: 1, ttlMs: 1000 },
    });
    const reply = await answerCardVerb(
      'fix.submit',
      { ...request, justification: 'x' },
      deps(MEGAN, { approvals: off }),
    );
    expect(textOf(reply)).toContain('Fixes are not enabled');
    expect(writer.writes).toEqual([]);
  });

  it('an approver approves: one write, the outcome on the card, the requester’s card updated', async () => {
    const id = await submit();
    const reply = await answerCardVerb('approval.approve', { approvalId: id }, deps(ALEX));
    expect(textOf(reply)).toContain('done: the directory was changed and checked');
    expect(writer.writes).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(updates.map((u) => [u.conversationId, u.activityId])).toContainEqual(['chat-megan', 'megan-card']);
    expect(cardText(updates.at(-1)!.reply.cards[0])).toContain('approved by alex');
  });

  it('answers "still running" when the change outlasts the wait, and the change still happens once', async () => {
    writer.delayMs = 200;
    const id = await submit();
    const reply = await answerCardVerb(
      'approval.approve',
      { approvalId: id },
      deps(ALEX, { executionWaitMs: 10 }),
    );
    expect(textOf(reply)).toContain('the change is still running');
    // the change goes on in the background: wait for its end, not for a fixed time
    for (let i = 0; i < 500 && (await approvals.get(id))?.state !== 'succeeded'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(writer.writes).toHaveLength(1);
    expect(textOf(await answerText(`show request ${id}`, deps(MEGAN)))).toContain(
      'done: the directory was changed',
    );
  });

  it('the server decides whatever the card showed: own request, a reader, a second click', async () => {
    const id = await submit();
    const megan = actor('megan', ['reader', 'approver']);
    expect(textOf(await answerCardVerb('approval.approve', { approvalId: id }, deps(megan)))).toContain(
      'You cannot approve or reject your own request',
    );
    expect(
      textOf(await answerCardVerb('approval.reject', { approvalId: id }, deps(actor('rhea', ['reader'])))),
    ).toContain('Only approvers may approve or reject a request.');
    expect(textOf(await answerCardVerb('approval.cancel', { approvalId: id }, deps(ALEX)))).toContain(
      'Only the requester may cancel a request.',
    );
    expect(textOf(await answerCardVerb('approval.reject', { approvalId: id }, deps(ALEX)))).toContain(
      'rejected',
    );
    expect(textOf(await answerCardVerb('approval.approve', { approvalId: id }, deps(ALEX)))).toContain(
      'This request was already decided.',
    );
    expect(writer.writes).toEqual([]);
  });

  it('lists pending approvals and my requests with Open buttons; an unknown id says so', async () => {
    const id = await submit();
    const pending = onlyValidCard(await answerText('pending approvals', deps(ALEX)));
    expect(cardText(pending)).toContain('Pending approvals: 1');
    expect(executeActions(pending, 'approval.show').map((a) => a.data)).toEqual([{ approvalId: id }]);
    expect(textOf(await answerText('my requests', deps(MEGAN)))).toContain('Your requests: 1');
    expect(textOf(await answerText('my requests', deps(ALEX)))).toContain('You have not requested any fix.');
    expect(textOf(await answerCardVerb('approval.show', { approvalId: 'nope' }, deps(ALEX)))).toContain(
      'There is no such request.',
    );
  });

  it('without the access guard (no asker) nobody decides anything', async () => {
    const id = await submit();
    const { asker: _, ...anonymous } = deps(ALEX);
    expect(textOf(await answerCardVerb('approval.approve', { approvalId: id }, anonymous))).toContain(
      'Who is asking is unknown',
    );
    expect(writer.writes).toEqual([]);
  });
});
