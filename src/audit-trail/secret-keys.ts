/**
 * Secrets never go into the audit trail. A key is secret when its name, lower-cased without
 * separators, ends with one of these words: `bindPassword`, `client_secret`, `accessToken`,
 * `unicodePwd`, `msDS-ManagedPassword` are; `passwordLastSetAt`, `tokenGroups`,
 * `msDS-ManagedPasswordInterval` are not (they describe, not contain, a secret).
 */
const SECRET_KEY_ENDINGS = [
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'connectionstring',
] as const;

/** Values that are secrets whatever their key: bearer headers and JWTs. */
const SECRET_VALUE_PATTERNS = [/^bearer\s+\S/i, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*$/];

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEY_ENDINGS.some((ending) => normalised.endsWith(ending));
}

function isSecretValue(value: unknown): boolean {
  return typeof value === 'string' && SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(value.trim()));
}

/** Under a secret-sounding key, a redacted marker, null or a flag carries no secret. */
function isHarmless(value: unknown): boolean {
  return value === REDACTED || value === null || typeof value === 'boolean';
}

/** Paths (`a.b[2].password`) of every secret key or secret-looking value inside `value`. */
export function findSecrets(value: unknown, path = ''): string[] {
  if (isSecretValue(value)) return [path || '(root)'];
  if (Array.isArray(value)) return value.flatMap((item, i) => findSecrets(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, item]) => {
      const itemPath = path ? `${path}.${key}` : key;
      return isSecretKey(key) && !isHarmless(item) ? [itemPath] : findSecrets(item, itemPath);
    });
  }
  return [];
}

/** A copy of `value` with every secret replaced by REDACTED, for callers that hold secrets. */
export function redactSecrets<T>(value: T): T {
  return redact(value) as T;
}

function redact(value: unknown): unknown {
  if (isSecretValue(value)) return REDACTED;
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, isSecretKey(key) ? REDACTED : redact(item)]),
    );
  }
  return value;
}
