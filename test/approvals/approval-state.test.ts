import {
  approvalStates,
  decideExpire,
  decideSystemMove,
  decideUserCommand,
  isFinal,
  mayRequest,
  transitions,
} from '../../src/approvals/approval-state';
import type {
  ApprovalActor,
  ApprovalSnapshot,
  ApprovalState,
  Decision,
  UserCommand,
} from '../../src/approvals/approval-state';

const NOW = new Date('2025-03-03T10:00:00Z');
const LATER = new Date('2025-03-04T10:00:00Z');

const actors = {
  requester: { id: 'u-requester', roles: ['reader'] },
  requesterApprover: { id: 'u-requester', roles: ['reader', 'approver'] },
  reader: { id: 'u-reader', roles: ['reader'] },
  approver: { id: 'u-approver', roles: ['reader', 'approver'] },
  approverOnly: { id: 'u-approver-2', roles: ['approver'] },
  outsider: { id: 'u-outsider', roles: [] },
} satisfies Record<string, ApprovalActor>;
type ActorName = keyof typeof actors;

const request = (state: ApprovalState, overrides: Partial<ApprovalSnapshot> = {}): ApprovalSnapshot => ({
  state,
  requestedBy: 'u-requester',
  approvedBy: [],
  expiresAt: LATER,
  ...overrides,
});

const outcome = (d: Decision): string => (d.ok ? `→ ${d.state}` : `refused: ${d.refusal}`);

/**
 * Every actor × command on a pending request that has not expired, one approver required. The
 * `requesterApprover` rows prove the own-request rule holds for approvers too.
 */
const pendingTable: Array<[ActorName, UserCommand, string]> = [
  ['requester', 'approve', 'refused: not-an-approver'],
  ['requester', 'reject', 'refused: not-an-approver'],
  ['requester', 'cancel', '→ cancelled'],
  ['requesterApprover', 'approve', 'refused: own-request'],
  ['requesterApprover', 'reject', 'refused: own-request'],
  ['requesterApprover', 'cancel', '→ cancelled'],
  ['reader', 'approve', 'refused: not-an-approver'],
  ['reader', 'reject', 'refused: not-an-approver'],
  ['reader', 'cancel', 'refused: not-the-requester'],
  ['approver', 'approve', '→ approved'],
  ['approver', 'reject', '→ rejected'],
  ['approver', 'cancel', 'refused: not-the-requester'],
  ['approverOnly', 'approve', '→ approved'],
  ['approverOnly', 'reject', '→ rejected'],
  ['approverOnly', 'cancel', 'refused: not-the-requester'],
  ['outsider', 'approve', 'refused: no-role'],
  ['outsider', 'reject', 'refused: no-role'],
  ['outsider', 'cancel', 'refused: no-role'],
];

describe('approval state machine', () => {
  it.each(pendingTable)('pending request: %s %s → %s', (actor, command, expected) => {
    const d = decideUserCommand(request('requested'), command, actors[actor], NOW, { approvalsRequired: 1 });
    expect(outcome(d)).toBe(expected);
  });

  const decided: ApprovalState[] = approvalStates.filter((s) => s !== 'requested');
  const commands: UserCommand[] = ['approve', 'reject', 'cancel'];
  it.each(decided.flatMap((state) => commands.map((command) => [state, command] as const)))(
    'a request that is %s refuses %s by the right person (not-pending)',
    (state, command) => {
      const who = command === 'cancel' ? actors.requester : actors.approver;
      const d = decideUserCommand(request(state), command, who, NOW, { approvalsRequired: 1 });
      expect(outcome(d)).toBe('refused: not-pending');
    },
  );

  it.each(commands)('an expired request refuses %s (the right person) as expired', (command) => {
    const who = command === 'cancel' ? actors.requester : actors.approver;
    const expired = request('requested', { expiresAt: NOW });
    expect(outcome(decideUserCommand(expired, command, who, NOW, { approvalsRequired: 1 }))).toBe(
      'refused: expired',
    );
    // one millisecond earlier it was still open
    const before = new Date(NOW.getTime() - 1);
    expect(decideUserCommand(expired, command, who, before, { approvalsRequired: 1 }).ok).toBe(true);
  });

  it('checks who clicks before the state: outsiders learn nothing about decided or expired requests', () => {
    const expired = request('succeeded', { expiresAt: NOW });
    expect(
      outcome(decideUserCommand(expired, 'approve', actors.outsider, LATER, { approvalsRequired: 1 })),
    ).toBe('refused: no-role');
    expect(
      outcome(decideUserCommand(expired, 'approve', actors.reader, LATER, { approvalsRequired: 1 })),
    ).toBe('refused: not-an-approver');
  });

  describe('two approvers', () => {
    const policy = { approvalsRequired: 2 } as const;
    it('stays requested after the first approval and is approved by a second, different approver', () => {
      const first = decideUserCommand(request('requested'), 'approve', actors.approver, NOW, policy);
      expect(first).toEqual({ ok: true, state: 'requested', approvedBy: ['u-approver'] });
      const second = decideUserCommand(
        request('requested', { approvedBy: ['u-approver'] }),
        'approve',
        actors.approverOnly,
        NOW,
        policy,
      );
      expect(second).toEqual({ ok: true, state: 'approved', approvedBy: ['u-approver', 'u-approver-2'] });
    });

    it('refuses the same approver twice', () => {
      const again = decideUserCommand(
        request('requested', { approvedBy: ['u-approver'] }),
        'approve',
        actors.approver,
        NOW,
        policy,
      );
      expect(outcome(again)).toBe('refused: already-approved-by-you');
    });

    it('never counts the requester, and a half-approved request can still be rejected or cancelled', () => {
      const half = request('requested', { approvedBy: ['u-approver'] });
      expect(outcome(decideUserCommand(half, 'approve', actors.requesterApprover, NOW, policy))).toBe(
        'refused: own-request',
      );
      expect(outcome(decideUserCommand(half, 'reject', actors.approverOnly, NOW, policy))).toBe('→ rejected');
      expect(outcome(decideUserCommand(half, 'cancel', actors.requester, NOW, policy))).toBe('→ cancelled');
    });
  });

  it('expires only a pending request whose time is up', () => {
    expect(outcome(decideExpire(request('requested', { expiresAt: NOW }), NOW))).toBe('→ expired');
    expect(outcome(decideExpire(request('requested'), NOW))).toBe('refused: not-due');
    for (const state of decided) {
      expect(outcome(decideExpire(request(state, { expiresAt: NOW }), LATER))).toBe('refused: not-pending');
    }
  });

  it('lets the bot start only an approved request and finish only an executing one', () => {
    const next = ['executing', 'succeeded', 'failed', 'nothing-to-do'] as const;
    const allowed = new Set([
      'approved→executing',
      'executing→succeeded',
      'executing→failed',
      'executing→nothing-to-do',
    ]);
    for (const state of approvalStates) {
      for (const to of next) {
        expect([`${state}→${to}`, decideSystemMove(request(state), to).ok]).toEqual([
          `${state}→${to}`,
          allowed.has(`${state}→${to}`),
        ]);
      }
    }
  });

  it('has the documented transition table; final states go nowhere', () => {
    expect(transitions.requested).toEqual(['approved', 'rejected', 'expired', 'cancelled']);
    expect(approvalStates.filter(isFinal)).toEqual([
      'succeeded',
      'failed',
      'nothing-to-do',
      'rejected',
      'expired',
      'cancelled',
    ]);
  });

  it('lets readers and approvers request, nobody else', () => {
    expect(mayRequest(actors.reader)).toBe(true);
    expect(mayRequest(actors.approverOnly)).toBe(true);
    expect(mayRequest(actors.outsider)).toBe(false);
  });
});
