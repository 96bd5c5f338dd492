import { findSecrets, isSecretKey, REDACTED, redactSecrets } from '../../src/audit-trail/secret-keys';

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
