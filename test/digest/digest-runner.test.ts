import type { DigestAudit } from '../../src/digest/build-digest';
import { DigestRunner, type DigestRunnerOptions } from '../../src/digest/digest-runner';
import { openTestStore } from '../support/combined-store';
import type { TestStore as Store } from '../support/combined-store';
import { texts } from '../support/card-inspect';
import { auditOf, finding } from './digest-fixtures';
import { FakeSender } from './fake-sender';

const CHANNEL = '19:digest-channel@thread.tacv2';
const REFERENCE = { conversation: { id: CHANNEL }, serviceUrl: 'http://127.0.0.1:1/' };
// Monday 3 March 2025; weekdays at 08:00 Europe/Berlin = 07:00 UTC
const MONDAY_0800 = new Date('2025-03-03T07:00:00Z');
const at = (iso: string): Date => new Date(iso);

let store: Store;
let sender: FakeSender;
let audit: DigestAudit;
let sleeps: number[];

function runner(overrides: Partial<DigestRunnerOptions> = {}): DigestRunner {
  return new DigestRunner({
    store,
    sender,
    readAudit: () => Promise.resolve(audit),
    now: () => MONDAY_0800,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
}

async function subscribe(id = CHANNEL, cron = '0 8 * * 1-5', timeZone = 'Europe/Berlin'): Promise<void> {
  await store.saveConversation({
    id,
    tenantId: 't',
    reference: { ...REFERENCE, conversation: { id } },
    at: at('2025-03-01T00:00:00Z'),
    subscribedToDigest: true,
    digestCron: cron,
    digestTimeZone: timeZone,
  });
  // as `subscribe digest` does: the slot before subscribing is not owed
  await runner().startSchedule(id, cron, timeZone, at('2025-03-01T00:00:00Z'));
}

async function auditActions(): Promise<string[]> {
  return (await store.listAudit({ limit: 1000 })).map((entry) => entry.action);
}

beforeEach(async () => {
  store = await openTestStore({ kind: 'sqlite', path: ':memory:' });
  sender = new FakeSender();
  audit = auditOf([finding(1, 'privileged-membership', 'critical'), finding(2)]);
  sleeps = [];
});

afterEach(async () => {
  await store.close();
});

describe('DigestRunner.tick', () => {
  it('posts exactly once per slot, however often it ticks', async () => {
    await subscribe();
    const r = runner();
    await r.tick(at('2025-03-03T06:59:00Z'));
    expect(sender.sent).toHaveLength(0);
    for (const t of [
      '2025-03-03T07:00:00Z',
      '2025-03-03T07:00:30Z',
      '2025-03-03T07:01:00Z',
      '2025-03-03T12:00:00Z',
    ])
      await r.tick(at(t));
    expect(sender.sent).toHaveLength(1);
    await r.tick(at('2025-03-04T07:00:00Z'));
    expect(sender.sent).toHaveLength(2);
  });

  it('two runners on one store, ticking the same slot together: one post', async () => {
    await subscribe();
    const a = runner();
    const b = runner();
    const reports = await Promise.all([a.tick(MONDAY_0800), b.tick(MONDAY_0800)]);
    expect(sender.sent).toHaveLength(1);
    expect(reports.flatMap((report) => report.outcomes)).toHaveLength(1);
  });

  it('posts a slot missed while every replica was down once on start-up, not once per missed slot', async () => {
    await subscribe();
    await runner().tick(MONDAY_0800);
    // down from Monday noon to Thursday 10:00 (Europe/Berlin): Tuesday, Wednesday and Thursday 08:00 missed
    const restarted = runner();
    const report = await restarted.tick(at('2025-03-06T09:00:00Z'));
    expect(report.outcomes.map((o) => o.slotIso)).toEqual(['2025-03-06T07:00:00.000Z']);
    await restarted.tick(at('2025-03-06T09:01:00Z'));
    expect(sender.sent).toHaveLength(2);
  });

  it('a new subscription starts with the next slot, not the one it just missed', async () => {
    await subscribe();
    const r = runner();
    await r.startSchedule(CHANNEL, '0 8 * * 1-5', 'Europe/Berlin', at('2025-03-03T09:00:00Z'));
    await r.tick(at('2025-03-03T09:01:00Z'));
    expect(sender.sent).toHaveLength(0);
    await r.tick(at('2025-03-04T07:00:00Z'));
    expect(sender.sent).toHaveLength(1);
  });

  it('a 403 from the connector marks the subscription inactive, audited, and never retries', async () => {
    await subscribe();
    sender.failNext({ status: 403 });
    const report = await runner().tick(MONDAY_0800);
    expect(report.outcomes[0]?.outcome).toEqual({ kind: 'gone', status: 403 });
    expect(sender.attempts).toBe(1);
    const stored = await store.getConversation(CHANNEL);
    expect(stored).toMatchObject({ active: false });
    expect(stored?.inactiveReason).toContain('403');
    expect(await auditActions()).toContain('digest.subscription-deactivated');
    expect(await store.listActiveConversations('digest')).toEqual([]);
    await runner().tick(at('2025-03-04T07:00:00Z'));
    expect(sender.attempts).toBe(1);
  });

  it('a 404 does the same', async () => {
    await subscribe();
    sender.failNext({ status: 404 });
    await runner().tick(MONDAY_0800);
    expect((await store.getConversation(CHANNEL))?.active).toBe(false);
  });

  it('503 twice then 200: exactly one digest, after backoff', async () => {
    await subscribe();
    sender.failNext({ status: 503 }, { status: 503 });
    const report = await runner().tick(MONDAY_0800);
    expect(report.outcomes[0]?.outcome).toMatchObject({ kind: 'posted', attempts: 3 });
    expect(sender.sent).toHaveLength(1);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('honours Retry-After on a 429, within the maximum delay', async () => {
    await subscribe();
    sender.failNext({ status: 429, retryAfterMs: 7000 }, { status: 429, retryAfterMs: 3_600_000 });
    await runner().tick(MONDAY_0800);
    expect(sleeps).toEqual([7000, 60_000]);
    expect(sender.sent).toHaveLength(1);
  });

  it('gives up after a bounded number of attempts, audited, and keeps the subscription', async () => {
    await subscribe();
    sender.failNext({ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 }, { status: 500 });
    const report = await runner().tick(MONDAY_0800);
    expect(report.outcomes[0]?.outcome).toEqual({ kind: 'failed', reason: 'transient', attempts: 4 });
    expect(sender.attempts).toBe(4);
    expect(await auditActions()).toContain('digest.failed');
    expect((await store.getConversation(CHANNEL))?.active).toBe(true);
  });

  it('audits every digest with conversation, slot and counts, and saves the snapshot after the post', async () => {
    await subscribe();
    const r = runner();
    await r.tick(MONDAY_0800);
    const [posted] = (await store.listAudit()).filter((e) => e.action === 'digest.posted');
    expect(posted).toMatchObject({
      subject: CHANNEL,
      actor: { id: 'system' },
      details: {
        slot: '2025-03-03T07:00:00.000Z',
        counts: { critical: 1, info: 1, total: 2, new: 0, resolved: 0 },
      },
    });
    expect((await store.lastFindingSnapshot(`digest:${CHANNEL}`))?.keys).toEqual(
      audit.findings.map((f) => f.key).sort(),
    );

    // the privileged membership goes away: the next digest lists it as resolved
    audit = auditOf([finding(2)]);
    await r.tick(at('2025-03-04T07:00:00Z'));
    const second = sender.sent[1]!.reply.cards[0]!;
    expect(texts(second)).toContain('Resolved (1)');
    // and the one after says nothing changed
    await r.tick(at('2025-03-05T07:00:00Z'));
    expect(texts(sender.sent[2]!.reply.cards[0]!)[0]).toBe(
      'Nothing changed since 2025-03-04 08:00 Europe/Berlin.',
    );
  });

  it('does not save the snapshot when the post failed', async () => {
    await subscribe();
    sender.failNext({ status: 400 });
    await runner().tick(MONDAY_0800);
    expect(await store.lastFindingSnapshot(`digest:${CHANNEL}`)).toBeNull();
  });

  it('runs at most one audit at a time, shared by every conversation and by digest now', async () => {
    await subscribe('19:a@thread.tacv2');
    await subscribe('19:b@thread.tacv2');
    let calls = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const r = runner({
      readAudit: async () => {
        calls++;
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        // a slow directory: several event-loop turns
        for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return audit;
      },
    });
    await Promise.all([r.tick(MONDAY_0800), r.postNow('19:a@thread.tacv2', MONDAY_0800)]);
    expect(maxInFlight).toBe(1);
    expect(sender.sent).toHaveLength(3);
    calls = 0;
    // one tick, two conversations due: one audit
    await r.tick(at('2025-03-04T07:00:00Z'));
    expect(calls).toBe(1);
    expect(sender.sent).toHaveLength(5);
  });

  it('applies the configured default subscription once the bot knows the conversation, and not after an unsubscribe', async () => {
    const r = runner({
      defaultSubscription: { conversationId: CHANNEL, cron: '0 8 * * *', timeZone: 'UTC' },
    });
    await r.tick(MONDAY_0800);
    expect(sender.sent).toHaveLength(0);
    // the bot hears from the conversation for the first time
    await store.saveConversation({ id: CHANNEL, tenantId: 't', reference: REFERENCE, at: MONDAY_0800 });
    await r.tick(at('2025-03-03T07:01:00Z'));
    expect(await store.getConversation(CHANNEL)).toMatchObject({
      subscribedToDigest: true,
      digestCron: '0 8 * * *',
    });
    expect(sender.sent).toHaveLength(0);
    await r.tick(at('2025-03-03T08:00:00Z'));
    expect(sender.sent).toHaveLength(1);
    // unsubscribed: the schedule is kept, so the default does not come back
    await store.saveConversation({
      id: CHANNEL,
      tenantId: 't',
      reference: REFERENCE,
      at: MONDAY_0800,
      subscribedToDigest: false,
      digestCron: '0 8 * * *',
      digestTimeZone: 'UTC',
    });
    await r.tick(at('2025-03-04T08:00:00Z'));
    expect(sender.sent).toHaveLength(1);
  });

  it('an audit that fails posts nothing and is audited', async () => {
    await subscribe();
    const r = runner({ readAudit: () => Promise.reject(new Error('directory down')) });
    const report = await r.tick(MONDAY_0800);
    expect(report.outcomes[0]?.outcome).toMatchObject({ kind: 'failed', reason: 'audit-failed' });
    expect(sender.sent).toHaveLength(0);
    expect(await auditActions()).toContain('digest.failed');
  });
});

describe('DigestRunner.postNow', () => {
  it('posts one digest at once without claiming a slot', async () => {
    await subscribe();
    const r = runner();
    expect(await r.postNow(CHANNEL, at('2025-03-03T06:00:00Z'))).toMatchObject({ kind: 'posted' });
    expect((await store.lastDigest(CHANNEL))?.slotIso).toBe('2025-02-28T07:00:00.000Z');
    await r.tick(MONDAY_0800);
    expect(sender.sent).toHaveLength(2);
    expect(await r.postNow('19:unknown', MONDAY_0800)).toEqual({ kind: 'not-found' });
  });
});
