import { textCard } from '../../src/bot/text-card';
import { validateCard } from '../support/validate-card';

describe('textCard', () => {
  it('is a valid Adaptive Card 1.5 holding the text', () => {
    const card = textCard('Sorry, something went wrong (ref 0123abcd). Nothing was changed.');
    expect(validateCard(card)).toEqual([]);
    expect(card).toMatchObject({
      version: '1.5',
      body: [
        {
          type: 'TextBlock',
          text: 'Sorry, something went wrong (ref 0123abcd). Nothing was changed.',
          wrap: true,
        },
      ],
    });
  });
});
