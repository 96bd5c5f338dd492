import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import type { ConfigErrorReason } from '../../src/config/config-error';
import { loadConfig } from '../../src/config/load-config';
import { defaultAuditConfig } from '../../src/domain/audit-config';

const BIND_SECRET = 'Bind-S3cret!value';
const APP_SECRET = 'App-S3cret~value';
const DB_SECRET = 'Db-S3cret-value';

/** The smallest valid environment: anonymous bot, one ldaps:// DC, one role group. */
const BASE = {
  LDAP_URL: 'ldaps://dc1.corp.example.test',
  LDAP_BIND_DN: 'CN=svc-warden,OU=Service Accounts,DC=corp,DC=example,DC=test',
  LDAP_BIND_PASSWORD: BIND_SECRET,
  LDAP_BASE_DN: 'DC=corp,DC=example,DC=test',
  ACCESS_READERS_GROUP: 'MSA Warden Readers',
};

const APP_ID = '00000000-1111-2222-3333-444444444444';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

let dir: string;
let caPath: string;
let notPemPath: string;
let keyPemPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'msa-warden-config-'));
  caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n');
  notPemPath = join(dir, 'notes.txt');
  writeFileSync(notPemPath, 'not a certificate\n');
  keyPemPath = join(dir, 'bundle.pem');
  writeFileSync(
    keyPemPath,
    '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIEkey\n-----END PRIVATE KEY-----\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

const AUDIT_KEY = 'audit-hmac-key-for-tests-0123456789abcdef';

/** The limits with no variable set (README, Configuration). */
const DEFAULT_LIMITS = {
  ratePerMinute: 30,
  rateBurst: 10,
  ldapMaxConcurrent: 4,
  ldapMaxQueued: 200,
  ldapQueueWaitMs: 5000,
  ldapAuditMaxConcurrent: 2,
  ldapAuditQueueWaitMs: 60_000,
  auditMaxConcurrent: 2,
  auditMaxQueued: 50,
  auditQueueWaitMs: 120_000,
};

describe('loadConfig: audit trail settings', () => {
  it('requires AUDIT_HMAC_KEY once Bot Framework authentication is on, and refuses a short one', () => {
    expect(
      configError({
        ...BASE,
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: APP_SECRET,
        ALLOWED_TENANT_IDS: TENANT,
      }),
    ).toMatchObject({ variable: 'AUDIT_HMAC_KEY', reason: 'missing' });
    const short = configError({ ...BASE, AUDIT_HMAC_KEY: 'too-short' });
    expect(short).toMatchObject({ variable: 'AUDIT_HMAC_KEY', reason: 'malformed' });
    expect(short.message).not.toContain('too-short');
  });

  it('keeps the anchor beside the SQLite file, in memory with an in-memory database', () => {
    expect(loadConfig({ ...BASE, SQLITE_PATH: '/srv/w.db' }).auditTrail.anchorPath).toBe(
      '/srv/w.db.audit-anchor.json',
    );
    expect(loadConfig({ ...BASE, SQLITE_PATH: ':memory:' }).auditTrail.anchorPath).toBeNull();
  });

  it('needs endpoint, rule id and stream with AUDIT_SINK=azure-monitor', () => {
    expect(configError({ ...BASE, AUDIT_SINK: 'azure-monitor' })).toMatchObject({
      variable: 'AUDIT_SINK_ENDPOINT',
    });
    expect(
      configError({
        ...BASE,
        AUDIT_SINK: 'azure-monitor',
        AUDIT_SINK_ENDPOINT: 'http://plain.example',
      }),
    ).toMatchObject({ variable: 'AUDIT_SINK_ENDPOINT', reason: 'malformed' });
  });
});

describe('loadConfig', () => {
  it('fills defaults around the four required LDAP settings', () => {
    expect(loadConfig(BASE)).toEqual({
      port: 3978,
      host: '127.0.0.1',
      bot: { appId: '', appPassword: '', appTenantId: '', appType: 'MultiTenant' },
      ldap: {
        urls: ['ldaps://dc1.corp.example.test'],
        bindDn: BASE.LDAP_BIND_DN,
        bindPassword: BIND_SECRET,
        baseDn: BASE.LDAP_BASE_DN,
        caCertPath: null,
        startTls: false,
        timeoutMs: 5000,
        connectTimeoutMs: 3000,
      },
      allowedTenantIds: null,
      anonymousServiceUrls: [],
      allowAnonymousOnNetwork: false,
      store: { kind: 'sqlite', sqlitePath: './data/msa-warden.sqlite' },
      logLevel: 'info',
      shutdownDrainMs: 10000,
      audit: {
        maxPasswordAgeDays: 30,
        passwordGraceDays: defaultAuditConfig.passwordGraceDays,
        staleLogonDays: 90,
        extraPrivilegedGroups: ['DnsAdmins'],
      },
      auditCache: { seconds: 120, maxFindings: 50_000 },
      approvals: {
        fixBindDn: null,
        fixBindPassword: '',
        ttlMs: 86_400_000,
        approvalsRequired: 1,
        settleAfterMs: 60_000,
      },
      digest: { conversationId: null, cron: '0 8 * * 1-5', timeZone: 'UTC' },
      access: {
        open: false,
        readersGroup: 'MSA Warden Readers',
        approversGroup: null,
        matchAttribute: 'userPrincipalName',
        readerIds: [],
        approverIds: [],
      },
      auditTrail: {
        hmacKey: null,
        anchorPath: './data/msa-warden.sqlite.audit-anchor.json',
        sink: { kind: 'none' },
      },
      limits: DEFAULT_LIMITS,
    });
  });

  it('reads every setting when given', () => {
    const config = loadConfig({
      ...BASE,
      PORT: '8080',
      HOST: '0.0.0.0',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_SECRET,
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppType: 'singletenant',
      LDAP_URL: ' ldap://dc1.corp.example.test , ldap://dc2.corp.example.test:389 ',
      LDAP_STARTTLS: 'TRUE',
      LDAP_CA_CERT: caPath,
      LDAP_TIMEOUT_MS: '1500',
      LDAP_CONNECT_TIMEOUT_MS: '700',
      ALLOWED_TENANT_IDS: `${TENANT.toUpperCase()}, 11111111-2222-3333-4444-555555555555`,
      STORE: 'postgres',
      DATABASE_URL: `postgres://warden:${DB_SECRET}@db:5432/warden`,
      LOG_LEVEL: 'DEBUG',
      SHUTDOWN_DRAIN_MS: '2500',
      AUDIT_MAX_PASSWORD_AGE_DAYS: '45',
      AUDIT_PASSWORD_GRACE_DAYS: '0',
      AUDIT_STALE_LOGON_DAYS: ' 180 ',
      AUDIT_EXTRA_PRIVILEGED_GROUPS: 'DnsAdmins, Tier0 Operators,S-1-5-21-1-2-3-1105 ,',
      AUDIT_CACHE_SECONDS: '30',
      AUDIT_CACHE_MAX_FINDINGS: '5000',
      DIGEST_CONVERSATION_ID: '19:ops@thread.tacv2',
      DIGEST_CRON: '30  7 * * 1',
      DIGEST_TIMEZONE: 'europe/berlin',
      ACCESS_APPROVERS_GROUP: 'CN=MSA Warden Approvers,OU=Groups,DC=corp,DC=example,DC=test',
      ACCESS_MATCH_ATTRIBUTE: 'MAIL',
      ACCESS_READER_IDS: 'AAAAAAAA-0000-0000-0000-000000000001',
      ACCESS_APPROVER_IDS: 'aaaaaaaa-0000-0000-0000-000000000002, aaaaaaaa-0000-0000-0000-000000000003',
      AUDIT_HMAC_KEY: AUDIT_KEY,
      AUDIT_ANCHOR_PATH: '/var/lib/msa-warden/audit-anchor.json',
      AUDIT_SINK: 'Azure-Monitor',
      AUDIT_SINK_ENDPOINT: 'https://dce-1.westeurope-1.ingest.monitor.azure.com',
      AUDIT_SINK_RULE_ID: 'dcr-0123456789abcdef0123456789abcdef',
      AUDIT_SINK_STREAM: 'Custom-MsaWardenAudit_CL',
      RATE_LIMIT_PER_MINUTE: '12',
      RATE_LIMIT_BURST: ' 4 ',
      LDAP_MAX_CONCURRENT: '8',
      LDAP_MAX_QUEUED: '0',
      LDAP_QUEUE_WAIT_MS: '2500',
      LDAP_AUDIT_MAX_CONCURRENT: '3',
      LDAP_AUDIT_QUEUE_WAIT_MS: '90000',
      AUDIT_MAX_CONCURRENT: '1',
      AUDIT_MAX_QUEUED: '5',
      AUDIT_QUEUE_WAIT_MS: '30000',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      bot: { appId: APP_ID, appPassword: APP_SECRET, appTenantId: TENANT, appType: 'SingleTenant' },
      ldap: {
        urls: ['ldap://dc1.corp.example.test', 'ldap://dc2.corp.example.test:389'],
        bindDn: BASE.LDAP_BIND_DN,
        bindPassword: BIND_SECRET,
        baseDn: BASE.LDAP_BASE_DN,
        caCertPath: caPath,
        startTls: true,
        timeoutMs: 1500,
        connectTimeoutMs: 700,
      },
      allowedTenantIds: [TENANT, '11111111-2222-3333-4444-555555555555'],
      anonymousServiceUrls: [],
      allowAnonymousOnNetwork: false,
      store: { kind: 'postgres', databaseUrl: `postgres://warden:${DB_SECRET}@db:5432/warden` },
      logLevel: 'debug',
      shutdownDrainMs: 2500,
      audit: {
        maxPasswordAgeDays: 45,
        passwordGraceDays: 0,
        staleLogonDays: 180,
        extraPrivilegedGroups: ['DnsAdmins', 'Tier0 Operators', 'S-1-5-21-1-2-3-1105'],
      },
      auditCache: { seconds: 30, maxFindings: 5000 },
      approvals: {
        fixBindDn: null,
        fixBindPassword: '',
        ttlMs: 86_400_000,
        approvalsRequired: 1,
        settleAfterMs: 60_000,
      },
      digest: { conversationId: '19:ops@thread.tacv2', cron: '30 7 * * 1', timeZone: 'Europe/Berlin' },
      access: {
        open: false,
        readersGroup: 'MSA Warden Readers',
        approversGroup: 'CN=MSA Warden Approvers,OU=Groups,DC=corp,DC=example,DC=test',
        matchAttribute: 'mail',
        readerIds: ['aaaaaaaa-0000-0000-0000-000000000001'],
        approverIds: ['aaaaaaaa-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000003'],
      },
      auditTrail: {
        hmacKey: AUDIT_KEY,
        anchorPath: '/var/lib/msa-warden/audit-anchor.json',
        sink: {
          kind: 'azure-monitor',
          endpoint: 'https://dce-1.westeurope-1.ingest.monitor.azure.com',
          ruleId: 'dcr-0123456789abcdef0123456789abcdef',
          streamName: 'Custom-MsaWardenAudit_CL',
        },
      },
      limits: {
        ratePerMinute: 12,
        rateBurst: 4,
        ldapMaxConcurrent: 8,
        ldapMaxQueued: 0,
        ldapQueueWaitMs: 2500,
        ldapAuditMaxConcurrent: 3,
        ldapAuditQueueWaitMs: 90_000,
        auditMaxConcurrent: 1,
        auditMaxQueued: 5,
        auditQueueWaitMs: 30_000,
      },
    });
  });

  it('has limits by default, and names the variable of a limit that makes no sense', () => {
    expect(loadConfig(BASE).limits).toEqual(DEFAULT_LIMITS);
    expect(loadConfig({ ...BASE, RATE_LIMIT_PER_MINUTE: '0' }).limits.ratePerMinute).toBe(0);
    for (const [name, value] of [
      ['LDAP_MAX_CONCURRENT', '0'],
      ['RATE_LIMIT_BURST', '0'],
      ['RATE_LIMIT_PER_MINUTE', '-1'],
      ['LDAP_QUEUE_WAIT_MS', '1e9'],
      ['LDAP_AUDIT_MAX_CONCURRENT', '0'],
      ['AUDIT_MAX_CONCURRENT', '0'],
      ['AUDIT_MAX_QUEUED', '-1'],
      ['AUDIT_QUEUE_WAIT_MS', 'soon'],
    ] as const) {
      const error = (() => {
        try {
          loadConfig({ ...BASE, [name]: value });
        } catch (thrown) {
          return thrown;
        }
        return null;
      })();
      expect(error).toMatchObject({ name: 'ConfigError', variable: name });
    }
  });

  it('listens on all interfaces by default only when Bot Framework authentication is on', () => {
    const multi = loadConfig({
      ...BASE,
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_SECRET,
      ALLOWED_TENANT_IDS: TENANT,
      AUDIT_HMAC_KEY: AUDIT_KEY,
    });
    const msi = loadConfig({
      ...BASE,
      ALLOWED_TENANT_IDS: TENANT,
      AUDIT_HMAC_KEY: AUDIT_KEY,
      MicrosoftAppId: APP_ID,
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppType: 'UserAssignedMSI',
    });
    expect(multi.host).toBe('0.0.0.0');
    expect(multi.bot.appType).toBe('MultiTenant');
    expect(msi.bot).toEqual({
      appId: APP_ID,
      appPassword: '',
      appTenantId: TENANT,
      appType: 'UserAssignedMSI',
    });
  });

  it('anonymous mode listens on loopback only, unless forced; it reads the extra service URLs', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) {
      expect(loadConfig({ ...BASE, HOST: host }).host).toBe(host);
    }
    const forced = loadConfig({ ...BASE, HOST: '0.0.0.0', ALLOW_ANONYMOUS_ON_NETWORK: 'true' });
    expect(forced).toMatchObject({ host: '0.0.0.0', allowAnonymousOnNetwork: true });
    const listed = loadConfig({
      ...BASE,
      ANONYMOUS_SERVICE_URLS: 'http://10.0.0.5:56150/_connector, https://playground.corp.example.test/',
    });
    expect(listed.anonymousServiceUrls).toEqual([
      'http://10.0.0.5:56150',
      'https://playground.corp.example.test',
    ]);
  });

  it('accepts a DN, a UPN or DOMAIN\\user as the bind account', () => {
    for (const bindDn of ['svc-warden@corp.example.test', 'CORP\\svc-warden', 'CN=a\\,b,DC=corp']) {
      expect(loadConfig({ ...BASE, LDAP_BIND_DN: bindDn }).ldap.bindDn).toBe(bindDn);
    }
  });

  const cases: [string, Record<string, string | undefined>, string, ConfigErrorReason][] = [
    ['LDAP_URL missing', { LDAP_URL: undefined }, 'LDAP_URL', 'missing'],
    ['LDAP_URL blank', { LDAP_URL: '  ' }, 'LDAP_URL', 'missing'],
    ['LDAP_URL only commas', { LDAP_URL: ' , ' }, 'LDAP_URL', 'missing'],
    ['LDAP_URL not a URL', { LDAP_URL: 'dc1.corp.example.test' }, 'LDAP_URL', 'malformed'],
    ['LDAP_URL wrong scheme', { LDAP_URL: 'https://dc1.corp.example.test' }, 'LDAP_URL', 'malformed'],
    ['LDAP_URL no host', { LDAP_URL: 'ldaps://' }, 'LDAP_URL', 'malformed'],
    ['LDAP_URL second entry bad', { LDAP_URL: 'ldaps://dc1,ldaps:dc2' }, 'LDAP_URL', 'malformed'],
    ['LDAP_URL with credentials', { LDAP_URL: `ldaps://admin:${BIND_SECRET}@dc1` }, 'LDAP_URL', 'malformed'],
    ['LDAP_URL with a path', { LDAP_URL: 'ldaps://dc1/DC=corp' }, 'LDAP_URL', 'malformed'],
    ['LDAP_URL plain ldap', { LDAP_URL: 'ldaps://dc1,ldap://dc2' }, 'LDAP_URL', 'insecure'],
    ['LDAP_STARTTLS not boolean', { LDAP_STARTTLS: 'yes' }, 'LDAP_STARTTLS', 'malformed'],
    ['LDAP_STARTTLS on ldaps', { LDAP_STARTTLS: 'true' }, 'LDAP_STARTTLS', 'conflict'],
    ['LDAP_BIND_DN missing', { LDAP_BIND_DN: undefined }, 'LDAP_BIND_DN', 'missing'],
    ['LDAP_BIND_DN malformed', { LDAP_BIND_DN: 'svcwarden' }, 'LDAP_BIND_DN', 'malformed'],
    ['LDAP_BIND_PASSWORD missing', { LDAP_BIND_PASSWORD: undefined }, 'LDAP_BIND_PASSWORD', 'missing'],
    ['LDAP_BIND_PASSWORD empty', { LDAP_BIND_PASSWORD: '' }, 'LDAP_BIND_PASSWORD', 'missing'],
    ['LDAP_BASE_DN missing', { LDAP_BASE_DN: undefined }, 'LDAP_BASE_DN', 'missing'],
    ['LDAP_BASE_DN malformed', { LDAP_BASE_DN: 'corp.example.test' }, 'LDAP_BASE_DN', 'malformed'],
    ['LDAP_CA_CERT absent file', { LDAP_CA_CERT: '/nonexistent/ca.pem' }, 'LDAP_CA_CERT', 'unreadable'],
    ['LDAP_TIMEOUT_MS not a number', { LDAP_TIMEOUT_MS: 'soon' }, 'LDAP_TIMEOUT_MS', 'malformed'],
    ['LDAP_TIMEOUT_MS zero', { LDAP_TIMEOUT_MS: '0' }, 'LDAP_TIMEOUT_MS', 'malformed'],
    [
      'LDAP_CONNECT_TIMEOUT_MS negative',
      { LDAP_CONNECT_TIMEOUT_MS: '-1' },
      'LDAP_CONNECT_TIMEOUT_MS',
      'malformed',
    ],
    ['PORT too big', { PORT: '70000' }, 'PORT', 'malformed'],
    ['DIGEST_TIMEZONE unknown', { DIGEST_TIMEZONE: 'Mars/Olympus' }, 'DIGEST_TIMEZONE', 'malformed'],
    ['DIGEST_CRON out of range', { DIGEST_CRON: '0 25 * * *' }, 'DIGEST_CRON', 'malformed'],
    ['DIGEST_CRON with seconds', { DIGEST_CRON: '0 0 8 * * *' }, 'DIGEST_CRON', 'malformed'],
    ['PORT not a number', { PORT: 'http' }, 'PORT', 'malformed'],
    ['HOST with a space', { HOST: 'local host' }, 'HOST', 'malformed'],
    ['MicrosoftAppId not a GUID', { MicrosoftAppId: 'my-bot' }, 'MicrosoftAppId', 'malformed'],
    ['password without app id', { MicrosoftAppPassword: APP_SECRET }, 'MicrosoftAppId', 'missing'],
    ['tenant without app id', { MicrosoftAppTenantId: TENANT }, 'MicrosoftAppId', 'missing'],
    ['app id without password', { MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword', 'missing'],
    [
      'SingleTenant without tenant',
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_SECRET, MicrosoftAppType: 'SingleTenant' },
      'MicrosoftAppTenantId',
      'missing',
    ],
    [
      'UserAssignedMSI without tenant',
      { MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI' },
      'MicrosoftAppTenantId',
      'missing',
    ],
    [
      'UserAssignedMSI with a password',
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: APP_SECRET,
        MicrosoftAppTenantId: TENANT,
        MicrosoftAppType: 'UserAssignedMSI',
      },
      'MicrosoftAppPassword',
      'conflict',
    ],
    [
      'MicrosoftAppType unknown',
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_SECRET, MicrosoftAppType: 'Bogus' },
      'MicrosoftAppType',
      'malformed',
    ],
    [
      'MicrosoftAppTenantId not a GUID',
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_SECRET, MicrosoftAppTenantId: 'contoso' },
      'MicrosoftAppTenantId',
      'malformed',
    ],
    [
      'app id without ALLOWED_TENANT_IDS',
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_SECRET },
      'ALLOWED_TENANT_IDS',
      'missing',
    ],
    [
      'managed identity without ALLOWED_TENANT_IDS',
      { MicrosoftAppId: APP_ID, MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'UserAssignedMSI' },
      'ALLOWED_TENANT_IDS',
      'missing',
    ],
    ['anonymous mode on all interfaces', { HOST: '0.0.0.0' }, 'HOST', 'insecure'],
    ['anonymous mode on a LAN address', { HOST: '10.1.2.3' }, 'HOST', 'insecure'],
    [
      'anonymous mode on the network, not forced',
      { HOST: '::', ALLOW_ANONYMOUS_ON_NETWORK: 'false' },
      'HOST',
      'insecure',
    ],
    [
      'ALLOW_ANONYMOUS_ON_NETWORK not boolean',
      { ALLOW_ANONYMOUS_ON_NETWORK: 'yes' },
      'ALLOW_ANONYMOUS_ON_NETWORK',
      'malformed',
    ],
    [
      'ALLOW_ANONYMOUS_ON_NETWORK with an app id',
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: APP_SECRET,
        ALLOWED_TENANT_IDS: TENANT,
        ALLOW_ANONYMOUS_ON_NETWORK: 'true',
      },
      'ALLOW_ANONYMOUS_ON_NETWORK',
      'conflict',
    ],
    [
      'ANONYMOUS_SERVICE_URLS not a URL',
      { ANONYMOUS_SERVICE_URLS: 'playground.corp.example.test' },
      'ANONYMOUS_SERVICE_URLS',
      'malformed',
    ],
    [
      'ANONYMOUS_SERVICE_URLS not http',
      { ANONYMOUS_SERVICE_URLS: 'http://a.example.test,ftp://b.example.test' },
      'ANONYMOUS_SERVICE_URLS',
      'malformed',
    ],
    [
      'ANONYMOUS_SERVICE_URLS with an app id',
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: APP_SECRET,
        ALLOWED_TENANT_IDS: TENANT,
        ANONYMOUS_SERVICE_URLS: 'http://10.0.0.5:56150',
      },
      'ANONYMOUS_SERVICE_URLS',
      'conflict',
    ],
    ['ALLOWED_TENANT_IDS empty list', { ALLOWED_TENANT_IDS: ' , ' }, 'ALLOWED_TENANT_IDS', 'malformed'],
    [
      'ALLOWED_TENANT_IDS with spaces',
      { ALLOWED_TENANT_IDS: 'tenant one' },
      'ALLOWED_TENANT_IDS',
      'malformed',
    ],
    ['STORE unknown', { STORE: 'mysql' }, 'STORE', 'malformed'],
    ['DATABASE_URL missing for postgres', { STORE: 'postgres' }, 'DATABASE_URL', 'missing'],
    [
      'DATABASE_URL not postgres',
      { STORE: 'postgres', DATABASE_URL: `mysql://warden:${DB_SECRET}@db/warden` },
      'DATABASE_URL',
      'malformed',
    ],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'malformed'],
    ['SHUTDOWN_DRAIN_MS negative', { SHUTDOWN_DRAIN_MS: '-1' }, 'SHUTDOWN_DRAIN_MS', 'malformed'],
    [
      'AUDIT_MAX_PASSWORD_AGE_DAYS zero',
      { AUDIT_MAX_PASSWORD_AGE_DAYS: '0' },
      'AUDIT_MAX_PASSWORD_AGE_DAYS',
      'malformed',
    ],
    [
      'AUDIT_MAX_PASSWORD_AGE_DAYS words',
      { AUDIT_MAX_PASSWORD_AGE_DAYS: '30d' },
      'AUDIT_MAX_PASSWORD_AGE_DAYS',
      'malformed',
    ],
    [
      'AUDIT_PASSWORD_GRACE_DAYS negative',
      { AUDIT_PASSWORD_GRACE_DAYS: '-1' },
      'AUDIT_PASSWORD_GRACE_DAYS',
      'malformed',
    ],
    [
      'AUDIT_PASSWORD_GRACE_DAYS fraction',
      { AUDIT_PASSWORD_GRACE_DAYS: '2.5' },
      'AUDIT_PASSWORD_GRACE_DAYS',
      'malformed',
    ],
    [
      'AUDIT_STALE_LOGON_DAYS too big',
      { AUDIT_STALE_LOGON_DAYS: '3651' },
      'AUDIT_STALE_LOGON_DAYS',
      'malformed',
    ],
    [
      'AUDIT_CACHE_SECONDS more than an hour',
      { AUDIT_CACHE_SECONDS: '3601' },
      'AUDIT_CACHE_SECONDS',
      'malformed',
    ],
    [
      'AUDIT_CACHE_MAX_FINDINGS negative',
      { AUDIT_CACHE_MAX_FINDINGS: '-1' },
      'AUDIT_CACHE_MAX_FINDINGS',
      'malformed',
    ],
    [
      'AUDIT_STALE_LOGON_DAYS not a number',
      { AUDIT_STALE_LOGON_DAYS: 'never' },
      'AUDIT_STALE_LOGON_DAYS',
      'malformed',
    ],
    [
      'AUDIT_EXTRA_PRIVILEGED_GROUPS only commas',
      { AUDIT_EXTRA_PRIVILEGED_GROUPS: ' , ' },
      'AUDIT_EXTRA_PRIVILEGED_GROUPS',
      'malformed',
    ],
    [
      'AUDIT_EXTRA_PRIVILEGED_GROUPS a DN',
      { AUDIT_EXTRA_PRIVILEGED_GROUPS: 'DnsAdmins;CN=Tier0' },
      'AUDIT_EXTRA_PRIVILEGED_GROUPS',
      'malformed',
    ],
    [
      'AUDIT_EXTRA_PRIVILEGED_GROUPS bad SID',
      { AUDIT_EXTRA_PRIVILEGED_GROUPS: 'DnsAdmins,S-1-5-x' },
      'AUDIT_EXTRA_PRIVILEGED_GROUPS',
      'malformed',
    ],
  ];

  it.each(cases)('%s: the error names the variable', (_title, overrides, variable, reason) => {
    const error = configError({ ...BASE, ...overrides });
    expect({ variable: error.variable, reason: error.reason }).toEqual({ variable, reason });
    expect(error.message.startsWith(variable)).toBe(true);
    // says what is expected
    expect(error.message).toMatch(/expected|use|set|remove|must|give|put/i);
  });

  it.each(cases)('%s: the error never quotes a secret', (_title, overrides) => {
    const error = configError({ ...BASE, ...overrides });
    for (const secret of [BIND_SECRET, APP_SECRET, DB_SECRET]) expect(error.message).not.toContain(secret);
  });

  it('accepts the audit bounds: 1–3650 days, grace from 0', () => {
    const low = loadConfig({
      ...BASE,
      AUDIT_MAX_PASSWORD_AGE_DAYS: '1',
      AUDIT_PASSWORD_GRACE_DAYS: '0',
      AUDIT_STALE_LOGON_DAYS: '1',
    });
    const high = loadConfig({
      ...BASE,
      AUDIT_MAX_PASSWORD_AGE_DAYS: '3650',
      AUDIT_PASSWORD_GRACE_DAYS: '3650',
      AUDIT_STALE_LOGON_DAYS: '3650',
    });
    expect([low.audit.maxPasswordAgeDays, low.audit.passwordGraceDays, low.audit.staleLogonDays]).toEqual([
      1, 0, 1,
    ]);
    expect([high.audit.maxPasswordAgeDays, high.audit.passwordGraceDays, high.audit.staleLogonDays]).toEqual([
      3650, 3650, 3650,
    ]);
  });

  it('keeps its own copy of the default group list', () => {
    loadConfig(BASE).audit.extraPrivilegedGroups.push('Everyone');
    expect(loadConfig(BASE).audit.extraPrivilegedGroups).toEqual(['DnsAdmins']);
    expect(defaultAuditConfig.extraPrivilegedGroups).toEqual(['DnsAdmins']);
  });

  it('explains why a plain ldap:// URL is refused', () => {
    expect(configError({ ...BASE, LDAP_URL: 'ldap://dc1' }).message).toMatch(
      /password would cross the network in clear/,
    );
  });

  it('checks that LDAP_CA_CERT is a PEM certificate and nothing more', () => {
    expect(loadConfig({ ...BASE, LDAP_CA_CERT: caPath }).ldap.caCertPath).toBe(caPath);
    expect(configError({ ...BASE, LDAP_CA_CERT: notPemPath })).toMatchObject({
      variable: 'LDAP_CA_CERT',
      reason: 'malformed',
    });
    expect(configError({ ...BASE, LDAP_CA_CERT: keyPemPath })).toMatchObject({
      variable: 'LDAP_CA_CERT',
      reason: 'insecure',
    });
  });

  describe('access (deny by default)', () => {
    const { ACCESS_READERS_GROUP: _unused, ...noAccess } = BASE;

    it('refuses to start with no access setting, naming the variables', () => {
      const error = configError(noAccess);
      expect(error).toMatchObject({ variable: 'ACCESS_READERS_GROUP', reason: 'missing' });
      for (const name of [
        'ACCESS_READERS_GROUP',
        'ACCESS_APPROVERS_GROUP',
        'ACCESS_READER_IDS',
        'ACCESS_OPEN',
      ])
        expect(error.message).toContain(name);
    });

    it('starts open only when ACCESS_OPEN=true is set explicitly', () => {
      expect(loadConfig({ ...noAccess, ACCESS_OPEN: 'true' }).access.open).toBe(true);
      expect(configError({ ...noAccess, ACCESS_OPEN: 'false' })).toMatchObject({ reason: 'missing' });
    });

    it('refuses ACCESS_OPEN together with settings that name who may read', () => {
      expect(configError({ ...BASE, ACCESS_OPEN: 'true' })).toMatchObject({
        variable: 'ACCESS_OPEN',
        reason: 'conflict',
      });
    });

    it('allows ACCESS_OPEN with ACCESS_APPROVER_IDS: who may approve in an open bot', () => {
      const approverId = 'aaaaaaaa-0000-0000-0000-000000000001';
      const config = loadConfig({ ...noAccess, ACCESS_OPEN: 'true', ACCESS_APPROVER_IDS: approverId });
      expect(config.access).toMatchObject({ open: true, approverIds: [approverId] });
    });

    it.each([
      ['ACCESS_READER_IDS', { ACCESS_READER_IDS: 'aaaaaaaa-0000-0000-0000-000000000001' }],
      ['ACCESS_APPROVERS_GROUP', { ACCESS_APPROVERS_GROUP: 'msa-warden-approvers' }],
    ])('any one granting setting is enough (%s)', (_name, env) => {
      expect(() => loadConfig({ ...noAccess, ...env })).not.toThrow();
    });

    it.each([
      ['ACCESS_READERS_GROUP', 'Readers*'],
      ['ACCESS_READERS_GROUP', 'CN=,OU=x'],
      ['ACCESS_APPROVERS_GROUP', 'a,b'],
      ['ACCESS_READER_IDS', 'not-a-guid'],
      ['ACCESS_MATCH_ATTRIBUTE', 'sAMAccountName'],
      ['ACCESS_OPEN', 'yes'],
    ])('refuses a malformed %s', (name, value) => {
      expect(configError({ ...BASE, [name]: value })).toMatchObject({ variable: name, reason: 'malformed' });
    });
  });
});
