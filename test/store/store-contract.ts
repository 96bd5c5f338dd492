import { randomUUID } from 'node:crypto';
import type { AuditEntryInput, StoredAuditEntry } from '../../src/audit-trail/audit-entry';
import { GENESIS_HASH } from '../../src/audit-trail/audit-entry';
import { computeAuditHash } from '../../src/audit-trail/audit-hash';
import { redactSecrets } from '../../src/audit-trail/secret-keys';
import { verifyAuditChain } from '../../src/audit-trail/verify-audit-chain';
import { MIGRATIONS } from '../../src/store/migrations';
import type { NewApproval, Person, Store } from '../../src/store/store';
import { StoreError } from '../../src/store/store-error';

/** Raw SQL on the same database, outside any Store (to tamper with rows); `$1` placeholders. */
export type RawQuery = (
  sql: string,
  params?: (string | number | null)[],
) => Promise<Record<string, unknown>[]>;

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

async function wholeChain(store: Store): Promise<StoredAuditEntry[]> {
  const all: StoredAuditEntry[] = [];
  for (;;) {
    const page = await store.listAudit({ afterSeq: all.at(-1)?.seq ?? 0, limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

/**
 * The behaviour every Store adapter must show. `open` returns a NEW Store instance on the SAME
 * database each call (two instances stand for two bot replicas); `cleanup` removes the database.
 */
export function storeContract(
  name: string,
  open: () => Promise<Store>,
  cleanup: () => Promise<void>,
  raw: RawQuery,
): void {
  describe(`Store contract: ${name}`, () => {
    let a: Store;
    let b: Store;
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
        const first = await a.saveConversation({
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
        const second = await b.saveConversation({
          id: conversationId,
          tenantId: 'tenant-1',
          reference: { conversation: { id: conversationId }, serviceUrl: 'https://smba2.example/' },
          at: at(5, 2),
        });
        expect(second.createdAt).toEqual(at(0, 1));
        expect(second.updatedAt).toEqual(at(5, 2));
        expect(await a.getConversation(conversationId)).toEqual(second);
        expect(second.reference).toEqual({
          conversation: { id: conversationId },
          serviceUrl: 'https://smba2.example/',
        });
      });

      it('keeps the digest subscription when a reference is refreshed without digest fields', async () => {
        const conversationId = id('conv');
        await a.saveConversation({
          id: conversationId,
          tenantId: null,
          reference: { n: 1 },
          at: at(1),
          subscribedToDigest: true,
          digestCron: '0 8 * * 1-5',
          digestTimeZone: 'Europe/Berlin',
        });
        const refreshed = await a.saveConversation({
          id: conversationId,
          tenantId: null,
          reference: { n: 2 },
          at: at(2),
        });
        expect(refreshed).toMatchObject({
          subscribedToDigest: true,
          digestCron: '0 8 * * 1-5',
          digestTimeZone: 'Europe/Berlin',
          reference: { n: 2 },
        });
        const unsubscribed = await a.saveConversation({
          id: conversationId,
          tenantId: null,
          reference: { n: 2 },
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
        await a.saveConversation({ id: plain, tenantId: 't', reference: {}, at: at(1) });
        await a.saveConversation({
          id: subscribed,
          tenantId: 't',
          reference: {},
          at: at(1),
          subscribedToDigest: true,
          digestCron: '30 7 * * *',
          digestTimeZone: 'America/New_York',
        });
        await a.saveConversation({
          id: gone,
          tenantId: 't',
          reference: {},
          at: at(1),
          subscribedToDigest: true,
          digestCron: '30 7 * * *',
          digestTimeZone: 'UTC',
        });
        await b.markConversationInactive(gone, 'bot removed (403)', at(9, 9));

        const ours = (list: { id: string }[]): string[] =>
          list
            .map((c) => c.id)
            .filter((c) => [plain, subscribed, gone].includes(c))
            .sort();
        expect(ours(await a.listActiveConversations())).toEqual([plain, subscribed].sort());
        expect(ours(await a.listActiveConversations('digest'))).toEqual([subscribed]);
        expect(await a.getConversation(gone)).toMatchObject({
          active: false,
          inactiveReason: 'bot removed (403)',
          inactiveAt: at(9, 9),
          subscribedToDigest: true,
        });

        // The bot was added back: saving the reference makes it active again.
        const back = await a.saveConversation({ id: gone, tenantId: 't', reference: {}, at: at(20) });
        expect(back).toMatchObject({ active: true, inactiveReason: null, inactiveAt: null });
        expect(ours(await b.listActiveConversations('digest'))).toEqual([gone, subscribed].sort());
      });

      it('returns null for an unknown conversation', async () => {
        expect(await a.getConversation(id('missing'))).toBeNull();
      });
    });

    describe('approvals', () => {
      it('creates in state requested, version 1, and reads back exactly', async () => {
        const approvalId = id('appr');
        const created = await a.createApproval(
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
        expect(await b.getApproval(approvalId)).toEqual(created);
        expect(await b.getApproval(id('missing'))).toBeNull();
      });

      it('is create-only: a duplicate id is refused with reason duplicate and changes nothing', async () => {
        const approvalId = id('appr');
        const original = await a.createApproval(newApproval(approvalId));
        const attempt = b.createApproval(newApproval(approvalId, { requestedBy: bob, expiresAt: at(999) }));
        await expect(attempt).rejects.toBeInstanceOf(StoreError);
        await expect(b.createApproval(newApproval(approvalId))).rejects.toMatchObject({
          reason: 'duplicate',
        });
        expect(await a.getApproval(approvalId)).toEqual(original);
      });

      it('transitions with the right version (version + 1) and refuses a stale version with null', async () => {
        const approvalId = id('appr');
        await a.createApproval(newApproval(approvalId));
        const approved = await a.transitionApproval(approvalId, 1, {
          updatedAt: at(1, 500),
          state: 'approved',
          decisions: [{ by: bob, at: at(1, 500), decision: 'approved' }],
        });
        expect(approved).toMatchObject({ state: 'approved', version: 2, updatedAt: at(1, 500) });
        expect(approved?.decisions).toEqual([{ by: bob, at: at(1, 500), decision: 'approved' }]);

        // A replayed click still holding version 1 loses and changes nothing.
        expect(await b.transitionApproval(approvalId, 1, { updatedAt: at(2), state: 'rejected' })).toBeNull();
        expect(await b.getApproval(approvalId)).toEqual(approved);
        expect(
          await b.transitionApproval(id('missing'), 1, { updatedAt: at(2), state: 'rejected' }),
        ).toBeNull();

        const executing = await b.transitionApproval(approvalId, 2, { updatedAt: at(3), state: 'executing' });
        const succeeded = await a.transitionApproval(approvalId, 3, {
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
          await a.createApproval(newApproval(approvalId));
          const [fromA, fromB] = await Promise.all([
            a.transitionApproval(approvalId, 1, {
              updatedAt: at(1),
              state: 'approved',
              decisions: [{ by: bob, at: at(1), decision: 'approved' }],
            }),
            b.transitionApproval(approvalId, 1, {
              updatedAt: at(1),
              state: 'rejected',
              decisions: [{ by: bob, at: at(1), decision: 'rejected' }],
            }),
          ]);
          const winners = [fromA, fromB].filter((x) => x !== null);
          expect(winners).toHaveLength(1);
          const stored = await a.getApproval(approvalId);
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
        await a.createApproval(newApproval(early, { createdAt: at(-300), expiresAt: at(-200) }));
        await a.createApproval(newApproval(later, { createdAt: at(-100), expiresAt: at(500) }));
        await a.createApproval(newApproval(done, { createdAt: at(-250), expiresAt: at(500) }));
        await a.transitionApproval(done, 1, { updatedAt: at(0), state: 'cancelled' });
        const ours = (list: { id: string }[]): string[] =>
          list.map((x) => x.id).filter((x) => x.startsWith(tag));

        expect(ours(await b.listApprovals())).toEqual([early, done, later]);
        expect(ours(await b.listApprovals({ states: ['requested'] }))).toEqual([early, later]);
        expect(ours(await b.listApprovals({ states: ['cancelled', 'expired'] }))).toEqual([done]);
        expect(ours(await b.listApprovals({ states: ['requested'], olderThan: at(-200) }))).toEqual([early]);
        expect(ours(await b.listApprovals({ states: ['requested'], expiresBefore: at(0) }))).toEqual([early]);
        expect(await b.listApprovals({ states: [] })).toEqual([]);
      });
    });

    describe('audit trail', () => {
      it('appends links whose prevHash names the previous hash and whose hash is recomputable', async () => {
        const first = await a.appendAudit(auditEntry(1));
        const second = await b.appendAudit(auditEntry(2, 'aad-bob'));
        expect(second.seq).toBe(first.seq + 1);
        expect(second.prevHash).toBe(first.hash);
        expect(second.hash).toBe(computeAuditHash(first.hash, second.seq, auditEntry(2, 'aad-bob')));
        expect(second).toMatchObject({ ...auditEntry(2, 'aad-bob'), seq: first.seq + 1 });
        const [readBack] = await a.listAudit({ afterSeq: first.seq, limit: 1 });
        expect(readBack).toEqual(second);
        const chain = await wholeChain(a);
        expect(chain[0]?.seq).toBe(1);
        expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
      });

      it('refuses details holding secrets and appends nothing; redacted details are accepted', async () => {
        const [head] = await a.listAudit({ order: 'desc', limit: 1 });
        const withSecret = { ...auditEntry(3), details: { target: 'svc', bindPassword: 'hunter2' } };
        await expect(a.appendAudit(withSecret)).rejects.toMatchObject({ reason: 'secret-in-audit' });
        await expect(
          a.appendAudit({ ...auditEntry(3), details: { nested: [{ accessToken: 'x' }] } }),
        ).rejects.toBeInstanceOf(StoreError);
        const [headAfter] = await a.listAudit({ order: 'desc', limit: 1 });
        expect(headAfter?.seq).toBe(head?.seq);

        const stored = await a.appendAudit({ ...withSecret, details: redactSecrets(withSecret.details) });
        expect(stored.details).toEqual({ target: 'svc', bindPassword: '[redacted]' });
      });

      it('keeps one unbroken chain under 2 x 50 concurrent appends from two replicas', async () => {
        const [head] = await a.listAudit({ order: 'desc', limit: 1 });
        const start = head?.seq ?? 0;
        const fromA = Array.from({ length: 50 }, (_, i) => a.appendAudit(auditEntry(100 + i, 'replica-a')));
        const fromB = Array.from({ length: 50 }, (_, i) => b.appendAudit(auditEntry(200 + i, 'replica-b')));
        const appended = await Promise.all([...fromA, ...fromB]);

        expect(new Set(appended.map((e) => e.seq)).size).toBe(100);
        const added = await b.listAudit({ afterSeq: start, limit: 1000 });
        expect(added.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => start + 1 + i));
        expect(added.filter((e) => e.actor.id === 'replica-a')).toHaveLength(50);
        expect(verifyAuditChain(await wholeChain(a))).toMatchObject({ ok: true, lastSeq: start + 100 });
      });

      it('pages by afterSeq/beforeSeq/limit and lists newest first on request', async () => {
        const chain = await wholeChain(a);
        expect(chain.length).toBeGreaterThan(5);
        const page = await a.listAudit({ afterSeq: 2, beforeSeq: 6 });
        expect(page.map((e) => e.seq)).toEqual([3, 4, 5]);
        const newest = await b.listAudit({ order: 'desc', limit: 2 });
        expect(newest.map((e) => e.seq)).toEqual([chain.length, chain.length - 1]);
        expect(await a.listAudit({ limit: 3 })).toEqual(chain.slice(0, 3));
      });

      it('detects an edited row, and an edited row whose hash was recomputed, then verifies again once restored', async () => {
        const target = await a.appendAudit(auditEntry(7));
        await a.appendAudit(auditEntry(8));
        const [original] = await raw('SELECT details, hash FROM audit_trail WHERE seq = $1', [target.seq]);
        expect(verifyAuditChain(await wholeChain(a)).ok).toBe(true);

        await raw('UPDATE audit_trail SET details = $1 WHERE seq = $2', [
          '{"n":7,"after":"nothing to see"}',
          target.seq,
        ]);
        expect(verifyAuditChain(await wholeChain(b))).toEqual({
          ok: false,
          seq: target.seq,
          index: target.seq - 1,
          reason: 'hash-mismatch',
        });

        const forged = computeAuditHash(target.prevHash, target.seq, {
          ...target,
          details: { n: 7, after: 'nothing to see' },
        });
        await raw('UPDATE audit_trail SET hash = $1 WHERE seq = $2', [forged, target.seq]);
        expect(verifyAuditChain(await wholeChain(b))).toMatchObject({
          ok: false,
          seq: target.seq + 1,
          reason: 'prev-hash-mismatch',
        });

        await raw('UPDATE audit_trail SET details = $1, hash = $2 WHERE seq = $3', [
          String(original?.details),
          String(original?.hash),
          target.seq,
        ]);
        expect(verifyAuditChain(await wholeChain(b)).ok).toBe(true);
      });
    });

    describe('digest', () => {
      it('gives a slot to exactly one of two replicas claiming it at once', async () => {
        const conversationId = id('digest');
        for (let day = 1; day <= 10; day += 1) {
          const slot = `2025-03-${String(day).padStart(2, '0')}T07:00:00.000Z`;
          const results = await Promise.all([
            a.claimDigestSlot(conversationId, slot, at(day)),
            b.claimDigestSlot(conversationId, slot, at(day)),
          ]);
          expect(results.filter(Boolean)).toHaveLength(1);
        }
      });

      it('treats the same instant in another offset as the same slot, and other conversations apart', async () => {
        const conversationId = id('digest');
        expect(await a.claimDigestSlot(conversationId, '2025-03-03T08:00:00+01:00', at(0))).toBe(true);
        expect(await b.claimDigestSlot(conversationId, '2025-03-03T07:00:00.000Z', at(1))).toBe(false);
        expect(await b.claimDigestSlot(id('digest-other'), '2025-03-03T07:00:00.000Z', at(1))).toBe(true);
        await expect(a.claimDigestSlot(conversationId, 'not a date')).rejects.toMatchObject({
          reason: 'invalid',
        });
      });

      it('reports the latest slot by schedule, not by claim order', async () => {
        const conversationId = id('digest');
        expect(await a.lastDigest(conversationId)).toBeNull();
        await a.claimDigestSlot(conversationId, '2025-03-05T07:00:00.000Z', at(10, 5));
        await b.claimDigestSlot(conversationId, '2025-03-04T07:00:00.000Z', at(20));
        expect(await b.lastDigest(conversationId)).toEqual({
          conversationId,
          slotIso: '2025-03-05T07:00:00.000Z',
          slotAt: new Date('2025-03-05T07:00:00.000Z'),
          claimedAt: at(10, 5),
        });
      });

      it('keeps the last finding snapshot per scope, keys deduplicated and sorted', async () => {
        const scope = id('scope');
        expect(await a.lastFindingSnapshot(scope)).toBeNull();
        await a.saveFindingSnapshot(scope, at(1, 1), [
          'weak-encryption:S-1-5-21-9:',
          'orphaned:S-1-5-21-7:',
          'orphaned:S-1-5-21-7:',
        ]);
        expect(await b.lastFindingSnapshot(scope)).toEqual({
          scope,
          at: at(1, 1),
          keys: ['orphaned:S-1-5-21-7:', 'weak-encryption:S-1-5-21-9:'],
        });
        await b.saveFindingSnapshot(scope, at(2, 2), []);
        expect(await a.lastFindingSnapshot(scope)).toEqual({ scope, at: at(2, 2), keys: [] });
        expect(await a.lastFindingSnapshot(id('other-scope'))).toBeNull();
      });
    });

    describe('values', () => {
      it('round-trips dates to the millisecond, including before 1970 and far ahead', async () => {
        const approvalId = id('dates');
        const created = new Date('1969-12-31T23:59:59.999Z');
        const expires = new Date('2999-01-02T03:04:05.678Z');
        await a.createApproval(newApproval(approvalId, { createdAt: created, expiresAt: expires }));
        const read = await b.getApproval(approvalId);
        expect(read?.createdAt.getTime()).toBe(created.getTime());
        expect(read?.expiresAt.getTime()).toBe(expires.getTime());
        expect(read?.createdAt).toBeInstanceOf(Date);

        const entry = await a.appendAudit({ ...auditEntry(1), at: new Date('2025-12-31T23:59:59.001Z') });
        const [readEntry] = await b.listAudit({ afterSeq: entry.seq - 1, limit: 1 });
        expect(readEntry?.at.toISOString()).toBe('2025-12-31T23:59:59.001Z');
      });

      it('refuses an invalid Date with reason invalid', async () => {
        await expect(
          a.createApproval(newApproval(id('bad'), { createdAt: new Date('nope') })),
        ).rejects.toMatchObject({
          reason: 'invalid',
        });
      });

      it('rejects calls after close with reason closed', async () => {
        const store = await open();
        await store.close();
        await store.close(); // idempotent
        await expect(store.getApproval('x')).rejects.toMatchObject({ reason: 'closed' });
        await expect(store.appendAudit(auditEntry(1))).rejects.toMatchObject({ reason: 'closed' });
      });
    });
  });
}
