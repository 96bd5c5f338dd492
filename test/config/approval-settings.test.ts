import { describeConfig } from '../../src/config/describe-config';
import { loadConfig } from '../../src/config/load-config';
import { ConfigError } from '../../src/config/config-error';

const FIX_SECRET = 'fix-Pa55-word';
const BASE = {
  LDAP_URL: 'ldaps://dc1.corp.example.test',
  LDAP_BIND_DN: 'CN=svc-warden,OU=Service Accounts,DC=corp,DC=example,DC=test',
  LDAP_BIND_PASSWORD: 'read-Pa55-word',
  LDAP_BASE_DN: 'DC=corp,DC=example,DC=test',
  ACCESS_READERS_GROUP: 'MSA Warden Readers',
};
const FIX_DN = 'CN=svc-warden-fix,OU=Service Accounts,DC=corp,DC=example,DC=test';

function refusal(env: Record<string, string>): { variable: string; reason: string } {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { variable: error.variable, reason: error.reason };
    throw error;
  }
  throw new Error('loadConfig accepted it');
}

describe('approval settings', () => {
  it('are off by default: no fixer account, 24 h, one approver', () => {
    const config = loadConfig(BASE);
    expect(config.approvals).toEqual({
      fixBindDn: null,
      fixBindPassword: '',
      ttlMs: 86_400_000,
      approvalsRequired: 1,
      settleAfterMs: 60_000,
    });
    expect(describeConfig(config, BASE)).toEqual(
      expect.arrayContaining([
        'LDAP_FIX_BIND_DN = (not set) (fixes are not enabled)',
        'LDAP_FIX_BIND_PASSWORD = (not set)',
        'APPROVAL_TTL = 24h (default)',
        'APPROVALS_REQUIRED = 1 (default)',
        'APPROVAL_SETTLE_AFTER = 60s (default)',
      ]),
    );
  });

  it('reads the fixer account, the expiry and the two-approver rule, never showing the password', () => {
    const env = {
      ...BASE,
      LDAP_FIX_BIND_DN: FIX_DN,
      LDAP_FIX_BIND_PASSWORD: FIX_SECRET,
      APPROVAL_TTL: '90m',
      APPROVALS_REQUIRED: '2',
      APPROVAL_SETTLE_AFTER: '0s',
    };
    const config = loadConfig(env);
    expect(config.approvals).toEqual({
      fixBindDn: FIX_DN,
      fixBindPassword: FIX_SECRET,
      ttlMs: 90 * 60_000,
      approvalsRequired: 2,
      settleAfterMs: 0,
    });
    const lines = describeConfig(config, env);
    expect(lines).toContain('APPROVAL_TTL = 90m (from environment)');
    expect(lines).toContain('LDAP_FIX_BIND_PASSWORD = (set) (from environment)');
    expect(lines.join('\n')).not.toContain(FIX_SECRET);
    expect(lines).toContain('APPROVAL_SETTLE_AFTER = 0s (from environment)');
    expect(loadConfig({ ...BASE, APPROVAL_TTL: '2d' }).approvals.ttlMs).toBe(2 * 86_400_000);
    expect(loadConfig({ ...BASE, APPROVAL_SETTLE_AFTER: '5m' }).approvals.settleAfterMs).toBe(300_000);
  });

  it('refuses half a fixer account, the read account as fixer, and bad values — naming the variable', () => {
    expect(refusal({ ...BASE, LDAP_FIX_BIND_DN: FIX_DN })).toEqual({
      variable: 'LDAP_FIX_BIND_PASSWORD',
      reason: 'missing',
    });
    expect(refusal({ ...BASE, LDAP_FIX_BIND_PASSWORD: FIX_SECRET })).toEqual({
      variable: 'LDAP_FIX_BIND_DN',
      reason: 'missing',
    });
    expect(
      refusal({
        ...BASE,
        LDAP_FIX_BIND_DN: BASE.LDAP_BIND_DN.toUpperCase(),
        LDAP_FIX_BIND_PASSWORD: FIX_SECRET,
      }),
    ).toEqual({ variable: 'LDAP_FIX_BIND_DN', reason: 'conflict' });
    expect(refusal({ ...BASE, APPROVAL_TTL: '24' })).toEqual({
      variable: 'APPROVAL_TTL',
      reason: 'malformed',
    });
    expect(refusal({ ...BASE, APPROVAL_TTL: '1m' })).toEqual({
      variable: 'APPROVAL_TTL',
      reason: 'malformed',
    });
    expect(refusal({ ...BASE, APPROVAL_TTL: '31d' })).toEqual({
      variable: 'APPROVAL_TTL',
      reason: 'malformed',
    });
    for (const value of ['60', '61m', '-1s', '1h'])
      expect(refusal({ ...BASE, APPROVAL_SETTLE_AFTER: value })).toEqual({
        variable: 'APPROVAL_SETTLE_AFTER',
        reason: 'malformed',
      });
    expect(refusal({ ...BASE, APPROVALS_REQUIRED: '3' })).toEqual({
      variable: 'APPROVALS_REQUIRED',
      reason: 'malformed',
    });
  });
});
