import { AndFilter, EqualityFilter, ExtensibleFilter, OrFilter, PresenceFilter } from 'ldapts';
import type { Filter } from 'ldapts';
import type { ServiceAccountKind } from '../domain/service-account';
import { looksLikeDn } from './dn';

/**
 * Search filters as ldapts Filter objects: values travel BER-encoded as literal octets, so user text
 * such as `*)(objectClass=*` can only ever be compared, never parsed as filter syntax.
 */

export const OBJECT_CLASS_BY_KIND: Readonly<Record<ServiceAccountKind, string>> = {
  sMSA: 'msDS-ManagedServiceAccount',
  gMSA: 'msDS-GroupManagedServiceAccount',
};

export const ALL_KINDS: readonly ServiceAccountKind[] = ['sMSA', 'gMSA'];

export function equals(attribute: string, value: string): EqualityFilter {
  return new EqualityFilter({ attribute, value });
}

function anyOf(filters: Filter[]): Filter {
  return filters.length === 1 && filters[0] !== undefined ? filters[0] : new OrFilter({ filters });
}

/**
 * Computers proper: MSAs are subclasses of `computer`, so objectClass=computer would match them too;
 * objectCategory names the most specific class.
 */
export function computersFilter(): Filter {
  return equals('objectCategory', 'computer');
}

/** Service accounts of the given kinds (an objectClass test per kind). */
export function serviceAccountsFilter(kinds: readonly ServiceAccountKind[] = ALL_KINDS): Filter {
  const unique = [...new Set(kinds)];
  if (unique.length === 0) throw new RangeError('at least one service-account kind is needed');
  return anyOf(unique.map((kind) => equals('objectClass', OBJECT_CLASS_BY_KIND[kind])));
}

/**
 * `SRV01` or `SRV01$` by the indexed attributes only (cn, sAMAccountName). Samba does not index
 * dNSHostName: a filter naming it scans every computer (30 ms at 2,000, more at 20,000).
 */
export function computerByNameFilter(host: string): Filter {
  const name = host.trim();
  const candidates = [equals('cn', name), equals('sAMAccountName', name)];
  if (!name.endsWith('$')) candidates.push(equals('sAMAccountName', `${name}$`));
  return new AndFilter({ filters: [computersFilter(), anyOf(candidates)] });
}

/** `SRV01`, `SRV01$` or `srv01.corp.example.test`; matching is case-insensitive on the server. */
export function computerByHostFilter(host: string): Filter {
  const name = host.trim();
  const candidates = [equals('cn', name), equals('sAMAccountName', name), equals('dNSHostName', name)];
  if (!name.endsWith('$')) candidates.push(equals('sAMAccountName', `${name}$`));
  return new AndFilter({ filters: [computersFilter(), anyOf(candidates)] });
}

/** An account by cn, sAMAccountName with or without `$`, or DN. */
export function serviceAccountByNameFilter(
  name: string,
  kinds: readonly ServiceAccountKind[] = ALL_KINDS,
): Filter {
  const text = name.trim();
  const candidates = [equals('cn', text), equals('sAMAccountName', text)];
  if (!text.endsWith('$')) candidates.push(equals('sAMAccountName', `${text}$`));
  if (looksLikeDn(text)) candidates.push(equals('distinguishedName', text));
  return new AndFilter({ filters: [serviceAccountsFilter(kinds), anyOf(candidates)] });
}

/** Objects whose DN is one of `dns` (AD matches distinguishedName case-insensitively). */
export function distinguishedNamesFilter(dns: readonly string[]): Filter {
  if (dns.length === 0) throw new RangeError('at least one DN is needed');
  return anyOf(dns.map((dn) => equals('distinguishedName', dn)));
}

/** Matches every entry: base-scope reads of one known DN. */
export function anyObjectFilter(): Filter {
  return new PresenceFilter({ attribute: 'objectClass' });
}

/** LDAP_MATCHING_RULE_IN_CHAIN: AD walks nested group membership on the server. */
const IN_CHAIN_RULE = '1.2.840.113556.1.4.1941';

/** Groups that contain `memberDn` directly or through nested groups. */
export function groupsContainingFilter(memberDn: string): Filter {
  return new ExtensibleFilter({ matchType: 'member', rule: IN_CHAIN_RULE, value: memberDn });
}

/** Objects in `groupDn` directly or through nested groups. */
export function membersOfFilter(groupDn: string): Filter {
  return new ExtensibleFilter({ matchType: 'memberOf', rule: IN_CHAIN_RULE, value: groupDn });
}
