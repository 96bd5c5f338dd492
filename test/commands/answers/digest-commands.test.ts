import { answerDigestCommand } from '../../../src/commands/answers/answer-digest-command';
import type { DigestCommandDeps, DigestScheduler } from '../../../src/commands/answers/digest-command-deps';
import { openTestStore } from '../../support/combined-store';
import type { TestStore as Store } from '../../support/combined-store';

const CHANNEL = '19:ops@thread.tacv2';
// Monday 3 March 2025, 10:00 Europe/Berlin
const NOW = new Date('2025-03-03T09:00:00Z');

let store: Store;
let started: string[];
let postedNow: string[];
const scheduler: DigestScheduler = {
  startSchedule: (id, cron, timeZone) => {
    started.push(`${id} ${cron} ${timeZone}`);
    return Promise.resolve();
  },
  postNowInBackground: (id) => void postedNow.push(id),
};
const deps = (conversationId = CHANNEL): DigestCommandDeps => ({
  conversationId,
  user: { id: 'aad-alex', name: 'Alex Wilber' },
  store,
  scheduler,
  defaultTimeZone: 'Europe/Berlin',
  now: NOW,
});

beforeEach(async () => {
  store = await openTestStore({ kind: 'sqlite', path: ':memory:' });
  await store.saveConversation({
    id: CHANNEL,
    tenantId: 't',
    reference: { conversation: { id: CHANNEL } },
    at: NOW,
  });
  started = [];
  postedNow = [];
});
afterEach(() => store.close());

describe('digest commands', () => {
  it('subscribe digest: saves the schedule, starts it, audits it and says when the next one comes', async () => {
    const reply = await answerDigestCommand({ kind: 'subscribe-digest', schedule: 'daily at 07:30' }, deps());
    expect(reply.summary).toBe(
      'Subscribed this conversation to the digest, daily at 07:30 (Europe/Berlin). The next one: 2025-03-04 07:30 Europe/Berlin.',
    );
    expect(await store.getConversation(CHANNEL)).toMatchObject({
      subscribedToDigest: true,
      digestCron: '30 7 * * *',
      digestTimeZone: 'Europe/Berlin',
    });
    expect(started).toEqual([`${CHANNEL} 30 7 * * * Europe/Berlin`]);
    const [entry] = await store.listAudit();
    expect(entry).toMatchObject({ action: 'digest.subscribed', actor: { id: 'aad-alex' }, subject: CHANNEL });
  });

  it('subscribe digest with a bad schedule: the error with an example, nothing saved', async () => {
    const reply = await answerDigestCommand({ kind: 'subscribe-digest', schedule: 'hourly' }, deps());
    expect(reply.summary).toContain('For example:');
    expect((await store.getConversation(CHANNEL))?.subscribedToDigest).toBe(false);
  });

  it('a conversation the bot keeps no reference for cannot subscribe', async () => {
    const reply = await answerDigestCommand({ kind: 'subscribe-digest', schedule: '' }, deps('19:unknown'));
    expect(reply.summary).toContain('Send me any message here first');
  });

  it('digest status: schedule in words and next run; unsubscribe stops it', async () => {
    expect((await answerDigestCommand({ kind: 'digest-status' }, deps())).summary).toContain(
      'not subscribed',
    );
    await answerDigestCommand(
      { kind: 'subscribe-digest', schedule: 'weekly on friday at 16:00 America/New_York' },
      deps(),
    );
    expect((await answerDigestCommand({ kind: 'digest-status' }, deps())).summary).toBe(
      'Subscribed to the digest, weekly on Friday at 16:00 (America/New_York). Next digest: 2025-03-07 16:00 America/New_York.',
    );
    const reply = await answerDigestCommand({ kind: 'unsubscribe-digest' }, deps());
    expect(reply.summary).toContain('Unsubscribed');
    expect(await store.getConversation(CHANNEL)).toMatchObject({
      subscribedToDigest: false,
      digestCron: '0 16 * * 5',
    });
    expect((await answerDigestCommand({ kind: 'unsubscribe-digest' }, deps())).summary).toContain(
      'not subscribed',
    );
    expect((await store.listAudit()).map((e) => e.action)).toEqual([
      'digest.subscribed',
      'digest.unsubscribed',
    ]);
  });

  it('digest now: answers at once and leaves the post to the background', async () => {
    const reply = await answerDigestCommand({ kind: 'digest-now' }, deps());
    expect(reply.summary).toContain('on its way');
    expect(postedNow).toEqual([CHANNEL]);
  });
});
