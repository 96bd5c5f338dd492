import { KERBEROS_TYPES, encryptionTypeNames, hasAes } from '../../domain/encryption-types';
import type { ServiceAccount } from '../../domain/service-account';

/** Kerberos encryption types in words, with a warning when AES is missing. */
export function describeEncryptionTypes(account: ServiceAccount): string {
  const value = account.supportedEncryptionTypes;
  const desOnly = account.useDesKeyOnly;
  const suffix = desOnly ? '; the account is also flagged "use DES key only"' : '';
  if (value === null) return `Not set (the domain default applies)${suffix}`;
  if (value === 0) return `None listed (0: the domain default applies)${suffix}`;
  const names = encryptionTypeNames(value, 'short');
  const other = value & ~KERBEROS_TYPES;
  const parts = [names.length > 0 ? names.join(', ') : 'none'];
  if (other !== 0) parts.push(`other flags 0x${other.toString(16)}`);
  const weak = !hasAes(value) ? ' (no AES: weak keys)' : '';
  return `${parts.join('; ')}${weak}${suffix}`;
}
