/**
 * Every directory failure the product can explain to a user. Callers switch on `reason`;
 * message text is for logs only and never carries a password.
 */
export type DirectoryErrorReason =
  | 'unreachable' // no URL answered (connect refused, DNS, TLS handshake)
  | 'timeout' // a request took longer than the configured timeout
  | 'busy' // too many directory operations already running or waiting (LDAP_MAX_CONCURRENT); nothing was sent
  | 'bind-failed' // wrong credentials or account locked
  | 'tls' // certificate not trusted / name mismatch
  | 'strong-auth-required' // simple bind on plain ldap:// refused (code 8)
  | 'no-such-object' // base DN wrong (code 32)
  | 'insufficient-rights' // code 50
  | 'already-in-state' // code 53 when removing a missing value, 68 when adding an existing one
  | 'constraint' // other constraint / schema violations
  | 'unknown';

export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  constructor(
    readonly reason: DirectoryErrorReason,
    message: string,
    readonly resultCode?: number,
  ) {
    super(message);
  }
}
