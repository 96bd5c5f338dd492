import type { Entry } from 'ldapts';

/**
 * An ldapts search entry normalised once: ldapts returns one value as a string, several as an
 * array and a requested-but-absent attribute as `[]`; names come back in the server's casing.
 * Here every attribute is a list, looked up case-insensitively.
 */
export class LdapEntry {
  readonly dn: string;
  private readonly values = new Map<string, (string | Buffer)[]>();

  constructor(entry: Entry) {
    this.dn = entry.dn;
    for (const [name, value] of Object.entries(entry)) {
      if (name === 'dn') continue;
      const list: (string | Buffer)[] = Array.isArray(value) ? value : [value];
      this.values.set(name.toLowerCase(), list);
    }
  }

  /** Attribute names present, lower-cased (ranged ones keep their `;range=…` option). */
  names(): string[] {
    return [...this.values.keys()];
  }

  raw(attribute: string): (string | Buffer)[] {
    return this.values.get(attribute.toLowerCase()) ?? [];
  }

  strings(attribute: string): string[] {
    return this.raw(attribute).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  }

  string(attribute: string): string | null {
    return this.strings(attribute)[0] ?? null;
  }

  /** A single integer value; null when absent or not a number. */
  integer(attribute: string): number | null {
    const text = this.string(attribute);
    if (text === null || !/^-?\d+$/.test(text.trim())) return null;
    return Number(text);
  }

  /** A binary value (request it through explicitBufferAttributes, or the bytes are lost to UTF-8). */
  buffer(attribute: string): Buffer | null {
    const value = this.raw(attribute)[0];
    if (value === undefined) return null;
    return typeof value === 'string' ? null : value;
  }
}
