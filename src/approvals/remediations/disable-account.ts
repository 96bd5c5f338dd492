import { AccountControl } from '../../domain/user-account-control';
import type { ApprovalAction } from '../approval-action';
import { accountControlFlag } from './account-control-flag';

/** Disables the account: sets ACCOUNTDISABLE (0x2), keeping every other userAccountControl bit. */
export const disableAccount = accountControlFlag<Extract<ApprovalAction, { kind: 'disable-account' }>>({
  kind: 'disable-account',
  bit: AccountControl.disabled,
  set: true,
  summary: (name) => `Disable ${name}`,
  setWords: 'disabled',
  clearWords: 'enabled',
  inverse: 'enable-account',
});

/** The inverse: clears ACCOUNTDISABLE, keeping every other bit. */
export const enableAccount = accountControlFlag<Extract<ApprovalAction, { kind: 'enable-account' }>>({
  kind: 'enable-account',
  bit: AccountControl.disabled,
  set: false,
  summary: (name) => `Enable ${name} again`,
  setWords: 'disabled',
  clearWords: 'enabled',
  inverse: 'disable-account',
});
