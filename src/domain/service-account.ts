/** A managed service account as an admin thinks of it; directory attribute names stay in src/directory/. */
export type ServiceAccountKind = 'sMSA' | 'gMSA';

export interface ServiceAccount {
  kind: ServiceAccountKind;
  distinguishedName: string;
  /** cn, e.g. `svc_sql01` */
  name: string;
  /** sAMAccountName, e.g. `svc_sql01$` */
  samAccountName: string;
  /** S-1-5-21-… string form */
  sid: string;
  /** GUID string in AD's display form (lower-case, dashed) */
  guid: string;
  description: string | null;
  /** DN of the owner (managedBy) */
  managedBy: string | null;
  enabled: boolean;
  /** unconstrained delegation: it may impersonate any user to any service */
  trustedForDelegation: boolean;
  /** protocol transition: constrained delegation from any authentication, not only Kerberos */
  trustedToAuthForDelegation: boolean;
  /** "sensitive and cannot be delegated" */
  notDelegated: boolean;
  /** Kerberos restricted to DES keys */
  useDesKeyOnly: boolean;
  servicePrincipalNames: string[];
  /** null when the password was never set (pwdLastSet = 0) */
  passwordLastSetAt: Date | null;
  /** lastLogonTimestamp; null when never logged on */
  lastLogonAt: Date | null;
  createdAt: Date | null;
  /** DNs of the computers this account is linked to (msDS-HostServiceAccountBL for sMSAs) */
  hostComputerDns: string[];
  /** DNs of the groups the account is a direct member of */
  memberOfDns: string[];
  /** msDS-SupportedEncryptionTypes; null when not set */
  supportedEncryptionTypes: number | null;
  /** msDS-AllowedToDelegateTo */
  allowedToDelegateTo: string[];
  /** adminCount (set by SDProp on Windows) */
  adminCount: number | null;
  /** gMSA: msDS-ManagedPasswordInterval in days; null for sMSAs */
  passwordIntervalDays: number | null;
}
