import type { Computer } from './computer';
import type { ServiceAccount, ServiceAccountKind } from './service-account';

/**
 * The directory port. src/directory/ldap-directory.ts implements it over LDAP; unit tests may fake it.
 * Every method throws DirectoryError on failure. Names are matched case-insensitively; user text is
 * escaped by the implementation.
 */
export interface Directory {
  /** A computer by NetBIOS name (`SRV01`), `SRV01$`, or DNS name (`srv01.corp.example.test`). */
  findComputer(host: string): Promise<Computer | null>;
  /** NetBIOS names of all computers, for "did you mean" suggestions. */
  listComputerNames(): Promise<string[]>;
  /** A service account by cn, sAMAccountName (with or without `$`) or DN. */
  findServiceAccount(name: string): Promise<ServiceAccount | null>;
  /** Service accounts of the given kinds (default both), sorted by name. */
  listServiceAccounts(kinds?: readonly ServiceAccountKind[]): Promise<ServiceAccount[]>;
  /** Service accounts whose DNs are given, in the order of the input, skipping missing ones. */
  getServiceAccountsByDn(dns: readonly string[]): Promise<ServiceAccount[]>;
  /** Computers whose DNs are given, skipping missing ones. */
  getComputersByDn(dns: readonly string[]): Promise<Computer[]>;
  /**
   * Every member DN of a group, however large (AD's ranged retrieval is followed). Optional so
   * existing fakes keep compiling; LdapDirectory implements it.
   */
  listGroupMemberDns?(groupDn: string): Promise<string[]>;
  /** Close connections; the directory reconnects on the next call. */
  close(): Promise<void>;
}
