import type { Computer } from '../domain/computer';
import { DirectoryError } from '../domain/directory-error';
import { decodeAccountControl } from './account-control';
import type { ServiceAccount, ServiceAccountKind } from '../domain/service-account';
import { filetimeToDate, generalizedTimeToDate } from './filetime';
import { OBJECT_CLASS_BY_KIND } from './filters';
import { guidToString } from './guid';
import type { LdapEntry } from './ldap-entry';
import { sidToString } from './sid';

/** Attributes that hold bytes, not text: ask ldapts for Buffers (explicitBufferAttributes). */
export const BINARY_ATTRIBUTES = ['objectSid', 'objectGUID'];

export const SERVICE_ACCOUNT_ATTRIBUTES = [
  'objectClass',
  'cn',
  'sAMAccountName',
  'objectSid',
  'objectGUID',
  'description',
  'managedBy',
  'userAccountControl',
  'servicePrincipalName',
  'pwdLastSet',
  'lastLogonTimestamp',
  'whenCreated',
  'msDS-HostServiceAccountBL',
  'memberOf',
  'msDS-SupportedEncryptionTypes',
  'msDS-AllowedToDelegateTo',
  'adminCount',
  'msDS-ManagedPasswordInterval',
];

export const COMPUTER_ATTRIBUTES = [
  'cn',
  'sAMAccountName',
  'dNSHostName',
  'objectSid',
  'userAccountControl',
  'operatingSystem',
  'msDS-HostServiceAccount',
];

/** sMSA or gMSA from objectClass; null for anything else. gMSA is tested first: it is the narrower answer. */
export function kindOf(entry: LdapEntry): ServiceAccountKind | null {
  const classes = new Set(entry.strings('objectClass').map((c) => c.toLowerCase()));
  if (classes.has(OBJECT_CLASS_BY_KIND.gMSA.toLowerCase())) return 'gMSA';
  if (classes.has(OBJECT_CLASS_BY_KIND.sMSA.toLowerCase())) return 'sMSA';
  return null;
}

function required(entry: LdapEntry, attribute: string): Buffer {
  const value = entry.buffer(attribute);
  // Missing identity attributes mean the bind account may not read the object: say so, don't guess.
  if (value === null)
    throw new DirectoryError('insufficient-rights', `${entry.dn} has no readable ${attribute}`);
  return value;
}

/** A directory entry → ServiceAccount; null when the entry is not an sMSA/gMSA. */
export function toServiceAccount(entry: LdapEntry): ServiceAccount | null {
  const kind = kindOf(entry);
  if (kind === null) return null;
  const flags = entry.integer('userAccountControl') ?? 0;
  const samAccountName = entry.string('sAMAccountName') ?? '';
  return {
    kind,
    distinguishedName: entry.dn,
    name: entry.string('cn') ?? samAccountName.replace(/\$$/, ''),
    samAccountName,
    sid: sidToString(required(entry, 'objectSid')),
    guid: guidToString(required(entry, 'objectGUID')),
    description: entry.string('description'),
    managedBy: entry.string('managedBy'),
    ...decodeAccountControl(flags),
    servicePrincipalNames: entry.strings('servicePrincipalName'),
    passwordLastSetAt: filetimeToDate(entry.string('pwdLastSet')),
    lastLogonAt: filetimeToDate(entry.string('lastLogonTimestamp')),
    createdAt: generalizedTimeToDate(entry.string('whenCreated')),
    hostComputerDns: entry.strings('msDS-HostServiceAccountBL'),
    memberOfDns: entry.strings('memberOf'),
    supportedEncryptionTypes: entry.integer('msDS-SupportedEncryptionTypes'),
    allowedToDelegateTo: entry.strings('msDS-AllowedToDelegateTo'),
    adminCount: entry.integer('adminCount'),
    passwordIntervalDays: kind === 'gMSA' ? entry.integer('msDS-ManagedPasswordInterval') : null,
  };
}

/** A directory entry → Computer. */
export function toComputer(entry: LdapEntry): Computer {
  const samAccountName = entry.string('sAMAccountName') ?? '';
  const flags = entry.integer('userAccountControl') ?? 0;
  return {
    distinguishedName: entry.dn,
    name: entry.string('cn') ?? samAccountName.replace(/\$$/, ''),
    samAccountName,
    dnsHostName: entry.string('dNSHostName'),
    sid: sidToString(required(entry, 'objectSid')),
    enabled: decodeAccountControl(flags).enabled,
    operatingSystem: entry.string('operatingSystem'),
    hostedServiceAccountDns: entry.strings('msDS-HostServiceAccount'),
  };
}
