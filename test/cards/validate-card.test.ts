import { cardBytes, validateCard } from '../support/validate-card';

const valid = {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'hello' }],
  actions: [{ type: 'Action.Execute', title: 'Go', verb: 'go', data: {} }],
};

// the validator must be able to fail, or "zero messages" proves nothing
describe('validateCard', () => {
  it('accepts a valid card', () => {
    expect(validateCard(valid)).toEqual([]);
  });

  it('reports what the official parser reports', () => {
    const problems = validateCard({
      ...valid,
      body: [{ type: 'Bogus' }, { type: 'TextBlock', text: 'x', weight: 'Heavy' }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining('Bogus'), expect.stringContaining('weight')]),
    );
  });

  it('reports validation events such as duplicate ids', () => {
    const body = [
      { type: 'TextBlock', text: 'a', id: 'x' },
      { type: 'TextBlock', text: 'b', id: 'x' },
    ];
    expect(validateCard({ ...valid, body })).toEqual([expect.stringContaining('Duplicate')]);
  });

  it('reports unexpanded template parts, nulls, missing verbs and versions Teams cannot render', () => {
    const problems = validateCard({
      ...valid,
      version: '1.6',
      body: [{ type: 'TextBlock', text: null, $when: '${x}' }],
      actions: [{ type: 'Action.Execute', title: 'Go' }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('version must be "1.5"'),
        expect.stringContaining('$when was not expanded'),
        expect.stringContaining('is null'),
        expect.stringContaining('without a verb'),
      ]),
    );
  });

  it('measures UTF-8 bytes', () => {
    expect(cardBytes({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
  });
});
