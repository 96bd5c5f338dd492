import type { RunningBot } from '../../src/main';
import { ALEX, cardAction, cardText, personalMessage, postActivity } from '../support/bot-harness';
import { startBotOverHttp, stopBotOverHttp } from '../support/bot-over-http';
import type { ConnectorServer } from '../support/connector-server';
import { FakeDirectory } from '../support/fake-directory';

const BASE_DN = 'DC=corp,DC=example,DC=test';
const ENV = {
  LDAP_URL: 'ldaps://127.0.0.1:1',
  LDAP_BIND_DN: `CN=svc-warden,${BASE_DN}`,
  LDAP_BIND_PASSWORD: 'unit-test-password',
  LDAP_BASE_DN: BASE_DN,
  SQLITE_PATH: ':memory:',
  ACCESS_OPEN: 'true',
  RATE_LIMIT_PER_MINUTE: '6',
  RATE_LIMIT_BURST: '3',
};
const BOB = { id: '29:1bob', name: 'Bob', aadObjectId: 'bbbbbbbb-0000-0000-0000-000000000002' };

describe('the per-person rate limit over HTTP', () => {
  let connector: ConnectorServer;
  let directory: FakeDirectory;
  let bot: RunningBot;
  let now = new Date('2025-02-01T00:00:00Z');

  beforeAll(async () => {
    directory = new FakeDirectory([], []);
    ({ connector, bot } = await startBotOverHttp(ENV, { directory, now: () => now }));
  });
  afterAll(() => stopBotOverHttp({ connector, bot }));

  it('answers a burst, then a polite card for each extra message, and asks the directory nothing for them', async () => {
    const ask = (user = ALEX) =>
      postActivity(
        bot.messagesUrl,
        personalMessage('find sMSAs on SRV01', { serviceUrl: connector.serviceUrl, user }),
      );
    for (let i = 0; i < 3; i++) await ask();
    const callsAfterBurst = directory.calls.length;
    expect(callsAfterBurst).toBeGreaterThan(0);
    await Promise.all([ask(), ask(), ask()]);
    // a card click counts too, and its answer is the same polite card
    const click = await postActivity(
      bot.messagesUrl,
      cardAction('find-host', { host: 'SRV01' }, { serviceUrl: connector.serviceUrl }),
    );
    const replies = await connector.waitForActivities(6);
    expect(replies.slice(0, 3).map(cardText).join()).not.toContain('faster than I answer');
    for (const limited of replies.slice(3)) {
      expect(cardText(limited)).toContain('faster than I answer');
      expect(cardText(limited)).toContain('try again in 10 seconds');
    }
    expect(JSON.stringify(click.body)).toContain('faster than I answer');
    expect(directory.calls.length).toBe(callsAfterBurst);
    // the trail holds the three answers and the first refusal of the stretch, not the flood after it
    const trail = await bot.auditTrail.latest(10);
    const refusals = trail.filter((entry) => JSON.stringify(entry.details).includes('over the rate limit'));
    expect(trail).toHaveLength(4);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.details).toMatchObject({
      outcome: { status: 'refused' },
      decision: { allowed: false },
    });

    // another person is answered meanwhile, and Alex again once a token has come back (10 s at 6 a minute)
    await ask(BOB);
    now = new Date(now.getTime() + 10_000);
    await ask();
    const later = await connector.waitForActivities(8);
    expect(cardText(later[6]!)).not.toContain('faster than I answer');
    expect(cardText(later[7]!)).not.toContain('faster than I answer');
    expect(directory.calls.length).toBeGreaterThan(callsAfterBurst);
  });
});
