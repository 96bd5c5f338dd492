import {
  AndFilter,
  BerReader,
  BerWriter,
  EqualityFilter,
  ExtensibleFilter,
  FilterParser,
  OrFilter,
  PresenceFilter,
} from 'ldapts';
import type { Filter } from 'ldapts';

/**
 * An LDAP filter as a plain tree, to compare a filter as built with the same filter after it went
 * through the wire encoding (BER) or its string form. User text that could change the tree (`*)(|`,
 * `\00`, a second assertion) would show up as a different shape.
 */
export type FilterShape =
  | { op: 'and' | 'or'; of: FilterShape[] }
  | { op: 'eq'; attribute: string; value: string }
  | { op: 'present'; attribute: string }
  | { op: 'ext'; attribute: string; rule: string; value: string }
  | { op: 'other'; text: string };

/** A value as UTF-8 carries it (a lone surrogate becomes U+FFFD on the wire, as in any UTF-8 text). */
const text = (value: string | Buffer | undefined): string =>
  value === undefined ? '' : (Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8')).toString('utf8');

export function filterShape(filter: Filter): FilterShape {
  if (filter instanceof AndFilter) return { op: 'and', of: filter.filters.map(filterShape) };
  if (filter instanceof OrFilter) return { op: 'or', of: filter.filters.map(filterShape) };
  if (filter instanceof EqualityFilter) {
    const attribute = filter.attribute.toLowerCase();
    // ldapts' decoder lower-cases objectClass values (a schema name, matched case-insensitively)
    const value = attribute === 'objectclass' ? text(filter.value).toLowerCase() : text(filter.value);
    return { op: 'eq', attribute, value };
  }
  if (filter instanceof PresenceFilter) return { op: 'present', attribute: filter.attribute.toLowerCase() };
  if (filter instanceof ExtensibleFilter)
    return {
      op: 'ext',
      attribute: (filter.matchType ?? '').toLowerCase(),
      rule: filter.rule ?? '',
      value: text(filter.value),
    };
  return { op: 'other', text: filter.toString() };
}

/** The filter as the server decodes it from the bytes ldapts sends. */
export function wireShape(filter: Filter): FilterShape {
  const writer = new BerWriter();
  filter.write(writer);
  return filterShape(FilterParser.parse(new BerReader(writer.buffer)));
}

/** True when an assertion value is binary (a SID read from the directory): its string form is `\\xx` escapes of bytes. */
export function hasBinaryValue(filter: Filter): boolean {
  if (filter instanceof AndFilter || filter instanceof OrFilter) return filter.filters.some(hasBinaryValue);
  const value: unknown = (filter as { value?: unknown }).value;
  return Buffer.isBuffer(value);
}

/** The filter as parsed back from its escaped string form (what a log or a string-built search would carry). */
export function stringShape(filter: Filter): FilterShape {
  return filterShape(FilterParser.parseString(filter.toString()));
}

/** Every assertion value in the tree. */
export function shapeValues(shape: FilterShape): string[] {
  switch (shape.op) {
    case 'and':
    case 'or':
      return shape.of.flatMap(shapeValues);
    case 'eq':
    case 'ext':
      return [shape.value];
    default:
      return [];
  }
}
