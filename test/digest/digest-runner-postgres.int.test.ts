import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DigestRunner } from '../../src/digest/digest-runner';
import { openTestStore } from '../support/combined-store';
import type { TestStore as Store } from '../support/combined-store';
import { ensurePostgres } from '../support/postgres';
import { auditOf, finding } from './digest-fixtures';
import { FakeSender } from './fake-sender';

// Two bot replicas = two stores (own connection pools) on one throw-away schema.
const schema = `msa_warden_digest_${randomBytes(6).toString('hex')}`;
const CHANNEL = '19:replicas@thread.tacv2';
const MONDAY_0800 = new Date('2025-03-03T07:00:00Z');

let url: string;
let a: Store;
let b: Store;

function runner(store: Store, sender: FakeSender): DigestRunner {
  return new DigestRunner({
    store,
    sender,
    readAudit: () => Promise.resolve(auditOf([finding(1), finding(2, 'privileged-membership', 'critical')])),
    sleep: () => Promise.resolve(),
  });
}

beforeAll(async () => {
  url = await ensurePostgres();
  a = await openTestStore({ kind: 'postgres', url, schema });
  b = await openTestStore({ kind: 'postgres', url, schema });
  await a.saveConversation({
    id: CHANNEL,
    tenantId: 't',
    reference: { conversation: { id: CHANNEL } },
    at: new Date('2025-03-01T00:00:00Z'),
    subscribedToDigest: true,
    digestCron: '0 8 * * 1-5',
    digestTimeZone: 'Europe/Berlin',
  });
  await runner(a, new FakeSender()).startSchedule(
    CHANNEL,
    '0 8 * * 1-5',
    'Europe/Berlin',
    new Date('2025-03-01T00:00:00Z'),
  );
});

afterAll(async () => {
  await a.close();
  await b.close();
  const raw = new Client({ connectionString: url });
  await raw.connect();
  await raw.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await raw.end();
});

describe('digest runners on a shared PostgreSQL', () => {
  it('two replicas ticking the same slot at once post it once', async () => {
    const senderA = new FakeSender();
    const senderB = new FakeSender();
    const replicaA = runner(a, senderA);
    const replicaB = runner(b, senderB);
    for (let round = 0; round < 5; round++) {
      await Promise.all([replicaA.tick(MONDAY_0800), replicaB.tick(MONDAY_0800)]);
    }
    expect(senderA.sent.length + senderB.sent.length).toBe(1);
    expect((await a.listAudit({ limit: 1000 })).filter((e) => e.action === 'digest.posted')).toHaveLength(1);
  });

  it('a replica started after missed slots posts one catch-up, and the other replica none', async () => {
    const senderA = new FakeSender();
    const senderB = new FakeSender();
    // every replica down from Monday noon to Thursday 10:00 Europe/Berlin
    const thursday = new Date('2025-03-06T09:00:00Z');
    await Promise.all([runner(a, senderA).tick(thursday), runner(b, senderB).tick(thursday)]);
    expect([...senderA.sent, ...senderB.sent].map((s) => s.conversationId)).toEqual([CHANNEL]);
    expect((await a.lastDigest(CHANNEL))?.slotIso).toBe('2025-03-06T07:00:00.000Z');
  });
});
