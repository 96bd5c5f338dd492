import type { AccountWriteState } from '../../domain/directory-writer';
import type { ApprovalAction } from '../approval-action';
import { applyChange } from './remediation';
import type { Remediation } from './remediation';

type Remove = Extract<ApprovalAction, { kind: 'remove-delegation-targets' }>;
type Restore = Extract<ApprovalAction, { kind: 'restore-delegation-targets' }>;

const key = (spn: string): string => spn.trim().toLowerCase();

/** The stored values (exact spelling) the action names; all of them for `all`. */
function chosen(action: Remove, account: AccountWriteState): string[] {
  if (action.targets === 'all') return [...account.delegationTargets];
  const wanted = new Set(action.targets.map(key));
  return account.delegationTargets.filter((spn) => wanted.has(key(spn)));
}

const list = (spns: readonly string[]): string => (spns.length === 0 ? '(none)' : spns.join(', '));

/**
 * Removes constrained-delegation targets (all, or the chosen SPNs): deletes exactly those values of
 * msDS-AllowedToDelegateTo as read just before, leaving any other target. Needs
 * SeEnableDelegationPrivilege besides WriteProperty.
 */
export const removeDelegationTargets: Remediation<Remove> = {
  kind: 'remove-delegation-targets',
  describe: (action, account, name) => {
    const removing =
      account === null
        ? action.targets === 'all'
          ? ['every target']
          : action.targets
        : chosen(action, account);
    const kept =
      account === null
        ? []
        : account.delegationTargets.filter((spn) => !removing.some((r) => key(r) === key(spn)));
    return {
      summary: `Stop ${name} from delegating to ${list(removing)}`,
      attribute: 'msDS-AllowedToDelegateTo',
      before: account === null ? '(read just before the change)' : list(account.delegationTargets),
      after: account === null ? '(the other targets)' : list(kept),
    };
  },
  precondition: (action, account) => {
    const values = chosen(action, account);
    if (values.length === 0) {
      return { kind: 'nothing-to-do', reason: 'none of these delegation targets is set any more' };
    }
    return {
      kind: 'change',
      change: {
        kind: 'remove-values',
        dn: account.distinguishedName,
        attribute: 'delegation-targets',
        values,
      },
      before: { delegationTargets: account.delegationTargets },
      after: { delegationTargets: account.delegationTargets.filter((spn) => !values.includes(spn)) },
    };
  },
  apply: applyChange,
  verify: (action, account) => chosen(action, account).length === 0,
  undo: (action, before) => ({ kind: 'restore-delegation-targets', targets: chosen(action, before) }),
};

/** The inverse: adds the removed targets back (only those missing). */
export const restoreDelegationTargets: Remediation<Restore> = {
  kind: 'restore-delegation-targets',
  describe: (action, account, name) => ({
    summary: `Let ${name} delegate to ${list(action.targets)} again`,
    attribute: 'msDS-AllowedToDelegateTo',
    before: account === null ? '(read just before the change)' : list(account.delegationTargets),
    after:
      account === null
        ? list(action.targets)
        : list([...account.delegationTargets, ...missing(action, account)]),
  }),
  precondition: (action, account) => {
    const values = missing(action, account);
    if (values.length === 0)
      return { kind: 'nothing-to-do', reason: 'every one of these targets is set already' };
    return {
      kind: 'change',
      change: { kind: 'add-values', dn: account.distinguishedName, attribute: 'delegation-targets', values },
      before: { delegationTargets: account.delegationTargets },
      after: { delegationTargets: [...account.delegationTargets, ...values] },
    };
  },
  apply: applyChange,
  verify: (action, account) => missing(action, account).length === 0,
  undo: (action) => ({ kind: 'remove-delegation-targets', targets: [...action.targets] }),
};

function missing(action: Restore, account: AccountWriteState): string[] {
  const present = new Set(account.delegationTargets.map(key));
  return action.targets.filter((spn) => !present.has(key(spn)));
}
