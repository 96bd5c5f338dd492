import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { readCaCert } from '../../src/config/read-ca-cert';

describe('readCaCert', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'msa-warden-ca-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the PEM text', () => {
    const path = join(dir, 'ca.pem');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(path, pem);
    expect(readCaCert(path)).toBe(pem);
  });

  it('names LDAP_CA_CERT and the path when the file is missing', () => {
    const path = join(dir, 'missing.pem');
    const error = (() => {
      try {
        readCaCert(path);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no error');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'LDAP_CA_CERT', reason: 'unreadable' });
    expect(error.message).toContain(path);
    expect(error.message).toContain('ENOENT');
  });
});
