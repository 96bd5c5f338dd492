import { remediationFor, remediations } from '../../../src/approvals/remediations';
import { aesOnly } from '../../../src/approvals/remediations/set-aes-only';
import type { ApprovalAction } from '../../../src/approvals/approval-action';
import type { AccountWriteState } from '../../../src/domain/directory-writer';

const DN = 'CN=svc_fix,OU=Service Accounts,DC=corp,DC=example,DC=test';
const DA = 'CN=Domain Admins,CN=Users,DC=corp,DC=example,DC=test';
// A self-relative descriptor as AD returns it for RBCD (bytes only matter as an opaque value here).
const RBCD = Buffer.from('0100048014000000000000000000000024000000', 'hex').toString('base64');

const account = (overrides: Partial<AccountWriteState> = {}): AccountWriteState => ({
  distinguishedName: DN,
  accountControlFlags: 0x1000,
  supportedEncryptionTypes: 28,
  delegationTargets: [],
  resourceDelegationDescriptor: null,
  memberOfDns: [],
  ...overrides,
});

/** precondition → (pretend the directory applied it) → verify, and the undo's round trip. */
function applyInMemory(state: AccountWriteState, action: ApprovalAction): AccountWriteState {
  const plan = remediationFor(action).precondition(action, state);
  if (plan.kind !== 'change') throw new Error(`expected a change, got nothing-to-do: ${plan.reason}`);
  const c = plan.change;
  if (c.kind === 'swap-number') {
    const current =
      c.attribute === 'account-control' ? state.accountControlFlags : state.supportedEncryptionTypes;
    if (current !== c.from) throw new Error('16: compare-and-swap refused');
    return c.attribute === 'account-control'
      ? { ...state, accountControlFlags: c.to ?? 0 }
      : { ...state, supportedEncryptionTypes: c.to };
  }
  const add = c.kind === 'add-values';
  switch (c.attribute) {
    case 'member':
      return {
        ...state,
        memberOfDns: add ? [...state.memberOfDns, c.dn] : state.memberOfDns.filter((g) => g !== c.dn),
      };
    case 'delegation-targets':
      return {
        ...state,
        delegationTargets: add
          ? [...state.delegationTargets, ...c.values]
          : state.delegationTargets.filter((v) => !c.values.includes(v)),
      };
    case 'resource-delegation':
      return { ...state, resourceDelegationDescriptor: add ? (c.values[0] ?? null) : null };
  }
}

const cases: Array<{ name: string; action: ApprovalAction; start: AccountWriteState }> = [
  {
    name: 'remove from group',
    action: { kind: 'remove-from-group', groupDn: DA, groupName: 'Domain Admins' },
    start: account({ memberOfDns: [DA] }),
  },
  {
    name: 'clear unconstrained delegation',
    action: { kind: 'clear-unconstrained-delegation' },
    start: account({ accountControlFlags: 0x1000 | 0x80000 | 0x20 }),
  },
  {
    name: 'remove all delegation targets',
    action: { kind: 'remove-delegation-targets', targets: 'all' },
    start: account({ delegationTargets: ['HTTP/web01.corp.example.test', 'HTTP/web01'] }),
  },
  {
    name: 'remove chosen delegation targets',
    action: { kind: 'remove-delegation-targets', targets: ['http/WEB01'] },
    start: account({ delegationTargets: ['HTTP/web01.corp.example.test', 'HTTP/web01'] }),
  },
  {
    name: 'clear RBCD',
    action: { kind: 'clear-rbcd' },
    start: account({ resourceDelegationDescriptor: RBCD }),
  },
  {
    name: 'disable',
    action: { kind: 'disable-account' },
    start: account({ accountControlFlags: 0x1000 | 0x20 }),
  },
  {
    name: 'AES only',
    action: { kind: 'set-aes-only' },
    start: account({ supportedEncryptionTypes: 0x1c | 0x20 }),
  },
  {
    name: 'AES only when unset',
    action: { kind: 'set-aes-only' },
    start: account({ supportedEncryptionTypes: null }),
  },
];

describe('remediations', () => {
  it('cover every action kind, each with its inverse', () => {
    expect(Object.keys(remediations).sort()).toEqual(
      [
        'add-to-group',
        'clear-rbcd',
        'clear-unconstrained-delegation',
        'disable-account',
        'enable-account',
        'remove-delegation-targets',
        'remove-from-group',
        'restore-delegation-targets',
        'restore-encryption-types',
        'restore-rbcd',
        'restore-unconstrained-delegation',
        'set-aes-only',
      ].sort(),
    );
  });

  it.each(cases)(
    '$name: changes, verifies, has nothing to do a second time, and undo restores it',
    ({ action, start }) => {
      const r = remediationFor(action);
      expect(r.verify(action, start)).toBe(false);
      const after = applyInMemory(start, action);
      expect(r.verify(action, after)).toBe(true);
      expect(r.precondition(action, after).kind).toBe('nothing-to-do');
      const undo = r.undo(action, start);
      const restored = applyInMemory(after, undo);
      expect(restored).toEqual(start);
      expect(remediationFor(undo).precondition(undo, restored).kind).toBe('nothing-to-do');
    },
  );

  it('describes the change in words with before and after values', () => {
    const d = remediationFor(cases[5]!.action).describe(cases[5]!.action, cases[5]!.start, 'svc_fix');
    expect(d).toEqual({
      summary: 'Disable svc_fix',
      attribute: 'userAccountControl',
      before: 'enabled (userAccountControl 0x1020)',
      after: 'disabled (userAccountControl 0x1022)',
    });
    const enc = remediationFor({ kind: 'set-aes-only' }).describe(
      { kind: 'set-aes-only' },
      account(),
      'svc_fix',
    );
    expect(enc.before).toBe('RC4, AES128, AES256 (msDS-SupportedEncryptionTypes 0x1c)');
    expect(enc.after).toBe('AES128, AES256 (msDS-SupportedEncryptionTypes 0x18)');
    const group = remediationFor(cases[0]!.action).describe(cases[0]!.action, null, 'svc_fix');
    expect(group.summary).toBe('Remove svc_fix from Domain Admins');
  });

  it('computes flag changes from the value just read and never touches other bits (compare-and-swap)', () => {
    const flags = 0x1000 | 0x80000 | 0x20 | 0x400000; // + PASSWD_NOTREQD + DONT_REQ_PREAUTH
    const plan = remediationFor({ kind: 'disable-account' }).precondition(
      { kind: 'disable-account' },
      account({ accountControlFlags: flags }),
    );
    expect(plan).toMatchObject({
      kind: 'change',
      change: { kind: 'swap-number', attribute: 'account-control', from: flags, to: flags | 0x2 },
    });
    const clear = remediationFor({ kind: 'clear-unconstrained-delegation' }).precondition(
      { kind: 'clear-unconstrained-delegation' },
      account({ accountControlFlags: flags }),
    );
    expect(clear).toMatchObject({ change: { from: flags, to: flags & ~0x80000 } });
  });

  it('keeps encryption-type bits it does not own', () => {
    expect(aesOnly(0x1c)).toBe(0x18);
    expect(aesOnly(0x7 | 0x20 | 0x80000)).toBe(0x18 | 0x20 | 0x80000);
    expect(aesOnly(null)).toBe(0x18);
  });

  it('deletes exactly the stored spelling of the chosen delegation targets', () => {
    const plan = remediationFor(cases[3]!.action).precondition(cases[3]!.action, cases[3]!.start);
    expect(plan).toMatchObject({
      change: { kind: 'remove-values', attribute: 'delegation-targets', values: ['HTTP/web01'] },
    });
  });

  it('removes exactly the member value of the account from that group', () => {
    const plan = remediationFor(cases[0]!.action).precondition(cases[0]!.action, cases[0]!.start);
    expect(plan).toMatchObject({
      change: { kind: 'remove-values', dn: DA, attribute: 'member', values: [DN] },
    });
  });

  it('never overwrites an RBCD descriptor someone set after the clear', () => {
    const other = Buffer.from('other').toString('base64');
    const restore = { kind: 'restore-rbcd', descriptor: RBCD } as const;
    expect(
      remediationFor(restore).precondition(restore, account({ resourceDelegationDescriptor: other })).kind,
    ).toBe('nothing-to-do');
  });

  it.each(cases)('$name: a precondition that no longer holds is nothing to do', ({ action, start }) => {
    const fixedByHand = applyInMemory(start, action);
    const plan = remediationFor(action).precondition(action, fixedByHand);
    expect(plan.kind).toBe('nothing-to-do');
  });
});
