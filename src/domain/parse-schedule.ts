/**
 * `subscribe digest [daily|weekdays|weekly on <day>] [at HH:MM] [<IANA time zone>]` arguments →
 * a five-field cron in a time zone, plus the schedule in words. Pure: no clock, no regex that can
 * backtrack over what the user typed (the text is split on spaces and each word is compared whole).
 */

export interface DigestSchedule {
  /** five-field cron, minute hour day-of-month month day-of-week, e.g. `0 8 * * 1-5` */
  cron: string;
  /** IANA time zone, canonical spelling (`Europe/Berlin`, `UTC`) */
  timeZone: string;
  /** e.g. `weekdays at 08:00 (Europe/Berlin)` */
  words: string;
}

export type ScheduleResult = { ok: true; schedule: DigestSchedule } | { ok: false; error: string };

/** Longer text is refused before any work is done. */
export const MAX_SCHEDULE_LENGTH = 120;

export const SCHEDULE_EXAMPLE = 'subscribe digest weekly on monday at 07:30 Europe/Berlin';

const DEFAULT_HOUR = 8;
const DEFAULT_MINUTE = 0;

const DAYS: Readonly<Record<string, number>> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Frequency = { kind: 'daily' } | { kind: 'weekdays' } | { kind: 'weekly'; day: number };

function fail(problem: string): ScheduleResult {
  return { ok: false, error: `${problem} For example: \`${SCHEDULE_EXAMPLE}\`.` };
}

/** `HH:MM` (or `H:MM`) on a 24-hour clock; null when it is not one. Character checks, no regex. */
export function parseClock(word: string): { hour: number; minute: number } | null {
  const colon = word.indexOf(':');
  if (colon < 1 || colon > 2 || word.length !== colon + 3) return null;
  const hourText = word.slice(0, colon);
  const minuteText = word.slice(colon + 1);
  if (!isDigits(hourText) || !isDigits(minuteText)) return null;
  const hour = Number(hourText);
  const minute = Number(minuteText);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/** `monday,` → `monday`: a character loop, not a regex, over user text. */
function trimPunctuation(word: string): string {
  let end = word.length;
  while (end > 0 && '.,;'.includes(word.charAt(end - 1))) end--;
  return word.slice(0, end);
}

function isDigits(text: string): boolean {
  if (text === '') return false;
  for (const ch of text) if (ch < '0' || ch > '9') return false;
  return true;
}

/** The canonical IANA name of a time zone Node knows (`europe/berlin` → `Europe/Berlin`), or null. */
export function canonicalTimeZone(name: string): string | null {
  if (name === '' || name.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

function frequencyWords(frequency: Frequency): string {
  switch (frequency.kind) {
    case 'daily':
      return 'daily';
    case 'weekdays':
      return 'weekdays';
    case 'weekly':
      return `weekly on ${DAY_NAMES[frequency.day] ?? ''}`;
  }
}

function dayOfWeekField(frequency: Frequency): string {
  switch (frequency.kind) {
    case 'daily':
      return '*';
    case 'weekdays':
      return '1-5';
    case 'weekly':
      return String(frequency.day);
  }
}

/**
 * Parses the words after `subscribe digest`. `defaultTimeZone` is DIGEST_TIMEZONE (UTC when unset).
 * Errors are one sentence naming what was wrong, followed by an example.
 */
export function parseSchedule(args: string, defaultTimeZone = 'UTC'): ScheduleResult {
  if (args.length > MAX_SCHEDULE_LENGTH) return fail('That schedule is too long.');
  const words = args.split(' ').filter((w) => w !== '');
  let frequency: Frequency | null = null;
  let clock: { hour: number; minute: number } | null = null;
  let timeZone: string | null = null;

  for (let i = 0; i < words.length; i++) {
    const original = words[i] ?? '';
    const word = trimPunctuation(original.toLowerCase());
    if (word === 'every' || word === 'on' || word === 'each') {
      // "every day", "every weekday", "on monday" read as the frequency that follows
      const next = (words[i + 1] ?? '').toLowerCase();
      const day = DAYS[next];
      if (word !== 'every' && day === undefined) return fail(`I expected a day of the week after '${word}'.`);
      if (day !== undefined) {
        if (frequency !== null && frequency.kind !== 'weekly')
          return fail('Give one of daily, weekdays or weekly on <day>.');
        frequency = { kind: 'weekly', day };
        i++;
      }
      continue;
    }
    if (word === 'daily' || word === 'day') {
      if (frequency !== null) return fail('Give one of daily, weekdays or weekly on <day>.');
      frequency = { kind: 'daily' };
    } else if (word === 'weekdays' || word === 'weekday') {
      if (frequency !== null) return fail('Give one of daily, weekdays or weekly on <day>.');
      frequency = { kind: 'weekdays' };
    } else if (word === 'weekly') {
      if (frequency !== null) return fail('Give one of daily, weekdays or weekly on <day>.');
      let at = i + 1;
      if ((words[at] ?? '').toLowerCase() === 'on') at++;
      const day = DAYS[trimPunctuation((words[at] ?? '').toLowerCase())];
      if (day === undefined) return fail("'weekly' needs a day: weekly on monday.");
      frequency = { kind: 'weekly', day };
      i = at;
    } else if (DAYS[word] !== undefined) {
      if (frequency !== null) return fail('Give one of daily, weekdays or weekly on <day>.');
      frequency = { kind: 'weekly', day: DAYS[word] };
    } else if (word === 'at') {
      const parsed = parseClock(words[i + 1] ?? '');
      if (parsed === null) return fail('The time must be HH:MM on a 24-hour clock, e.g. at 07:30.');
      if (clock !== null) return fail('Give one time.');
      clock = parsed;
      i++;
    } else if (parseClock(word) !== null) {
      if (clock !== null) return fail('Give one time.');
      clock = parseClock(word);
    } else {
      const zone = canonicalTimeZone(original);
      if (zone === null) {
        const shown = original.length > 40 ? `${original.slice(0, 40)}…` : original;
        return fail(
          `I don't know '${shown}': give daily, weekdays or weekly on <day>, a time HH:MM and an IANA time zone such as Europe/Berlin.`,
        );
      }
      if (timeZone !== null) return fail('Give one time zone.');
      timeZone = zone;
    }
  }

  const zone = timeZone ?? canonicalTimeZone(defaultTimeZone) ?? 'UTC';
  const freq = frequency ?? { kind: 'weekdays' };
  const { hour, minute } = clock ?? { hour: DEFAULT_HOUR, minute: DEFAULT_MINUTE };
  return {
    ok: true,
    schedule: {
      cron: `${minute} ${hour} * * ${dayOfWeekField(freq)}`,
      timeZone: zone,
      words: `${frequencyWords(freq)} at ${pad(hour)}:${pad(minute)} (${zone})`,
    },
  };
}

/**
 * A stored cron in words: the three shapes `parseSchedule` writes read as they were typed; any other
 * cron (DIGEST_CRON may hold one) is shown as it is.
 */
export function describeSchedule(cron: string, timeZone: string): string {
  const fields = cron.split(' ');
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  const simple =
    fields.length === 5 &&
    minute !== undefined &&
    hour !== undefined &&
    isDigits(minute) &&
    isDigits(hour) &&
    Number(minute) <= 59 &&
    Number(hour) <= 23 &&
    dayOfMonth === '*' &&
    month === '*';
  if (simple) {
    const at = `at ${pad(Number(hour))}:${pad(Number(minute))} (${timeZone})`;
    if (dayOfWeek === '*') return `daily ${at}`;
    if (dayOfWeek === '1-5') return `weekdays ${at}`;
    if (dayOfWeek !== undefined && dayOfWeek.length === 1 && isDigits(dayOfWeek) && Number(dayOfWeek) <= 6)
      return `weekly on ${DAY_NAMES[Number(dayOfWeek)] ?? ''} ${at}`;
  }
  return `on the cron schedule \`${cron}\` (${timeZone})`;
}
