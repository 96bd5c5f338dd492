/** userAccountControl bits the product reads ([MS-ADTS] §2.2.16); decoded here, never past directory/. */
export const AccountControl = {
  disabled: 0x2,
  workstationTrust: 0x1000,
  trustedForDelegation: 0x80000,
  notDelegated: 0x100000,
  useDesKeyOnly: 0x200000,
  trustedToAuthForDelegation: 0x1000000,
} as const;

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
