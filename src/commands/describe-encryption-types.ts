import { AccountControl, type ServiceAccount } from '../domain/service-account';

/** msDS-SupportedEncryptionTypes bits ([MS-KILE] 2.2.7). */
const ETYPES: readonly (readonly [number, string])[] = [
  [0x1, 'DES-CBC-CRC'],
  [0x2, 'DES-CBC-MD5'],
  [0x4, 'RC4-HMAC'],
  [0x8, 'AES128'],
  [0x10, 'AES256'],
];
const AES = 0x8 | 0x10;
const KNOWN = 0x1f;

/** Kerberos encryption types in words, with a warning when AES is missing. */
export function describeEncryptionTypes(account: ServiceAccount): string {
  const value = account.supportedEncryptionTypes;
  const desOnly = (account.accountControlFlags & AccountControl.useDesKeyOnly) !== 0;
  const suffix = desOnly ? '; the account is also flagged "use DES key only"' : '';
  if (value === null) return `Not set (the domain default applies)${suffix}`;
  if (value === 0) return `None listed (0: the domain default applies)${suffix}`;
  const names = ETYPES.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
  const other = value & ~KNOWN;
  const parts = [names.length > 0 ? names.join(', ') : 'none'];
  if (other !== 0) parts.push(`other flags 0x${other.toString(16)}`);
  const weak = (value & AES) === 0 ? ' (no AES: weak keys)' : '';
  return `${parts.join('; ')}${weak}${suffix}`;
}
