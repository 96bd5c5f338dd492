import { guardChatApp } from '../../src/access/access-guard';
import type { InnerApp } from '../../src/access/access-guard';
import type { AccessPolicy } from '../../src/access/decide-access';
import type { CardReply } from '../../src/cards/card-reply';

const OPEN: AccessPolicy = {
  open: true,
  readersGroup: null,
  approversGroup: null,
  matchAttribute: 'userPrincipalName',
  readerIds: [],
  approverIds: [],
};
const ANSWER: CardReply = {
  cards: [{ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'the answer' }] }],
  summary: 'the answer',
};
const inner: InnerApp = {
  answerText: () => Promise.resolve(ANSWER),
  answerAction: () => Promise.resolve(ANSWER),
};
const user = { id: '29:u', aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'U' };

describe('guardChatApp and the turn hook (the audit trail)', () => {
  it('answers as is when the turn was recorded', async () => {
    const app = guardChatApp(inner, { policy: OPEN, directory: null, onTurn: () => undefined });
    expect(await app.answerText('list sMSAs', user, { id: 'c1' })).toEqual(ANSWER);
  });

  it('keeps the answer but says it was not recorded when the hook fails (store down)', async () => {
    const errors: unknown[] = [];
    const app = guardChatApp(inner, {
      policy: OPEN,
      directory: null,
      onTurn: () => Promise.reject(new Error('PostgreSQL is not reachable')),
      onError: (error) => errors.push(error),
    });
    for (const reply of [
      await app.answerText('list sMSAs', user, { id: 'c1' }),
      await app.answerAction('show', { account: 'svc' }, user, { id: 'c1' }),
    ]) {
      expect(reply.cards[0]).toEqual(ANSWER.cards[0]);
      expect(reply.cards).toHaveLength(2);
      expect(JSON.stringify(reply.cards[1])).toContain('not recorded in the audit trail');
      expect(reply.summary).toBe('the answer (not recorded in the audit trail)');
    }
    expect(errors).toHaveLength(2);
  });
});
