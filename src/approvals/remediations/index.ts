import type { ApprovalAction, ApprovalActionKind } from '../approval-action';
import { clearResourceDelegation, restoreResourceDelegation } from './clear-resource-delegation';
import {
  clearUnconstrainedDelegation,
  restoreUnconstrainedDelegation,
} from './clear-unconstrained-delegation';
import { disableAccount, enableAccount } from './disable-account';
import type { Remediation } from './remediation';
import { addToGroup, removeFromGroup } from './remove-from-group';
import { removeDelegationTargets, restoreDelegationTargets } from './remove-delegation-targets';
import { restoreEncryptionTypes, setAesOnly } from './set-aes-only';

type Registry = { [K in ApprovalActionKind]: Remediation<Extract<ApprovalAction, { kind: K }>> };

/** Every remediation and its inverse, by action kind. */
export const remediations: Registry = {
  'remove-from-group': removeFromGroup,
  'add-to-group': addToGroup,
  'clear-unconstrained-delegation': clearUnconstrainedDelegation,
  'restore-unconstrained-delegation': restoreUnconstrainedDelegation,
  'remove-delegation-targets': removeDelegationTargets,
  'restore-delegation-targets': restoreDelegationTargets,
  'clear-rbcd': clearResourceDelegation,
  'restore-rbcd': restoreResourceDelegation,
  'disable-account': disableAccount,
  'enable-account': enableAccount,
  'set-aes-only': setAesOnly,
  'restore-encryption-types': restoreEncryptionTypes,
};

/** The remediation for an action, typed loosely so callers can pass any action. */
export function remediationFor(action: ApprovalAction): Remediation {
  return remediations[action.kind];
}
