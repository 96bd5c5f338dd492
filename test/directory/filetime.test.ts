import { filetimeToDate, generalizedTimeToDate } from '../../src/directory/filetime';
import { dateToFiletime } from '../support/filetime';

describe('filetimeToDate', () => {
  it('converts 100-ns ticks since 1601 to a Date', () => {
    expect(filetimeToDate('116444736000000000')?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(filetimeToDate('133500000000000000')?.toISOString()).toBe('2024-01-17T21:20:00.000Z');
    expect(filetimeToDate(133500000000000000n)?.toISOString()).toBe('2024-01-17T21:20:00.000Z');
  });

  it.each([
    ['0 (never set)', '0'],
    ['0x7FFFFFFFFFFFFFFF (never)', '9223372036854775807'],
    ['negative', '-1'],
    ['not a number', 'abc'],
    ['empty', ''],
    ['null', null],
    ['undefined', undefined],
  ])('gives null for %s', (_label, value) => {
    expect(filetimeToDate(value)).toBeNull();
  });

  it('round-trips with dateToFiletime at millisecond precision', () => {
    const date = new Date('2026-11-25T10:25:43.123Z');
    expect(dateToFiletime(date)).toBe('134400759431230000');
    expect(filetimeToDate(dateToFiletime(date))?.getTime()).toBe(date.getTime());
  });

  it('refuses an invalid Date', () => {
    expect(() => dateToFiletime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('generalizedTimeToDate', () => {
  it.each([
    ['20261125102543.0Z', '2026-11-25T10:25:43.000Z'],
    ['20261125102543Z', '2026-11-25T10:25:43.000Z'],
    ['20261125102543.5Z', '2026-11-25T10:25:43.500Z'],
    ['202611251025Z', '2026-11-25T10:25:00.000Z'],
    ['20261125102543+0200', '2026-11-25T08:25:43.000Z'],
    ['20261125102543-0130', '2026-11-25T11:55:43.000Z'],
    ['20240229000000.0Z', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(generalizedTimeToDate(text)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '20230229000000Z', '20261325102543Z', '20261125246000Z', '2026-11-25T10:25:43Z'])(
    'gives null for %j',
    (text) => {
      expect(generalizedTimeToDate(text)).toBeNull();
    },
  );

  it('gives null for null', () => {
    expect(generalizedTimeToDate(null)).toBeNull();
  });
});
