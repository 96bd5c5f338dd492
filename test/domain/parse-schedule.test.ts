import {
  describeSchedule,
  MAX_SCHEDULE_LENGTH,
  parseClock,
  parseSchedule,
} from '../../src/domain/parse-schedule';

const ok = (args: string, zone?: string) => {
  const result = parseSchedule(args, zone);
  if (!result.ok) throw new Error(`expected a schedule for '${args}', got: ${result.error}`);
  return result.schedule;
};
const error = (args: string): string => {
  const result = parseSchedule(args);
  if (result.ok) throw new Error(`expected an error for '${args}'`);
  return result.error;
};

describe('parseSchedule', () => {
  it('defaults to weekdays at 08:00 in DIGEST_TIMEZONE, UTC when unset', () => {
    expect(ok('')).toEqual({ cron: '0 8 * * 1-5', timeZone: 'UTC', words: 'weekdays at 08:00 (UTC)' });
    expect(ok('', 'Europe/Berlin')).toEqual({
      cron: '0 8 * * 1-5',
      timeZone: 'Europe/Berlin',
      words: 'weekdays at 08:00 (Europe/Berlin)',
    });
  });

  it.each([
    ['daily', '0 8 * * *', 'daily at 08:00 (UTC)'],
    ['daily at 07:30', '30 7 * * *', 'daily at 07:30 (UTC)'],
    ['weekdays at 6:05', '5 6 * * 1-5', 'weekdays at 06:05 (UTC)'],
    ['weekly on monday', '0 8 * * 1', 'weekly on Monday at 08:00 (UTC)'],
    ['weekly on Sunday at 23:59', '59 23 * * 0', 'weekly on Sunday at 23:59 (UTC)'],
    ['weekly fri at 17:00', '0 17 * * 5', 'weekly on Friday at 17:00 (UTC)'],
    ['every day at 09:00', '0 9 * * *', 'daily at 09:00 (UTC)'],
    ['every weekday 09:00', '0 9 * * 1-5', 'weekdays at 09:00 (UTC)'],
    ['on tuesday at 10:00', '0 10 * * 2', 'weekly on Tuesday at 10:00 (UTC)'],
    ['at 00:00', '0 0 * * 1-5', 'weekdays at 00:00 (UTC)'],
  ])('%s → %s', (args, cron, words) => {
    expect(ok(args)).toMatchObject({ cron, words });
  });

  it('reads an IANA time zone in any case and keeps its canonical spelling', () => {
    expect(ok('weekly on monday at 07:30 Europe/Berlin')).toEqual({
      cron: '30 7 * * 1',
      timeZone: 'Europe/Berlin',
      words: 'weekly on Monday at 07:30 (Europe/Berlin)',
    });
    expect(ok('daily at 06:00 america/new_york').timeZone).toBe('America/New_York');
    expect(ok('DAILY AT 06:00 UTC').cron).toBe('0 6 * * *');
  });

  it.each([
    ['daily at 25:00', 'HH:MM'],
    ['daily at 8', 'HH:MM'],
    ['daily at 07:60', 'HH:MM'],
    ['weekly', 'needs a day'],
    ['weekly on funday', 'needs a day'],
    ['daily Mars/Olympus', "I don't know 'Mars/Olympus'"],
    ['hourly', "I don't know 'hourly'"],
    ['daily weekdays', 'one of daily, weekdays'],
    ['daily at 07:00 at 08:00', 'one time'],
    ['daily UTC Europe/Berlin', 'one time zone'],
  ])('refuses %s with a clear answer and an example', (args, words) => {
    const message = error(args);
    expect(message).toContain(words);
    expect(message).toContain('For example: `subscribe digest weekly on monday at 07:30 Europe/Berlin`');
  });

  it('refuses overlong text before parsing it, and quotes at most 40 characters of an unknown word', () => {
    expect(error('daily '.repeat(30))).toContain('too long');
    expect(error(`daily ${'x'.repeat(80)}`)).toContain(`'${'x'.repeat(40)}…'`);
  });

  it('stays linear on hostile input (no backtracking regex over user text)', () => {
    const hostile = `${':'.repeat(MAX_SCHEDULE_LENGTH - 1)}x`;
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) parseSchedule(hostile);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(parseSchedule(hostile).ok).toBe(false);
    // a generous bound: 1000 parses of a pathological line; a backtracking regex would take seconds
    expect(ms).toBeLessThan(2000);
  });
});

describe('parseClock', () => {
  it.each([
    ['08:00', { hour: 8, minute: 0 }],
    ['8:00', { hour: 8, minute: 0 }],
    ['23:59', { hour: 23, minute: 59 }],
    ['24:00', null],
    ['8:0', null],
    ['108:00', null],
    [':00', null],
    ['ab:cd', null],
  ])('%s', (text, expected) => {
    expect(parseClock(text)).toEqual(expected);
  });
});

describe('describeSchedule', () => {
  it('reads the crons parseSchedule writes back in words, any other cron as it is', () => {
    expect(describeSchedule('30 7 * * 1', 'Europe/Berlin')).toBe('weekly on Monday at 07:30 (Europe/Berlin)');
    expect(describeSchedule('0 8 * * 1-5', 'UTC')).toBe('weekdays at 08:00 (UTC)');
    expect(describeSchedule('0 6 * * *', 'UTC')).toBe('daily at 06:00 (UTC)');
    expect(describeSchedule('0 6 1 * *', 'UTC')).toBe('on the cron schedule `0 6 1 * *` (UTC)');
  });
});
