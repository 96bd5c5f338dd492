import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeConfig } from '../../src/config/describe-config';
import { loadConfig } from '../../src/config/load-config';
import { PACKAGING_SETTINGS } from '../../scripts/app-package';

const BIND_SECRET = 'Bind-S3cret!value';
const APP_SECRET = 'App-S3cret~value';
const DB_SECRET = 'Db-S3cret-value';
const AUDIT_SECRET = 'Audit-Hmac-S3cret-value-0123456789abcdef';

const BASE = {
  LDAP_URL: 'ldaps://dc1.corp.example.test,ldaps://dc2.corp.example.test',
  LDAP_BIND_DN: 'CN=svc-warden,OU=Service Accounts,DC=corp,DC=example,DC=test',
  LDAP_BIND_PASSWORD: BIND_SECRET,
  LDAP_BASE_DN: 'DC=corp,DC=example,DC=test',
  ACCESS_READERS_GROUP: 'msa-warden-readers',
};

const variableOf = (line: string): string => line.split(' = ')[0]!;

describe('describeConfig', () => {
  it('says where each setting came from', () => {
    const lines = describeConfig(loadConfig(BASE), BASE);
    expect(lines).toContain('PORT = 3978 (default)');
    expect(lines).toContain(
      'LDAP_URL = ldaps://dc1.corp.example.test, ldaps://dc2.corp.example.test (from environment)',
    );
    expect(lines).toContain('LDAP_TIMEOUT_MS = 5000 (default)');
    expect(lines).toContain('AUDIT_MAX_PASSWORD_AGE_DAYS = 30 (default)');
    expect(lines).toContain('AUDIT_EXTRA_PRIVILEGED_GROUPS = DnsAdmins (default)');
    expect(lines).toContain('LDAP_BIND_PASSWORD = (set) (from environment)');
    expect(lines).toContain('MicrosoftAppPassword = (not set)');
    expect(lines.find((line) => line.startsWith('MicrosoftAppId = '))).toMatch(/\(not set\).*anonymous/);
    expect(lines.find((line) => line.startsWith('LDAP_CA_CERT = '))).toMatch(
      /\(not set\).*verification stays on/,
    );
    expect(lines.find((line) => line.startsWith('HOST = '))).toMatch(
      /^HOST = 127\.0\.0\.1 \(default: loopback/,
    );
  });

  it('has one line per setting', () => {
    const env = { ...BASE, STORE: 'postgres', DATABASE_URL: `postgres://warden:${DB_SECRET}@db/warden` };
    const names = describeConfig(loadConfig(env), env).map(variableOf);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(['STORE', 'DATABASE_URL', 'ALLOWED_TENANT_IDS', 'LOG_LEVEL']),
    );
  });

  it('never shows a secret value', () => {
    const env = {
      ...BASE,
      MicrosoftAppId: '00000000-1111-2222-3333-444444444444',
      MicrosoftAppPassword: APP_SECRET,
      ALLOWED_TENANT_IDS: '11111111-2222-3333-4444-555555555555',
      STORE: 'postgres',
      DATABASE_URL: `postgres://warden:${DB_SECRET}@db/warden`,
      AUDIT_HMAC_KEY: AUDIT_SECRET,
    };
    const text = describeConfig(loadConfig(env), env).join('\n');
    for (const secret of [BIND_SECRET, APP_SECRET, DB_SECRET, AUDIT_SECRET])
      expect(text).not.toContain(secret);
    expect(text).toContain('AUDIT_HMAC_KEY = (set) (from environment)');
    expect(text).toContain('MicrosoftAppPassword = (set) (from environment)');
    expect(text).toContain('DATABASE_URL = (set) (from environment)');
  });

  it('covers every variable that .env.example documents (bot and packaging), and .env.example documents them all', () => {
    const example = readFileSync(join(__dirname, '../../.env.example'), 'utf8');
    const documented = [...example.matchAll(/^#?\s?([A-Za-z_]+)=/gm)].map((match) => match[1]!);
    const sqlite = describeConfig(loadConfig(BASE), BASE).map(variableOf);
    const postgresEnv = { ...BASE, STORE: 'postgres', DATABASE_URL: 'postgres://db/warden' };
    const sinkEnv = {
      ...BASE,
      AUDIT_SINK: 'azure-monitor',
      AUDIT_SINK_ENDPOINT: 'https://dce-1.westeurope-1.ingest.monitor.azure.com',
      AUDIT_SINK_RULE_ID: 'dcr-0123456789abcdef0123456789abcdef',
      AUDIT_SINK_STREAM: 'Custom-MsaWardenAudit_CL',
    };
    const described = new Set([
      ...sqlite,
      ...describeConfig(loadConfig(postgresEnv), postgresEnv).map(variableOf),
      ...describeConfig(loadConfig(sinkEnv), sinkEnv).map(variableOf),
      ...PACKAGING_SETTINGS,
    ]);
    expect(new Set(documented)).toEqual(described);
  });

  it('.env.example loads as it is (anonymous mode) and its lines say nothing secret', () => {
    const example = readFileSync(join(__dirname, '../../.env.example'), 'utf8');
    const env = Object.fromEntries(
      [...example.matchAll(/^([A-Za-z_]+)=(.*)$/gm)].map((match) => [match[1]!, match[2]!]),
    );
    const config = loadConfig(env);
    expect(config.bot.appId).toBe('');
    expect(describeConfig(config, env).join('\n')).not.toContain(env.LDAP_BIND_PASSWORD);
  });

  it('warns loudly when access control is off', () => {
    const env = { ...BASE, ACCESS_READERS_GROUP: '', ACCESS_OPEN: 'true' };
    const lines = describeConfig(loadConfig(env), env);
    expect(lines.find((line) => line.startsWith('ACCESS_OPEN = '))).toMatch(/WARNING: access control is off/);
  });
});
