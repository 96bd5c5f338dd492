import { AccountControl } from '../../domain/user-account-control';
import type { ApprovalAction } from '../approval-action';
import { accountControlFlag } from './account-control-flag';

const TRUSTED = 'trusted for delegation to any service';
const NOT_TRUSTED = 'not trusted for unconstrained delegation';

/**
 * Clears TRUSTED_FOR_DELEGATION (0x80000), keeping every other bit. The writer account needs
 * SeEnableDelegationPrivilege for this, as on Windows.
 */
export const clearUnconstrainedDelegation = accountControlFlag<
  Extract<ApprovalAction, { kind: 'clear-unconstrained-delegation' }>
>({
  kind: 'clear-unconstrained-delegation',
  bit: AccountControl.trustedForDelegation,
  set: false,
  summary: (name) => `Stop ${name} from delegating to any service (clear unconstrained delegation)`,
  setWords: TRUSTED,
  clearWords: NOT_TRUSTED,
  inverse: 'restore-unconstrained-delegation',
});

/** The inverse: sets TRUSTED_FOR_DELEGATION again. */
export const restoreUnconstrainedDelegation = accountControlFlag<
  Extract<ApprovalAction, { kind: 'restore-unconstrained-delegation' }>
>({
  kind: 'restore-unconstrained-delegation',
  bit: AccountControl.trustedForDelegation,
  set: true,
  summary: (name) => `Trust ${name} for unconstrained delegation again`,
  setWords: TRUSTED,
  clearWords: NOT_TRUSTED,
  inverse: 'clear-unconstrained-delegation',
});
