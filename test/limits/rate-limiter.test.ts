import { RateLimiter } from '../../src/limits/rate-limiter';

function limiter(options: { perMinute?: number; burst?: number; maxTracked?: number } = {}) {
  let now = 1_000_000;
  const rate = new RateLimiter({
    perMinute: options.perMinute ?? 30,
    burst: options.burst ?? 3,
    maxTracked: options.maxTracked ?? 100,
    now: () => now,
  });
  return { rate, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('lets a burst through, then refuses with the time until the next token', () => {
    const { rate, advance } = limiter({ perMinute: 30, burst: 3 });
    expect([rate.take('alice'), rate.take('alice'), rate.take('alice')]).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
    ]);
    // 30 a minute: one token every 2 s
    expect(rate.take('alice')).toEqual({ allowed: false, retryAfterMs: 2000, first: true });
    advance(500);
    expect(rate.take('alice')).toEqual({ allowed: false, retryAfterMs: 1500, first: false });
    advance(1500);
    expect(rate.take('alice')).toEqual({ allowed: true });
    expect(rate.take('alice')).toMatchObject({ allowed: false, first: true });
  });

  it('keeps one bucket per person: another person is not slowed down', () => {
    const { rate } = limiter({ burst: 1 });
    expect(rate.take('alice').allowed).toBe(true);
    expect(rate.take('alice').allowed).toBe(false);
    expect(rate.take('bob').allowed).toBe(true);
  });

  it('allows exactly the sustained rate over a long run (refusals do not cost tokens)', () => {
    const { rate, advance } = limiter({ perMinute: 60, burst: 5 });
    let allowed = 0;
    // ten requests a second for two minutes
    for (let i = 0; i < 1200; i++) {
      if (rate.take('flood').allowed) allowed++;
      advance(100);
    }
    expect(allowed).toBe(5 + 120 - 1);
  });

  it('forgets people whose bucket has refilled, and never tracks more than maxTracked', () => {
    const { rate, advance } = limiter({ perMinute: 60, burst: 2, maxTracked: 50 });
    for (let i = 0; i < 10_000; i++) rate.take(`forged-${i}`);
    expect(rate.tracked).toBe(50);
    advance(2000);
    // each call forgets up to two refilled buckets
    for (let i = 0; i < 30; i++) rate.take('alice');
    expect(rate.tracked).toBeLessThanOrEqual(1 + 50 - 2 * 30 + 60);
    expect(rate.tracked).toBeLessThan(50);
  });

  it('does not hand out tokens when the clock steps back', () => {
    const { rate, advance } = limiter({ burst: 1 });
    rate.take('alice');
    advance(-60_000);
    expect(rate.take('alice').allowed).toBe(false);
  });

  it('refuses settings that make no sense', () => {
    const now = () => 0;
    expect(() => new RateLimiter({ perMinute: 0, burst: 1, maxTracked: 1, now })).toThrow(RangeError);
    expect(() => new RateLimiter({ perMinute: 1, burst: 0, maxTracked: 1, now })).toThrow(RangeError);
    expect(() => new RateLimiter({ perMinute: 1, burst: 1, maxTracked: 0, now })).toThrow(RangeError);
  });
});
