import { ResultCodeError } from 'ldapts';
import { DirectoryError } from '../domain/directory-error';
import type { DirectoryErrorReason } from '../domain/directory-error';

/**
 * The one place that turns what ldapts and Node throw into a DirectoryError. LDAP result codes
 * (RFC 4511 §4.1.9) decide first; then Node's socket/TLS error codes; then ldapts's own messages
 * for the timeouts it raises. Messages never carry the bind password (nothing here ever sees it).
 */

const BY_RESULT_CODE: Readonly<Record<number, DirectoryErrorReason>> = {
  3: 'timeout', // timeLimitExceeded
  8: 'strong-auth-required', // simple bind on a connection without TLS
  13: 'strong-auth-required', // confidentialityRequired
  16: 'already-in-state', // noSuchAttribute: removing a value that is not there (RFC servers)
  19: 'constraint', // constraintViolation
  20: 'already-in-state', // attributeOrValueExists: adding a value that is there (RFC servers)
  21: 'constraint', // invalidAttributeSyntax
  32: 'no-such-object',
  34: 'no-such-object', // invalidDNSyntax: no object can have that name
  49: 'bind-failed', // invalidCredentials (wrong password, locked, expired: AD's data 52e/775/532)
  50: 'insufficient-rights',
  51: 'unreachable', // busy
  52: 'unreachable', // unavailable
  53: 'already-in-state', // unwillingToPerform: AD/Samba when removing a value that is not there
  64: 'constraint', // namingViolation
  65: 'constraint', // objectClassViolation
  67: 'constraint', // notAllowedOnRDN
  68: 'already-in-state', // entryAlreadyExists: AD when adding a member that is already in the group
  69: 'constraint', // objectClassModsProhibited
};

/** Node socket errors that mean "this server did not answer". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EADDRNOTAVAIL',
]);

/** OpenSSL verification codes Node puts in `err.code` when the certificate is not trusted. */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
  'EPROTO', // handshake failed, e.g. ldaps:// pointed at a plain LDAP port
]);

function errorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  const code = err.code;
  return typeof code === 'string' ? code : null;
}

/** Duck-typed: Node's socket errors come from another realm under jest, so `instanceof Error` can fail. */
function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const message = err.message;
    if (typeof message === 'string') return message;
  }
  return typeof err === 'string' ? err : 'unknown error';
}

/** Reasons after which the connection cannot be trusted any more: drop it and (maybe) try another URL. */
export function isConnectionFailure(reason: DirectoryErrorReason): boolean {
  return reason === 'unreachable' || reason === 'timeout' || reason === 'tls';
}

/**
 * Maps any error from ldapts/Node to a DirectoryError. `context` (e.g. the URL or the operation) is
 * prefixed to the message for logs.
 */
export function mapLdapError(err: unknown, context?: string): DirectoryError {
  if (err instanceof DirectoryError) return err;
  const prefix = context === undefined ? '' : `${context}: `;
  const text = messageOf(err).split('\n')[0] ?? '';

  if (err instanceof ResultCodeError) {
    const reason = BY_RESULT_CODE[err.code] ?? 'unknown';
    return new DirectoryError(reason, `${prefix}LDAP result ${err.code} (${text})`, err.code);
  }

  const code = errorCode(err);
  if (code !== null) {
    if (code === 'ETIMEDOUT')
      return new DirectoryError('unreachable', `${prefix}connection timed out (${code})`);
    if (UNREACHABLE_CODES.has(code)) return new DirectoryError('unreachable', `${prefix}${text}`);
    if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) {
      return new DirectoryError('tls', `${prefix}TLS: ${text} (${code})`);
    }
  }

  // ldapts raises plain Errors for its own timers and for sockets that close mid-request.
  if (/Operation timed out/i.test(text)) return new DirectoryError('timeout', `${prefix}${text}`);
  if (/Connection timeout/i.test(text))
    return new DirectoryError('unreachable', `${prefix}connect timed out`);
  if (/Connection closed|Socket error|connection not established|socket hang up/i.test(text)) {
    return new DirectoryError('unreachable', `${prefix}${text}`);
  }
  return new DirectoryError('unknown', `${prefix}${text}`);
}
