/**
 * userAccountControl bits ([MS-ADTS] §2.2.16). Reads decode them in directory/ into named booleans;
 * only the remediations that own one bit (and write it by compare-and-swap) name it here.
 */
export const AccountControl = {
  disabled: 0x2,
  workstationTrust: 0x1000,
  trustedForDelegation: 0x80000,
  notDelegated: 0x100000,
  useDesKeyOnly: 0x200000,
  trustedToAuthForDelegation: 0x1000000,
} as const;
