/**
 * Well-known SIDs and domain-relative RIDs ([MS-DTYP] §2.4.2.4). Groups are recognised by SID, never by
 * name: names are localised ("Administrateurs") and renamable.
 */
export const WellKnownSid = {
  everyone: 'S-1-1-0',
  creatorOwner: 'S-1-3-0',
  creatorGroup: 'S-1-3-1',
  ownerRights: 'S-1-3-4',
  network: 'S-1-5-2',
  anonymous: 'S-1-5-7',
  enterpriseDomainControllers: 'S-1-5-9',
  principalSelf: 'S-1-5-10',
  authenticatedUsers: 'S-1-5-11',
  localSystem: 'S-1-5-18',
  administrators: 'S-1-5-32-544',
  users: 'S-1-5-32-545',
  guests: 'S-1-5-32-546',
  accountOperators: 'S-1-5-32-548',
  serverOperators: 'S-1-5-32-549',
  printOperators: 'S-1-5-32-550',
  backupOperators: 'S-1-5-32-551',
  preWindows2000CompatibleAccess: 'S-1-5-32-554',
} as const;

/** RIDs that mean the same thing in every domain (`S-1-5-21-<domain>-<rid>`). */
export const DomainRid = {
  administrator: 500,
  guest: 501,
  krbtgt: 502,
  enterpriseReadOnlyDomainControllers: 498,
  domainAdmins: 512,
  domainUsers: 513,
  domainGuests: 514,
  domainComputers: 515,
  domainControllers: 516,
  certPublishers: 517,
  schemaAdmins: 518,
  enterpriseAdmins: 519,
  groupPolicyCreatorOwners: 520,
  readOnlyDomainControllers: 521,
  keyAdmins: 526,
  enterpriseKeyAdmins: 527,
} as const;

const wellKnownNames: Readonly<Record<string, string>> = {
  [WellKnownSid.everyone]: 'Everyone',
  [WellKnownSid.creatorOwner]: 'CREATOR OWNER',
  [WellKnownSid.creatorGroup]: 'CREATOR GROUP',
  [WellKnownSid.ownerRights]: 'OWNER RIGHTS',
  [WellKnownSid.network]: 'NETWORK',
  [WellKnownSid.anonymous]: 'ANONYMOUS LOGON',
  [WellKnownSid.enterpriseDomainControllers]: 'ENTERPRISE DOMAIN CONTROLLERS',
  [WellKnownSid.principalSelf]: 'SELF',
  [WellKnownSid.authenticatedUsers]: 'Authenticated Users',
  [WellKnownSid.localSystem]: 'SYSTEM',
  [WellKnownSid.administrators]: 'Administrators',
  [WellKnownSid.users]: 'Users',
  [WellKnownSid.guests]: 'Guests',
  [WellKnownSid.accountOperators]: 'Account Operators',
  [WellKnownSid.serverOperators]: 'Server Operators',
  [WellKnownSid.printOperators]: 'Print Operators',
  [WellKnownSid.backupOperators]: 'Backup Operators',
  [WellKnownSid.preWindows2000CompatibleAccess]: 'Pre-Windows 2000 Compatible Access',
};

const domainRidNames: Readonly<Record<number, string>> = {
  [DomainRid.administrator]: 'Administrator',
  [DomainRid.guest]: 'Guest',
  [DomainRid.krbtgt]: 'krbtgt',
  [DomainRid.enterpriseReadOnlyDomainControllers]: 'Enterprise Read-only Domain Controllers',
  [DomainRid.domainAdmins]: 'Domain Admins',
  [DomainRid.domainUsers]: 'Domain Users',
  [DomainRid.domainGuests]: 'Domain Guests',
  [DomainRid.domainComputers]: 'Domain Computers',
  [DomainRid.domainControllers]: 'Domain Controllers',
  [DomainRid.certPublishers]: 'Cert Publishers',
  [DomainRid.schemaAdmins]: 'Schema Admins',
  [DomainRid.enterpriseAdmins]: 'Enterprise Admins',
  [DomainRid.groupPolicyCreatorOwners]: 'Group Policy Creator Owners',
  [DomainRid.readOnlyDomainControllers]: 'Read-only Domain Controllers',
  [DomainRid.keyAdmins]: 'Key Admins',
  [DomainRid.enterpriseKeyAdmins]: 'Enterprise Key Admins',
};

const domainSidPattern = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/i;

/** The RID of a domain account or group SID (`S-1-5-21-a-b-c-<rid>`); null for any other SID. */
export function domainRidOf(sid: string): number | null {
  const match = domainSidPattern.exec(sid);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** The domain part of a domain SID (`S-1-5-21-a-b-c`); null for any other SID. */
export function domainSidOf(sid: string): string | null {
  return domainRidOf(sid) === null ? null : sid.slice(0, sid.lastIndexOf('-'));
}

/** The English default name of a well-known SID or domain RID < 1000; null for ordinary objects. */
export function wellKnownSidName(sid: string): string | null {
  const fixed = wellKnownNames[sid.toUpperCase()];
  if (fixed !== undefined) return fixed;
  const rid = domainRidOf(sid);
  return rid === null ? null : (domainRidNames[rid] ?? null);
}
