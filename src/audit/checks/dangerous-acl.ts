import type { AclEntry, ResolvedPrincipal } from '../../domain/audit-facts';
import type { Check } from '../check';
import { makeFinding } from '../make-finding';
import { isExpectedTrustee } from '../privileged-groups';
import { RESET_PASSWORD_RIGHT, takeoverWriteTargets } from '../schema-guids';

// Access-mask bits ([MS-ADTS] §5.1.3.2); kept here so the audit does not import the directory layer.
const WRITE_PROPERTY = 0x20;
const CONTROL_ACCESS = 0x100;
const WRITE_DACL = 0x40000;
const WRITE_OWNER = 0x80000;
const GENERIC_ALL = 0x10000000;
const GENERIC_WRITE = 0x40000000;
const FULL_CONTROL = 0xf01ff;

/** Display order of right labels; a broader right hides the narrower ones it implies. */
const rightOrder = [
  'Owner',
  'GenericAll',
  'GenericWrite',
  'WriteDacl',
  'WriteOwner',
  'WriteProperty',
  'AllExtendedRights',
  'ResetPassword',
] as const;

function rightsOf(mask: number, objectType: string | null): string[] {
  const rights: string[] = [];
  const has = (bit: number): boolean => (mask & bit) >>> 0 === bit >>> 0;
  if (objectType === null) {
    if (has(GENERIC_ALL) || has(FULL_CONTROL)) rights.push('GenericAll');
    if (has(GENERIC_WRITE)) rights.push('GenericWrite');
    if (has(WRITE_DACL)) rights.push('WriteDacl');
    if (has(WRITE_OWNER)) rights.push('WriteOwner');
    if (has(WRITE_PROPERTY)) rights.push('WriteProperty');
    if (has(CONTROL_ACCESS)) rights.push('AllExtendedRights');
    return rights;
  }
  // an object ACE narrows only the DS rights (property write, extended right) to its GUID
  const target = takeoverWriteTargets[objectType.toLowerCase()];
  if (target !== undefined && has(WRITE_PROPERTY)) rights.push(`WriteProperty(${target})`);
  if (objectType.toLowerCase() === RESET_PASSWORD_RIGHT && has(CONTROL_ACCESS)) rights.push('ResetPassword');
  return rights;
}

function canonical(rights: Set<string>): string[] {
  const broad = rights.has('GenericAll');
  const write = broad || rights.has('GenericWrite') || rights.has('WriteProperty');
  const kept = [...rights].filter((r) => {
    if (r === 'Owner' || r === 'GenericAll') return true;
    if (broad) return false;
    if (r.startsWith('WriteProperty(')) return !write;
    if (r === 'WriteProperty') return !rights.has('GenericWrite');
    if (r === 'ResetPassword') return !rights.has('AllExtendedRights');
    return true;
  });
  const rank = (r: string): number => {
    const base = r.startsWith('WriteProperty(') ? 'WriteProperty' : r;
    return rightOrder.indexOf(base as (typeof rightOrder)[number]);
  };
  return kept.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Bits a deny ACE of the same trustee takes away from an allow ACE (same object type, or a deny for all). */
function deniedBits(denies: AclEntry[], objectType: string | null): number {
  return denies
    .filter((d) => d.objectType === null || d.objectType.toLowerCase() === objectType?.toLowerCase())
    .reduce((bits, d) => (bits | d.mask) >>> 0, 0);
}

/**
 * Non-admin trustees that can take the account over through its nTSecurityDescriptor: full control,
 * generic write, rewriting the DACL or owner, writing all properties or a takeover attribute
 * (key credentials, delegation, userAccountControl, SPNs, gMSA readers), resetting the password, and
 * owning the object (the owner may always rewrite the DACL). Inherit-only ACEs do not apply to the
 * object; a deny ACE of the same trustee subtracts its bits. One finding per trustee.
 */
export const dangerousAclCheck: Check<'dangerous-acl'> = {
  id: 'dangerous-acl',
  severity: 'high',
  title: 'Non-admin can take over the account',
  run(facts, { config }) {
    const { account } = facts;
    const trustees = new Map<
      string,
      { principal: ResolvedPrincipal; rights: Set<string>; inherited: boolean }
    >();
    const grant = (principal: ResolvedPrincipal, rights: string[], inherited: boolean): void => {
      if (rights.length === 0 || isExpectedTrustee(principal, account, config)) return;
      const key = principal.sid.toUpperCase();
      const entry = trustees.get(key) ?? { principal, rights: new Set<string>(), inherited: false };
      rights.forEach((r) => entry.rights.add(r));
      entry.inherited ||= inherited;
      trustees.set(key, entry);
    };

    if (facts.owner !== null) grant(facts.owner, ['Owner'], false);
    const applicable = facts.aclEntries.filter((e) => !e.inheritOnly);
    for (const entry of applicable) {
      if (!entry.allow) continue;
      const sid = entry.trustee.sid.toUpperCase();
      const denies = applicable.filter((d) => !d.allow && d.trustee.sid.toUpperCase() === sid);
      const mask = (entry.mask & ~deniedBits(denies, entry.objectType)) >>> 0;
      grant(entry.trustee, rightsOf(mask, entry.objectType), entry.inherited);
    }

    return [...trustees.values()].map(({ principal, rights, inherited }) => {
      const labels = canonical(rights);
      const unknown = principal.kind === 'unknown';
      return makeFinding(dangerousAclCheck, facts, {
        detail: `${principal.sid.toUpperCase()}:${labels.join('+')}`,
        severity: unknown ? 'low' : 'high',
        title: `${principal.name} has ${labels.join(', ')} on the account`,
        evidence: [
          { label: 'Trustee', value: `${principal.name} (${principal.kind}, ${principal.sid})` },
          { label: 'Rights', value: labels.join(', ') },
          {
            label: 'Source',
            value:
              labels.includes('Owner') && labels.length === 1
                ? 'owner of the object'
                : inherited
                  ? 'inherited from a parent container'
                  : 'set on the account itself',
          },
        ],
        why: unknown
          ? 'An ACE names a SID that no longer resolves (a deleted object, or a principal of another domain): ' +
            'if it is a foreign principal it can take the account over; if deleted, it is clutter to remove.'
          : `${principal.name} is not an administrator, yet these rights let it reset the account's password, ` +
            'add shadow credentials or delegation, or rewrite its ACL: a takeover of the service account and of ' +
            'everything it can reach.',
        mitigation:
          (labels.includes('Owner')
            ? 'Make Domain Admins the owner (Security → Advanced → Owner, or dsacls /takeownership). '
            : '') +
          `Remove the ACE for ${principal.name} (Security tab, or dsacls "${account.distinguishedName}" /R <domain>\\${principal.name})` +
          (inherited ? '; it is inherited, so fix it on the parent OU.' : '.'),
      });
    });
  },
};
