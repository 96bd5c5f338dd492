import { NO_AUDIT } from '../support/fake-audit-source';
import { answerSafely } from '../../src/commands/answer-safely';
import { helpReply } from '../../src/commands/answers/help';
import { FakeDirectory } from '../support/fake-directory';
import { NOW, onlyValidCard, rendered, texts } from '../support/card-inspect';

describe('answerSafely', () => {
  const deps = { directory: new FakeDirectory([], []), now: NOW, ...NO_AUDIT };

  it('passes a reply that fits through unchanged', async () => {
    const reply = rendered(helpReply());
    expect(await answerSafely(() => Promise.resolve(reply), deps)).toBe(reply);
  });

  it('replaces a card over the Teams budget with one saying so', async () => {
    const huge = rendered(helpReply(['x'.repeat(30_000)]));
    const card = onlyValidCard(await answerSafely(() => Promise.resolve(huge), deps));
    expect(texts(card)[0]).toBe('The answer is too large to show in Teams');
  });

  it('catches synchronous throws too', async () => {
    const card = onlyValidCard(
      await answerSafely(() => {
        throw new Error('sync');
      }, deps),
    );
    expect(texts(card)[0]).toBe('Something went wrong; nothing was changed');
  });
});
