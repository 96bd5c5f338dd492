import { matchKeyword, typoDistance } from '../../../src/commands/parse/fuzzy-keyword';

const verbs = { find: 'find', list: 'list', show: 'show', help: 'help', ls: 'list' } as const;

describe('matchKeyword', () => {
  it.each([
    ['find', 'find'],
    ['fnd', 'find'],
    ['fidn', 'find'],
    ['lst', 'list'],
    ['ls', 'list'],
    ['shw', 'show'],
    ['hepl', 'help'],
  ])('%s → %s', (word, meaning) => {
    expect(matchKeyword(word, verbs)).toBe(meaning);
  });

  it.each(['how', 'kind', 'fi', 'lis7', 'svc_find', 'xyzzy', 'l'])('%s → nothing', (word) => {
    expect(matchKeyword(word, verbs)).toBeUndefined();
  });

  it('refuses a word equally close to two meanings', () => {
    expect(matchKeyword('smsa', { smsb: 'b', smsc: 'c' })).toBeUndefined();
    expect(matchKeyword('smxa', { smsa: 's', smqa: 's' })).toBe('s');
  });
});

describe('typoDistance', () => {
  it('counts a swap of neighbours as one', () => {
    expect(typoDistance('hepl', 'help')).toBe(1);
    expect(typoDistance('ehlp', 'help')).toBe(1);
    expect(typoDistance('hlpe', 'help')).toBe(2);
  });
});
