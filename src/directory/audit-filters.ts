import { AndFilter, EqualityFilter, OrFilter, PresenceFilter, SubstringFilter } from 'ldapts';
import type { Filter } from 'ldapts';
import { equals } from './filters';
import { sidToBytes } from './sid';

/**
 * Filters the audit reads with. Like filters.ts, every value travels BER-encoded as literal octets
 * (SIDs as their binary form), so no name or SPN can change the filter's meaning.
 */

function anyOf(filters: Filter[]): Filter {
  if (filters.length === 0) throw new RangeError('at least one value is needed');
  return filters.length === 1 && filters[0] !== undefined ? filters[0] : new OrFilter({ filters });
}

/** Objects with one of these SIDs; binary values match on every AD version and on Samba. */
export function objectSidsFilter(sids: readonly string[]): Filter {
  return anyOf(sids.map((sid) => new EqualityFilter({ attribute: 'objectSid', value: sidToBytes(sid) })));
}

/** Groups named by DN or by SID (a primary group is known only by its SID). */
export function groupsFilter(dns: readonly string[], sids: readonly string[]): Filter {
  const refs = [
    ...dns.map((dn) => equals('distinguishedName', dn)),
    ...sids.map((sid) => new EqualityFilter({ attribute: 'objectSid', value: sidToBytes(sid) })),
  ];
  return new AndFilter({ filters: [equals('objectClass', 'group'), anyOf(refs)] });
}

/** Objects holding any of these SPNs (AD matches servicePrincipalName case-insensitively). */
export function servicePrincipalNamesFilter(spns: readonly string[]): Filter {
  return anyOf(spns.map((spn) => equals('servicePrincipalName', spn)));
}

/** Managed service accounts linked to this computer (msDS-HostServiceAccountBL is the backlink). */
export function hostedOnFilter(computerDn: string): Filter {
  return equals('msDS-HostServiceAccountBL', computerDn);
}

/**
 * SPNs naming a host: `class/host`, `class/host:port`, `class/host/service` (and both suffixes).
 * A coarse server-side filter; callers confirm with spnNamesHost().
 */
export function spnsNamingHostFilter(hostNames: readonly string[]): Filter {
  const attribute = 'servicePrincipalName';
  return anyOf(
    hostNames.flatMap((name) => [
      new SubstringFilter({ attribute, final: `/${name}` }),
      new SubstringFilter({ attribute, any: [`/${name}:`] }),
      new SubstringFilter({ attribute, any: [`/${name}/`] }),
    ]),
  );
}

/**
 * User accounts (people, so neither computers nor managed service accounts, whose objectCategory
 * differs) that hold SPNs: services running as a user, with a password someone has to manage.
 */
export function userServiceAccountsFilter(hostNames: readonly string[] | null): Filter {
  const filters: Filter[] = [
    equals('objectCategory', 'person'),
    equals('objectClass', 'user'),
    new PresenceFilter({ attribute: 'servicePrincipalName' }),
  ];
  if (hostNames !== null) filters.push(spnsNamingHostFilter(hostNames));
  return new AndFilter({ filters });
}
