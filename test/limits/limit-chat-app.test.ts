import { askerKey, limitChatApp, rateLimitedReply } from '../../src/limits/limit-chat-app';
import type { LimitedApp, LimitedUser, RateLimitedTurn } from '../../src/limits/limit-chat-app';
import { RateLimiter } from '../../src/limits/rate-limiter';
import { cardText, onlyValidCard } from '../support/card-inspect';

const ALICE: LimitedUser = { id: '29:alice', aadObjectId: 'aad-alice', tenantId: 't1' };

function countingApp() {
  const calls: string[] = [];
  const app: LimitedApp<LimitedUser, { id: string }> = {
    answerText: (text) => {
      calls.push(`text:${text}`);
      return Promise.resolve({ cards: [], summary: 'answered' });
    },
    answerAction: (verb) => {
      calls.push(`card:${verb}`);
      return Promise.resolve({ cards: [], summary: 'clicked' });
    },
  };
  return { app, calls };
}

describe('limitChatApp', () => {
  it('answers within the limit and refuses beyond it without calling the app', async () => {
    let now = 0;
    const limited: RateLimitedTurn[] = [];
    const { app, calls } = countingApp();
    const limit = limitChatApp(app, {
      limiter: new RateLimiter({ perMinute: 6, burst: 2, maxTracked: 10, now: () => now }),
      onLimited: (turn) => {
        limited.push(turn);
      },
    });
    expect((await limit.answerText('help', ALICE)).summary).toBe('answered');
    expect((await limit.answerAction('list.more', {}, ALICE)).summary).toBe('clicked');
    const refused = await limit.answerText('audit sMSAs', ALICE);
    const refusedClick = await limit.answerAction('list.more', {}, ALICE);
    expect(calls).toEqual(['text:help', 'card:list.more']);
    expect(refused.summary).toMatch(/faster than I answer/);
    expect(cardText(onlyValidCard(refused))).toContain('try again in 10 seconds');
    expect(refusedClick.cards).toHaveLength(1);
    expect(limited).toEqual([
      {
        askerKey: 't1|aad:aad-alice',
        user: ALICE,
        conversation: undefined,
        request: { kind: 'message', text: 'audit sMSAs' },
        retryAfterMs: 10_000,
        first: true,
        summary: refused.summary,
      },
      {
        askerKey: 't1|aad:aad-alice',
        user: ALICE,
        conversation: undefined,
        request: { kind: 'card', verb: 'list.more', data: {} },
        retryAfterMs: 10_000,
        first: false,
        summary: refused.summary,
      },
    ]);
    // another person is not held up
    expect((await limit.answerText('help', { id: '29:bob' })).summary).toBe('answered');
    now += 10_000;
    expect((await limit.answerText('help', ALICE)).summary).toBe('answered');
  });

  it('keys by the Entra object id, else the Teams id, and caps a forged id', () => {
    expect(askerKey({ id: '29:x', aadObjectId: 'aad-1', tenantId: 't' })).toBe('t|aad:aad-1');
    expect(askerKey({ id: '29:x' })).toBe('|teams:29:x');
    expect(askerKey({ id: 'x'.repeat(1_000_000) })).toHaveLength(200);
  });

  it('says a whole number of seconds, at least one', () => {
    expect(cardText(onlyValidCard(rateLimitedReply(1)))).toContain('try again in 1 second.');
    expect(cardText(onlyValidCard(rateLimitedReply(2001)))).toContain('try again in 3 seconds.');
  });
});
