/**
 * The value of a DN's first RDN, unescaped (`CN=Tier0 Ops\, EU,OU=Groups,…` → `Tier0 Ops, EU`), for showing
 * a group or owner by name without another directory lookup. `\C3\A9` hex escapes are UTF-8 bytes.
 * Falls back to the DN when it does not parse.
 */
export function dnName(dn: string): string {
  const equals = dn.indexOf('=');
  if (equals < 0) return dn;
  const bytes: number[] = [];
  for (let i = equals + 1; i < dn.length; i++) {
    const ch = dn.charAt(i);
    if (ch === ',' || ch === '+') break;
    if (ch === '\\' && i + 1 < dn.length) {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(dn.charAt(i + 1), 'utf8'));
        i += 1;
      }
      continue;
    }
    // code points outside the BMP are two UTF-16 units; encode the pair together
    const codePoint = dn.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(codePoint);
    bytes.push(...Buffer.from(char, 'utf8'));
    i += char.length - 1;
  }
  const value = Buffer.from(bytes).toString('utf8').trim();
  return value === '' ? dn : value;
}
