import { z } from 'zod';
import { defaultAuditConfig } from '../domain/audit-config';
import type {
  AccessSettings,
  ApprovalSettings,
  AuditCacheSettings,
  AuditSettings,
  Config,
  LdapConfig,
  LogLevel,
  MicrosoftAppType,
  StoreConfig,
  AuditSinkConfig,
  AuditTrailSettings,
  LimitSettings,
} from './config';
import { ConfigError } from './config-error';
import { isLoopbackHost } from './is-loopback-host';
import { loadDigest } from './load-digest-config';
import { readCaCert } from './read-ca-cert';

export type Env = NodeJS.ProcessEnv | Record<string, string | undefined>;

export const DEFAULTS = {
  PORT: 3978,
  LDAP_TIMEOUT_MS: 5000,
  LDAP_CONNECT_TIMEOUT_MS: 3000,
  SQLITE_PATH: './data/msa-warden.sqlite',
  LOG_LEVEL: 'info' as LogLevel,
  SHUTDOWN_DRAIN_MS: 10_000,
  /** anonymous mode has no authentication: keep it off the network unless HOST says otherwise */
  HOST_ANONYMOUS: '127.0.0.1',
  HOST_AUTHENTICATED: '0.0.0.0',
  AUDIT_MAX_PASSWORD_AGE_DAYS: defaultAuditConfig.maxPasswordAgeDays,
  AUDIT_PASSWORD_GRACE_DAYS: defaultAuditConfig.passwordGraceDays,
  AUDIT_STALE_LOGON_DAYS: defaultAuditConfig.staleLogonDays,
  AUDIT_EXTRA_PRIVILEGED_GROUPS: defaultAuditConfig.extraPrivilegedGroups,
  AUDIT_CACHE_SECONDS: 120,
  AUDIT_CACHE_MAX_FINDINGS: 50_000,
  APPROVAL_TTL: '24h',
  APPROVALS_REQUIRED: 1 as 1 | 2,
  APPROVAL_SETTLE_AFTER: '60s',
  /** with PostgreSQL; with SQLite the anchor defaults to the database file's name + `.audit-anchor.json` */
  AUDIT_ANCHOR_PATH: './data/msa-warden.audit-anchor.json',
  AUDIT_SINK: 'none',
  RATE_LIMIT_PER_MINUTE: 30,
  RATE_LIMIT_BURST: 10,
  LDAP_MAX_CONCURRENT: 4,
  LDAP_MAX_QUEUED: 200,
  LDAP_QUEUE_WAIT_MS: 5000,
  LDAP_AUDIT_MAX_CONCURRENT: 2,
  LDAP_AUDIT_QUEUE_WAIT_MS: 60_000,
  AUDIT_MAX_CONCURRENT: 2,
  AUDIT_MAX_QUEUED: 50,
  AUDIT_QUEUE_WAIT_MS: 120_000,
} as const;

/** An HMAC key shorter than this is refused: it could be guessed offline from the stored hashes. */
export const MIN_AUDIT_HMAC_KEY_LENGTH = 32;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A trimmed, non-empty value, or undefined. */
export function readVar(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Secrets are taken as given (spaces may be part of them); only an empty value counts as unset. */
function readSecret(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Parses one variable. Messages come from our own refinements (code `custom`) or from `expected`;
 * zod's default texts could quote the input, so they are never used.
 */
function parse<T>(name: string, value: string, schema: z.ZodType<T>, expected: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const detail = issue?.code === 'custom' ? issue.message : `expected ${expected}`;
  throw new ConfigError(name, 'malformed', `${name} is not valid: ${detail}.`);
}

function required<T>(env: Env, name: string, schema: z.ZodType<T>, expected: string): T {
  const value = readVar(env, name);
  if (value === undefined) throw missing(name, expected);
  return parse(name, value, schema, expected);
}

function optional<T, D>(env: Env, name: string, schema: z.ZodType<T>, expected: string, fallback: D): T | D {
  const value = readVar(env, name);
  return value === undefined ? fallback : parse(name, value, schema, expected);
}

function missing(name: string, expected: string): ConfigError {
  return new ConfigError(name, 'missing', `${name} is not set; expected ${expected}.`);
}

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `expected a whole number from ${min} to ${max}` });

const guid = z.string().regex(GUID);

const appTypes: Record<string, MicrosoftAppType> = {
  multitenant: 'MultiTenant',
  singletenant: 'SingleTenant',
  userassignedmsi: 'UserAssignedMSI',
};
const appType = z.string().transform((value, ctx) => {
  const canonical = appTypes[value.toLowerCase()];
  if (canonical === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected MultiTenant, SingleTenant or UserAssignedMSI' });
    return z.NEVER;
  }
  return canonical;
});

const trueFalse = z.string().transform((value, ctx) => {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  ctx.addIssue({ code: 'custom', message: 'expected true or false' });
  return z.NEVER;
});

/** Comma-separated list of ldaps:// or ldap:// URLs; values are not quoted back (a URL may embed credentials). */
const ldapUrls = z.string().transform((value, ctx) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const position = entries.length > 1 ? `entry ${index + 1} ` : '';
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `${position}is not a URL; expected ldaps://host[:port] or ldap://host[:port], e.g. ldaps://dc1.corp.example.com`,
      });
      return;
    }
    if (url.protocol !== 'ldaps:' && url.protocol !== 'ldap:') {
      ctx.addIssue({
        code: 'custom',
        message: `${position}uses the scheme ${url.protocol.slice(0, 12)}; expected ldaps:// (or ldap:// with LDAP_STARTTLS=true)`,
      });
    } else if (url.hostname === '') {
      ctx.addIssue({ code: 'custom', message: `${position}has no host; expected ldaps://host[:port]` });
    } else if (url.username !== '' || url.password !== '') {
      ctx.addIssue({
        code: 'custom',
        message: `${position}contains credentials; put them in LDAP_BIND_DN and LDAP_BIND_PASSWORD instead`,
      });
    } else if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
      ctx.addIssue({
        code: 'custom',
        message: `${position}has a path or query; expected only ldaps://host[:port] (the base DN goes in LDAP_BASE_DN)`,
      });
    }
  });
  return entries;
});

const bindDnFormat = z.string().refine((value) => /[=@\\]/.test(value), {
  message:
    'expected a DN (CN=svc-warden,OU=Service,DC=corp,DC=example,DC=com), a UPN (svc-warden@corp.example.com) or DOMAIN\\user',
});

/** Every RDN separated by an unescaped comma must be attribute=value. */
const dnFormat = z
  .string()
  .refine((value) => value.split(/(?<!\\),/).every((rdn) => /^\s*[A-Za-z][\w-]*\s*=\s*\S/.test(rdn)), {
    message: 'expected a distinguished name such as DC=corp,DC=example,DC=com',
  });

const tenantIds = z.string().transform((value, ctx) => {
  const ids = value
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== '');
  if (ids.length === 0 || !ids.every((id) => /^[a-z0-9][a-z0-9.-]*$/.test(id))) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a comma-separated list of Microsoft Entra tenant ids (GUIDs)',
    });
    return z.NEVER;
  }
  return ids;
});

/**
 * Comma-separated group names or SIDs. A name may not hold the characters AD forbids in group names;
 * entries are not quoted back, like the other lists.
 */
const groupList = z.string().transform((value, ctx) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'expected a comma-separated list of group names or SIDs' });
    return z.NEVER;
  }
  entries.forEach((entry, index) => {
    const position = entries.length > 1 ? `entry ${index + 1} ` : '';
    if (/^S-1-/i.test(entry)) {
      if (!/^S-1-\d+(-\d+)+$/i.test(entry)) {
        ctx.addIssue({ code: 'custom', message: `${position}is not a SID; expected e.g. S-1-5-21-…-1101` });
      }
    } else if (entry.length > 256 || /["/\\[\]:;|=+*?<>\p{Cc}]/u.test(entry)) {
      ctx.addIssue({
        code: 'custom',
        message: `${position}is not a group name; expected a name such as DnsAdmins or a SID`,
      });
    }
  });
  return entries;
});

/** Comma-separated http(s) origins; only the origin of each counts. */
const serviceUrls = z.string().transform((value, ctx) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const origins: string[] = [];
  entries.forEach((entry, index) => {
    const position = entries.length > 1 ? `entry ${index + 1} ` : '';
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      ctx.addIssue({
        code: 'custom',
        message: `${position}is not an http(s) URL; expected e.g. http://10.0.0.5:56150`,
      });
    } else if (url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: `${position}contains credentials` });
    } else {
      origins.push(url.origin);
    }
  });
  return origins;
});

const logLevel = z.enum(['debug', 'info', 'warn', 'error', 'silent']);
const storeKind = z.enum(['sqlite', 'postgres']);
const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\/\S+$/.test(value), {
  message: 'expected a postgres:// or postgresql:// connection URL',
});

/** Reads and checks every setting; throws ConfigError naming the first variable that is wrong. */
export function loadConfig(env: Env): Config {
  const port = optional(env, 'PORT', integer(0, 65535), 'a TCP port number (0–65535)', DEFAULTS.PORT);
  const bot = loadBotAuth(env);
  const host = optional(
    env,
    'HOST',
    z.string().regex(/^\S+$/),
    'an address to listen on, e.g. 127.0.0.1 or 0.0.0.0',
    bot.appId === '' ? DEFAULTS.HOST_ANONYMOUS : DEFAULTS.HOST_AUTHENTICATED,
  );
  const ldap = loadLdap(env);
  const allowedTenantIds = optional(
    env,
    'ALLOWED_TENANT_IDS',
    tenantIds,
    'a comma-separated list of tenant ids',
    null,
  );
  const { anonymousServiceUrls, allowAnonymousOnNetwork } = loadAnonymousGuards(env, bot, host);
  if (bot.appId !== '' && allowedTenantIds === null) {
    // Any Microsoft 365 tenant can add a multi-tenant bot and message it.
    throw missing(
      'ALLOWED_TENANT_IDS',
      'the comma-separated Microsoft Entra tenant ids (GUIDs) allowed to use the bot when MicrosoftAppId is set',
    );
  }
  const store = loadStore(env);
  const level = optional(
    env,
    'LOG_LEVEL',
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(logLevel),
    'one of debug, info, warn, error, silent',
    DEFAULTS.LOG_LEVEL,
  );
  const shutdownDrainMs = optional(
    env,
    'SHUTDOWN_DRAIN_MS',
    integer(0, 600_000),
    'milliseconds, a whole number from 0 to 600000',
    DEFAULTS.SHUTDOWN_DRAIN_MS,
  );
  const audit = loadAudit(env);
  const auditCache = loadAuditCache(env);
  const approvals = loadApprovals(env, ldap);
  const digest = loadDigest(env);
  const access = loadAccess(env);
  const auditTrail = loadAuditTrail(env, bot.appId === '', store);
  const limits = loadLimits(env);
  return {
    port,
    host,
    bot,
    ldap,
    allowedTenantIds,
    anonymousServiceUrls,
    allowAnonymousOnNetwork,
    store,
    logLevel: level,
    shutdownDrainMs,
    audit,
    auditCache,
    approvals,
    digest,
    access,
    auditTrail,
    limits,
  };
}

function loadLimits(env: Env): LimitSettings {
  const whole = (name: keyof typeof DEFAULTS, min: number, max: number, unit: string): number =>
    optional(
      env,
      name,
      integer(min, max),
      `${unit}, a whole number from ${min} to ${max}`,
      DEFAULTS[name] as number,
    );
  return {
    ratePerMinute: whole('RATE_LIMIT_PER_MINUTE', 0, 100_000, 'requests a minute (0 = no limit)'),
    rateBurst: whole('RATE_LIMIT_BURST', 1, 10_000, 'requests'),
    ldapMaxConcurrent: whole('LDAP_MAX_CONCURRENT', 1, 256, 'searches'),
    ldapMaxQueued: whole('LDAP_MAX_QUEUED', 0, 100_000, 'searches'),
    ldapQueueWaitMs: whole('LDAP_QUEUE_WAIT_MS', 0, 600_000, 'milliseconds'),
    ldapAuditMaxConcurrent: whole('LDAP_AUDIT_MAX_CONCURRENT', 1, 256, 'searches'),
    ldapAuditQueueWaitMs: whole('LDAP_AUDIT_QUEUE_WAIT_MS', 0, 600_000, 'milliseconds'),
    auditMaxConcurrent: whole('AUDIT_MAX_CONCURRENT', 1, 64, 'full audits'),
    auditMaxQueued: whole('AUDIT_MAX_QUEUED', 0, 10_000, 'full audits'),
    auditQueueWaitMs: whole('AUDIT_QUEUE_WAIT_MS', 0, 3_600_000, 'milliseconds'),
  };
}

/** Beside the SQLite file; in memory with an in-memory database (the trail lives only as long as it). */
function defaultAnchorPath(store: StoreConfig): string | null {
  if (store.kind === 'postgres') return DEFAULTS.AUDIT_ANCHOR_PATH;
  if (store.sqlitePath === ':memory:') return null;
  return `${store.sqlitePath}.audit-anchor.json`;
}

function loadAuditTrail(env: Env, anonymous: boolean, store: StoreConfig): AuditTrailSettings {
  const hmacKey = readSecret(env, 'AUDIT_HMAC_KEY') ?? null;
  if (hmacKey === null && !anonymous) {
    throw missing(
      'AUDIT_HMAC_KEY',
      `a secret of at least ${MIN_AUDIT_HMAC_KEY_LENGTH} characters that keys the audit trail (e.g. openssl rand -base64 48), kept outside the database`,
    );
  }
  if (hmacKey !== null && hmacKey.length < MIN_AUDIT_HMAC_KEY_LENGTH) {
    throw new ConfigError(
      'AUDIT_HMAC_KEY',
      'malformed',
      `AUDIT_HMAC_KEY is not valid: expected at least ${MIN_AUDIT_HMAC_KEY_LENGTH} characters (e.g. openssl rand -base64 48).`,
    );
  }
  const anchorPath = readVar(env, 'AUDIT_ANCHOR_PATH') ?? defaultAnchorPath(store);
  return { hmacKey, anchorPath, sink: loadAuditSink(env) };
}

function loadAuditSink(env: Env): AuditSinkConfig {
  const kind = optional(
    env,
    'AUDIT_SINK',
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(['none', 'azure-monitor'])),
    'none or azure-monitor',
    'none' as const,
  );
  if (kind === 'none') return { kind };
  const endpoint = required(
    env,
    'AUDIT_SINK_ENDPOINT',
    z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/),
    'the https:// logs ingestion endpoint of the data collection endpoint (or rule)',
  );
  const ruleId = required(
    env,
    'AUDIT_SINK_RULE_ID',
    z.string().regex(/^dcr-[0-9a-f]{32}$/i),
    'the immutable id of the data collection rule, dcr-… (32 hex digits)',
  );
  const streamName = required(
    env,
    'AUDIT_SINK_STREAM',
    z.string().regex(/^Custom-[A-Za-z0-9_]{1,200}$/),
    'the stream name declared in the data collection rule, e.g. Custom-MsaWardenAudit_CL',
  );
  return { kind, endpoint, ruleId, streamName };
}

/**
 * Anonymous mode has no authentication: it listens on loopback unless explicitly forced, and answers
 * only loopback service URLs or the listed ones.
 */
function loadAnonymousGuards(
  env: Env,
  bot: Config['bot'],
  host: string,
): Pick<Config, 'anonymousServiceUrls' | 'allowAnonymousOnNetwork'> {
  const anonymousServiceUrls = optional(
    env,
    'ANONYMOUS_SERVICE_URLS',
    serviceUrls,
    'a comma-separated list of http(s) URLs',
    [],
  );
  const allowAnonymousOnNetwork = optional(
    env,
    'ALLOW_ANONYMOUS_ON_NETWORK',
    trueFalse,
    'true or false',
    false,
  );
  if (bot.appId !== '') {
    for (const name of ['ANONYMOUS_SERVICE_URLS', 'ALLOW_ANONYMOUS_ON_NETWORK']) {
      if (readVar(env, name) !== undefined) {
        throw new ConfigError(
          name,
          'conflict',
          `${name} applies to anonymous mode only, but MicrosoftAppId is set: remove ${name}.`,
        );
      }
    }
  } else if (!isLoopbackHost(host) && !allowAnonymousOnNetwork) {
    throw new ConfigError(
      'HOST',
      'insecure',
      `HOST is not a loopback address, but MicrosoftAppId is empty (anonymous mode: no authentication): anyone ` +
        'who can reach the port could query the directory. Set HOST=127.0.0.1, set MicrosoftAppId, or set ' +
        'ALLOW_ANONYMOUS_ON_NETWORK=true if the network is trusted.',
    );
  }
  return { anonymousServiceUrls, allowAnonymousOnNetwork };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90m`, `24h`, `7d`: from 5 minutes to 30 days. */
const duration = z.string().transform((value, ctx) => {
  const match = /^(\d{1,6})\s*([mhd])$/i.exec(value);
  const ms = match ? Number(match[1]) * (DURATION_UNITS[match[2]!.toLowerCase()] ?? 0) : NaN;
  if (!(ms >= 5 * 60_000 && ms <= 30 * 86_400_000)) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration from 5m to 30d, e.g. 24h, 90m or 2d' });
    return z.NEVER;
  }
  return ms;
});

/** `0s`, `60s`, `5m`: from nothing to one hour. */
const settleAfter = z.string().transform((value, ctx) => {
  const match = /^(\d{1,4})\s*([sm])$/i.exec(value);
  const ms = match ? Number(match[1]) * (match[2]!.toLowerCase() === 's' ? 1000 : 60_000) : NaN;
  if (!(ms >= 0 && ms <= 3_600_000)) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration from 0s to 60m, e.g. 60s or 5m' });
    return z.NEVER;
  }
  return ms;
});

/** The approval duration as configured, for describeConfig. */
export function formatDuration(ms: number): string {
  if (ms % DURATION_UNITS.d! === 0 && ms >= 2 * DURATION_UNITS.d!) return `${ms / DURATION_UNITS.d!}d`;
  if (ms % DURATION_UNITS.h! === 0) return `${ms / DURATION_UNITS.h!}h`;
  return `${Math.round(ms / DURATION_UNITS.m!)}m`;
}

function loadApprovals(env: Env, ldap: LdapConfig): ApprovalSettings {
  const fixBindDn = optional(
    env,
    'LDAP_FIX_BIND_DN',
    bindDnFormat,
    "the fixer account's DN, e.g. CN=svc-warden-fix,OU=Service Accounts,DC=corp,DC=example,DC=com",
    null,
  );
  const fixBindPassword = readSecret(env, 'LDAP_FIX_BIND_PASSWORD') ?? '';
  if (fixBindDn === null && fixBindPassword !== '') {
    throw missing('LDAP_FIX_BIND_DN', 'the DN of the fixer account whose password LDAP_FIX_BIND_PASSWORD is');
  }
  if (fixBindDn !== null && fixBindPassword === '') {
    throw missing('LDAP_FIX_BIND_PASSWORD', 'the password of LDAP_FIX_BIND_DN');
  }
  if (fixBindDn !== null && fixBindDn.trim().toLowerCase() === ldap.bindDn.trim().toLowerCase()) {
    // Reading every answer with a credential that can change privileged groups widens every bug.
    throw new ConfigError(
      'LDAP_FIX_BIND_DN',
      'conflict',
      'LDAP_FIX_BIND_DN names the read account (LDAP_BIND_DN): fixes need their own account with exactly the rights the README lists.',
    );
  }
  const ttlMs = optional(env, 'APPROVAL_TTL', duration, 'a duration such as 24h', null);
  const approvalsRequired = optional(
    env,
    'APPROVALS_REQUIRED',
    integer(1, 2),
    '1 or 2 (two different approvers)',
    DEFAULTS.APPROVALS_REQUIRED,
  ) as 1 | 2;
  const settleAfterMs = optional(
    env,
    'APPROVAL_SETTLE_AFTER',
    settleAfter,
    'a duration from 0s to 60m, e.g. 60s',
    60_000,
  );
  return {
    fixBindDn,
    fixBindPassword,
    ttlMs: ttlMs ?? 24 * DURATION_UNITS.h!,
    approvalsRequired,
    settleAfterMs,
  };
}

/** The settings that grant access; with none of them (and no ACCESS_OPEN=true) the bot refuses to start. */
export const ACCESS_GRANTING_SETTINGS = [
  'ACCESS_READERS_GROUP',
  'ACCESS_APPROVERS_GROUP',
  'ACCESS_READER_IDS',
  'ACCESS_APPROVER_IDS',
] as const;

/** A group DN, or a sAMAccountName without the characters AD forbids in one. */
const groupReference = z.string().superRefine((value, ctx) => {
  if (value.includes('=')) {
    if (!dnFormat.safeParse(value).success) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a group DN such as CN=MSA Warden Readers,OU=Groups,DC=corp,DC=example,DC=com',
      });
    }
  } else if (value.length > 256 || /["/\\[\]:;|+*?<>,\p{Cc}]/u.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: "expected a group's DN or its sAMAccountName (pre-Windows 2000 name)",
    });
  }
});

const objectIds = z.string().transform((value, ctx) => {
  const ids = value
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== '');
  if (ids.length === 0 || !ids.every((id) => GUID.test(id))) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a comma-separated list of Microsoft Entra object ids (GUIDs)',
    });
    return z.NEVER;
  }
  return ids;
});

const matchAttribute = z.string().transform((value, ctx) => {
  const lower = value.toLowerCase();
  if (lower === 'userprincipalname') return 'userPrincipalName' as const;
  if (lower === 'mail') return 'mail' as const;
  ctx.addIssue({ code: 'custom', message: 'expected userPrincipalName or mail' });
  return z.NEVER;
});

function loadAccess(env: Env): AccessSettings {
  const open = optional(env, 'ACCESS_OPEN', trueFalse, 'true or false', false);
  const readersGroup = optional(
    env,
    'ACCESS_READERS_GROUP',
    groupReference,
    "a group's DN or sAMAccountName",
    null,
  );
  const approversGroup = optional(
    env,
    'ACCESS_APPROVERS_GROUP',
    groupReference,
    "a group's DN or sAMAccountName",
    null,
  );
  const matchAttr = optional(
    env,
    'ACCESS_MATCH_ATTRIBUTE',
    matchAttribute,
    'userPrincipalName or mail',
    'userPrincipalName' as const,
  );
  const readerIds = optional(
    env,
    'ACCESS_READER_IDS',
    objectIds,
    'a comma-separated list of Entra object ids',
    [],
  );
  const approverIds = optional(
    env,
    'ACCESS_APPROVER_IDS',
    objectIds,
    'a comma-separated list of Entra object ids',
    [],
  );
  const granting =
    readersGroup !== null || approversGroup !== null || readerIds.length > 0 || approverIds.length > 0;
  // Open makes everyone a reader: only ACCESS_APPROVER_IDS still means something beside it (who approves).
  if (open && (readersGroup !== null || approversGroup !== null || readerIds.length > 0)) {
    throw new ConfigError(
      'ACCESS_OPEN',
      'conflict',
      `ACCESS_OPEN=true lets everyone in as a reader, but ACCESS_READERS_GROUP, ACCESS_APPROVERS_GROUP, ACCESS_READER_IDS name who may: ` +
        'remove ACCESS_OPEN, or clear the others (ACCESS_APPROVER_IDS may stay: it names who approves).',
    );
  }
  if (!open && !granting) {
    throw new ConfigError(
      'ACCESS_READERS_GROUP',
      'missing',
      `No one may use the bot: set ACCESS_READERS_GROUP and ACCESS_APPROVERS_GROUP (AD groups, a DN or sAMAccountName), ` +
        'or ACCESS_READER_IDS / ACCESS_APPROVER_IDS (Microsoft Entra object ids). ' +
        'To let everyone in an allowed tenant use it (a demo, never production), set ACCESS_OPEN=true.',
    );
  }
  return { open, readersGroup, approversGroup, matchAttribute: matchAttr, readerIds, approverIds };
}

function loadAudit(env: Env): AuditSettings {
  const days = (min: number): string => `days, a whole number from ${min} to 3650`;
  return {
    maxPasswordAgeDays: optional(
      env,
      'AUDIT_MAX_PASSWORD_AGE_DAYS',
      integer(1, 3650),
      days(1),
      DEFAULTS.AUDIT_MAX_PASSWORD_AGE_DAYS,
    ),
    // 0 is sensible here: a finding as soon as a rotation is late
    passwordGraceDays: optional(
      env,
      'AUDIT_PASSWORD_GRACE_DAYS',
      integer(0, 3650),
      days(0),
      DEFAULTS.AUDIT_PASSWORD_GRACE_DAYS,
    ),
    staleLogonDays: optional(
      env,
      'AUDIT_STALE_LOGON_DAYS',
      integer(1, 3650),
      days(1),
      DEFAULTS.AUDIT_STALE_LOGON_DAYS,
    ),
    extraPrivilegedGroups: optional(
      env,
      'AUDIT_EXTRA_PRIVILEGED_GROUPS',
      groupList,
      'a comma-separated list of group names or SIDs',
      [...DEFAULTS.AUDIT_EXTRA_PRIVILEGED_GROUPS],
    ),
  };
}

function loadAuditCache(env: Env): AuditCacheSettings {
  return {
    seconds: optional(
      env,
      'AUDIT_CACHE_SECONDS',
      integer(0, 3600),
      'seconds, a whole number from 0 (keep no runs) to 3600',
      DEFAULTS.AUDIT_CACHE_SECONDS,
    ),
    maxFindings: optional(
      env,
      'AUDIT_CACHE_MAX_FINDINGS',
      integer(0, 10_000_000),
      'a whole number of findings from 0 to 10000000',
      DEFAULTS.AUDIT_CACHE_MAX_FINDINGS,
    ),
  };
}

function loadBotAuth(env: Env): Config['bot'] {
  const appId = optional(env, 'MicrosoftAppId', guid, "the bot's Microsoft app (client) id, a GUID", '');
  const appPassword = readSecret(env, 'MicrosoftAppPassword') ?? '';
  const appTenantId = optional(
    env,
    'MicrosoftAppTenantId',
    guid,
    'the Microsoft Entra tenant id, a GUID',
    '',
  );
  const typeSet = readVar(env, 'MicrosoftAppType') !== undefined;
  const type = optional(
    env,
    'MicrosoftAppType',
    appType,
    'MultiTenant, SingleTenant or UserAssignedMSI',
    'MultiTenant' as const,
  );

  if (appId === '') {
    // Half-configured credentials would silently run the bot without authentication.
    if (appPassword !== '' || appTenantId !== '' || typeSet) {
      throw new ConfigError(
        'MicrosoftAppId',
        'missing',
        'MicrosoftAppId is not set, but MicrosoftAppPassword, MicrosoftAppTenantId or MicrosoftAppType is set: ' +
          "set MicrosoftAppId to the bot's app (client) id, or clear them all to run in anonymous mode (local clients only).",
      );
    }
    return { appId, appPassword, appTenantId, appType: type };
  }
  if ((type === 'SingleTenant' || type === 'UserAssignedMSI') && appTenantId === '') {
    throw missing(
      'MicrosoftAppTenantId',
      `the Microsoft Entra tenant id (a GUID) when MicrosoftAppType=${type}`,
    );
  }
  if (type === 'UserAssignedMSI' && appPassword !== '') {
    throw new ConfigError(
      'MicrosoftAppPassword',
      'conflict',
      'MicrosoftAppPassword must be empty when MicrosoftAppType=UserAssignedMSI (the managed identity has no password).',
    );
  }
  if (type !== 'UserAssignedMSI' && appPassword === '') {
    throw missing(
      'MicrosoftAppPassword',
      `the client secret of the bot's app registration when MicrosoftAppType=${type}`,
    );
  }
  return { appId, appPassword, appTenantId, appType: type };
}

function loadLdap(env: Env): LdapConfig {
  const urls = required(
    env,
    'LDAP_URL',
    ldapUrls,
    'one or more comma-separated ldaps:// URLs, e.g. ldaps://dc1.corp.example.com,ldaps://dc2.corp.example.com',
  );
  if (urls.length === 0) {
    throw missing('LDAP_URL', 'one or more comma-separated ldaps:// URLs');
  }
  const bindDn = required(
    env,
    'LDAP_BIND_DN',
    bindDnFormat,
    "the bind account's DN, e.g. CN=svc-warden,OU=Service Accounts,DC=corp,DC=example,DC=com",
  );
  const bindPassword = readSecret(env, 'LDAP_BIND_PASSWORD');
  if (bindPassword === undefined) throw missing('LDAP_BIND_PASSWORD', 'the password of LDAP_BIND_DN');
  const baseDn = required(env, 'LDAP_BASE_DN', dnFormat, 'the search base, e.g. DC=corp,DC=example,DC=com');
  const caCertPath = readVar(env, 'LDAP_CA_CERT') ?? null;
  const startTls = optional(env, 'LDAP_STARTTLS', trueFalse, 'true or false', false);
  const timeoutMs = optional(
    env,
    'LDAP_TIMEOUT_MS',
    integer(100, 600_000),
    'milliseconds, a whole number from 100 to 600000',
    DEFAULTS.LDAP_TIMEOUT_MS,
  );
  const connectTimeoutMs = optional(
    env,
    'LDAP_CONNECT_TIMEOUT_MS',
    integer(100, 600_000),
    'milliseconds, a whole number from 100 to 600000',
    DEFAULTS.LDAP_CONNECT_TIMEOUT_MS,
  );

  const plainIndex = urls.findIndex((url) => url.toLowerCase().startsWith('ldap://'));
  if (plainIndex >= 0 && !startTls) {
    const position = urls.length > 1 ? ` (entry ${plainIndex + 1})` : '';
    throw new ConfigError(
      'LDAP_URL',
      'insecure',
      `LDAP_URL uses ldap://${position} without LDAP_STARTTLS=true: the bind password would cross the network ` +
        'in clear. Use ldaps://host (port 636) or set LDAP_STARTTLS=true.',
    );
  }
  if (startTls && plainIndex < 0) {
    throw new ConfigError(
      'LDAP_STARTTLS',
      'conflict',
      'LDAP_STARTTLS=true applies to ldap:// URLs, but LDAP_URL has only ldaps:// URLs (already encrypted): ' +
        'remove LDAP_STARTTLS or set it to false.',
    );
  }
  if (caCertPath !== null) readCaCert(caCertPath);
  return { urls, bindDn, bindPassword, baseDn, caCertPath, startTls, timeoutMs, connectTimeoutMs };
}

function loadStore(env: Env): StoreConfig {
  const kind = optional(
    env,
    'STORE',
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(storeKind),
    'sqlite or postgres',
    'sqlite' as const,
  );
  if (kind === 'postgres') {
    const databaseUrl = readSecret(env, 'DATABASE_URL')?.trim();
    if (databaseUrl === undefined || databaseUrl === '') {
      throw missing('DATABASE_URL', 'a postgres:// connection URL when STORE=postgres');
    }
    return { kind, databaseUrl: parse('DATABASE_URL', databaseUrl, postgresUrl, 'a postgres:// URL') };
  }
  const sqlitePath = readVar(env, 'SQLITE_PATH') ?? DEFAULTS.SQLITE_PATH;
  return { kind, sqlitePath };
}
