import { actionFromProposal, approvalRequestParamsSchema } from '../../src/approvals/approval-action';

describe('approval actions', () => {
  it("turn a finding's proposal into the action of a request", () => {
    expect(
      actionFromProposal({ kind: 'remove-from-group', groupDn: 'CN=DA', groupName: 'Domain Admins' }),
    ).toEqual({
      kind: 'remove-from-group',
      groupDn: 'CN=DA',
      groupName: 'Domain Admins',
    });
    expect(actionFromProposal({ kind: 'remove-delegation-targets', targets: [] })).toEqual({
      kind: 'remove-delegation-targets',
      targets: 'all',
    });
    expect(actionFromProposal({ kind: 'remove-delegation-targets', targets: ['HTTP/a'] })).toEqual({
      kind: 'remove-delegation-targets',
      targets: ['HTTP/a'],
    });
    expect(actionFromProposal({ kind: 'set-aes-only' })).toEqual({ kind: 'set-aes-only' });
  });

  it('read back from the store only in the known shape', () => {
    const good = {
      change: { kind: 'disable-account' },
      accountDn: 'CN=x',
      justification: 'why',
      undoOf: null,
    };
    expect(approvalRequestParamsSchema.safeParse(good).success).toBe(true);
    expect(approvalRequestParamsSchema.safeParse({ ...good, change: { kind: 'format-c' } }).success).toBe(
      false,
    );
    expect(approvalRequestParamsSchema.safeParse({ ...good, justification: '' }).success).toBe(false);
  });
});
