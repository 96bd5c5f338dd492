import type { Config } from './config';
import { isAnonymous } from './config';
import { formatDuration, readVar } from './load-config';
import type { Env } from './load-config';

/**
 * One line per setting saying its value and where it came from, for the start-up log.
 * Secrets appear only as `(set)` / `(not set)`.
 */
export function describeConfig(config: Config, env: Env): string[] {
  const fromEnv = (name: string): boolean => readVar(env, name) !== undefined;
  const line = (name: string, value: string | number | boolean, note = 'default'): string =>
    `${name} = ${String(value)} (${fromEnv(name) ? 'from environment' : note})`;
  const optionalLine = (name: string, value: string | null, whenUnset: string): string =>
    value === null || value === '' ? `${name} = (not set) (${whenUnset})` : line(name, value);
  const secretLine = (name: string, set: boolean): string =>
    set ? `${name} = (set) (from environment)` : `${name} = (not set)`;

  const anonymous = isAnonymous(config.bot);
  const lines = [
    line('PORT', config.port),
    line(
      'HOST',
      config.host,
      anonymous ? 'default: loopback only, because anonymous mode has no authentication' : 'default',
    ),
    optionalLine(
      'MicrosoftAppId',
      config.bot.appId,
      'anonymous mode: no Bot Framework authentication, for local clients only',
    ),
    secretLine('MicrosoftAppPassword', config.bot.appPassword !== ''),
    optionalLine('MicrosoftAppTenantId', config.bot.appTenantId, 'not needed for MultiTenant'),
    anonymous
      ? `MicrosoftAppType = (unused in anonymous mode)`
      : line('MicrosoftAppType', config.bot.appType),
    line('LDAP_URL', config.ldap.urls.join(', ')),
    line('LDAP_BIND_DN', config.ldap.bindDn),
    secretLine('LDAP_BIND_PASSWORD', config.ldap.bindPassword !== ''),
    line('LDAP_BASE_DN', config.ldap.baseDn),
    optionalLine('LDAP_CA_CERT', config.ldap.caCertPath, 'the system CAs are trusted; verification stays on'),
    line('LDAP_STARTTLS', config.ldap.startTls),
    line('LDAP_TIMEOUT_MS', config.ldap.timeoutMs),
    line('LDAP_CONNECT_TIMEOUT_MS', config.ldap.connectTimeoutMs),
    line('LDAP_MAX_CONCURRENT', config.limits.ldapMaxConcurrent),
    line('LDAP_MAX_QUEUED', config.limits.ldapMaxQueued),
    line('LDAP_QUEUE_WAIT_MS', config.limits.ldapQueueWaitMs),
    line('LDAP_AUDIT_MAX_CONCURRENT', config.limits.ldapAuditMaxConcurrent),
    line('LDAP_AUDIT_QUEUE_WAIT_MS', config.limits.ldapAuditQueueWaitMs),
    line('AUDIT_MAX_CONCURRENT', config.limits.auditMaxConcurrent),
    line('AUDIT_MAX_QUEUED', config.limits.auditMaxQueued),
    line('AUDIT_QUEUE_WAIT_MS', config.limits.auditQueueWaitMs),
    config.limits.ratePerMinute === 0
      ? `RATE_LIMIT_PER_MINUTE = 0 (${fromEnv('RATE_LIMIT_PER_MINUTE') ? 'from environment' : 'default'}: no rate limit)`
      : line('RATE_LIMIT_PER_MINUTE', config.limits.ratePerMinute),
    line('RATE_LIMIT_BURST', config.limits.rateBurst),
    optionalLine(
      'ALLOWED_TENANT_IDS',
      config.allowedTenantIds === null ? null : config.allowedTenantIds.join(', '),
      'anonymous mode: messages from any tenant are accepted',
    ),
    anonymous
      ? optionalLine(
          'ANONYMOUS_SERVICE_URLS',
          config.anonymousServiceUrls.join(', '),
          'answers go to loopback service URLs only',
        )
      : 'ANONYMOUS_SERVICE_URLS = (unused when MicrosoftAppId is set)',
    anonymous
      ? line('ALLOW_ANONYMOUS_ON_NETWORK', config.allowAnonymousOnNetwork)
      : 'ALLOW_ANONYMOUS_ON_NETWORK = (unused when MicrosoftAppId is set)',
    line('STORE', config.store.kind),
    config.store.kind === 'sqlite'
      ? line('SQLITE_PATH', config.store.sqlitePath)
      : secretLine('DATABASE_URL', config.store.databaseUrl !== ''),
    line('LOG_LEVEL', config.logLevel),
    line('SHUTDOWN_DRAIN_MS', config.shutdownDrainMs),
    line('AUDIT_MAX_PASSWORD_AGE_DAYS', config.audit.maxPasswordAgeDays),
    line('AUDIT_PASSWORD_GRACE_DAYS', config.audit.passwordGraceDays),
    line('AUDIT_STALE_LOGON_DAYS', config.audit.staleLogonDays),
    line('AUDIT_EXTRA_PRIVILEGED_GROUPS', config.audit.extraPrivilegedGroups.join(', ')),
    line('AUDIT_CACHE_SECONDS', config.auditCache.seconds),
    line('AUDIT_CACHE_MAX_FINDINGS', config.auditCache.maxFindings),
    optionalLine('LDAP_FIX_BIND_DN', config.approvals.fixBindDn, 'fixes are not enabled'),
    secretLine('LDAP_FIX_BIND_PASSWORD', config.approvals.fixBindPassword !== ''),
    line('APPROVAL_TTL', formatDuration(config.approvals.ttlMs)),
    line('APPROVALS_REQUIRED', config.approvals.approvalsRequired),
    line('APPROVAL_SETTLE_AFTER', `${config.approvals.settleAfterMs / 1000}s`),
    optionalLine(
      'DIGEST_CONVERSATION_ID',
      config.digest.conversationId,
      'no conversation is subscribed by configuration',
    ),
    line('DIGEST_CRON', config.digest.cron),
    line('DIGEST_TIMEZONE', config.digest.timeZone),
    config.access.open
      ? `ACCESS_OPEN = true (from environment) WARNING: access control is off, everyone in an allowed tenant is a reader (approvers only by ACCESS_APPROVER_IDS)`
      : line('ACCESS_OPEN', false),
    optionalLine('ACCESS_READERS_GROUP', config.access.readersGroup, 'no AD group grants the reader role'),
    optionalLine(
      'ACCESS_APPROVERS_GROUP',
      config.access.approversGroup,
      'no AD group grants the approver role',
    ),
    line('ACCESS_MATCH_ATTRIBUTE', config.access.matchAttribute),
    optionalLine('ACCESS_READER_IDS', config.access.readerIds.join(', '), 'none'),
    optionalLine('ACCESS_APPROVER_IDS', config.access.approverIds.join(', '), 'none'),
    config.auditTrail.hmacKey === null
      ? `AUDIT_HMAC_KEY = (not set) (anonymous mode: a key generated once, kept beside AUDIT_ANCHOR_PATH)`
      : secretLine('AUDIT_HMAC_KEY', true),
    optionalLine(
      'AUDIT_ANCHOR_PATH',
      config.auditTrail.anchorPath,
      'in memory, like the in-memory SQLite database',
    ),
    line('AUDIT_SINK', config.auditTrail.sink.kind),
  ];
  const { sink } = config.auditTrail;
  if (sink.kind === 'azure-monitor') {
    lines.push(
      line('AUDIT_SINK_ENDPOINT', sink.endpoint),
      line('AUDIT_SINK_RULE_ID', sink.ruleId),
      line('AUDIT_SINK_STREAM', sink.streamName),
    );
  }
  return lines;
}
