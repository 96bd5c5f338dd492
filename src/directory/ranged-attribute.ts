import { DirectoryError } from '../domain/directory-error';
import type { LdapEntry } from './ldap-entry';

/**
 * Ranged retrieval ([MS-ADTS] §3.1.1.3.1.3.3). Windows AD answers a request for `member` on a group
 * with more than 1,500 values with an empty `member` plus `member;range=0-1499`; the client then asks
 * for `member;range=1500-*` and so on until a range ends in `*`. Samba returns every value at once.
 * So: ask for the plain attribute, follow ranges only when the answer has them.
 */

/** Reads the given attributes of one object (base scope); null when it does not exist. */
export type ReadEntry = (dn: string, attributes: string[]) => Promise<LdapEntry | null>;

interface Range {
  key: string;
  low: number;
  high: number | '*';
}

const MAX_ROUNDS = 100_000;

function findRange(entry: LdapEntry, attribute: string): Range | null {
  const prefix = `${attribute.toLowerCase()};range=`;
  for (const key of entry.names()) {
    if (!key.startsWith(prefix)) continue;
    const m = /^(\d+)-(\d+|\*)$/.exec(key.slice(prefix.length));
    if (!m) continue;
    return { key, low: Number(m[1]), high: m[2] === '*' ? '*' : Number(m[2]) };
  }
  return null;
}

/**
 * Every value of a multi-valued attribute of `dn`; null when the object does not exist. `first` is
 * the object as a search already returned it (with the attribute asked for): reading goes on from it.
 */
export async function readAllValues(
  read: ReadEntry,
  dn: string,
  attribute: string,
  first?: LdapEntry,
): Promise<string[] | null> {
  let entry = first ?? (await read(dn, [attribute]));
  if (entry === null) return null;
  let range = findRange(entry, attribute);
  if (range === null) return entry.strings(attribute);

  const values: string[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    values.push(...entry.strings(range.key));
    if (range.high === '*') return values;
    const next = range.high + 1;
    entry = await read(dn, [`${attribute};range=${next}-*`]);
    if (entry === null)
      throw new DirectoryError('no-such-object', `${dn} disappeared during ranged retrieval`);
    range = findRange(entry, attribute);
    // A server that stops ranging or goes backwards would loop forever or lose values.
    if (range === null || range.low !== next || (range.high !== '*' && range.high < range.low)) {
      throw new DirectoryError(
        'unknown',
        `ranged retrieval of ${attribute} on ${dn} broke off after ${values.length} values`,
      );
    }
  }
  throw new DirectoryError('unknown', `ranged retrieval of ${attribute} on ${dn} did not end`);
}
