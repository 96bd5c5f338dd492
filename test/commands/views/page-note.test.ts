import { pageNote } from '../../../src/commands/views/page-note';

describe('pageNote', () => {
  it('says nothing when the first page shows everything, or there is nothing', () => {
    expect(pageNote(5, 0, 5)).toBe('');
    expect(pageNote(0, 0, 0)).toBe('');
  });

  it('gives the range on a partial page, the first or a later one', () => {
    expect(pageNote(34, 0, 10)).toBe('Showing 1–10 of 34.');
    expect(pageNote(34, 30, 4)).toBe('Showing 31–34 of 34.');
  });

  it('says all were shown on an empty page past the end, naming what ran out', () => {
    expect(pageNote(34, 34, 0)).toBe('No more: all 34 were shown.');
    expect(pageNote(3, 20, 0, { noun: 'accounts' })).toBe('No more accounts: all 3 were shown.');
  });

  it('writes the range in the words and numbers it is given', () => {
    const words = { noun: 'findings', range: 'Findings', number: (n: number) => n.toLocaleString('en-US') };
    expect(pageNote(1200, 1000, 12, words)).toBe('Findings 1,001–1,012 of 1,200.');
    expect(pageNote(1200, 1200, 0, words)).toBe('No more findings: all 1,200 were shown.');
  });
});
