import { AccountControl } from '../../domain/service-account';
import type { Check } from '../check';
import { hex, psQuote } from '../format';
import { makeFinding } from '../make-finding';

/** msDS-SupportedEncryptionTypes bits ([MS-KILE] §2.2.7). */
const EncryptionType = {
  'DES-CBC-CRC': 0x1,
  'DES-CBC-MD5': 0x2,
  'RC4-HMAC': 0x4,
  'AES128-CTS-HMAC-SHA1-96': 0x8,
  'AES256-CTS-HMAC-SHA1-96': 0x10,
} as const;
const AES = EncryptionType['AES128-CTS-HMAC-SHA1-96'] | EncryptionType['AES256-CTS-HMAC-SHA1-96'];
const KERBEROS_TYPES = 0x1f;

function describe(types: number): string {
  const names = Object.entries(EncryptionType)
    .filter(([, bit]) => (types & bit) !== 0)
    .map(([name]) => name);
  return `${types} (${hex(types)}): ${names.length > 0 ? names.join(', ') : 'no Kerberos types'}`;
}

/** Flags keys without AES: DES-only, unset (the KDC then issues RC4 tickets) or RC4/DES only. AES+RC4 passes. */
export const weakEncryptionCheck: Check<'weak-encryption'> = {
  id: 'weak-encryption',
  severity: 'medium',
  title: 'Weak Kerberos encryption',
  run(facts) {
    const { account } = facts;
    const types = account.supportedEncryptionTypes;
    let detail: string;
    let title: string;
    let value: string;
    if ((account.accountControlFlags & AccountControl.useDesKeyOnly) !== 0) {
      detail = 'des-only';
      title = 'Kerberos restricted to DES';
      value = `userAccountControl ${hex(account.accountControlFlags)}: USE_DES_KEY_ONLY (0x200000) is set`;
    } else if (types === null || (types & KERBEROS_TYPES) === 0) {
      detail = 'unset';
      title = 'Encryption types not set: tickets default to RC4';
      value = types === null ? 'not set' : describe(types);
    } else if ((types & AES) === 0) {
      detail = 'no-aes';
      title = 'No AES: Kerberos keys are RC4/DES only';
      value = describe(types);
    } else {
      return [];
    }
    return [
      makeFinding(weakEncryptionCheck, facts, {
        detail,
        title,
        evidence: [{ label: 'msDS-SupportedEncryptionTypes', value }],
        why:
          'Service tickets for this account are encrypted with RC4 or DES, which can be cracked offline ' +
          '(Kerberoasting) and are being removed from Windows; managed accounts should use AES only.',
        mitigation:
          `Set-ADServiceAccount -Identity ${psQuote(account.samAccountName)} -KerberosEncryptionType AES128,AES256 ` +
          '(after checking the service and its clients support AES).',
        remediation: { kind: 'set-aes-only' },
      }),
    ];
  },
};
