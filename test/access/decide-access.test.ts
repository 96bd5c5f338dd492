import { decideAccess, decideTurn } from '../../src/access/decide-access';
import type { AccessPolicy, AskingUser, DirectoryAnswer } from '../../src/access/decide-access';
import type { DirectoryPerson } from '../../src/domain/access-directory';

const POLICY: AccessPolicy = {
  open: false,
  readersGroup: 'msa-warden-readers',
  approversGroup: 'CN=msa-warden-approvers,OU=Groups,DC=corp,DC=example,DC=test',
  matchAttribute: 'userPrincipalName',
  readerIds: ['aaaaaaaa-0000-0000-0000-0000000000a1'],
  approverIds: ['aaaaaaaa-0000-0000-0000-0000000000a2'],
};

const USER: AskingUser = {
  teamsId: '29:1rhea',
  name: 'Rhea Reader',
  tenantId: 'tenant-1',
  userPrincipalName: 'rhea@corp.example.test',
  entraObjectId: 'aaaaaaaa-0000-0000-0000-0000000000a1',
};

function person(
  overrides: Partial<DirectoryPerson> = {},
  member: { reader?: boolean; approver?: boolean } = {},
): DirectoryPerson {
  return {
    dn: 'CN=Rhea Reader,OU=People,DC=corp,DC=example,DC=test',
    accountName: 'rhear',
    userPrincipalName: 'rhea@corp.example.test',
    mail: null,
    displayName: 'Rhea Reader',
    disabled: false,
    lockedOut: false,
    memberships: [
      {
        role: 'reader',
        group: 'msa-warden-readers',
        groupDn: 'CN=msa-warden-readers,OU=Groups',
        member: member.reader ?? false,
      },
      {
        role: 'approver',
        group: 'msa-warden-approvers',
        groupDn: 'CN=msa-warden-approvers,OU=Groups',
        member: member.approver ?? false,
      },
    ],
    ...overrides,
  };
}

const found = (...people: DirectoryPerson[]): DirectoryAnswer => ({ kind: 'people', people });

describe('decideAccess', () => {
  it('grants reader through the readers group', () => {
    const access = decideAccess(USER, found(person({}, { reader: true })), POLICY);
    expect(access.roles).toEqual(['reader']);
    expect(access.grants).toEqual([
      expect.objectContaining({ role: 'reader', via: 'ad-group', group: 'msa-warden-readers' }),
    ]);
    expect(access.actor.directoryAccountDn).toBe('CN=Rhea Reader,OU=People,DC=corp,DC=example,DC=test');
  });

  it('makes every approver a reader too', () => {
    const access = decideAccess(USER, found(person({}, { approver: true })), POLICY);
    expect(access.roles).toEqual(['reader', 'approver']);
    expect(access.grants.find((g) => g.role === 'reader')?.via).toBe('approver-role');
  });

  it.each([
    ['disabled', { disabled: true }, /disabled/],
    ['locked out', { lockedOut: true }, /locked out/],
  ])('gives a %s AD account no role, and the Entra id list does not override it', (_label, state, reason) => {
    const access = decideAccess(USER, found(person(state, { reader: true, approver: true })), POLICY);
    expect(access.roles).toEqual([]);
    expect(access.reason).toMatch(reason);
    expect(access.account.kind).toBe('matched');
  });

  it('gives an AD account in no role group no role', () => {
    const access = decideAccess(USER, found(person()), POLICY);
    expect(access.roles).toEqual([]);
    expect(access.reason).toContain('not in msa-warden-readers or');
  });

  it('falls back to the Entra id lists for people without an AD account', () => {
    expect(decideAccess(USER, found(), POLICY).roles).toEqual(['reader']);
    const approver = { ...USER, entraObjectId: 'AAAAAAAA-0000-0000-0000-0000000000A2' };
    expect(decideAccess(approver, found(), POLICY)).toMatchObject({ roles: ['reader', 'approver'] });
    expect(decideAccess({ ...USER, entraObjectId: null }, found(), POLICY).roles).toEqual([]);
  });

  it('uses the Entra id lists when Teams gave no userPrincipalName, and says so', () => {
    const access = decideAccess({ ...USER, userPrincipalName: null }, { kind: 'not-asked' }, POLICY);
    expect(access.roles).toEqual(['reader']);
    expect(access.account.kind).toBe('none');
    expect(access.account.kind === 'none' ? access.account.why : '').toContain('userPrincipalName');
  });

  it('trusts none of several AD users with the same value', () => {
    const access = decideAccess(
      USER,
      found(person({}, { reader: true }), person({ dn: 'CN=Other' }, { reader: true })),
      POLICY,
    );
    expect(access.roles).toEqual([]);
    expect(access.reason).toMatch(/2 AD users/);
  });

  it('grants nothing when the directory did not answer (not even by id list) and marks it', () => {
    const access = decideAccess(USER, { kind: 'unavailable' }, POLICY);
    expect(access).toMatchObject({ roles: [], directoryUnavailable: true });
  });

  it('with ACCESS_OPEN, everyone is a reader, never an approver, and it says so', () => {
    const access = decideAccess(USER, { kind: 'not-asked' }, { ...POLICY, open: true });
    expect(access).toMatchObject({ roles: ['reader'], open: true });
    expect(access.reason).toContain('ACCESS_OPEN');
    expect(access.reason).toContain('nobody an approver');
  });

  it('with ACCESS_OPEN, only ACCESS_APPROVER_IDS make an approver', () => {
    const id = USER.entraObjectId!;
    const open = { ...POLICY, open: true, readersGroup: null, approversGroup: null, readerIds: [] };
    const listed = decideAccess(USER, { kind: 'not-asked' }, { ...open, approverIds: [id] });
    expect(listed).toMatchObject({ roles: ['reader', 'approver'], open: true });
    expect(listed.grants.map((g) => g.via)).toEqual(['open', 'entra-id']);
    const other = decideAccess(
      { ...USER, entraObjectId: '00000000-0000-4000-8000-000000000999' },
      { kind: 'not-asked' },
      { ...open, approverIds: [id] },
    );
    expect(other.roles).toEqual(['reader']);
  });
});

describe('decideTurn', () => {
  const reader = decideAccess(USER, found(person({}, { reader: true })), POLICY);
  const nobody = decideAccess(USER, found(person({ disabled: true })), POLICY);
  const request = { kind: 'command', command: 'list', text: 'list sMSAs' } as const;

  it('allows a role that meets the requirement', () => {
    expect(decideTurn(reader, request, 'reader')).toMatchObject({ allowed: true, roles: ['reader'] });
  });

  it('refuses a role below it, naming what is needed', () => {
    expect(decideTurn(reader, request, 'approver')).toMatchObject({
      allowed: false,
      reason: 'needs the approver role; has reader',
    });
  });

  it('lets anyone ask what needs no role, and refuses the rest with the reason there is no role', () => {
    expect(decideTurn(nobody, request, 'anyone').allowed).toBe(true);
    expect(decideTurn(nobody, request, 'reader')).toMatchObject({
      allowed: false,
      reason: 'no role: the AD account is disabled',
    });
  });
});
