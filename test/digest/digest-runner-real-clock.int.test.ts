import { DigestRunner } from '../../src/digest/digest-runner';
import { openTestStore } from '../support/combined-store';
import type { TestStore as Store } from '../support/combined-store';
import { auditOf, finding } from './digest-fixtures';
import { FakeSender } from './fake-sender';

const CHANNEL = '19:real-clock@thread.tacv2';

describe('the digest on the real clock (croner timer)', () => {
  let store: Store;
  let runner: DigestRunner;

  beforeAll(async () => {
    store = await openTestStore({ kind: 'sqlite', path: ':memory:' });
  });
  afterAll(async () => {
    await runner.stop();
    await store.close();
  });

  it('a subscription for the next minute posts within that minute', async () => {
    const subscribedAt = new Date();
    const next = new Date(Math.floor(subscribedAt.getTime() / 60_000) * 60_000 + 60_000);
    const cron = `${next.getUTCMinutes()} ${next.getUTCHours()} * * *`;
    await store.saveConversation({
      id: CHANNEL,
      tenantId: 't',
      reference: { conversation: { id: CHANNEL } },
      at: subscribedAt,
      subscribedToDigest: true,
      digestCron: cron,
      digestTimeZone: 'UTC',
    });
    const sender = new FakeSender();
    const posted = new Promise<Date>((resolve) => {
      const send = sender.send.bind(sender);
      sender.send = async (target, reply) => {
        await send(target, reply);
        resolve(new Date());
      };
    });
    runner = new DigestRunner({ store, sender, readAudit: () => Promise.resolve(auditOf([finding(1)])) });
    await runner.startSchedule(CHANNEL, cron, 'UTC', subscribedAt);
    runner.start();
    const at = await posted;
    expect(at.getTime()).toBeGreaterThanOrEqual(next.getTime());
    expect(at.getTime()).toBeLessThan(next.getTime() + 60_000);
    expect(sender.sent).toHaveLength(1);
    process.stdout.write(
      `real clock: slot ${next.toISOString()} posted ${at.getTime() - next.getTime()} ms after it\n`,
    );
  }, 90_000);
});
