import { randomUUID } from 'node:crypto';
import type { AuditEntryInput, StoredAuditEntry } from '../../src/audit-trail/audit-entry';
import { GENESIS_HASH } from '../../src/audit-trail/audit-entry';
import { AnchoredAuditTrail } from '../../src/audit-trail/anchored-audit-trail';
import { computeAuditHash } from '../../src/audit-trail/audit-hash';
import { MemoryAuditAnchor } from '../../src/audit-trail/file-audit-anchor';
import { verifyAuditTrail } from '../../src/audit-trail/verify-audit-trail';
import { redactSecrets } from '../../src/domain/redact-secrets';
import { verifyAuditChain } from '../../src/audit-trail/verify-audit-chain';
import { MIGRATIONS } from '../../src/store/migrations';
import type { NewApproval, Person } from '../../src/store/approval-store';
import type { AuditTrail } from '../../src/store/audit-trail';
import type { Stores } from '../../src/store/open-store';
import { StoreError } from '../../src/store/store-error';

/** Raw SQL on the same database, outside any Store (to tamper with rows); `$1` placeholders. */
export type RawQuery = (
  sql: string,
  params?: (string | number | null)[],
) => Promise<Record<string, unknown>[]>;

/** The HMAC key the contract's stores are opened with (AUDIT_HMAC_KEY in the bot). */
export const CONTRACT_AUDIT_KEY = Buffer.from('contract-test-audit-hmac-key-0123456789abcdef');
const KEY = CONTRACT_AUDIT_KEY;

const T0 = new Date('2025-03-04T05:06:07.089Z');
const at = (minutes: number, ms = 0): Date => new Date(T0.getTime() + minutes * 60_000 + ms);

const alice: Person = { aadObjectId: 'aad-alice', name: 'Alice Admin', upn: 'alice@corp.example.test' };
const bob: Person = { aadObjectId: 'aad-bob', name: 'Bob Approver', upn: null };

function newApproval(id: string, overrides: Partial<NewApproval> = {}): NewApproval {
  return {
    id,
    action: {
      kind: 'remove-group-member',
      params: { groupDn: 'CN=Tier0 Ops,OU=Groups,DC=corp', nested: [1, 2] },
    },
    account: { sid: 'S-1-5-21-1-2-3-1105', name: 'svc_sql01$' },
    requestedBy: alice,
    createdAt: at(0),
    expiresAt: at(60),
    conversationId: null,
    cardActivityId: null,
    ...overrides,
  };
}

function auditEntry(n: number, actor = 'aad-alice'): AuditEntryInput {
  return {
    at: at(n, n % 1000),
    actor: { id: actor, name: `Actor ${actor}` },
    action: 'approval.requested',
    subject: `approval-${n}`,
    details: { n, before: { member: ['CN=a', 'CN=b'] }, after: null, note: 'ünïcödé ✓' },
  };
}

async function wholeChain(store: AuditTrail): Promise<StoredAuditEntry[]> {
  const all: StoredAuditEntry[] = [];
  for (;;) {
    const page = await store.listAudit({ afterSeq: all.at(-1)?.seq ?? 0, limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

/**
 * The behaviour every store adapter must show, port by port. `open` returns NEW stores on the SAME
 * database each call (two instances stand for two bot replicas); `cleanup` removes the database.
 */
export function storeContract(
  name: string,
  open: () => Promise<Stores>,
  cleanup: () => Promise<void>,
  raw: RawQuery,
  /** which migration statements (`sqlite` / `postgres`) belong to this database */
  dialect: 'sqlite' | 'postgres',
): void {
  describe(`Store contract: ${name}`, () => {
    let a: Stores;
    let b: Stores;
    const id = (label: string): string => `${label}-${randomUUID()}`;

    beforeAll(async () => {
      a = await open();
      b = await open();
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await cleanup();
    });

    describe('migrations', () => {
      it('are recorded once each and re-opening applies nothing twice', async () => {
        const third = await open();
        await third.close();
        const rows = await raw('SELECT version, name FROM schema_migrations ORDER BY version');
        expect(rows.map((row) => [Number(row.version), row.name])).toEqual(
          MIGRATIONS.map((m) => [m.version, m.name]),
        );
      });
    });

    describe('conversations', () => {
      it('upserts by id: the first save sets createdAt, later saves replace the reference', async () => {
        const conversationId = id('conv');
        const first = await a.conversations.saveConversation({
          id: conversationId,
          tenantId: 'tenant-1',
          reference: { conversation: { id: conversationId }, serviceUrl: 'https://smba.example/' },
          at: at(0, 1),
        });
        expect(first).toEqual({
          id: conversationId,
          tenantId: 'tenant-1',
          reference: { conversation: { id: conversationId }, serviceUrl: 'https://smba.example/' },
          subscribedToDigest: false,
          digestCron: null,
          digestTimeZone: null,
          active: true,
          inactiveReason: null,
          inactiveAt: null,
          createdAt: at(0, 1),
          updatedAt: at(0, 1),
        });
        const second = await b.conversations.saveConversation({
          id: conversationId,
          tenantId: 'tenant-1',
          reference: { conversation: { id: conversationId }, serviceUrl: 'https://smba2.example/' },
          at: at(5, 2),
        });
        expect(second.createdAt).toEqual(at(0, 1));
        expect(second.updatedAt).toEqual(at(5, 2));
        expect(await a.conversations.getConversation(conversationId)).toEqual(second);
        expect(second.reference).toEqual({
          conversation: { id: conversationId },
          serviceUrl: 'https://smba2.example/',
        });
      });

      it('keeps the digest subscription when a reference is refreshed without digest fields', async () => {
        const conversationId = id('conv');
        await a.conversations.saveConversation({
          id: conversationId,
          tenantId: null,
          reference: { serviceUrl: 'https://smba.example/1' },
          at: at(1),
          subscribedToDigest: true,
          digestCron: '0 8 * * 1-5',
          digestTimeZone: 'Europe/Berlin',
        });
        const refreshed = await a.conversations.saveConversation({
          id: conversationId,
          tenantId: null,
          reference: { serviceUrl: 'https://smba.example/2' },
          at: at(2),
        });
        expect(refreshed).toMatchObject({
          subscribedToDigest: true,
          digestCron: '0 8 * * 1-5',
          digestTimeZone: 'Europe/Berlin',
          reference: { serviceUrl: 'https://smba.example/2' },
        });
        const unsubscribed = await a.conversations.saveConversation({
          id: conversationId,
          tenantId: null,
          reference: { serviceUrl: 'https://smba.example/2' },
          at: at(3),
          subscribedToDigest: false,
          digestCron: null,
          digestTimeZone: null,
        });
        expect(unsubscribed).toMatchObject({
          subscribedToDigest: false,
          digestCron: null,
          digestTimeZone: null,
        });
      });

      it('lists active conversations, digest subscribers only for purpose digest, and drops inactive ones', async () => {
        const [plain, subscribed, gone] = [id('conv-plain'), id('conv-sub'), id('conv-gone')];
        await a.conversations.saveConversation({ id: plain, tenantId: 't', reference: {}, at: at(1) });
        await a.conversations.saveConversation({
          id: subscribed,
          tenantId: 't',
          reference: {},
          at: at(1),
          subscribedToDigest: true,
          digestCron: '30 7 * * *',
          digestTimeZone: 'America/New_York',
        });
        await a.conversations.saveConversation({
          id: gone,
          tenantId: 't',
          reference: {},
          at: at(1),
          subscribedToDigest: true,
          digestCron: '30 7 * * *',
          digestTimeZone: 'UTC',
        });
        await b.conversations.markConversationInactive(gone, 'bot removed (403)', at(9, 9));

        const ours = (list: { id: string }[]): string[] =>
          list
            .map((c) => c.id)
            .filter((c) => [plain, subscribed, gone].includes(c))
            .sort();
        expect(ours(await a.conversations.listActiveConversations())).toEqual([plain, subscribed].sort());
        expect(ours(await a.conversations.listActiveConversations('digest'))).toEqual([subscribed]);
        expect(await a.conversations.getConversation(gone)).toMatchObject({
          active: false,
          inactiveReason: 'bot removed (403)',
          inactiveAt: at(9, 9),
          subscribedToDigest: true,
        });

        // The bot was added back: saving the reference makes it active again.
        const back = await a.conversations.saveConversation({
          id: gone,
          tenantId: 't',
          reference: {},
          at: at(20),
        });
        expect(back).toMatchObject({ active: true, inactiveReason: null, inactiveAt: null });
        expect(ours(await b.conversations.listActiveConversations('digest'))).toEqual(
          [gone, subscribed].sort(),
        );
      });

      it('keeps only the address of a reference: no user, names or activity, one bounded row per conversation', async () => {
        const conversationId = id('conv-address');
        const reference = {
          activityId: '1700000000123',
          user: { id: '29:1alex', name: 'Alex Wilber', aadObjectId: 'aad-alex', email: 'alex@corp.example' },
          bot: { id: '28:bot', name: 'msa-warden' },
          conversation: {
            id: conversationId,
            conversationType: 'personal',
            tenantId: 't-1',
            name: 'Alex chat',
          },
          channelId: 'msteams',
          locale: 'en-US',
          serviceUrl: 'https://smba.example/emea/',
          rawActivity: { text: 'x'.repeat(100_000) },
        };
        for (let i = 0; i < 3; i++)
          await a.conversations.saveConversation({
            id: conversationId,
            tenantId: 't-1',
            reference,
            at: at(i),
          });
        const expected = {
          serviceUrl: 'https://smba.example/emea/',
          channelId: 'msteams',
          conversation: { id: conversationId, conversationType: 'personal', tenantId: 't-1' },
          bot: { id: '28:bot' },
        };
        expect((await b.conversations.getConversation(conversationId))?.reference).toEqual(expected);
        const rows = await raw('SELECT reference FROM conversations WHERE id = $1', [conversationId]);
        expect(rows).toHaveLength(1);
        const stored = String(rows[0]!.reference);
        expect(JSON.parse(stored)).toEqual(expected);
        for (const detail of ['Alex', 'aad-alex', 'alex@', '1700000000123', 'en-US', 'xxxx'])
          expect(stored).not.toContain(detail);
      });

      it('refuses a reference, id or tenant longer than any real one and keeps the stored row', async () => {
        const conversationId = id('conv-absurd');
        const good = { serviceUrl: 'https://smba.example/', conversation: { id: conversationId } };
        await a.conversations.saveConversation({
          id: conversationId,
          tenantId: 't',
          reference: good,
          at: at(1),
        });
        const forged = [
          {
            id: conversationId,
            tenantId: 't',
            reference: { ...good, serviceUrl: `https://${'a'.repeat(10_000)}` },
          },
          {
            id: conversationId,
            tenantId: 't',
            reference: { ...good, conversation: { id: 'c'.repeat(600) } },
          },
          { id: `${conversationId}${'c'.repeat(600)}`, tenantId: 't', reference: good },
          { id: conversationId, tenantId: 't'.repeat(100), reference: good },
        ];
        for (const conversation of forged)
          await expect(
            a.conversations.saveConversation({ ...conversation, at: at(2) }),
          ).rejects.toMatchObject({
            name: 'StoreError',
            reason: 'invalid',
          });
        expect(await a.conversations.getConversation(conversationId)).toMatchObject({
          tenantId: 't',
          reference: good,
          updatedAt: at(1),
        });
      });

      it('migration 3 cuts stored references down to their address and drops absurd ones', async () => {
        const [old, huge] = [id('conv-old'), id('conv-huge')];
        const oldReference = {
          user: { id: '29:1alex', name: 'Alex Wilber' },
          bot: { id: '28:bot', name: 'msa-warden' },
          conversation: { id: old, conversationType: 'channel', tenantId: 't-1', name: 'Ops' },
          channelId: 'msteams',
          serviceUrl: 'https://smba.example/',
        };
        for (const [rowId, reference] of [
          [old, JSON.stringify(oldReference)],
          [huge, JSON.stringify({ ...oldReference, user: { name: 'y'.repeat(50_000) } })],
        ] as const) {
          await raw(
            `INSERT INTO conversations (id, tenant_id, reference, subscribed_to_digest, digest_cron, digest_time_zone,
               active, created_at, updated_at) VALUES ($1, 't-1', $2, 1, '0 8 * * *', 'UTC', 1, 0, 0)`,
            [rowId, reference],
          );
        }
        const migration = MIGRATIONS.find((m) => m.version === 3)!;
        for (const statement of [...migration.statements, ...(migration[dialect] ?? [])])
          await raw(statement);

        const migrated = await a.conversations.getConversation(old);
        expect(migrated).toMatchObject({
          subscribedToDigest: true,
          reference: {
            serviceUrl: 'https://smba.example/',
            channelId: 'msteams',
            conversation: { id: old, conversationType: 'channel', tenantId: 't-1' },
            bot: { id: '28:bot' },
          },
        });
        const [row] = await raw('SELECT reference FROM conversations WHERE id = $1', [old]);
        expect(String(row!.reference)).not.toContain('Alex');
        expect(String(row!.reference)).not.toContain('Ops');
        // the subscription stays; the next message stores an address again
        expect(await a.conversations.getConversation(huge)).toMatchObject({
          subscribedToDigest: true,
          reference: null,
        });
        const [hugeRow] = await raw('SELECT length(reference) AS size FROM conversations WHERE id = $1', [
          huge,
        ]);
        expect(Number(hugeRow!.size)).toBeLessThan(10);
        // running it again changes nothing
        for (const statement of [...migration.statements, ...(migration[dialect] ?? [])])
          await raw(statement);
        expect(await a.conversations.getConversation(old)).toEqual(migrated);
      });

      it('returns null for an unknown conversation', async () => {
        expect(await a.conversations.getConversation(id('missing'))).toBeNull();
      });
    });

    describe('approvals', () => {
      it('creates in state requested, version 1, and reads back exactly', async () => {
        const approvalId = id('appr');
        const created = await a.approvals.createApproval(
          newApproval(approvalId, { conversationId: 'conv-1', cardActivityId: 'act-1' }),
        );
        expect(created).toEqual({
          ...newApproval(approvalId, { conversationId: 'conv-1', cardActivityId: 'act-1' }),
          decisions: [],
          state: 'requested',
          version: 1,
          updatedAt: at(0),
          result: null,
        });
        expect(await b.approvals.getApproval(approvalId)).toEqual(created);
        expect(await b.approvals.getApproval(id('missing'))).toBeNull();
      });

      it('is create-only: a duplicate id is refused with reason duplicate and changes nothing', async () => {
        const approvalId = id('appr');
        const original = await a.approvals.createApproval(newApproval(approvalId));
        const attempt = b.approvals.createApproval(
          newApproval(approvalId, { requestedBy: bob, expiresAt: at(999) }),
        );
        await expect(attempt).rejects.toBeInstanceOf(StoreError);
        await expect(b.approvals.createApproval(newApproval(approvalId))).rejects.toMatchObject({
          reason: 'duplicate',
        });
        expect(await a.approvals.getApproval(approvalId)).toEqual(original);
      });

      it('transitions with the right version (version + 1) and refuses a stale version with null', async () => {
        const approvalId = id('appr');
        await a.approvals.createApproval(newApproval(approvalId));
        const approved = await a.approvals.transitionApproval(approvalId, 1, {
          updatedAt: at(1, 500),
          state: 'approved',
          decisions: [{ by: bob, at: at(1, 500), decision: 'approved' }],
        });
        expect(approved).toMatchObject({ state: 'approved', version: 2, updatedAt: at(1, 500) });
        expect(approved?.decisions).toEqual([{ by: bob, at: at(1, 500), decision: 'approved' }]);

        // A replayed click still holding version 1 loses and changes nothing.
        expect(
          await b.approvals.transitionApproval(approvalId, 1, { updatedAt: at(2), state: 'rejected' }),
        ).toBeNull();
        expect(await b.approvals.getApproval(approvalId)).toEqual(approved);
        expect(
          await b.approvals.transitionApproval(id('missing'), 1, { updatedAt: at(2), state: 'rejected' }),
        ).toBeNull();

        const executing = await b.approvals.transitionApproval(approvalId, 2, {
          updatedAt: at(3),
          state: 'executing',
        });
        const succeeded = await a.approvals.transitionApproval(approvalId, 3, {
          updatedAt: at(4, 7),
          state: 'succeeded',
          result: { before: { member: ['CN=svc_sql01'] }, after: { member: [] } },
          cardActivityId: 'act-9',
        });
        expect(executing?.version).toBe(3);
        expect(succeeded).toMatchObject({
          state: 'succeeded',
          version: 4,
          result: { before: { member: ['CN=svc_sql01'] }, after: { member: [] } },
          cardActivityId: 'act-9',
          decisions: [{ by: bob, at: at(1, 500), decision: 'approved' }],
          createdAt: at(0),
          expiresAt: at(60),
        });
      });

      it('lets exactly one of two replicas win a concurrent transition from the same version', async () => {
        for (let round = 0; round < 10; round += 1) {
          const approvalId = id('race');
          await a.approvals.createApproval(newApproval(approvalId));
          const [fromA, fromB] = await Promise.all([
            a.approvals.transitionApproval(approvalId, 1, {
              updatedAt: at(1),
              state: 'approved',
              decisions: [{ by: bob, at: at(1), decision: 'approved' }],
            }),
            b.approvals.transitionApproval(approvalId, 1, {
              updatedAt: at(1),
              state: 'rejected',
              decisions: [{ by: bob, at: at(1), decision: 'rejected' }],
            }),
          ]);
          const winners = [fromA, fromB].filter((x) => x !== null);
          expect(winners).toHaveLength(1);
          const stored = await a.approvals.getApproval(approvalId);
          expect(stored).toEqual(winners[0]);
          expect(stored?.version).toBe(2);
          expect(stored?.decisions).toHaveLength(1);
        }
      });

      it('lists by state, createdAt and expiresAt, oldest first', async () => {
        const tag = randomUUID();
        const early = `${tag}-1`;
        const later = `${tag}-2`;
        const done = `${tag}-3`;
        await a.approvals.createApproval(newApproval(early, { createdAt: at(-300), expiresAt: at(-200) }));
        await a.approvals.createApproval(newApproval(later, { createdAt: at(-100), expiresAt: at(500) }));
        await a.approvals.createApproval(newApproval(done, { createdAt: at(-250), expiresAt: at(500) }));
        await a.approvals.transitionApproval(done, 1, { updatedAt: at(0), state: 'cancelled' });
        const ours = (list: { id: string }[]): string[] =>
          list.map((x) => x.id).filter((x) => x.startsWith(tag));

        expect(ours(await b.approvals.listApprovals())).toEqual([early, done, later]);
        expect(ours(await b.approvals.listApprovals({ states: ['requested'] }))).toEqual([early, later]);
        expect(ours(await b.approvals.listApprovals({ states: ['cancelled', 'expired'] }))).toEqual([done]);
        expect(ours(await b.approvals.listApprovals({ states: ['requested'], olderThan: at(-200) }))).toEqual(
          [early],
        );
        expect(
          ours(await b.approvals.listApprovals({ states: ['requested'], expiresBefore: at(0) })),
        ).toEqual([early]);
        expect(await b.approvals.listApprovals({ states: [] })).toEqual([]);
      });
    });

    describe('approval posts', () => {
      it('keeps one approvals channel: the last registration wins, and clearing returns it', async () => {
        const first = {
          conversationId: id('19:channel'),
          tenantId: 'tenant-1',
          registeredBy: alice,
          registeredAt: at(1, 1),
        };
        const second = {
          conversationId: id('19:channel'),
          tenantId: null,
          registeredBy: bob,
          registeredAt: at(2, 2),
        };
        await a.approvalPosts.clearApprovalsChannel();
        expect(await b.approvalPosts.getApprovalsChannel()).toBeNull();
        expect(await a.approvalPosts.setApprovalsChannel(first)).toBeNull();
        expect(await b.approvalPosts.getApprovalsChannel()).toEqual(first);
        expect(await b.approvalPosts.setApprovalsChannel(second)).toEqual(first);
        expect(await a.approvalPosts.getApprovalsChannel()).toEqual(second);
        expect(await a.approvalPosts.clearApprovalsChannel()).toEqual(second);
        expect(await b.approvalPosts.getApprovalsChannel()).toBeNull();
        expect(await b.approvalPosts.clearApprovalsChannel()).toBeNull();
      });

      it('keeps every copy of an approval card once, oldest first, apart per approval', async () => {
        const approvalId = id('appr');
        const asked = { approvalId, conversationId: 'a:1personal', activityId: 'act-1', postedAt: at(0, 5) };
        const channel = { approvalId, conversationId: '19:approvals', activityId: 'act-2', postedAt: at(1) };
        await a.approvalPosts.addApprovalCard(channel);
        await b.approvalPosts.addApprovalCard(asked);
        // a replayed post records nothing twice
        await Promise.all([a.approvalPosts.addApprovalCard(asked), b.approvalPosts.addApprovalCard(asked)]);
        expect(await a.approvalPosts.listApprovalCards(approvalId)).toEqual([asked, channel]);
        expect(await b.approvalPosts.listApprovalCards(id('other'))).toEqual([]);
      });
    });

    describe('audit trail', () => {
      it('appends links whose prevHash names the previous hash and whose hash is recomputable', async () => {
        const first = await a.auditTrail.appendAudit(auditEntry(1));
        const second = await b.auditTrail.appendAudit(auditEntry(2, 'aad-bob'));
        expect(second.seq).toBe(first.seq + 1);
        expect(second.prevHash).toBe(first.hash);
        expect(second.hash).toBe(computeAuditHash(first.hash, second.seq, auditEntry(2, 'aad-bob'), KEY));
        // keyed: the plain SHA-256 of the same link is not its hash
        expect(second.hash).not.toBe(computeAuditHash(first.hash, second.seq, auditEntry(2, 'aad-bob')));
        expect(second).toMatchObject({ ...auditEntry(2, 'aad-bob'), seq: first.seq + 1 });
        const [readBack] = await a.auditTrail.listAudit({ afterSeq: first.seq, limit: 1 });
        expect(readBack).toEqual(second);
        const chain = await wholeChain(a.auditTrail);
        expect(chain[0]?.seq).toBe(1);
        expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
      });

      it('refuses details holding secrets and appends nothing; redacted details are accepted', async () => {
        const [head] = await a.auditTrail.listAudit({ order: 'desc', limit: 1 });
        const withSecret = { ...auditEntry(3), details: { target: 'svc', bindPassword: 'hunter2' } };
        await expect(a.auditTrail.appendAudit(withSecret)).rejects.toMatchObject({
          reason: 'secret-in-audit',
        });
        await expect(
          a.auditTrail.appendAudit({ ...auditEntry(3), details: { nested: [{ accessToken: 'x' }] } }),
        ).rejects.toBeInstanceOf(StoreError);
        const [headAfter] = await a.auditTrail.listAudit({ order: 'desc', limit: 1 });
        expect(headAfter?.seq).toBe(head?.seq);

        const stored = await a.auditTrail.appendAudit({
          ...withSecret,
          details: redactSecrets(withSecret.details),
        });
        expect(stored.details).toEqual({ target: 'svc', bindPassword: '[redacted]' });
      });

      it('keeps one unbroken chain under 2 x 50 concurrent appends from two replicas', async () => {
        const [head] = await a.auditTrail.listAudit({ order: 'desc', limit: 1 });
        const start = head?.seq ?? 0;
        const fromA = Array.from({ length: 50 }, (_, i) =>
          a.auditTrail.appendAudit(auditEntry(100 + i, 'replica-a')),
        );
        const fromB = Array.from({ length: 50 }, (_, i) =>
          b.auditTrail.appendAudit(auditEntry(200 + i, 'replica-b')),
        );
        const appended = await Promise.all([...fromA, ...fromB]);

        expect(new Set(appended.map((e) => e.seq)).size).toBe(100);
        const added = await b.auditTrail.listAudit({ afterSeq: start, limit: 1000 });
        expect(added.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => start + 1 + i));
        expect(added.filter((e) => e.actor.id === 'replica-a')).toHaveLength(50);
        expect(verifyAuditChain(await wholeChain(a.auditTrail), undefined, KEY)).toMatchObject({
          ok: true,
          lastSeq: start + 100,
        });
      });

      it('pages by afterSeq/beforeSeq/limit and lists newest first on request', async () => {
        const chain = await wholeChain(a.auditTrail);
        expect(chain.length).toBeGreaterThan(5);
        const page = await a.auditTrail.listAudit({ afterSeq: 2, beforeSeq: 6 });
        expect(page.map((e) => e.seq)).toEqual([3, 4, 5]);
        const newest = await b.auditTrail.listAudit({ order: 'desc', limit: 2 });
        expect(newest.map((e) => e.seq)).toEqual([chain.length, chain.length - 1]);
        expect(await a.auditTrail.listAudit({ limit: 3 })).toEqual(chain.slice(0, 3));
      });

      it('detects an edited row, and an edited row whose hash was recomputed, then verifies again once restored', async () => {
        const target = await a.auditTrail.appendAudit(auditEntry(7));
        await a.auditTrail.appendAudit(auditEntry(8));
        const [original] = await raw('SELECT details, hash FROM audit_trail WHERE seq = $1', [target.seq]);
        expect(verifyAuditChain(await wholeChain(a.auditTrail), undefined, KEY).ok).toBe(true);

        await raw('UPDATE audit_trail SET details = $1 WHERE seq = $2', [
          '{"n":7,"after":"nothing to see"}',
          target.seq,
        ]);
        expect(verifyAuditChain(await wholeChain(b.auditTrail), undefined, KEY)).toEqual({
          ok: false,
          seq: target.seq,
          index: target.seq - 1,
          reason: 'hash-mismatch',
        });

        const forged = computeAuditHash(
          target.prevHash,
          target.seq,
          { ...target, details: { n: 7, after: 'nothing to see' } },
          KEY,
        );
        await raw('UPDATE audit_trail SET hash = $1 WHERE seq = $2', [forged, target.seq]);
        expect(verifyAuditChain(await wholeChain(b.auditTrail), undefined, KEY)).toMatchObject({
          ok: false,
          seq: target.seq + 1,
          reason: 'prev-hash-mismatch',
        });

        await raw('UPDATE audit_trail SET details = $1, hash = $2 WHERE seq = $3', [
          String(original?.details),
          String(original?.hash),
          target.seq,
        ]);
        expect(verifyAuditChain(await wholeChain(b.auditTrail), undefined, KEY).ok).toBe(true);
      });

      describe('tamper evidence: keyed chain, genesis and anchored head', () => {
        const trail = (): { trail: AnchoredAuditTrail; anchor: MemoryAuditAnchor } => {
          const anchor = new MemoryAuditAnchor();
          return { trail: new AnchoredAuditTrail(a.auditTrail, KEY, anchor), anchor };
        };
        const rows = async (fromSeq: number, toSeq: number): Promise<Record<string, unknown>[]> =>
          raw('SELECT * FROM audit_trail WHERE seq >= $1 AND seq <= $2 ORDER BY seq', [fromSeq, toSeq]);
        const restore = async (saved: Record<string, unknown>[]): Promise<void> => {
          for (const row of saved) {
            await raw('DELETE FROM audit_trail WHERE seq = $1', [Number(row.seq)]);
            await raw(
              `INSERT INTO audit_trail (seq, at, actor_id, actor_name, action, subject, details, prev_hash, hash)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
              [
                Number(row.seq),
                Number(row.at),
                String(row.actor_id),
                String(row.actor_name),
                String(row.action),
                String(row.subject),
                String(row.details),
                String(row.prev_hash),
                String(row.hash),
              ],
            );
          }
        };

        it('verifies the whole trail from genesis to the anchored head', async () => {
          const { trail: t, anchor } = trail();
          const entry = await t.appendAudit(auditEntry(20));
          expect((await anchor.read())?.seq).toBe(entry.seq);
          expect(await t.verify()).toMatchObject({ ok: true, entries: entry.seq, anchoredSeq: entry.seq });
        });

        it('catches an edited entry whose following hashes were all recomputed, plainly or under another key', async () => {
          const { trail: t } = trail();
          const target = await t.appendAudit(auditEntry(21));
          await t.appendAudit(auditEntry(22));
          await t.appendAudit(auditEntry(23));
          const saved = await rows(target.seq, target.seq + 2);
          for (const forgeKey of [undefined, Buffer.from('an attacker guessing the key')]) {
            let prevHash = target.prevHash;
            for (const [i, row] of saved.entries()) {
              const details =
                i === 0 ? { n: 21, after: 'nothing to see' } : (JSON.parse(String(row.details)) as unknown);
              const entry = {
                at: new Date(Number(row.at)),
                actor: { id: String(row.actor_id), name: String(row.actor_name) },
                action: String(row.action),
                subject: String(row.subject),
                details: details as Record<string, unknown>,
              };
              const hash = computeAuditHash(prevHash, Number(row.seq), entry, forgeKey);
              await raw('UPDATE audit_trail SET details = $1, prev_hash = $2, hash = $3 WHERE seq = $4', [
                JSON.stringify(details),
                prevHash,
                hash,
                Number(row.seq),
              ]);
              prevHash = hash;
            }
            await raw('UPDATE audit_head SET hash = $1 WHERE id = 1', [prevHash]);
            expect(await t.verify()).toMatchObject({ ok: false, seq: target.seq, reason: 'hash-mismatch' });
          }
          await restore(saved);
          await raw('UPDATE audit_head SET hash = $1 WHERE id = 1', [String(saved.at(-1)?.hash)]);
          expect(await t.verify()).toMatchObject({ ok: true });
        });

        it('catches deleting the oldest entry (no genesis)', async () => {
          const { trail: t } = trail();
          await t.appendAudit(auditEntry(24));
          const saved = await rows(1, 1);
          await raw('DELETE FROM audit_trail WHERE seq = 1');
          expect(await t.verify()).toMatchObject({ ok: false, seq: 2, reason: 'genesis-missing' });
          await restore(saved);
          expect(await t.verify()).toMatchObject({ ok: true });
        });

        it('catches deleting the newest entries (below the anchored head)', async () => {
          const { trail: t } = trail();
          const first = await t.appendAudit(auditEntry(25));
          const last = await t.appendAudit(auditEntry(26));
          const saved = await rows(first.seq, last.seq);
          await raw('DELETE FROM audit_trail WHERE seq >= $1', [first.seq]);
          // the database alone looks like an intact, shorter chain
          expect(verifyAuditChain(await wholeChain(b.auditTrail), undefined, KEY).ok).toBe(true);
          expect(await t.verify()).toMatchObject({ ok: false, seq: first.seq, reason: 'truncated' });
          expect(await verifyAuditTrail(b.auditTrail, KEY, null)).toMatchObject({ ok: true });
          await restore(saved);
          expect(await t.verify()).toMatchObject({ ok: true, anchoredSeq: last.seq });
        });

        it('hashes a __proto__ member, so editing inside it is caught', async () => {
          const { trail: t } = trail();
          const details = JSON.parse('{"__proto__":{"role":"reader"},"n":27}') as Record<string, unknown>;
          const entry = await t.appendAudit({ ...auditEntry(27), details });
          const [stored] = await raw('SELECT details FROM audit_trail WHERE seq = $1', [entry.seq]);
          expect(String(stored?.details)).toBe('{"__proto__":{"role":"reader"},"n":27}');
          expect(await t.verify()).toMatchObject({ ok: true });
          await raw('UPDATE audit_trail SET details = $1 WHERE seq = $2', [
            '{"__proto__":{"role":"approver"},"n":27}',
            entry.seq,
          ]);
          expect(await t.verify()).toMatchObject({ ok: false, seq: entry.seq, reason: 'hash-mismatch' });
          await raw('UPDATE audit_trail SET details = $1 WHERE seq = $2', [
            String(stored?.details),
            entry.seq,
          ]);
          expect(await t.verify()).toMatchObject({ ok: true });
        });

        it('keeps a SIEM cursor per sink that only moves forward', async () => {
          const sink = id('sink');
          expect(await a.auditSinkCursors.auditSinkCursor(sink)).toBe(0);
          await a.auditSinkCursors.saveAuditSinkCursor(sink, 5, at(1));
          await b.auditSinkCursors.saveAuditSinkCursor(sink, 3, at(2));
          expect(await b.auditSinkCursors.auditSinkCursor(sink)).toBe(5);
          await b.auditSinkCursors.saveAuditSinkCursor(sink, 9, at(3));
          expect(await a.auditSinkCursors.auditSinkCursor(sink)).toBe(9);
        });
      });
    });

    describe('digest', () => {
      it('gives a slot to exactly one of two replicas claiming it at once', async () => {
        const conversationId = id('digest');
        for (let day = 1; day <= 10; day += 1) {
          const slot = `2025-03-${String(day).padStart(2, '0')}T07:00:00.000Z`;
          const results = await Promise.all([
            a.digests.claimDigestSlot(conversationId, slot, at(day)),
            b.digests.claimDigestSlot(conversationId, slot, at(day)),
          ]);
          expect(results.filter(Boolean)).toHaveLength(1);
        }
      });

      it('treats the same instant in another offset as the same slot, and other conversations apart', async () => {
        const conversationId = id('digest');
        expect(await a.digests.claimDigestSlot(conversationId, '2025-03-03T08:00:00+01:00', at(0))).toBe(
          true,
        );
        expect(await b.digests.claimDigestSlot(conversationId, '2025-03-03T07:00:00.000Z', at(1))).toBe(
          false,
        );
        expect(await b.digests.claimDigestSlot(id('digest-other'), '2025-03-03T07:00:00.000Z', at(1))).toBe(
          true,
        );
        await expect(a.digests.claimDigestSlot(conversationId, 'not a date')).rejects.toMatchObject({
          reason: 'invalid',
        });
      });

      it('reports the latest slot by schedule, not by claim order', async () => {
        const conversationId = id('digest');
        expect(await a.digests.lastDigest(conversationId)).toBeNull();
        await a.digests.claimDigestSlot(conversationId, '2025-03-05T07:00:00.000Z', at(10, 5));
        await b.digests.claimDigestSlot(conversationId, '2025-03-04T07:00:00.000Z', at(20));
        expect(await b.digests.lastDigest(conversationId)).toEqual({
          conversationId,
          slotIso: '2025-03-05T07:00:00.000Z',
          slotAt: new Date('2025-03-05T07:00:00.000Z'),
          claimedAt: at(10, 5),
        });
      });

      it('keeps the last finding snapshot per scope, keys deduplicated and sorted', async () => {
        const scope = id('scope');
        expect(await a.digests.lastFindingSnapshot(scope)).toBeNull();
        await a.digests.saveFindingSnapshot(scope, at(1, 1), [
          'weak-encryption:S-1-5-21-9:',
          'orphaned:S-1-5-21-7:',
          'orphaned:S-1-5-21-7:',
        ]);
        expect(await b.digests.lastFindingSnapshot(scope)).toEqual({
          scope,
          at: at(1, 1),
          keys: ['orphaned:S-1-5-21-7:', 'weak-encryption:S-1-5-21-9:'],
        });
        await b.digests.saveFindingSnapshot(scope, at(2, 2), []);
        expect(await a.digests.lastFindingSnapshot(scope)).toEqual({ scope, at: at(2, 2), keys: [] });
        expect(await a.digests.lastFindingSnapshot(id('other-scope'))).toBeNull();
      });
    });

    describe('values', () => {
      it('round-trips dates to the millisecond, including before 1970 and far ahead', async () => {
        const approvalId = id('dates');
        const created = new Date('1969-12-31T23:59:59.999Z');
        const expires = new Date('2999-01-02T03:04:05.678Z');
        await a.approvals.createApproval(newApproval(approvalId, { createdAt: created, expiresAt: expires }));
        const read = await b.approvals.getApproval(approvalId);
        expect(read?.createdAt.getTime()).toBe(created.getTime());
        expect(read?.expiresAt.getTime()).toBe(expires.getTime());
        expect(read?.createdAt).toBeInstanceOf(Date);

        const entry = await a.auditTrail.appendAudit({
          ...auditEntry(1),
          at: new Date('2025-12-31T23:59:59.001Z'),
        });
        const [readEntry] = await b.auditTrail.listAudit({ afterSeq: entry.seq - 1, limit: 1 });
        expect(readEntry?.at.toISOString()).toBe('2025-12-31T23:59:59.001Z');
      });

      it('refuses an invalid Date with reason invalid', async () => {
        await expect(
          a.approvals.createApproval(newApproval(id('bad'), { createdAt: new Date('nope') })),
        ).rejects.toMatchObject({
          reason: 'invalid',
        });
      });

      it('refuses rows of the wrong shape with reason failed instead of casting them', async () => {
        const approvalId = id('shape');
        await a.approvals.createApproval(newApproval(approvalId));
        await raw("UPDATE approvals SET state = 'lost' WHERE id = $1", [approvalId]);
        await expect(b.approvals.getApproval(approvalId)).rejects.toMatchObject({ reason: 'failed' });
        await raw("UPDATE approvals SET state = 'requested', decisions = '[{\"by\":1}]' WHERE id = $1", [
          approvalId,
        ]);
        await expect(b.approvals.getApproval(approvalId)).rejects.toMatchObject({ reason: 'failed' });
        await raw("UPDATE approvals SET decisions = 'not json' WHERE id = $1", [approvalId]);
        await expect(b.approvals.getApproval(approvalId)).rejects.toMatchObject({ reason: 'failed' });
        await raw("UPDATE approvals SET decisions = '[]' WHERE id = $1", [approvalId]);
        expect(await b.approvals.getApproval(approvalId)).toMatchObject({ id: approvalId, decisions: [] });

        const scope = id('shape-scope');
        await a.digests.saveFindingSnapshot(scope, at(1), ['k']);
        await raw('UPDATE finding_snapshots SET finding_keys = $1 WHERE scope = $2', ['{"k":1}', scope]);
        await expect(b.digests.lastFindingSnapshot(scope)).rejects.toMatchObject({ reason: 'failed' });
      });

      it('rejects calls after close with reason closed', async () => {
        const store = await open();
        await store.close();
        await store.close(); // idempotent
        await expect(store.approvals.getApproval('x')).rejects.toMatchObject({ reason: 'closed' });
        await expect(store.auditTrail.appendAudit(auditEntry(1))).rejects.toMatchObject({ reason: 'closed' });
      });
    });
  });
}
