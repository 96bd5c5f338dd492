import { weakEncryptionCheck } from '../../../src/audit/checks/weak-encryption';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(weakEncryptionCheck);

describe('weak-encryption', () => {
  const run = runCheckFixture(weakEncryptionCheck);

  it('spells the encryption types out', () => {
    expect(run.of('svc_desrc4')[0]?.evidence).toEqual([
      { label: 'msDS-SupportedEncryptionTypes', value: '7 (0x7): DES-CBC-CRC, DES-CBC-MD5, RC4-HMAC' },
    ]);
    expect(run.of('svc_unset')[0]?.evidence[0]?.value).toBe('not set');
  });

  it('proposes AES only', () => {
    expect(run.findings.every((f) => f.remediation?.kind === 'set-aes-only')).toBe(true);
    expect(run.of('svc_rc4')[0]?.mitigation).toContain('-KerberosEncryptionType AES128,AES256');
  });
});
