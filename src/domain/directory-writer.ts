/**
 * What the remediations read about one account just before and just after a change, in an admin's
 * words. Read by DN through the writer's own connection, so a read after a write sees that write
 * (same domain controller).
 */
export interface AccountWriteState {
  distinguishedName: string;
  /** userAccountControl */
  accountControlFlags: number;
  /** msDS-SupportedEncryptionTypes; null when not set */
  supportedEncryptionTypes: number | null;
  /** msDS-AllowedToDelegateTo, exactly as stored */
  delegationTargets: string[];
  /** msDS-AllowedToActOnBehalfOfOtherIdentity (a security descriptor), base64; null when not set */
  resourceDelegationDescriptor: string | null;
  /** DNs of the groups the account is directly in (memberOf) */
  memberOfDns: string[];
}

/** A single-valued number the remediations change by compare-and-swap. */
export type SwappedNumber = 'account-control' | 'encryption-types';

/** A multi-valued attribute the remediations add or remove exact values of. */
export type ValueList = 'member' | 'delegation-targets' | 'resource-delegation';

/**
 * One conditional write, all-or-nothing:
 * - `swap-number`: delete `from` and add `to` in one modify, so the directory refuses it when the
 *   value moved on since it was read (never a blind replace that could drop other flags);
 *   `from: null` only adds, `to: null` only deletes.
 * - `remove-values` / `add-values`: deletes or adds exactly these values (`resource-delegation`
 *   values are base64 of the descriptor bytes). Removing an absent value or adding a present one is
 *   refused by the directory (53/16, 68/20): the caller reads again to tell "already so" from a race.
 */
export type DirectoryChange =
  | {
      kind: 'swap-number';
      dn: string;
      attribute: SwappedNumber;
      from: number | null;
      to: number | null;
    }
  | { kind: 'remove-values' | 'add-values'; dn: string; attribute: ValueList; values: string[] };

/**
 * The directory port for fixes, implemented over LDAP in src/directory/ under its own credential
 * (never the read account). Throws DirectoryError: `already-in-state` (16/20/53/68),
 * `insufficient-rights` (50), `constraint` (19 …), connection reasons.
 */
export interface DirectoryWriter {
  /** null when no object has that DN */
  readAccount(dn: string): Promise<AccountWriteState | null>;
  write(change: DirectoryChange): Promise<void>;
  close(): Promise<void>;
}
