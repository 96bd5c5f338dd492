import { assertValidCron, latestSlot, nextRun } from '../../src/domain/digest-schedule';
import { parseSchedule } from '../../src/domain/parse-schedule';

/** Every slot from `from` for `days` days, by repeated nextRun (what the runner sees tick by tick). */
function slots(cron: string, timeZone: string, from: string, days: number): string[] {
  const out: string[] = [];
  const end = new Date(from).getTime() + days * 86_400_000;
  for (let at = nextRun(cron, timeZone, new Date(from)); at !== null && at.getTime() < end;) {
    out.push(at.toISOString());
    at = nextRun(cron, timeZone, at);
  }
  return out;
}

/** The latest slot at each minute of a window, deduplicated: what a per-minute tick would claim. */
function claimedByMinuteTicks(cron: string, timeZone: string, from: string, hours: number): string[] {
  const seen = new Set<string>();
  const start = new Date(from).getTime();
  for (let minute = 0; minute <= hours * 60; minute++) {
    const slot = latestSlot(cron, timeZone, new Date(start + minute * 60_000));
    if (slot !== null && slot.getTime() >= start) seen.add(slot.toISOString());
  }
  return [...seen];
}

describe('digest schedule across DST', () => {
  it('Europe/Berlin, spring forward (30 March 2025, 02:00 → 03:00): 02:30 runs once, at 03:00 CEST', () => {
    const cron = parseSchedule('daily at 02:30 Europe/Berlin');
    if (!cron.ok) throw new Error(cron.error);
    expect(slots(cron.schedule.cron, 'Europe/Berlin', '2025-03-29T00:00:00Z', 3)).toEqual([
      '2025-03-29T01:30:00.000Z',
      '2025-03-30T01:00:00.000Z',
      '2025-03-31T00:30:00.000Z',
    ]);
    expect(claimedByMinuteTicks('30 2 * * *', 'Europe/Berlin', '2025-03-29T22:00:00Z', 6)).toEqual([
      '2025-03-30T01:00:00.000Z',
    ]);
  });

  it('Europe/Berlin, fall back (26 October 2025, 03:00 → 02:00): 02:30 runs once, not twice', () => {
    expect(slots('30 2 * * *', 'Europe/Berlin', '2025-10-25T00:00:00Z', 3)).toEqual([
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T00:30:00.000Z',
      '2025-10-27T01:30:00.000Z',
    ]);
    expect(claimedByMinuteTicks('30 2 * * *', 'Europe/Berlin', '2025-10-25T22:00:00Z', 6)).toEqual([
      '2025-10-26T00:30:00.000Z',
    ]);
  });

  it('Europe/Berlin weekdays at 08:00 stay at 08:00 local time across the change', () => {
    expect(slots('0 8 * * 1-5', 'Europe/Berlin', '2025-03-27T00:00:00Z', 5)).toEqual([
      '2025-03-27T07:00:00.000Z',
      '2025-03-28T07:00:00.000Z',
      '2025-03-31T06:00:00.000Z',
    ]);
  });

  it('America/New_York, spring forward (9 March 2025, 02:00 → 03:00): 02:30 runs once, at 03:00 EDT', () => {
    expect(slots('30 2 * * *', 'America/New_York', '2025-03-08T00:00:00Z', 3)).toEqual([
      '2025-03-08T07:30:00.000Z',
      '2025-03-09T07:00:00.000Z',
      '2025-03-10T06:30:00.000Z',
    ]);
    expect(claimedByMinuteTicks('30 2 * * *', 'America/New_York', '2025-03-09T04:00:00Z', 6)).toEqual([
      '2025-03-09T07:00:00.000Z',
    ]);
  });

  it('America/New_York, fall back (2 November 2025, 02:00 → 01:00): 01:30 runs once, not twice', () => {
    expect(slots('30 1 * * *', 'America/New_York', '2025-11-01T12:00:00Z', 3)).toEqual([
      '2025-11-02T05:30:00.000Z',
      '2025-11-03T06:30:00.000Z',
      '2025-11-04T06:30:00.000Z',
    ]);
    expect(claimedByMinuteTicks('30 1 * * *', 'America/New_York', '2025-11-02T03:00:00Z', 6)).toEqual([
      '2025-11-02T05:30:00.000Z',
    ]);
  });
});

describe('latestSlot and nextRun', () => {
  it('latestSlot includes a slot exactly at now; nextRun is strictly after', () => {
    const at = new Date('2025-03-10T08:00:00.000Z');
    expect(latestSlot('0 8 * * *', 'UTC', at)?.toISOString()).toBe('2025-03-10T08:00:00.000Z');
    expect(latestSlot('0 8 * * *', 'UTC', new Date(at.getTime() - 1))?.toISOString()).toBe(
      '2025-03-09T08:00:00.000Z',
    );
    expect(nextRun('0 8 * * *', 'UTC', at)?.toISOString()).toBe('2025-03-11T08:00:00.000Z');
  });

  it('refuses a bad cron or time zone', () => {
    expect(() => assertValidCron('0 25 * * *', 'UTC')).toThrow();
    expect(() => assertValidCron('0 8 * * *', 'Mars/Olympus')).toThrow();
    expect(() => assertValidCron('0 8 * * 1-5', 'Europe/Berlin')).not.toThrow();
  });
});
