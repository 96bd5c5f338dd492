import type { AccountWriteState } from '../../domain/directory-writer';
import type { ApprovalAction } from '../approval-action';
import { applyChange, sameDn } from './remediation';
import type { Remediation } from './remediation';

type Remove = Extract<ApprovalAction, { kind: 'remove-from-group' }>;
type Add = Extract<ApprovalAction, { kind: 'add-to-group' }>;

const isDirectMember = (account: AccountWriteState, groupDn: string): boolean =>
  account.memberOfDns.some((dn) => sameDn(dn, groupDn));

const membership = (member: boolean): string => (member ? 'member' : 'not a member');

/**
 * Removes the account from the group on its privileged path that holds it directly: deletes exactly
 * the account's DN from the group's `member` (53 when it is gone already: nothing to do).
 */
export const removeFromGroup: Remediation<Remove> = {
  kind: 'remove-from-group',
  describe: (action, account, name) => ({
    summary: `Remove ${name} from ${action.groupName}`,
    attribute: `member of ${action.groupDn}`,
    before: account === null ? membership(true) : membership(isDirectMember(account, action.groupDn)),
    after: membership(false),
  }),
  precondition: (action, account) =>
    isDirectMember(account, action.groupDn)
      ? {
          kind: 'change',
          change: {
            kind: 'remove-values',
            dn: action.groupDn,
            attribute: 'member',
            values: [account.distinguishedName],
          },
          before: { memberOf: action.groupDn, member: true },
          after: { memberOf: action.groupDn, member: false },
        }
      : { kind: 'nothing-to-do', reason: `the account is no longer a direct member of ${action.groupName}` },
  apply: applyChange,
  verify: (action, account) => !isDirectMember(account, action.groupDn),
  undo: (action) => ({ kind: 'add-to-group', groupDn: action.groupDn, groupName: action.groupName }),
};

/** The inverse: puts the account back into the group (68 when it is there already: nothing to do). */
export const addToGroup: Remediation<Add> = {
  kind: 'add-to-group',
  describe: (action, account, name) => ({
    summary: `Add ${name} back to ${action.groupName}`,
    attribute: `member of ${action.groupDn}`,
    before: account === null ? membership(false) : membership(isDirectMember(account, action.groupDn)),
    after: membership(true),
  }),
  precondition: (action, account) =>
    isDirectMember(account, action.groupDn)
      ? { kind: 'nothing-to-do', reason: `the account is already a direct member of ${action.groupName}` }
      : {
          kind: 'change',
          change: {
            kind: 'add-values',
            dn: action.groupDn,
            attribute: 'member',
            values: [account.distinguishedName],
          },
          before: { memberOf: action.groupDn, member: false },
          after: { memberOf: action.groupDn, member: true },
        },
  apply: applyChange,
  verify: (action, account) => isDirectMember(account, action.groupDn),
  undo: (action) => ({ kind: 'remove-from-group', groupDn: action.groupDn, groupName: action.groupName }),
};
