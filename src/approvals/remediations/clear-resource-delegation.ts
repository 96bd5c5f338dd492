import type { ApprovalAction } from '../approval-action';
import { applyChange } from './remediation';
import type { Remediation } from './remediation';

type Clear = Extract<ApprovalAction, { kind: 'clear-rbcd' }>;
type Restore = Extract<ApprovalAction, { kind: 'restore-rbcd' }>;

const words = (descriptor: string | null): string =>
  descriptor === null
    ? 'nobody may act on behalf of other users to this account (not set)'
    : `set: some principals may act on behalf of other users to this account (${Buffer.from(descriptor, 'base64').length}-byte descriptor)`;

/**
 * Clears resource-based constrained delegation: deletes exactly the
 * msDS-AllowedToActOnBehalfOfOtherIdentity descriptor read just before (16 when it changed
 * meanwhile). Windows AD allows it with WriteProperty; Samba 4.17 keeps the attribute system-only
 * and refuses any LDAP change with 19 (constraint), which ends the request as failed.
 */
export const clearResourceDelegation: Remediation<Clear> = {
  kind: 'clear-rbcd',
  describe: (_action, account, name) => ({
    summary: `Clear resource-based delegation to ${name}`,
    attribute: 'msDS-AllowedToActOnBehalfOfOtherIdentity',
    before: account === null ? '(read just before the change)' : words(account.resourceDelegationDescriptor),
    after: words(null),
  }),
  precondition: (_action, account) => {
    const current = account.resourceDelegationDescriptor;
    if (current === null)
      return { kind: 'nothing-to-do', reason: 'resource-based delegation is not set any more' };
    return {
      kind: 'change',
      change: {
        kind: 'remove-values',
        dn: account.distinguishedName,
        attribute: 'resource-delegation',
        values: [current],
      },
      before: { resourceDelegationDescriptor: current },
      after: { resourceDelegationDescriptor: null },
    };
  },
  apply: applyChange,
  verify: (_action, account) => account.resourceDelegationDescriptor === null,
  undo: (_action, before) =>
    before.resourceDelegationDescriptor === null
      ? { kind: 'clear-rbcd' }
      : { kind: 'restore-rbcd', descriptor: before.resourceDelegationDescriptor },
};

/** The inverse: puts the descriptor back when the attribute is empty (never overwrites another one). */
export const restoreResourceDelegation: Remediation<Restore> = {
  kind: 'restore-rbcd',
  describe: (action, account, name) => ({
    summary: `Restore resource-based delegation to ${name}`,
    attribute: 'msDS-AllowedToActOnBehalfOfOtherIdentity',
    before: account === null ? '(read just before the change)' : words(account.resourceDelegationDescriptor),
    after: words(action.descriptor),
  }),
  precondition: (action, account) => {
    const current = account.resourceDelegationDescriptor;
    if (current === action.descriptor)
      return { kind: 'nothing-to-do', reason: 'the descriptor is already in place' };
    if (current !== null) {
      // Adding would be refused on a single-valued attribute; replacing would drop someone's change.
      return {
        kind: 'nothing-to-do',
        reason: 'another resource-based delegation was set meanwhile; not overwritten',
      };
    }
    return {
      kind: 'change',
      change: {
        kind: 'add-values',
        dn: account.distinguishedName,
        attribute: 'resource-delegation',
        values: [action.descriptor],
      },
      before: { resourceDelegationDescriptor: null },
      after: { resourceDelegationDescriptor: action.descriptor },
    };
  },
  apply: applyChange,
  verify: (action, account) => account.resourceDelegationDescriptor === action.descriptor,
  undo: () => ({ kind: 'clear-rbcd' }),
};
