import { guardChatApp } from './access/access-guard';
import type { InnerApp, TurnAsker, TurnHook } from './access/access-guard';
import { ApprovalService } from './approvals/approval-service';
import type { ApprovalActorInput } from './approvals/approval-service';
import { commandRequirement } from './access/access-table';
import { AnchoredAuditTrail } from './audit-trail/anchored-audit-trail';
import type { AuditKey } from './audit-trail/audit-hash';
import { resolveAuditKey } from './audit-trail/audit-key-file';
import { FileAuditAnchor, MemoryAuditAnchor } from './audit-trail/file-audit-anchor';
import { AuditForwarder, type AuditSink } from './audit-trail/forward-audit-trail';
import { recordTurn, type Turn } from './audit-trail/record-turn';
import { parseCommand } from './commands/parse/parse-command';
import { azureMonitorSink } from './siem/azure-monitor-sink';
import { RecentApprovers } from './access/recent-approvers';
import { roleGroups } from './access/resolve-access';
import type { AnswerDeps } from './commands/answer-deps';
import type { DigestCommandDeps, DigestScheduler } from './commands/answers/digest-command-deps';
import { answerCardVerb, answerText } from './commands/route';
import { AuditFlights, type AuditSlots, AuditsBusyError } from './commands/audit-flights';
import { AuditRunCache } from './commands/audit-run-cache';
import type { ChatApp } from './bot/chat-app';
import { createAdapter } from './bot/create-adapter';
import { describeError } from './bot/describe-error';
import { createBotServer } from './bot/create-server';
import { createReadiness } from './bot/readiness';
import { createProactiveSender } from './bot/proactive-sender';
import { DigestRunner, type RetryPolicy } from './digest/digest-runner';
import type { ProactiveSender } from './digest/proactive-sender';
import { createDigestAuditReader } from './digest/read-digest-audit';
import { WardenBot } from './bot/warden-bot';
import { ConcurrencyGate, GateRefusal } from './limits/concurrency-gate';
import { limitChatApp } from './limits/limit-chat-app';
import { RateLimiter } from './limits/rate-limiter';
import type { Config } from './config/config';
import { ConfigError } from './config/config-error';
import { describeConfig } from './config/describe-config';
import { loadConfig } from './config/load-config';
import type { Env } from './config/load-config';
import { currentLogRef } from './config/log-context';
import { createLogger } from './config/logger';
import type { Logger } from './config/logger';
import { readCaCert } from './config/read-ca-cert';
import { readTestPause, TEST_PAUSE_VARIABLE, type TestPause } from './config/test-pause';
import { type AuditConfig, defaultAuditConfig } from './domain/audit-config';
import { LdapAccessDirectory } from './directory/ldap-access-directory';
import { LdapAuditSource } from './directory/ldap-audit-source';
import type { AccessDirectory } from './domain/access-directory';
import { LdapDirectory } from './directory/ldap-directory';
import { LdapDirectoryWriter } from './directory/ldap-directory-writer';
import { LaneAuditSource } from './directory/lane-audit-source';
import { SingleFlightAuditSource } from './directory/single-flight-audit-source';
import { LaneDirectory } from './directory/lane-directory';
import type { DirectoryWriter } from './domain/directory-writer';
import type { AuditSource } from './domain/audit-source';
import type { Directory } from './domain/directory';
import { openStore, type Stores } from './store/open-store';
import type { ConversationStore } from './store/conversation-store';
import { storePorts } from './store/store-ports';
import type { StorePorts } from './store/store-ports';
import type { ChatConversation, ConversationLog, TenantRefusal } from './bot/chat-app';

export interface StartBotOverrides {
  /** use this directory instead of LDAP (the caller keeps ownership: stop() does not close it) */
  directory?: Directory;
  /** use this audit source instead of LDAP (the caller keeps ownership) */
  auditSource?: AuditSource;
  /** thresholds and protected groups; config.audit over defaultAuditConfig otherwise */
  auditConfig?: AuditConfig;
  /** use this app instead of the commands over the directory */
  chatApp?: ChatApp;
  logger?: Logger;
  /** instead of config.port / config.host; port 0 picks a free port */
  port?: number;
  host?: string;
  now?: () => Date;
  /** ask the connector for each sender's userPrincipalName */
  lookupMembers?: boolean;
  /** use this store instead of opening the configured one (the caller keeps ownership) */
  store?: StorePorts;
  /** posts digests; proactive messages through the bot's adapter otherwise */
  digestSender?: ProactiveSender;
  /** false: no digest timer, the caller ticks `digest` with its own clock (tests); true by default */
  digestTimer?: boolean;
  digestRetry?: RetryPolicy;
  /** where roles come from instead of LDAP (the caller keeps ownership) */
  accessDirectory?: AccessDirectory;
  /** also told every turn's access decision and outcome (the audit trail records each turn anyway) */
  onTurn?: TurnHook;
  /** use this writer for fixes instead of LDAP_FIX_BIND_DN (the caller keeps ownership) */
  directoryWriter?: DirectoryWriter | null;
  /** how often pending requests are checked for expiry (60 s); 0: no timer */
  approvalSweepMs?: number;
  /** how long an approve click waits for the change before answering with "running" (5000 ms) */
  approvalExecutionWaitMs?: number;
  /** TEST ONLY (MSA_WARDEN_TEST_PAUSE, NODE_ENV=test): fixes log each step and wait at one (not at start-up) */
  testPause?: TestPause | null;
  /** the audit trail's HMAC key, for a store passed in (keyed by its opener); from config otherwise */
  auditKey?: AuditKey;
  /** where audit entries are also sent, instead of AUDIT_SINK's (needs the store opened here) */
  auditSink?: AuditSink;
}

export interface RunningBot {
  /** e.g. http://127.0.0.1:3978 */
  baseUrl: string;
  /** the Bot Framework endpoint, `${baseUrl}/api/messages` */
  messagesUrl: string;
  port: number;
  directory: Directory;
  /** caps the lookup searches running at once (LDAP_MAX_CONCURRENT); its stats show the peak */
  directoryGate: ConcurrencyGate;
  /** caps the audit searches running at once (LDAP_AUDIT_MAX_CONCURRENT), on their own connection */
  auditGate: ConcurrencyGate;
  /** caps the full audits being made at once (AUDIT_MAX_CONCURRENT); its stats show the peak and the refusals */
  fullAuditGate: ConcurrencyGate;
  /** its audit trail port moves the anchored head on every append, whoever appends */
  store: StorePorts;
  /** the same trail, with `verify()` and `latest(n)` */
  auditTrail: AnchoredAuditTrail;
  /** the digest scheduler: `tick(now)` posts the due digests */
  digest: DigestRunner;
  /** the approval flow (fixes are not enabled without a writer) */
  approvals: ApprovalService;
  /**
   * Stops accepting requests (503), stops the timers, lets in-flight turns finish for up to
   * `drainMs` (5 s by default), then closes LDAP and the store.
   */
  stop(drainMs?: number): Promise<void>;
  /** what the HTTP endpoint answers with (access guard in front of the router): tests drive it without HTTP */
  app: ChatApp;
}

interface ChatAppOptions {
  auditSource: AuditSource;
  auditConfig?: AuditConfig;
  /** the audit runs the cards' clicks page through; none: every click audits again */
  auditRuns?: AuditRunCache;
  /** the audit runs being made: the same audit asked meanwhile joins; full audits wait for a slot */
  auditFlights?: AuditFlights;
  now?: () => Date;
  logger?: Logger;
  /** read by `verify audit trail` and `audit trail [n]` */
  auditTrail?: AnswerDeps['auditTrail'];
  /** the digest commands (`subscribe digest` …); without it they answer that there is no digest here */
  digest?: {
    store: DigestCommandDeps['store'];
    scheduler: DigestScheduler;
    /** DIGEST_TIMEZONE */
    defaultTimeZone: string;
  };
  approvals?: ApprovalService;
  executionWaitMs?: number;
  /** replaces a posted card for everyone (updateActivity); none: cards change only when clicked */
  updateCard?: AnswerDeps['updateCard'];
  /** the approvals channel and proactive posts of approval cards */
  approvalPosts?: AnswerDeps['approvalPosts'];
  /** the approvers seen lately: approval cards refresh themselves for them */
  refreshUserIds?: () => readonly string[];
}

/** The guard's asker in the approval service's words. */
function approvalActor(asker: TurnAsker): ApprovalActorInput {
  return {
    person: { aadObjectId: asker.id, name: asker.name, upn: asker.userPrincipalName },
    roles: asker.roles,
  };
}

/** The commands as a ChatApp: free text → Command → cards; card clicks by verb. */
function createChatApp(directory: Directory, options: ChatAppOptions): InnerApp {
  const now = options.now ?? (() => new Date());
  const { auditSource, logger, auditTrail } = options;
  const auditConfig = options.auditConfig ?? defaultAuditConfig;
  // Errors become cards inside the commands; the operator still wants them in the log.
  const onError = (error: unknown): void => logger?.warn('answered with an error card', describeError(error));
  const deps = (asker?: TurnAsker, conversation?: ChatConversation): AnswerDeps => ({
    directory,
    auditSource,
    auditConfig,
    ...(options.auditRuns === undefined ? {} : { auditRuns: options.auditRuns }),
    ...(options.auditFlights === undefined ? {} : { auditFlights: options.auditFlights }),
    now: now(),
    onError,
    ...(currentLogRef() === undefined ? {} : { ref: currentLogRef() }),
    ...(options.approvals === undefined ? {} : { approvals: options.approvals }),
    ...(asker === undefined ? {} : { asker: approvalActor(asker) }),
    ...(conversation === undefined ? {} : { conversationId: conversation.id }),
    ...(conversation?.kind === undefined ? {} : { conversationKind: conversation.kind }),
    ...(options.approvalPosts === undefined ? {} : { approvalPosts: options.approvalPosts }),
    ...(options.refreshUserIds === undefined ? {} : { refreshUserIds: options.refreshUserIds() }),
    ...(conversation?.cardActivityId === undefined
      ? {}
      : {
          clickedCard: {
            conversationId: conversation.threadId ?? conversation.id,
            activityId: conversation.cardActivityId,
          },
        }),
    ...(options.updateCard === undefined ? {} : { updateCard: options.updateCard }),
    ...(options.executionWaitMs === undefined ? {} : { executionWaitMs: options.executionWaitMs }),
    ...(auditTrail === undefined ? {} : { auditTrail }),
  });
  const digest = options.digest;
  return {
    // the conversation a message came from is what the digest commands subscribe, post to or describe
    answerText: (text, user, conversation, asker) => {
      const answerDeps = deps(asker, conversation);
      return answerText(
        text,
        digest === undefined || conversation === undefined
          ? answerDeps
          : {
              ...answerDeps,
              digest: {
                ...digest,
                conversationId: conversation.id,
                user: { id: user.aadObjectId ?? user.id, name: user.name ?? user.id },
                now: answerDeps.now,
              },
            },
      );
    },
    answerAction: (verb, data, _user, conversation, asker) =>
      answerCardVerb(verb, data, deps(asker, conversation)),
  };
}

/** The store as the bot's memory of conversations (for proactive posts such as the digest). */
function conversationLog(store: ConversationStore): ConversationLog {
  return {
    remember: async (conversation, at) => {
      await store.saveConversation({ ...conversation, at });
    },
    forget: (conversationId, reason, at) => store.markConversationInactive(conversationId, reason, at),
  };
}

/**
 * A turn the bot refused before the access guard (for its tenant, or over the rate limit), as the
 * audit trail records it: no role, refused, and why.
 */
function refusedTurn(
  refusal: TenantRefusal,
  at: Date,
  reason = `the tenant ${refusal.user.tenantId ?? '(none given)'} is not in ALLOWED_TENANT_IDS`,
): Turn {
  const { user, request } = refusal;
  const kind = request.kind === 'message' ? parseCommand(request.text).kind : null;
  return {
    at,
    conversationId: refusal.conversation?.id ?? null,
    decision: {
      actor: {
        teamsId: user.id,
        entraObjectId: user.aadObjectId ?? null,
        userPrincipalName: user.userPrincipalName ?? null,
        name: user.name ?? null,
        tenantId: user.tenantId ?? null,
        directoryAccountDn: null,
      },
      roles: [],
      request:
        request.kind === 'message'
          ? { kind: 'command', command: kind ?? 'unknown', text: request.text }
          : { kind: 'card', verb: request.verb, data: request.data },
      requires: kind === null ? 'reader' : commandRequirement(kind),
      allowed: false,
      reason,
    },
    outcome: { answered: false, summary: refusal.summary },
  };
}

/** Wires config → directory → store → app → bot → HTTP server and starts listening. */
export async function startBot(config: Config, overrides: StartBotOverrides = {}): Promise<RunningBot> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  // Two lanes into the directory, each its own LDAP connection and its own searches-at-once cap:
  // lookups (find, show, access checks) and audits (every read of many accounts). An audit waits for
  // audit slots only, so however many audits run, a lookup finds its own connection and slots free.
  const directoryGate = new ConcurrencyGate({
    maxConcurrent: config.limits.ldapMaxConcurrent,
    maxQueued: config.limits.ldapMaxQueued,
    maxWaitMs: config.limits.ldapQueueWaitMs,
  });
  const auditGate = new ConcurrencyGate({
    maxConcurrent: config.limits.ldapAuditMaxConcurrent,
    maxQueued: config.limits.ldapMaxQueued,
    maxWaitMs: config.limits.ldapAuditQueueWaitMs,
  });
  // each connection is made only when something needs it
  const connections: LdapDirectory[] = [];
  const ldapLane = (gate: ConcurrencyGate): (() => LdapDirectory) => {
    let made: LdapDirectory | null = null;
    return () => {
      if (made !== null) return made;
      made = new LdapDirectory({
        urls: config.ldap.urls,
        bindDn: config.ldap.bindDn,
        bindPassword: config.ldap.bindPassword,
        baseDn: config.ldap.baseDn,
        caCertPem: config.ldap.caCertPath === null ? null : readCaCert(config.ldap.caCertPath),
        startTls: config.ldap.startTls,
        timeoutMs: config.ldap.timeoutMs,
        connectTimeoutMs: config.ldap.connectTimeoutMs,
        gate,
      });
      connections.push(made);
      return made;
    };
  };
  const lookupLdap = ldapLane(directoryGate);
  const auditLdap = ldapLane(auditGate);
  const directory = overrides.directory ?? new LaneDirectory({ lookups: lookupLdap(), scans: auditLdap() });
  const auditKey =
    overrides.auditKey ?? resolveAuditKey(config.auditTrail.hmacKey, config.auditTrail.anchorPath);
  // Opened only when no store was passed in; then it is ours to close.
  let stores: Stores | null = null;
  const given = overrides.store;
  if (given === undefined) {
    stores = await openStore(
      config.store.kind === 'sqlite'
        ? { kind: 'sqlite', path: config.store.sqlitePath, auditKey }
        : { kind: 'postgres', url: config.store.databaseUrl, auditKey },
    );
  }
  const opened = stores ?? {
    conversations: given!,
    approvals: given!,
    approvalPosts: given!,
    auditTrail: given!,
    digests: given!,
  };
  // Every writer of the trail (turns, approvals, digest) gets it through this decorator, so every
  // append moves the anchored head outside the database.
  let forwarder: AuditForwarder | null = null;
  const auditTrail = new AnchoredAuditTrail(
    opened.auditTrail,
    auditKey,
    config.auditTrail.anchorPath === null
      ? new MemoryAuditAnchor()
      : new FileAuditAnchor(config.auditTrail.anchorPath),
    (message, detail) => logger.error(message, { area: 'audit-trail', ...detail }),
    () => forwarder?.nudge(),
  );
  const store = storePorts({ ...opened, auditTrail });
  // The SIEM sink runs in the background from its stored cursor; an outage never blocks a turn.
  const { sink: sinkConfig } = config.auditTrail;
  const sink =
    overrides.auditSink ?? (sinkConfig.kind === 'azure-monitor' ? azureMonitorSink(sinkConfig) : null);
  if (sink !== null) {
    if (stores === null) {
      logger.warn('the audit sink needs the store opened by the bot; not forwarding', {
        area: 'audit-trail',
      });
    } else {
      forwarder = new AuditForwarder(auditTrail, stores.auditSinkCursors, sink, {
        onError: (error, detail) =>
          logger.warn('the audit sink failed; retrying', {
            area: 'audit-trail',
            ...detail,
            ...describeError(error),
          }),
      });
    }
  }
  const recordError = (error: unknown): void =>
    logger.error('could not record the turn in the audit trail', describeError(error));
  // logged here; thrown on to the guard, which tells the user the turn is not on the record
  const recordTurnOrThrow = (turn: Turn): Promise<void> =>
    recordTurn((entry) => auditTrail.appendAudit(entry), turn).catch((error: unknown) => {
      recordError(error);
      throw error;
    });
  const appendTurn = (turn: Turn): Promise<void> => recordTurnOrThrow(turn).catch(() => undefined);
  // the same read asked while it runs (ten `audit sMSAs`, the digest) is one read of the directory
  const auditSource =
    overrides.auditSource ??
    new SingleFlightAuditSource(
      new LaneAuditSource({
        lookups: new LdapAuditSource(lookupLdap()),
        audits: new LdapAuditSource(auditLdap()),
      }),
    );
  // Full audits at once, over the turns: each takes seconds of the bot's one thread and of the DC's
  // CPU at scale, so beyond AUDIT_MAX_CONCURRENT they wait in line (a "busy" card past the wait)
  const fullAuditGate = new ConcurrencyGate({
    maxConcurrent: config.limits.auditMaxConcurrent,
    maxQueued: config.limits.auditMaxQueued,
    maxWaitMs: config.limits.auditQueueWaitMs,
  });
  const fullAuditSlots: AuditSlots = {
    maxConcurrent: config.limits.auditMaxConcurrent,
    maxWaitMs: config.limits.auditQueueWaitMs,
    run: (operation) =>
      fullAuditGate.run(operation).catch((error: unknown) => {
        if (error instanceof GateRefusal)
          throw new AuditsBusyError(error.reason, fullAuditSlots.maxConcurrent, fullAuditSlots.maxWaitMs);
        throw error;
      }),
  };
  const auditConfig = overrides.auditConfig ?? { ...defaultAuditConfig, ...config.audit };
  const now = overrides.now ?? (() => new Date());
  const adapter = createAdapter({ auth: config.bot, logger });
  // The digest reads the directory off the request path: a slow audit never holds up an answer.
  const sender = overrides.digestSender ?? createProactiveSender({ adapter, appId: config.bot.appId });
  const digest = new DigestRunner({
    store,
    sender,
    readAudit: createDigestAuditReader(auditSource, auditConfig, now),
    now,
    logger: logger.child({ area: 'digest' }),
    defaultSubscription:
      config.digest.conversationId === null
        ? null
        : {
            conversationId: config.digest.conversationId,
            cron: config.digest.cron,
            timeZone: config.digest.timeZone,
          },
    ...(overrides.digestRetry === undefined ? {} : { retry: overrides.digestRetry }),
  });
  // Fixes run under their own account, made only when LDAP_FIX_BIND_DN is set.
  let fixWriter: LdapDirectoryWriter | null = null;
  if (overrides.directoryWriter === undefined && config.approvals.fixBindDn !== null) {
    fixWriter = new LdapDirectoryWriter({
      urls: config.ldap.urls,
      bindDn: config.approvals.fixBindDn,
      bindPassword: config.approvals.fixBindPassword,
      caCertPem: config.ldap.caCertPath === null ? null : readCaCert(config.ldap.caCertPath),
      startTls: config.ldap.startTls,
      timeoutMs: config.ldap.timeoutMs,
      connectTimeoutMs: config.ldap.connectTimeoutMs,
    });
  }
  const approvalLogger = logger.child({ area: 'approvals' });
  // Teams ids of approvers seen on recent turns: the approval card's automatic refresh lists them
  const recentApprovers = new RecentApprovers();
  const testPause = overrides.testPause ?? null;
  // the settlement at start-up never waits: only fixes approved once the bot listens do
  let listening = false;
  const approvals = new ApprovalService({
    store,
    writer: overrides.directoryWriter ?? fixWriter,
    ...(overrides.now === undefined ? {} : { clock: overrides.now }),
    policy: { approvalsRequired: config.approvals.approvalsRequired, ttlMs: config.approvals.ttlMs },
    onError: (approvalId, error) =>
      approvalLogger.error('a fix could not be recorded; it stays executing until settled', {
        approvalId,
        ...describeError(error),
      }),
    ...(testPause === null
      ? {}
      : {
          atStep: async (step, approval) => {
            const pausing = listening && step === testPause.step;
            approvalLogger.warn('test pause: fix step', { step, approvalId: approval.id, pausing });
            if (pausing) await new Promise((resolve) => setTimeout(resolve, testPause.ms));
          },
        }),
  });
  const inner: InnerApp =
    overrides.chatApp ??
    createChatApp(directory, {
      auditSource,
      auditConfig,
      auditRuns: new AuditRunCache({
        ttlMs: config.auditCache.seconds * 1000,
        maxFindings: config.auditCache.maxFindings,
      }),
      auditFlights: new AuditFlights(fullAuditSlots),
      now: overrides.now,
      logger,
      auditTrail,
      digest: { store, scheduler: digest, defaultTimeZone: config.digest.timeZone },
      approvals,
      updateCard: async (conversationId, activityId, reply) => {
        const conversation = await store.getConversation(conversationId);
        if (conversation === null || sender.update === undefined) return;
        await sender.update({ conversationId, reference: conversation.reference }, activityId, reply);
      },
      approvalPosts: {
        store,
        appendAudit: (entry) => store.appendAudit(entry),
        postCard: async (conversationId, reply) => {
          const conversation = await store.getConversation(conversationId);
          if (conversation === null || !conversation.active) return null;
          const target = { conversationId, reference: conversation.reference };
          if (sender.post !== undefined) return sender.post(target, reply);
          await sender.send(target, reply);
          return null;
        },
      },
      refreshUserIds: () => recentApprovers.list(),
      ...(overrides.approvalExecutionWaitMs === undefined
        ? {}
        : { executionWaitMs: overrides.approvalExecutionWaitMs }),
    });
  // Roles come from AD groups only when some are configured; ACCESS_OPEN asks nobody.
  const askDirectory = !config.access.open && roleGroups(config.access).length > 0;
  const accessDirectory =
    overrides.accessDirectory ?? (askDirectory ? new LdapAccessDirectory(lookupLdap()) : null);
  if (config.access.open) {
    logger.warn(
      'ACCESS CONTROL IS OFF (ACCESS_OPEN=true): everyone in an allowed tenant is a reader; ' +
        'only ACCESS_APPROVER_IDS approve. ' +
        'Set ACCESS_READERS_GROUP / ACCESS_APPROVERS_GROUP before real use.',
      { area: 'access' },
    );
  }
  // Every turn passes the access guard before the command router (the one place access is enforced).
  const guarded: ChatApp = guardChatApp(inner, {
    policy: config.access,
    directory: accessDirectory,
    // one trail entry per turn, with the real decision: who, which roles, allowed or refused and why
    onTurn: async (decision, commandSummary, outcome, place) => {
      recentApprovers.seen(decision.actor.teamsId, decision.roles);
      await recordTurnOrThrow({ at: now(), conversationId: place.conversationId, decision, outcome });
      await overrides.onTurn?.(decision, commandSummary, outcome, place);
    },
    onError: (error) => logger.warn('access check or turn record failed', describeError(error)),
  });
  // The rate limit comes first: a person over it gets a polite card and nothing else runs.
  const { ratePerMinute, rateBurst } = config.limits;
  const app: ChatApp =
    ratePerMinute === 0
      ? guarded
      : limitChatApp(guarded, {
          limiter: new RateLimiter({
            perMinute: ratePerMinute,
            burst: rateBurst,
            maxTracked: RATE_LIMIT_MAX_TRACKED,
            now: () => now().getTime(),
          }),
          // one log line and one trail entry per stretch of refusals, not one per refused message: a
          // flood must not become a flood of writes
          onLimited: async (turn) => {
            if (!turn.first) return;
            logger.warn('rate limited a person', {
              area: 'limits',
              asker: turn.askerKey,
              kind: turn.request.kind,
              retryAfterMs: turn.retryAfterMs,
            });
            const reason =
              `over the rate limit (RATE_LIMIT_PER_MINUTE=${ratePerMinute}, RATE_LIMIT_BURST=${rateBurst}); ` +
              'further requests are refused unrecorded until one is let through';
            const refusal: TenantRefusal = {
              user: turn.user,
              conversation: turn.conversation ?? null,
              request: turn.request,
              summary: turn.summary,
            };
            await appendTurn(refusedTurn(refusal, now(), reason));
          },
        });
  const bot = new WardenBot({
    app,
    logger,
    allowedTenantIds: config.allowedTenantIds,
    // the AD account is found by the userPrincipalName only the connector knows
    lookupMembers: overrides.lookupMembers ?? askDirectory,
    conversations: conversationLog(store),
    now: overrides.now,
    // refused before the guard: recorded here so the trail holds every turn
    onTenantRefused: (refusal) => appendTurn(refusedTurn(refusal, now())),
  });
  // /readyz: the directory binds and the store answers, each under a short deadline, cached
  const readiness = createReadiness({
    probes: {
      directory: () =>
        overrides.directory === undefined ? lookupLdap().checkReady() : directory.listComputerNames(),
      store: () => (stores !== null ? stores.ping() : store.getConversation('readyz-probe')),
    },
    timeoutMs: READY_PROBE_TIMEOUT_MS,
    cacheMs: READY_CACHE_MS,
  });
  const server = createBotServer({
    auth: config.bot,
    bot,
    logger,
    adapter,
    anonymousServiceUrls: config.anonymousServiceUrls,
    readiness,
  });
  // only the connections made here: a directory or store passed in stays the caller's
  const releaseConnections = async (): Promise<void> => {
    await forwarder?.stop();
    if (fixWriter !== null) await fixWriter.close();
    await Promise.all(connections.map((connection) => connection.close()));
    if (stores !== null) await stores.close();
  };
  let port: number;
  try {
    ({ port } = await server.listen(overrides.port ?? config.port, overrides.host ?? config.host));
  } catch (error) {
    await releaseConnections();
    throw error;
  }
  if (overrides.digestTimer ?? true) digest.start();
  // A crash while a fix ran left it executing: settle it from what AD holds, never applying twice.
  // With several replicas a request younger than a change can take is left to the one running it;
  // the sweep settles it once it is older, so a quick restart never leaves it executing for good.
  const settle = (when: string): Promise<void> =>
    approvals
      .settleExecuting({ minAgeMs: config.approvals.settleAfterMs })
      .then((settled) => {
        if (settled.length > 0)
          approvalLogger.info('settled requests a crash left running', { count: settled.length, when });
      })
      .catch((error: unknown) =>
        approvalLogger.warn(`could not settle requests ${when}`, describeError(error)),
      );
  await settle('at start-up');
  const sweepMs = overrides.approvalSweepMs ?? APPROVAL_SWEEP_MS;
  const sweep =
    sweepMs > 0
      ? setInterval(() => {
          approvals
            .expireDue()
            .catch((error: unknown) => approvalLogger.warn('expiry sweep failed', describeError(error)));
          void settle('on the sweep');
        }, sweepMs)
      : null;
  sweep?.unref();
  forwarder?.start();
  listening = true;
  const host = overrides.host ?? config.host;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${urlHost}:${port}`;
  return {
    baseUrl,
    messagesUrl: `${baseUrl}/api/messages`,
    port,
    directory,
    directoryGate,
    auditGate,
    fullAuditGate,
    store,
    auditTrail,
    digest,
    approvals,
    app,
    stop: async (drainMs = DEFAULT_STOP_DRAIN_MS) => {
      // new requests get 503 at once; timers stop while in-flight turns finish (they still need the
      // directory and the store, so those close last)
      if (sweep !== null) clearInterval(sweep);
      const [{ cut }] = await Promise.all([server.drain(drainMs), digest.stop()]);
      if (cut > 0) logger.warn('shutdown cut turns that were still running', { count: cut, drainMs });
      await releaseConnections();
    },
  };
}

const APPROVAL_SWEEP_MS = 60_000;
/** people with a rate-limit bucket in memory at most (a few hundred bytes each) */
const RATE_LIMIT_MAX_TRACKED = 10_000;
/** /readyz: a probe slower than this counts as down; answers are reused for READY_CACHE_MS */
const READY_PROBE_TIMEOUT_MS = 2000;
const READY_CACHE_MS = 3000;
/** stop() without a drain time (tests, tools); `npm start` passes SHUTDOWN_DRAIN_MS */
const DEFAULT_STOP_DRAIN_MS = 5000;

/** `npm start`: configuration errors print one line and exit 1, without a stack. */
export async function main(env: Env = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`msa-warden: configuration error: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  for (const line of describeConfig(config, env)) logger.info(line, { area: 'config' });
  const { pause: testPause, ignored } = readTestPause(env);
  if (ignored)
    logger.warn(
      `${TEST_PAUSE_VARIABLE} is a test hook, ignored: it works only under NODE_ENV=test, as <step>:<ms>`,
    );
  if (testPause !== null)
    logger.warn(`${TEST_PAUSE_VARIABLE}: fixes wait ${testPause.ms} ms at ${testPause.step}`);

  let bot: RunningBot;
  try {
    bot = await startBot(config, { logger, testPause });
  } catch (error) {
    logger.error('could not start', describeError(error));
    process.exitCode = 1;
    return;
  }
  logger.info(`listening on ${bot.messagesUrl}`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      // a second Ctrl-C means "now"
      process.exit(1);
    }
    stopping = true;
    logger.info('shutting down', { signal });
    // A hung close must not keep a stopping process alive forever.
    setTimeout(() => process.exit(1), config.shutdownDrainMs + 10_000).unref();
    bot.stop(config.shutdownDrainMs).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', describeError(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  void main();
}
