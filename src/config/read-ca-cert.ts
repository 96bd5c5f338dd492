import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

const CERT_MARKER = '-----BEGIN CERTIFICATE-----';

/**
 * Reads the PEM named by LDAP_CA_CERT. Refuses a file without a certificate (a typo'd path to the
 * wrong file would otherwise surface much later as a TLS failure) and a file with a private key.
 */
export function readCaCert(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new ConfigError(
      'LDAP_CA_CERT',
      'unreadable',
      `LDAP_CA_CERT points at ${path}, which cannot be read (${code}); expected the path of a PEM file ` +
        `with the CA certificate that signed the domain controller's certificate.`,
    );
  }
  if (!pem.includes(CERT_MARKER)) {
    throw new ConfigError(
      'LDAP_CA_CERT',
      'malformed',
      `LDAP_CA_CERT points at ${path}, which holds no "${CERT_MARKER}" block; expected a PEM CA certificate.`,
    );
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new ConfigError(
      'LDAP_CA_CERT',
      'insecure',
      `LDAP_CA_CERT points at ${path}, which contains a private key; give the bot only the CA certificate.`,
    );
  }
  return pem;
}
