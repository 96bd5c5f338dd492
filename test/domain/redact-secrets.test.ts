import {
  findSecrets,
  hasSecretText,
  isSecretKey,
  REDACTED,
  redactSecrets,
  redactText,
} from '../../src/domain/redact-secrets';

describe('isSecretKey', () => {
  it.each([
    'password',
    'bindPassword',
    'LDAP_BIND_PASSWORD',
    'MicrosoftAppPassword',
    'unicodePwd',
    'msDS-ManagedPassword',
    'client_secret',
    'clientSecret',
    'accessToken',
    'refresh-token',
    'apiKey',
    'private_key',
    'Authorization',
    'credentials',
    'Cookie',
    'bindPw',
    'pass',
    'passwd',
    'privateKey',
    'secret',
    'token',
    'authorization',
    'set-cookie',
    'AUDIT_HMAC_KEY',
    'DATABASE_CONNECTION_STRING',
  ])('treats %s as secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    'passwordLastSetAt',
    'pwdLastSet',
    'msDS-ManagedPasswordInterval',
    'tokenGroups',
    'passwordNeverExpires',
    'secretary',
    'member',
    'userAccountControl',
  ])('treats %s as not secret', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('findSecrets', () => {
  it('returns the path of every secret key, at any depth, and never the values', () => {
    const details = {
      account: 'svc_sql01$',
      bind: { url: 'ldaps://dc1', bindPassword: 'hunter2' },
      steps: [{ ok: true }, { headers: { authorization: 'x' } }],
    };
    const found = findSecrets(details);
    expect(found).toEqual(['bind.bindPassword', 'steps[1].headers.authorization']);
    expect(found.join(' ')).not.toContain('hunter2');
  });

  it('flags bearer headers and JWTs whatever their key', () => {
    expect(findSecrets({ note: 'Bearer abc.def' })).toEqual(['note']);
    expect(findSecrets({ values: ['fine', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'] })).toEqual([
      'values[1]',
    ]);
  });

  it('accepts redacted markers, nulls and flags under secret-sounding keys', () => {
    expect(findSecrets({ password: REDACTED, token: null, changePassword: true })).toEqual([]);
  });

  it('finds nothing in ordinary audit details', () => {
    expect(
      findSecrets({
        before: { member: ['CN=svc,OU=MSA'] },
        after: { member: [] },
        passwordLastSetAt: '2025-01-01T00:00:00.000Z',
        count: 3,
      }),
    ).toEqual([]);
    expect(findSecrets(null)).toEqual([]);
  });
});

describe('redactSecrets', () => {
  it('replaces secrets and leaves everything else, without touching the input', () => {
    const input = { user: 'alice', password: 'p', nested: [{ apiKey: 'k', keep: 1 }], token: 'Bearer t' };
    expect(redactSecrets(input)).toEqual({
      user: 'alice',
      password: REDACTED,
      nested: [{ apiKey: REDACTED, keep: 1 }],
      token: REDACTED,
    });
    expect(input.password).toBe('p');
    expect(findSecrets(redactSecrets(input))).toEqual([]);
  });
});

// [input, expected]: every secret is masked, everything else stays as it was.
const TEXT_CASES: [string, string][] = [
  ['find sMSAs on SRV01', 'find sMSAs on SRV01'],
  ['ldaps://admin:pw@dc1', 'ldaps://admin:[redacted]@dc1'],
  ['bind to ldaps://u:p@ss/w@host:636 failed', 'bind to ldaps://u:[redacted]@host:636 failed'],
  ['postgres://warden:pg/se@cret@db:5432/warden', 'postgres://warden:[redacted]@db:5432/warden'],
  ['ldaps://dc1.corp.example:636', 'ldaps://dc1.corp.example:636'],
  ['user alex@corp.example', 'user alex@corp.example'],
  ['body {"user":"a","password":"hunter 2"}', 'body {"user":"a","password":"[redacted]"}'],
  ['{"clientSecret": "s3cr3t", "n": 1}', '{"clientSecret": "[redacted]", "n": 1}'],
  ['nested {\\"bindPw\\":\\"x y\\"}', 'nested {\\"bindPw\\":\\"[redacted]\\"}'],
  ['password=hunter2&user=a', 'password=[redacted]&user=a'],
  ['bindPw: hunter2, next', 'bindPw: [redacted], next'],
  ['LDAP_BIND_PASSWORD = hunter2', 'LDAP_BIND_PASSWORD = [redacted]'],
  ['LDAP_BIND_PASSWORD = (set) (from environment)', 'LDAP_BIND_PASSWORD = (set) (from environment)'],
  ['MicrosoftAppPassword = (not set)', 'MicrosoftAppPassword = (not set)'],
  ['passwordLastSetAt: 2025-01-01', 'passwordLastSetAt: 2025-01-01'],
  ['Authorization: Bearer abc.def-ghi', 'Authorization: [redacted] [redacted]'],
  ['header Basic dXNlcjpwYXNz', 'header Basic [redacted]'],
  ['"bearer eyJx"', '"bearer [redacted]"'],
  ['jwt eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl here', 'jwt [redacted] here'],
  ['token:abc', 'token:[redacted]'],
];

describe('redactText', () => {
  it.each(TEXT_CASES)('masks %j', (input, expected) => {
    expect(redactText(input)).toBe(expected);
    // a fixed point: what the logger masked, the audit trail accepts
    expect(redactText(expected)).toBe(expected);
    expect(hasSecretText(expected)).toBe(false);
  });

  it('scans hostile input of a few hundred KB in one pass (a backtracking scan would need ~10^10 steps)', () => {
    const hostile = [
      'eyJ-'.repeat(50_000),
      'a://'.repeat(50_000),
      'password='.repeat(50_000),
      '"password":"'.repeat(20_000),
      'Bearer '.repeat(50_000),
      '@:'.repeat(100_000),
    ];
    for (const text of hostile) expect(redactText(text).length).toBeLessThanOrEqual(text.length * 2);
  });
});

describe('findSecrets on text values', () => {
  it('flags URL passwords, JSON passwords in text and Basic headers', () => {
    expect(
      findSecrets({
        a: 'ldaps://u:p@ss/w@host',
        b: 'failed: {"password":"x"}',
        c: 'Basic dXNlcjpwYXNz',
        d: 'ldaps://u:[redacted]@host',
      }),
    ).toEqual(['a', 'b', 'c']);
  });
});
