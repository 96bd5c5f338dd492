import type { ApprovalAction } from '../approval-action';
import { applyChange, hex } from './remediation';
import type { Remediation } from './remediation';

type AesOnly = Extract<ApprovalAction, { kind: 'set-aes-only' }>;
type Restore = Extract<ApprovalAction, { kind: 'restore-encryption-types' }>;

// msDS-SupportedEncryptionTypes bits ([MS-KILE] §2.2.7)
const DES_CBC_CRC = 0x1;
const DES_CBC_MD5 = 0x2;
const RC4_HMAC = 0x4;
const AES128 = 0x8;
const AES256 = 0x10;
const WEAK = DES_CBC_CRC | DES_CBC_MD5 | RC4_HMAC;
const AES = AES128 | AES256;

const NAMES: Array<[number, string]> = [
  [DES_CBC_CRC, 'DES-CBC-CRC'],
  [DES_CBC_MD5, 'DES-CBC-MD5'],
  [RC4_HMAC, 'RC4'],
  [AES128, 'AES128'],
  [AES256, 'AES256'],
];

export function encryptionTypesInWords(value: number | null): string {
  if (value === null)
    return 'not set: the domain default (RC4 on older domains) (msDS-SupportedEncryptionTypes not set)';
  const names = NAMES.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
  return `${names.length > 0 ? names.join(', ') : 'none named'} (msDS-SupportedEncryptionTypes ${hex(value)})`;
}

/** DES and RC4 off, both AES on; bits this remediation does not own (FAST, compound identity …) stay. */
export function aesOnly(value: number | null): number {
  return (((value ?? 0) & ~WEAK) | AES) >>> 0;
}

const isAesOnly = (value: number | null): boolean => value !== null && aesOnly(value) === value;

/**
 * Sets AES-only Kerberos encryption types by compare-and-swap on msDS-SupportedEncryptionTypes:
 * delete the value just read, add the new one, in one modify (just an add when it was not set).
 */
export const setAesOnly: Remediation<AesOnly> = {
  kind: 'set-aes-only',
  describe: (_action, account, name) => ({
    summary: `Allow only AES Kerberos keys for ${name}`,
    attribute: 'msDS-SupportedEncryptionTypes',
    before:
      account === null
        ? '(read just before the change)'
        : encryptionTypesInWords(account.supportedEncryptionTypes),
    after: encryptionTypesInWords(aesOnly(account?.supportedEncryptionTypes ?? null)),
  }),
  precondition: (_action, account) => {
    const from = account.supportedEncryptionTypes;
    if (isAesOnly(from)) return { kind: 'nothing-to-do', reason: 'the account already allows only AES' };
    const to = aesOnly(from);
    return {
      kind: 'change',
      change: { kind: 'swap-number', dn: account.distinguishedName, attribute: 'encryption-types', from, to },
      before: { supportedEncryptionTypes: from },
      after: { supportedEncryptionTypes: to },
    };
  },
  apply: applyChange,
  verify: (_action, account) => isAesOnly(account.supportedEncryptionTypes),
  undo: (_action, before) => ({ kind: 'restore-encryption-types', value: before.supportedEncryptionTypes }),
};

/** The inverse: puts back the value read before the AES-only change (compare-and-swap again). */
export const restoreEncryptionTypes: Remediation<Restore> = {
  kind: 'restore-encryption-types',
  describe: (action, account, name) => ({
    summary: `Put ${name}'s Kerberos encryption types back`,
    attribute: 'msDS-SupportedEncryptionTypes',
    before:
      account === null
        ? '(read just before the change)'
        : encryptionTypesInWords(account.supportedEncryptionTypes),
    after: encryptionTypesInWords(action.value),
  }),
  precondition: (action, account) => {
    const from = account.supportedEncryptionTypes;
    if (from === action.value)
      return { kind: 'nothing-to-do', reason: 'the value is already the one to restore' };
    return {
      kind: 'change',
      change: {
        kind: 'swap-number',
        dn: account.distinguishedName,
        attribute: 'encryption-types',
        from,
        to: action.value,
      },
      before: { supportedEncryptionTypes: from },
      after: { supportedEncryptionTypes: action.value },
    };
  },
  apply: applyChange,
  verify: (action, account) => account.supportedEncryptionTypes === action.value,
  undo: () => ({ kind: 'set-aes-only' }),
};
