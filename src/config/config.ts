/** The typed configuration built by loadConfig(env); the only place settings come from. */
export type MicrosoftAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface BotAuthConfig {
  /** empty → anonymous mode: no Bot Framework authentication, for local clients only */
  appId: string;
  appPassword: string;
  appTenantId: string;
  appType: MicrosoftAppType;
}

export interface LdapConfig {
  /** tried in order */
  urls: string[];
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** path of a PEM file with the CA certificate(s); null → the system CAs (verification stays on) */
  caCertPath: string | null;
  /** upgrade ldap:// connections with StartTLS */
  startTls: boolean;
  timeoutMs: number;
  connectTimeoutMs: number;
}

export type StoreConfig = { kind: 'sqlite'; sqlitePath: string } | { kind: 'postgres'; databaseUrl: string };

/** The audit's thresholds and extra privileged groups; main.ts merges them into AuditConfig. */
export interface AuditSettings {
  /** sMSA password age limit */
  maxPasswordAgeDays: number;
  /** slack before a late rotation is a finding */
  passwordGraceDays: number;
  /** no logon for longer than this = stale */
  staleLogonDays: number;
  /** group names or SIDs counted as privileged besides the built-in protected groups (matched by SID/RID) */
  extraPrivilegedGroups: string[];
}

/** How long audit runs are kept for the cards' "Show findings"/"Show more" clicks, and how many findings at most. */
export interface AuditCacheSettings {
  /** 0: nothing is kept, every click audits again */
  seconds: number;
  maxFindings: number;
}

/** Fixes through approvals (issue 9). */
export interface ApprovalSettings {
  /** the fixer account's DN (LDAP_FIX_BIND_DN), never the read account; null → fixes are not enabled */
  fixBindDn: string | null;
  /** its password; '' when fixes are not enabled */
  fixBindPassword: string;
  /** how long a request waits for approval */
  ttlMs: number;
  /** 1, or 2: two different approvers */
  approvalsRequired: 1 | 2;
  /**
   * how long a request may stay executing before a bot settles it from AD (a crash left it): longer
   * than a change can take when replicas share the store; 0 with one bot
   */
  settleAfterMs: number;
}

/** The digest: a default subscription for one conversation and the time zone of schedules without one. */
export interface DigestSettings {
  /** DIGEST_CONVERSATION_ID: subscribed by configuration once the bot knows it; null: none */
  conversationId: string | null;
  /** DIGEST_CRON: five-field cron of that subscription */
  cron: string;
  /** DIGEST_TIMEZONE: IANA time zone of that cron and of `subscribe digest` without a zone */
  timeZone: string;
}

/** Who may use the bot: AD role groups, Entra object id lists, or (explicitly) everyone. */
export interface AccessSettings {
  /** ACCESS_OPEN=true: every user of an allowed tenant is a reader; approvers only by ACCESS_APPROVER_IDS */
  open: boolean;
  /** DN or sAMAccountName; in-chain members are readers */
  readersGroup: string | null;
  /** DN or sAMAccountName; in-chain members are approvers (and readers) */
  approversGroup: string | null;
  /** the AD attribute that must equal the Teams user's userPrincipalName */
  matchAttribute: 'userPrincipalName' | 'mail';
  /** Entra object ids (lower-case) of readers without an AD account */
  readerIds: string[];
  /** Entra object ids (lower-case) of approvers without an AD account */
  approverIds: string[];
}

/** Where audit entries are also sent (besides the store). */
export type AuditSinkConfig =
  { kind: 'none' } | { kind: 'azure-monitor'; endpoint: string; ruleId: string; streamName: string };

/** The audit trail's key, anchor and SIEM sink. */
export interface AuditTrailSettings {
  /** AUDIT_HMAC_KEY; null only in anonymous mode, where a generated key file is used */
  hmacKey: string | null;
  /**
   * file holding the anchored head (and, without AUDIT_HMAC_KEY, the generated key beside it); null
   * with an in-memory SQLite database: anchor and generated key live in memory too
   */
  anchorPath: string | null;
  sink: AuditSinkConfig;
}

/** Limits on what callers can make the bot do (issue 11: hostile callers and overload). */
export interface LimitSettings {
  /** RATE_LIMIT_PER_MINUTE: sustained requests per person a minute; 0 = no rate limit */
  ratePerMinute: number;
  /** RATE_LIMIT_BURST: requests a person may send at once before the per-minute rate applies */
  rateBurst: number;
  /** LDAP_MAX_CONCURRENT: lookup searches (find, show, list, access checks) running at once, on their own connection */
  ldapMaxConcurrent: number;
  /**
   * LDAP_AUDIT_MAX_CONCURRENT: audit searches (full, host and privileged audits, migration
   * candidates, the digest) running at once, on a second connection; they never take a lookup's slot
   */
  ldapAuditMaxConcurrent: number;
  /** LDAP_MAX_QUEUED: searches waiting for a free slot; more are answered "busy" at once */
  ldapMaxQueued: number;
  /** LDAP_QUEUE_WAIT_MS: how long a lookup search waits for a slot before it is answered "busy" */
  ldapQueueWaitMs: number;
  /** LDAP_AUDIT_QUEUE_WAIT_MS: how long an audit search waits for an audit slot before it is answered "busy" */
  ldapAuditQueueWaitMs: number;
  /**
   * AUDIT_MAX_CONCURRENT: full audits (`audit sMSAs`, `audit privileged sMSAs`) being made at once;
   * the same audit asked meanwhile joins the one in flight, others wait first in, first out
   */
  auditMaxConcurrent: number;
  /** AUDIT_MAX_QUEUED: full audits that may wait for a slot; one more is answered "busy" at once */
  auditMaxQueued: number;
  /** AUDIT_QUEUE_WAIT_MS: how long a full audit waits for a slot before it is answered "busy" */
  auditQueueWaitMs: number;
}

export interface Config {
  port: number;
  /** interface to listen on; loopback by default in anonymous mode */
  host: string;
  bot: BotAuthConfig;
  ldap: LdapConfig;
  /** null → any tenant (anonymous mode only); otherwise only these (lower-case) tenant ids */
  allowedTenantIds: string[] | null;
  /** anonymous mode: origins besides loopback an activity's serviceUrl may name */
  anonymousServiceUrls: string[];
  /** anonymous mode on a non-loopback HOST, allowed explicitly */
  allowAnonymousOnNetwork: boolean;
  store: StoreConfig;
  logLevel: LogLevel;
  /** on SIGTERM, how long in-flight turns may take to finish before their connections are cut */
  shutdownDrainMs: number;
  audit: AuditSettings;
  auditCache: AuditCacheSettings;
  approvals: ApprovalSettings;
  digest: DigestSettings;
  access: AccessSettings;
  auditTrail: AuditTrailSettings;
  limits: LimitSettings;
}

/** true when the bot accepts unauthenticated requests (no MicrosoftAppId). */
export function isAnonymous(bot: BotAuthConfig): boolean {
  return bot.appId === '';
}
