import type { CloudAdapter, TurnContext } from 'botbuilder';
import { createProactiveSender, toSendError } from '../../src/bot/proactive-sender';
import { parseRetryAfter, SendError, sendErrorReason } from '../../src/digest/proactive-sender';

const NOW = new Date('2025-03-03T07:00:00Z');
const reply = { cards: [], summary: 'hello' };

type Adapter = Pick<CloudAdapter, 'continueConversationAsync'>;

/** An adapter whose connector call throws `error` (a RestError-like object, not always an Error). */
function adapterThrowing(error: unknown): Adapter {
  const fail = (): Promise<void> => {
    throw error;
  };
  return { continueConversationAsync: fail };
}

describe('proactive sender', () => {
  it('continues the stored conversation with the bot app id and sends the reply', async () => {
    const calls: unknown[] = [];
    const adapter = {
      continueConversationAsync: async (
        appId: string,
        reference: unknown,
        logic: (context: TurnContext) => Promise<void>,
      ) => {
        calls.push(appId, reference);
        await logic({
          sendActivities: (activities: unknown[]) => {
            calls.push(activities);
            return Promise.resolve([]);
          },
        } as unknown as TurnContext);
      },
    } as unknown as Pick<CloudAdapter, 'continueConversationAsync'>;
    const reference = { conversation: { id: '19:c' }, serviceUrl: 'http://x/' };
    await createProactiveSender({ adapter, appId: 'app' }).send({ conversationId: '19:c', reference }, reply);
    expect(calls).toEqual(['app', reference, [expect.objectContaining({ type: 'message', text: 'hello' })]]);
  });

  it('post tells the id of the activity posted, to update it later', async () => {
    const adapter = {
      continueConversationAsync: async (
        _appId: string,
        _reference: unknown,
        logic: (context: TurnContext) => Promise<void>,
      ) => {
        await logic({
          sendActivities: () => Promise.resolve([{ id: 'activity-7' }]),
        } as unknown as TurnContext);
      },
    } as unknown as Pick<CloudAdapter, 'continueConversationAsync'>;
    const reference = { conversation: { id: '19:c' }, serviceUrl: 'http://x/' };
    const sender = createProactiveSender({ adapter, appId: 'app' });
    expect(await sender.post!({ conversationId: '19:c', reference }, reply)).toBe('activity-7');
  });

  it('turns the connector RestError into a SendError with status and Retry-After', async () => {
    const restError = Object.assign(new Error('Too Many Requests'), {
      statusCode: 429,
      response: { headers: { get: (name: string) => (name === 'retry-after' ? '12' : undefined) } },
    });
    const sender = createProactiveSender({ adapter: adapterThrowing(restError), appId: '', now: () => NOW });
    await expect(sender.send({ conversationId: 'c', reference: {} }, reply)).rejects.toMatchObject({
      reason: 'transient',
      status: 429,
      retryAfterMs: 12_000,
    });
  });

  it('403 and 404 mean the conversation is gone; no answer at all is transient; a missing reference is gone', async () => {
    expect(toSendError(Object.assign(new Error('x'), { statusCode: 403 }), NOW).reason).toBe('gone');
    expect(toSendError({ response: { status: 404, headers: {} } }, NOW).reason).toBe('gone');
    expect(
      toSendError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), NOW),
    ).toMatchObject({
      reason: 'transient',
      status: null,
    });
    const sender = createProactiveSender({ adapter: adapterThrowing(new Error('unused')), appId: '' });
    await expect(sender.send({ conversationId: 'c', reference: null }, reply)).rejects.toBeInstanceOf(
      SendError,
    );
  });
});

describe('sendErrorReason and parseRetryAfter', () => {
  it.each([
    [403, 'gone'],
    [404, 'gone'],
    [429, 'transient'],
    [500, 'transient'],
    [503, 'transient'],
    [408, 'transient'],
    [400, 'failed'],
    [401, 'failed'],
    [null, 'transient'],
  ])('%s → %s', (status, reason) => {
    expect(sendErrorReason(status)).toBe(reason);
  });

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', NOW)).toBe(5000);
    expect(parseRetryAfter('Mon, 03 Mar 2025 07:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Mon, 03 Mar 2025 06:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter('', NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter('99999999999999', NOW)).toBeNull();
  });
});
