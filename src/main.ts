import { guardChatApp } from './access/access-guard';
import type { TurnHook } from './access/access-guard';
import { roleGroups } from './access/resolve-access';
import { answerCardAction } from './commands/answer-card-action';
import { answerCommand } from './commands/answer-command';
import type { AnswerDeps } from './commands/answer-deps';
import { parseCommand } from './commands/parse-command';
import type { ChatApp } from './bot/chat-app';
import { describeError } from './bot/describe-error';
import { createBotServer } from './bot/create-server';
import { WardenBot } from './bot/warden-bot';
import type { Config } from './config/config';
import { ConfigError } from './config/config-error';
import { describeConfig } from './config/describe-config';
import { loadConfig } from './config/load-config';
import type { Env } from './config/load-config';
import { createLogger } from './config/logger';
import type { Logger } from './config/logger';
import { readCaCert } from './config/read-ca-cert';
import { type AuditConfig, defaultAuditConfig } from './audit/audit-config';
import { LdapAccessDirectory } from './directory/ldap-access-directory';
import { LdapAuditSource } from './directory/ldap-audit-source';
import type { AccessDirectory } from './domain/access-directory';
import { LdapDirectory } from './directory/ldap-directory';
import type { AuditSource } from './domain/audit-source';
import type { Directory } from './domain/directory';
import { openStore } from './store/open-store';
import type { Store } from './store/store';
import type { ConversationLog } from './bot/chat-app';

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
  store?: Store;
  /** where roles come from instead of LDAP (the caller keeps ownership) */
  accessDirectory?: AccessDirectory;
  /** told every turn's access decision and outcome (the audit trail); none → nothing is kept */
  onTurn?: TurnHook;
}

export interface RunningBot {
  /** e.g. http://127.0.0.1:3978 */
  baseUrl: string;
  /** the Bot Framework endpoint, `${baseUrl}/api/messages` */
  messagesUrl: string;
  port: number;
  directory: Directory;
  store: Store;
  stop(): Promise<void>;
}

export interface ChatAppOptions {
  auditSource: AuditSource;
  auditConfig?: AuditConfig;
  now?: () => Date;
  logger?: Logger;
}

/** The commands as a ChatApp: free text → Command → cards; card clicks by verb. */
export function createChatApp(directory: Directory, options: ChatAppOptions): ChatApp {
  const now = options.now ?? (() => new Date());
  const { auditSource, logger } = options;
  const auditConfig = options.auditConfig ?? defaultAuditConfig;
  // Errors become cards inside the commands; the operator still wants them in the log.
  const onError = (error: unknown): void => logger?.warn('answered with an error card', describeError(error));
  const deps = (): AnswerDeps => ({ directory, auditSource, auditConfig, now: now(), onError });
  return {
    answerText: (text) => answerCommand(parseCommand(text), deps()),
    answerAction: (verb, data) => answerCardAction(verb, data, deps()),
  };
}

/** The store as the bot's memory of conversations (for proactive posts such as the digest). */
export function conversationLog(store: Store): ConversationLog {
  return {
    remember: async (conversation, at) => {
      await store.saveConversation({ ...conversation, at });
    },
    forget: (conversationId, reason, at) => store.markConversationInactive(conversationId, reason, at),
  };
}

/** Wires config → directory → store → app → bot → HTTP server and starts listening. */
export async function startBot(config: Config, overrides: StartBotOverrides = {}): Promise<RunningBot> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  // One LDAP connection serves the directory and the audit; made only when one of them needs it.
  let ldap: LdapDirectory | null = null;
  const ldapDirectory = (): LdapDirectory =>
    (ldap ??= new LdapDirectory({
      urls: config.ldap.urls,
      bindDn: config.ldap.bindDn,
      bindPassword: config.ldap.bindPassword,
      baseDn: config.ldap.baseDn,
      caCertPem: config.ldap.caCertPath === null ? null : readCaCert(config.ldap.caCertPath),
      startTls: config.ldap.startTls,
      timeoutMs: config.ldap.timeoutMs,
      connectTimeoutMs: config.ldap.connectTimeoutMs,
    }));
  const directory = overrides.directory ?? ldapDirectory();
  const inner =
    overrides.chatApp ??
    createChatApp(directory, {
      auditSource: overrides.auditSource ?? new LdapAuditSource(ldapDirectory()),
      auditConfig: overrides.auditConfig ?? { ...defaultAuditConfig, ...config.audit },
      now: overrides.now,
      logger,
    });
  // Roles come from AD groups only when some are configured; ACCESS_OPEN asks nobody.
  const askDirectory = !config.access.open && roleGroups(config.access).length > 0;
  const accessDirectory =
    overrides.accessDirectory ?? (askDirectory ? new LdapAccessDirectory(ldapDirectory()) : null);
  if (config.access.open) {
    logger.warn(
      'ACCESS CONTROL IS OFF (ACCESS_OPEN=true): everyone in an allowed tenant is a reader and an approver. ' +
        'Set ACCESS_READERS_GROUP / ACCESS_APPROVERS_GROUP before real use.',
      { area: 'access' },
    );
  }
  // Every turn passes the access guard before the command router (the one place access is enforced).
  const app: ChatApp = guardChatApp(inner, {
    policy: config.access,
    directory: accessDirectory,
    onTurn: overrides.onTurn,
    onError: (error) => logger.warn('access check failed', describeError(error)),
  });
  const ownsStore = overrides.store === undefined;
  const store =
    overrides.store ??
    (await openStore(
      config.store.kind === 'sqlite'
        ? { kind: 'sqlite', path: config.store.sqlitePath }
        : { kind: 'postgres', url: config.store.databaseUrl },
    ));
  const bot = new WardenBot({
    app,
    logger,
    allowedTenantIds: config.allowedTenantIds,
    // the AD account is found by the userPrincipalName only the connector knows
    lookupMembers: overrides.lookupMembers ?? askDirectory,
    conversations: conversationLog(store),
    now: overrides.now,
  });
  const server = createBotServer({ auth: config.bot, bot, logger });
  // only the connections made here: a directory or store passed in stays the caller's
  const releaseConnections = async (): Promise<void> => {
    if (ldap !== null) await ldap.close();
    if (ownsStore) await store.close();
  };
  let port: number;
  try {
    ({ port } = await server.listen(overrides.port ?? config.port, overrides.host ?? config.host));
  } catch (error) {
    await releaseConnections();
    throw error;
  }
  const host = overrides.host ?? config.host;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${urlHost}:${port}`;
  return {
    baseUrl,
    messagesUrl: `${baseUrl}/api/messages`,
    port,
    directory,
    store,
    stop: async () => {
      await server.close();
      await releaseConnections();
    },
  };
}

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

  let bot: RunningBot;
  try {
    bot = await startBot(config, { logger });
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
    // Open sockets must not keep a stopping process alive forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    bot.stop().then(
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
