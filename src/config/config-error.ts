/** Why a setting was refused; callers and tests switch on this, never on message text. */
export type ConfigErrorReason =
  | 'missing' // required and not set
  | 'malformed' // set, but not in the expected form
  | 'insecure' // well-formed but would weaken security (e.g. a bind password in clear)
  | 'unreadable' // a file it names cannot be read
  | 'conflict'; // contradicts another setting

/**
 * A setting that stops start-up. The message names the variable and says what is expected;
 * it never contains the value of a secret.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly reason: ConfigErrorReason,
    message: string,
  ) {
    super(message);
  }
}
