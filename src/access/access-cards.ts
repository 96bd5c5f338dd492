import type { CardReply } from '../cards/card-reply';
import { renderCard } from '../cards/render';
import type { Requirement } from './access-table';
import type { AccessPolicy, AccessResolution, RoleGrant } from './decide-access';

interface Fact {
  label: string;
  values: string[];
}

/** `CN=MSA Warden Readers,OU=Groups,…` → `MSA Warden Readers`; a sAMAccountName stays as it is. */
export function groupDisplayName(group: string): string {
  const match = /^\s*[A-Za-z][\w-]*\s*=\s*((?:\\.|[^,\\])+)/.exec(group);
  if (match === null || !group.includes(',')) return group;
  return match[1]!.replace(/\\(.)/g, '$1').trim();
}

function accessCard(title: string, color: string, lines: string[], facts: Fact[]): CardReply {
  return { cards: [renderCard('access', { title, color, lines, facts })], summary: title };
}

/**
 * The one card a person without the needed role gets, for typed text and card clicks alike. It
 * names the group to ask for and nothing about the directory.
 */
export function refusalReply(
  access: AccessResolution,
  requires: Requirement,
  policy: AccessPolicy,
): CardReply {
  if (access.directoryUnavailable) {
    return accessCard('I could not check your access just now', 'Warning', ['Try again in a moment.'], []);
  }
  const group =
    requires === 'approver' ? policy.approversGroup : (policy.readersGroup ?? policy.approversGroup);
  const whom =
    group === null
      ? `msa-warden's ${requires === 'approver' ? 'approvers' : 'readers'}`
      : groupDisplayName(group);
  const first =
    requires === 'approver' && access.roles.length > 0
      ? `This needs the approver role; ask an admin to add you to ${whom}.`
      : `You are not allowed to use msa-warden; ask an admin to add you to ${whom}.`;
  return accessCard('Not allowed', 'Attention', [first, 'Type whoami to see how the bot sees you.'], []);
}

function grantLine(grant: RoleGrant, chain: readonly string[] | null | undefined): string {
  switch (grant.via) {
    case 'ad-group':
      return chain !== null && chain !== undefined && chain.length > 0
        ? `${grant.role}: you → ${chain.join(' → ')}`
        : `${grant.role}: member of ${groupDisplayName(grant.group ?? '')}`;
    case 'entra-id':
      return `${grant.role}: your Entra object id is in ACCESS_${grant.role.toUpperCase()}_IDS`;
    case 'open':
      return `${grant.role}: everyone (ACCESS_OPEN=true)`;
    case 'approver-role':
      return `${grant.role}: every approver is a reader`;
  }
}

/**
 * `whoami`: how the bot sees the person asking. `chains` holds, per role granted through an AD group,
 * the group names from the person's direct group up to the role group (for display only).
 */
export function whoamiReply(
  access: AccessResolution,
  chains: ReadonlyMap<RoleGrant['role'], readonly string[] | null>,
): CardReply {
  const { actor, account } = access;
  const facts: Fact[] = [
    { label: 'Teams user', values: [actor.name ?? '(no name)', actor.teamsId] },
    { label: 'Tenant', values: [actor.tenantId ?? '(unknown)'] },
    { label: 'userPrincipalName', values: [actor.userPrincipalName ?? '(Teams did not say)'] },
    { label: 'Entra object id', values: [actor.entraObjectId ?? '(unknown)'] },
  ];
  if (account.kind === 'matched') {
    const { person } = account;
    const state = person.disabled ? 'disabled' : person.lockedOut ? 'locked out' : 'enabled';
    facts.push({
      label: 'AD account',
      values: [person.accountName ?? person.dn, person.dn, `${state}`],
    });
  } else {
    facts.push({ label: 'AD account', values: [`none: ${account.why}`] });
  }
  facts.push({ label: 'Roles', values: [access.roles.length > 0 ? access.roles.join(', ') : 'none'] });
  if (access.grants.length > 0) {
    facts.push({
      label: 'Granted by',
      values: access.grants.map((grant) => grantLine(grant, chains.get(grant.role))),
    });
  }
  const lines = [access.reason];
  if (access.open) {
    lines.unshift(
      'WARNING: access control is off (ACCESS_OPEN=true): everyone in an allowed tenant is a reader; only ACCESS_APPROVER_IDS approve.',
    );
  }
  return accessCard('How msa-warden sees you', access.open ? 'Warning' : 'Default', lines, facts);
}

/**
 * A reply whose turn could not be written to the audit trail (the store did not answer): the answer
 * stands, since it was already computed (and any change already made), but the user is told it is
 * not on the record, so no answered turn is silently missing from the trail.
 */
export function notRecordedReply(reply: CardReply): CardReply {
  const note = accessCard(
    'This was not recorded in the audit trail',
    'Warning',
    ['The audit store did not answer. Ask again once it is back if the record matters.'],
    [],
  );
  return {
    cards: [...reply.cards, ...note.cards],
    summary: `${reply.summary} (not recorded in the audit trail)`,
  };
}
