import { AccountControl } from '../domain/user-account-control';

export { AccountControl };

/** The userAccountControl flags as named booleans. */
export function decodeAccountControl(flags: number): {
  enabled: boolean;
  trustedForDelegation: boolean;
  trustedToAuthForDelegation: boolean;
  notDelegated: boolean;
  useDesKeyOnly: boolean;
} {
  const has = (bit: number): boolean => (flags & bit) !== 0;
  return {
    enabled: !has(AccountControl.disabled),
    trustedForDelegation: has(AccountControl.trustedForDelegation),
    trustedToAuthForDelegation: has(AccountControl.trustedToAuthForDelegation),
    notDelegated: has(AccountControl.notDelegated),
    useDesKeyOnly: has(AccountControl.useDesKeyOnly),
  };
}
