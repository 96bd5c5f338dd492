import type { DirectoryPerson, MatchAttribute } from '../domain/access-directory';
import type { Role } from '../domain/role';
import type { Requirement } from './access-table';

/** The access settings the decision reads (Config['access'] has this shape). */
export interface AccessPolicy {
  open: boolean;
  readersGroup: string | null;
  approversGroup: string | null;
  matchAttribute: MatchAttribute;
  /** lower-case Entra object ids */
  readerIds: readonly string[];
  approverIds: readonly string[];
}

/** The Teams user behind a turn, as the transport knows them. */
export interface AskingUser {
  teamsId: string;
  name: string | null;
  tenantId: string | null;
  /** from TeamsInfo.getMember; null when the lookup failed or was not made */
  userPrincipalName: string | null;
  entraObjectId: string | null;
}

/** What the directory said about the user. */
export type DirectoryAnswer =
  /** no role group is configured, or there was no userPrincipalName to match */
  | { kind: 'not-asked' }
  /** the directory did not answer: no directory role can be granted this turn */
  | { kind: 'unavailable' }
  | { kind: 'people'; people: readonly DirectoryPerson[] };

/** How one role was granted. */
export interface RoleGrant {
  role: Role;
  via: 'ad-group' | 'entra-id' | 'open' | 'approver-role';
  /** the role group as configured (via ad-group) */
  group: string | null;
  groupDn: string | null;
}

/** The AD account a Teams user maps to, or why there is none. */
export type AccountMatch = { kind: 'matched'; person: DirectoryPerson } | { kind: 'none'; why: string };

/** Who is asking, for the audit trail. */
export interface Actor {
  teamsId: string;
  name: string | null;
  tenantId: string | null;
  userPrincipalName: string | null;
  entraObjectId: string | null;
  /** the matched AD account's DN, null when none */
  directoryAccountDn: string | null;
}

export interface AccessResolution {
  actor: Actor;
  account: AccountMatch;
  /** weakest first; an approver is always a reader too */
  roles: Role[];
  grants: RoleGrant[];
  /** why the user has these roles (or none), in an admin's words */
  reason: string;
  open: boolean;
  /** the directory could not be asked; a refusal should say "try again" rather than "not allowed" */
  directoryUnavailable: boolean;
}

function actorOf(user: AskingUser, dn: string | null): Actor {
  return {
    teamsId: user.teamsId,
    name: user.name,
    tenantId: user.tenantId,
    userPrincipalName: user.userPrincipalName,
    entraObjectId: user.entraObjectId,
    directoryAccountDn: dn,
  };
}

function withImpliedReader(grants: RoleGrant[]): RoleGrant[] {
  if (grants.some((g) => g.role === 'approver') && !grants.some((g) => g.role === 'reader')) {
    return [...grants, { role: 'reader', via: 'approver-role', group: null, groupDn: null }];
  }
  return grants;
}

function rolesOf(grants: readonly RoleGrant[]): Role[] {
  const has = new Set(grants.map((g) => g.role));
  return (['reader', 'approver'] as const).filter((role) => has.has(role));
}

function describeGrants(grants: readonly RoleGrant[]): string {
  return rolesOf(grants)
    .map((role) => {
      const grant = grants.find((g) => g.role === role)!;
      switch (grant.via) {
        case 'ad-group':
          return `${role} through ${grant.group ?? ''}`;
        case 'entra-id':
          return `${role} by Entra object id`;
        case 'open':
          return `${role} (ACCESS_OPEN)`;
        case 'approver-role':
          return `${role} as an approver`;
      }
    })
    .join(', ');
}

function entraGrants(user: AskingUser, policy: AccessPolicy): RoleGrant[] {
  const id = user.entraObjectId?.toLowerCase();
  if (id === undefined) return [];
  const grants: RoleGrant[] = [];
  if (policy.readerIds.includes(id))
    grants.push({ role: 'reader', via: 'entra-id', group: null, groupDn: null });
  if (policy.approverIds.includes(id))
    grants.push({ role: 'approver', via: 'entra-id', group: null, groupDn: null });
  return withImpliedReader(grants);
}

function resolution(
  user: AskingUser,
  account: AccountMatch,
  grants: RoleGrant[],
  reason: string,
  extra: { open?: boolean; directoryUnavailable?: boolean } = {},
): AccessResolution {
  return {
    actor: actorOf(user, account.kind === 'matched' ? account.person.dn : null),
    account,
    roles: rolesOf(grants),
    grants,
    reason,
    open: extra.open ?? false,
    directoryUnavailable: extra.directoryUnavailable ?? false,
  };
}

/** Falls back to the Entra object id lists, meant for people the directory does not know. */
function fallback(user: AskingUser, policy: AccessPolicy, why: string): AccessResolution {
  const grants = entraGrants(user, policy);
  const account: AccountMatch = { kind: 'none', why };
  return grants.length > 0
    ? resolution(user, account, grants, describeGrants(grants))
    : resolution(user, account, [], `no role: ${why}`);
}

/**
 * Identity facts + access settings → roles, how each was granted, and why. Pure: the directory
 * lookup happened before (the directory evaluated group membership in chain), this only judges.
 * A disabled, locked-out or ambiguous AD account grants nothing, and the Entra id lists do not
 * override it: they are for people without an AD account.
 */
export function decideAccess(
  user: AskingUser,
  directory: DirectoryAnswer,
  policy: AccessPolicy,
): AccessResolution {
  if (policy.open) {
    // Open lets everyone read, never approve: in an unconfigured bot nobody can approve a change
    // unless ACCESS_APPROVER_IDS names them.
    const approver = entraGrants(user, policy).some((g) => g.role === 'approver');
    const grants: RoleGrant[] = [{ role: 'reader', via: 'open', group: null, groupDn: null }];
    if (approver) grants.push({ role: 'approver', via: 'entra-id', group: null, groupDn: null });
    return resolution(
      user,
      { kind: 'none', why: 'access control is off (ACCESS_OPEN=true): the directory is not asked' },
      grants,
      approver
        ? 'reader (ACCESS_OPEN), approver by Entra object id (ACCESS_APPROVER_IDS)'
        : 'everyone is a reader, nobody an approver unless ACCESS_APPROVER_IDS names them: access control is off (ACCESS_OPEN=true)',
      { open: true },
    );
  }
  const groupsConfigured = policy.readersGroup !== null || policy.approversGroup !== null;
  if (!groupsConfigured) return fallback(user, policy, 'no AD role group is configured');
  if (user.userPrincipalName === null) {
    return fallback(user, policy, 'Teams did not tell the bot your userPrincipalName');
  }
  switch (directory.kind) {
    case 'not-asked':
      return fallback(user, policy, 'the directory was not asked');
    case 'unavailable':
      return resolution(
        user,
        { kind: 'none', why: 'the directory did not answer' },
        [],
        'no role this time: the directory did not answer',
        { directoryUnavailable: true },
      );
    case 'people':
      break;
  }
  const attribute = policy.matchAttribute;
  const { people } = directory;
  if (people.length === 0) {
    return fallback(user, policy, `no AD user has ${attribute} ${user.userPrincipalName}`);
  }
  if (people.length > 1) {
    return resolution(
      user,
      { kind: 'none', why: `${people.length} AD users have ${attribute} ${user.userPrincipalName}` },
      [],
      `no role: ${people.length} AD users have ${attribute} ${user.userPrincipalName}, so none is trusted`,
    );
  }
  const person = people[0]!;
  const account: AccountMatch = { kind: 'matched', person };
  if (person.disabled) return resolution(user, account, [], 'no role: the AD account is disabled');
  if (person.lockedOut) return resolution(user, account, [], 'no role: the AD account is locked out');
  const grants = withImpliedReader(
    person.memberships
      .filter((m) => m.member)
      .map((m) => ({ role: m.role, via: 'ad-group' as const, group: m.group, groupDn: m.groupDn })),
  );
  if (grants.length === 0) {
    const groups = [policy.readersGroup, policy.approversGroup].filter((g) => g !== null).join(' or ');
    return resolution(user, account, [], `no role: the AD account is not in ${groups}`);
  }
  return resolution(user, account, grants, describeGrants(grants));
}

/** What was asked on one turn. */
export type TurnRequest =
  { kind: 'command'; command: string; text: string } | { kind: 'card'; verb: string; data: unknown };

/** The access decision of one turn: who asked what, with which roles, allowed or refused and why. */
export interface AccessDecision {
  actor: Actor;
  roles: Role[];
  request: TurnRequest;
  requires: Requirement;
  allowed: boolean;
  reason: string;
}

export function hasRequirement(roles: readonly Role[], requires: Requirement): boolean {
  return requires === 'anyone' || roles.includes(requires);
}

/** One turn: may this person make this request? */
export function decideTurn(
  access: AccessResolution,
  request: TurnRequest,
  requires: Requirement,
): AccessDecision {
  const allowed = hasRequirement(access.roles, requires);
  let reason: string;
  if (requires === 'anyone') reason = 'anyone may ask this';
  else if (allowed) reason = access.reason;
  else if (access.roles.length === 0) reason = access.reason;
  else reason = `needs the ${requires} role; has ${access.roles.join(', ')}`;
  return { actor: access.actor, roles: access.roles, request, requires, allowed, reason };
}
