/** DNs compare case-insensitively in AD; this is the key for maps and sets. */
export function dnKey(dn: string): string {
  return dn.trim().toLowerCase();
}

export function sameDn(a: string, b: string): boolean {
  return dnKey(a) === dnKey(b);
}
