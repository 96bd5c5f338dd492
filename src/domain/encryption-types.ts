/** msDS-SupportedEncryptionTypes bits ([MS-KILE] §2.2.7): the RFC name and the one PowerShell takes. */
export const ENCRYPTION_TYPES = [
  { bit: 0x1, name: 'DES-CBC-CRC', short: 'DES-CBC-CRC' },
  { bit: 0x2, name: 'DES-CBC-MD5', short: 'DES-CBC-MD5' },
  { bit: 0x4, name: 'RC4-HMAC', short: 'RC4-HMAC' },
  { bit: 0x8, name: 'AES128-CTS-HMAC-SHA1-96', short: 'AES128' },
  { bit: 0x10, name: 'AES256-CTS-HMAC-SHA1-96', short: 'AES256' },
] as const;

/** Every Kerberos type above; other bits are flags (e.g. FAST, claims). */
export const KERBEROS_TYPES = 0x1f;

/** The value holds AES128 or AES256. */
export function hasAes(types: number): boolean {
  return (types & (0x8 | 0x10)) !== 0;
}

/** The Kerberos types in `types`, in bit order: RFC names, or PowerShell's short ones. */
export function encryptionTypeNames(types: number, form: 'name' | 'short' = 'name'): string[] {
  return ENCRYPTION_TYPES.filter((t) => (types & t.bit) !== 0).map((t) => t[form]);
}
