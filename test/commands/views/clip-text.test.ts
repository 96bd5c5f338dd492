import { clipList, clipText } from '../../../src/commands/views/clip-text';

describe('clipText / clipList', () => {
  it('keeps short text and cuts long text with an ellipsis, by characters not UTF-16 units', () => {
    expect(clipText('abc', 3)).toBe('abc');
    expect(clipText('abcd', 3)).toBe('ab…');
    expect(clipText('😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('adds "+N more" past the limit', () => {
    expect(clipList(['a', 'b', 'c'], 3, 10)).toEqual(['a', 'b', 'c']);
    expect(clipList(['a', 'b', 'c', 'd', 'e'], 2, 10)).toEqual(['a', 'b', '+3 more']);
    expect(clipList([], 2, 10)).toEqual([]);
  });
});
