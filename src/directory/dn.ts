/**
 * Distinguished names (RFC 4514). Values put into a DN are escaped here; a DN typed by a user is
 * only ever compared or sent as a filter value, never spliced into another DN or filter.
 */

/** Escapes one attribute value for use in a DN: `CN=${escapeDnValue(name)},OU=…`. */
export function escapeDnValue(value: string): string {
  const chars = [...value];
  let out = '';
  for (const [i, ch] of chars.entries()) {
    const first = i === 0;
    const last = i === chars.length - 1;
    if (ch === '\0') out += '\\00';
    else if (',+"\\<>;='.includes(ch)) out += `\\${ch}`;
    else if ((first && (ch === ' ' || ch === '#')) || (last && ch === ' ')) out += `\\${ch}`;
    else if (ch.charCodeAt(0) < 0x20 || ch === '\x7f')
      out += `\\${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** Splits a DN into RDN strings at unescaped commas (values stay escaped). */
export function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i] ?? '';
    if (ch === '\\' && i + 1 < dn.length) {
      current += ch + (dn[i + 1] ?? '');
      i++;
    } else if (ch === ',') {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts;
}

const RDN = /^[A-Za-z][A-Za-z0-9-]*=.+$|^\d+(?:\.\d+)*=.+$/;

/** True when the text has the shape of a DN (every RDN is `type=value`), so it may be matched as one. */
export function looksLikeDn(text: string): boolean {
  const parts = splitDn(text.trim());
  return parts.length > 0 && parts.every((rdn) => RDN.test(rdn));
}
