/**
 * The one rule for what counts as a secret, shared by the logger (masks) and the audit trail
 * (refuses). Keys are matched by name; free text by a single left-to-right scan per pattern, so the
 * work grows linearly with the input (no backtracking regex over text that may come from users).
 */

export const REDACTED = '[redacted]';

/**
 * A key is secret when its name, lower-cased without separators, ends with one of these words:
 * `bindPassword`, `bindPw`, `client_secret`, `accessToken`, `unicodePwd`, `privateKey` are;
 * `passwordLastSetAt`, `tokenGroups`, `msDS-ManagedPasswordInterval` are not (they describe a secret).
 */
const SECRET_KEY_ENDINGS = [
  'password',
  'passwd',
  'pass',
  'passphrase',
  'pwd',
  'pw',
  'secret',
  'secrets',
  'token',
  'tokens',
  'apikey',
  'privatekey',
  'secretkey',
  'accesskey',
  'signingkey',
  'hmackey',
  'encryptionkey',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'cookies',
  'connectionstring',
] as const;

export function isSecretKey(key: string): boolean {
  let normalised = '';
  for (const char of key.toLowerCase()) if (isAlphaNumeric(char)) normalised += char;
  return SECRET_KEY_ENDINGS.some((ending) => normalised.endsWith(ending));
}

/** `text` with every credential-looking part replaced by REDACTED; a fixed point (redacting twice changes nothing). */
export function redactText(text: string): string {
  // Words first: `Authorization: Bearer x` masks x there, then the key masks the scheme word.
  return redactKeyValues(redactWords(text));
}

/** True when `text` holds something redactText would mask. */
export function hasSecretText(text: string): boolean {
  return redactText(text) !== text;
}

/**
 * A deep copy with values under secret keys masked (flags and nulls kept: they carry no secret),
 * secret text inside strings masked, and errors reduced to their class and a masked message.
 */
export function redactSecrets<T>(value: T): T {
  return redactDeep(value, new WeakSet()) as T;
}

/** Paths (`a.b[2].password`) of every secret key or secret-looking string inside `value`; never the values. */
export function findSecrets(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return hasSecretText(value) ? [path || '(root)'] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => findSecrets(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, item]) => {
      const itemPath = path ? `${path}.${key}` : key;
      return isSecretKey(key) && !isHarmless(item) ? [itemPath] : findSecrets(item, itemPath);
    });
  }
  return [];
}

/** Under a secret-sounding key, a redacted marker, null or a flag carries no secret. */
function isHarmless(value: unknown): boolean {
  return value === REDACTED || value === null || value === undefined || typeof value === 'boolean';
}

function redactDeep(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    return { errorClass: value.constructor.name, message: redactText(value.message) };
  }
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty keeps a `__proto__` key as data (assignment would set the prototype and drop it)
    Object.defineProperty(out, key, {
      value: isSecretKey(key) && !isHarmless(item) ? REDACTED : redactDeep(item, seen),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

// Free text. Each scanner visits every character a bounded number of times.

function isAlphaNumeric(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || (char >= '0' && char <= '9');
}

function isKeyChar(char: string | undefined): boolean {
  return char !== undefined && (isAlphaNumeric(char) || char === '_' || char === '-' || char === '.');
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\v';
}

/** Where an unquoted value ends: at white space or punctuation that separates fields. */
const VALUE_END = new Set([',', ';', '&', ')', '}', ']', '"', "'", '<', '>']);

/** Values describeConfig prints for a secret: readable, not secret. */
const KEPT_VALUES = ['(set)', '(not set)'];

/**
 * `password=hunter2`, `bindPw: x`, `"clientSecret": "a b"`, `LDAP_BIND_PASSWORD = x`: the value after
 * a secret key and `=` or `:` is masked (quotes kept). Objects and lists after the key are scanned on.
 */
function redactKeyValues(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isKeyChar(text[i]) || (i > 0 && isKeyChar(text[i - 1]))) {
      out += text[i];
      i += 1;
      continue;
    }
    let j = i;
    while (j < n && isKeyChar(text[j])) j += 1;
    const key = text.slice(i, j);
    let k = j;
    if (text[k] === '\\' && text[k + 1] === '"') k += 2;
    else if (text[k] === '"' || text[k] === "'") k += 1;
    while (isSpace(text[k])) k += 1;
    if ((text[k] !== '=' && text[k] !== ':') || !isSecretKey(key) || text.startsWith('//', k + 1)) {
      out += key;
      i = j;
      continue;
    }
    k += 1;
    while (isSpace(text[k])) k += 1;
    const start = k;
    const quote = text[k];
    let end: number;
    let replacement: string;
    if (quote === '\\' && text[k + 1] === '"') {
      // JSON inside a JSON string: `\"password\":\"x\"`
      const close = text.indexOf('\\"', k + 2);
      end = close < 0 ? n : close + 2;
      replacement = `\\"${REDACTED}\\"`;
    } else if (quote === '"' || quote === "'") {
      end = k + 1;
      while (end < n && text[end] !== quote) end += text[end] === '\\' ? 2 : 1;
      end = Math.min(end + 1, n);
      replacement = `${quote}${REDACTED}${quote}`;
    } else {
      end = k;
      while (end < n && !isSpace(text[end]) && !VALUE_END.has(text[end] ?? '')) end += 1;
      replacement = REDACTED;
    }
    const valueText = text.slice(start, end);
    const kept =
      quote === '{' ||
      quote === '[' ||
      end === start ||
      valueText === replacement ||
      text.startsWith(REDACTED, start) ||
      KEPT_VALUES.some((value) => text.startsWith(value, start));
    out += text.slice(i, start) + (kept ? '' : replacement);
    i = kept ? start : end;
  }
  return out;
}

/** Characters of a bearer/basic token or a JWT. */
function isTokenChar(char: string): boolean {
  return isAlphaNumeric(char) || '-._~+/='.includes(char);
}

/** Word by word: `Bearer …`/`Basic …` tokens, JWTs, and passwords in URLs (`ldaps://u:p@ss/w@host`). */
function redactWords(text: string): string {
  let out = '';
  let previous = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (isSpace(text[i])) {
      out += text[i];
      i += 1;
      continue;
    }
    let j = i;
    while (j < n && !isSpace(text[j])) j += 1;
    const word = text.slice(i, j);
    const scheme = previous.toLowerCase();
    out +=
      (scheme === 'bearer' || scheme === 'basic') && isToken(word) ? maskToken(word) : redactInWord(word);
    previous = trimQuotes(word);
    i = j;
  }
  return out;
}

function trimQuotes(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && (word[start] === '"' || word[start] === "'")) start += 1;
  while (end > start && (word[end - 1] === '"' || word[end - 1] === "'")) end -= 1;
  return word.slice(start, end);
}

/** A token, possibly followed by closing punctuation (`abc",` in JSON). */
function isToken(word: string): boolean {
  return word.length > 0 && isTokenChar(word[0] ?? '');
}

function maskToken(word: string): string {
  let end = 0;
  while (end < word.length && isTokenChar(word[end] ?? '')) end += 1;
  return REDACTED + word.slice(end);
}

function redactInWord(word: string): string {
  return maskJwts(maskUrlPassword(word));
}

/**
 * `scheme://user:password@host`: the password runs from the first `:` after the user to the LAST `@`
 * of the word, so a password holding `/` or `@` is masked whole (at worst a little too much).
 */
function maskUrlPassword(word: string): string {
  const scheme = word.indexOf('://');
  if (scheme < 0) return word;
  const userStart = scheme + 3;
  const at = word.lastIndexOf('@');
  if (at <= userStart) return word;
  let colon = -1;
  for (let k = userStart; k < at; k += 1) {
    const char = word[k];
    if (char === ':') {
      colon = k;
      break;
    }
    if (char === '/' || char === '@') return word;
  }
  if (colon < 0 || word.slice(colon + 1, at) === REDACTED) return word;
  return `${word.slice(0, colon + 1)}${REDACTED}${word.slice(at)}`;
}

/** `eyJ….eyJ….…`: runs of token characters shaped like a JWT. */
function maskJwts(word: string): string {
  if (!word.includes('eyJ')) return word;
  let out = '';
  let i = 0;
  while (i < word.length) {
    let j = i;
    while (j < word.length && isJwtChar(word[j] ?? '')) j += 1;
    if (j === i) {
      out += word[i];
      i += 1;
      continue;
    }
    const run = word.slice(i, j);
    const parts = run.split('.');
    const jwt =
      parts.length === 3 && (parts[0] ?? '').startsWith('eyJ') && (parts[1] ?? '').startsWith('eyJ');
    out += jwt ? REDACTED : run;
    i = j;
  }
  return out;
}

function isJwtChar(char: string): boolean {
  return isAlphaNumeric(char) || char === '-' || char === '_' || char === '.';
}
