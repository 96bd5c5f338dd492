import { GENESIS_HASH } from '../audit-trail/audit-entry';

/**
 * Numbered schema changes, applied in order at open and recorded in `schema_migrations`. The SQL is
 * the subset SQLite and PostgreSQL share: instants are BIGINT epoch milliseconds (exact, comparable),
 * booleans INTEGER 0/1, JSON TEXT. Never edit a released migration; add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
  /** run after `statements`, on that database only (JSON functions differ) */
  sqlite?: readonly string[];
  postgres?: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    statements: [
      `CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        tenant_id TEXT,
        reference TEXT NOT NULL,
        subscribed_to_digest INTEGER NOT NULL DEFAULT 0,
        digest_cron TEXT,
        digest_time_zone TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        inactive_reason TEXT,
        inactive_at BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE TABLE approvals (
        id TEXT PRIMARY KEY,
        action_kind TEXT NOT NULL,
        action_params TEXT NOT NULL,
        account_sid TEXT NOT NULL,
        account_name TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        decisions TEXT NOT NULL,
        state TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        result TEXT,
        conversation_id TEXT,
        card_activity_id TEXT
      )`,
      `CREATE INDEX approvals_state_created ON approvals (state, created_at)`,
      `CREATE TABLE audit_trail (
        seq BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      )`,
      // One row naming the chain's head: appenders lock it, so two replicas never fork the chain.
      `CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq BIGINT NOT NULL,
        hash TEXT NOT NULL
      )`,
      `INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}')`,
      `CREATE TABLE digest_slots (
        conversation_id TEXT NOT NULL,
        slot_at BIGINT NOT NULL,
        claimed_at BIGINT NOT NULL,
        PRIMARY KEY (conversation_id, slot_at)
      )`,
      `CREATE TABLE finding_snapshots (
        scope TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        finding_keys TEXT NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'audit-sink-cursors',
    statements: [
      // How far each SIEM sink has acknowledged the trail, so a restart resumes without loss or repeats.
      `CREATE TABLE audit_sink_cursors (
        sink TEXT PRIMARY KEY,
        seq BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    name: 'conversation-addresses',
    // Conversation references used to be stored whole, sender details and all, and unbounded (a forged
    // activity could store a megabyte per conversation). A reference longer than any real address is
    // dropped (the conversation keeps its row and subscription; its next message stores an address);
    // the others are cut down to the address fields.
    statements: [`UPDATE conversations SET reference = 'null' WHERE length(reference) > 4096`],
    // the fields conversationAddress() keeps (src/domain/conversation-address.ts)
    sqlite: [
      `UPDATE conversations SET reference = json_object(
         'serviceUrl', json_extract(reference, '$.serviceUrl'),
         'channelId', json_extract(reference, '$.channelId'),
         'conversation', json_object(
           'id', json_extract(reference, '$.conversation.id'),
           'conversationType', json_extract(reference, '$.conversation.conversationType'),
           'tenantId', json_extract(reference, '$.conversation.tenantId')),
         'bot', json_object('id', json_extract(reference, '$.bot.id')))
       WHERE json_valid(reference) AND json_type(reference) = 'object'`,
    ],
    postgres: [
      `UPDATE conversations SET reference = json_build_object(
         'serviceUrl', reference::json->>'serviceUrl',
         'channelId', reference::json->>'channelId',
         'conversation', json_build_object(
           'id', reference::json->'conversation'->>'id',
           'conversationType', reference::json->'conversation'->>'conversationType',
           'tenantId', reference::json->'conversation'->>'tenantId'),
         'bot', json_build_object('id', reference::json->'bot'->>'id'))::text
       WHERE json_typeof(reference::json) = 'object'`,
    ],
  },
  {
    version: 4,
    name: 'approval-posts',
    statements: [
      // The one approvals channel (`register approvals here`): a single row, the last registration wins.
      `CREATE TABLE approvals_channel (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        conversation_id TEXT NOT NULL,
        tenant_id TEXT,
        registered_by TEXT NOT NULL,
        registered_at BIGINT NOT NULL
      )`,
      // Every posted copy of an approval card (the asker's, the channel's), replaced after each decision.
      `CREATE TABLE approval_cards (
        approval_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        posted_at BIGINT NOT NULL,
        PRIMARY KEY (approval_id, conversation_id, activity_id)
      )`,
    ],
  },
];

export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;
