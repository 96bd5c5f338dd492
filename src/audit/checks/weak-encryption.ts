import { KERBEROS_TYPES, encryptionTypeNames, hasAes } from '../../domain/encryption-types';
import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { hex } from '../format';
import { makeFinding } from '../make-finding';

function describe(types: number): string {
  const names = encryptionTypeNames(types);
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
    if (account.useDesKeyOnly) {
      detail = 'des-only';
      title = 'Kerberos restricted to DES';
      value = 'userAccountControl: USE_DES_KEY_ONLY (0x200000) is set';
    } else if (types === null || (types & KERBEROS_TYPES) === 0) {
      detail = 'unset';
      title = 'Encryption types not set: tickets default to RC4';
      value = types === null ? 'not set' : describe(types);
    } else if (!hasAes(types)) {
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
          `Set-ADServiceAccount -Identity ${powershellQuote(account.samAccountName)} -KerberosEncryptionType AES128,AES256 ` +
          '(after checking the service and its clients support AES).',
        remediation: { kind: 'set-aes-only' },
      }),
    ];
  },
};
