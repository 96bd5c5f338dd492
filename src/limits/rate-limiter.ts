export interface RateLimiterOptions {
  /** sustained requests per minute per asker */
  perMinute: number;
  /** requests an idle asker may send at once (the bucket's size) */
  burst: number;
  /** askers tracked at most; beyond it the least recently seen is forgotten */
  maxTracked: number;
  /** the clock, in epoch milliseconds */
  now: () => number;
}

/** `first`: the first refusal since this asker was last let through (log that one, not the flood). */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; first: boolean };

interface Bucket {
  tokens: number;
  at: number;
  /** the last request was refused */
  limited: boolean;
}

/** Full buckets looked at per call to forget idle askers (amortised, so a call stays O(1)). */
const SWEEP_PER_CALL = 2;

/**
 * A token bucket per asker: `burst` requests at once, then `perMinute` a minute. Pure apart from
 * its memory, with the clock injected. A bucket that has refilled is the same as no bucket, so idle
 * askers are forgotten as they are met; the map never holds more than `maxTracked` askers.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxTracked: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions) {
    if (!(options.perMinute > 0)) throw new RangeError('perMinute must be above 0');
    if (!Number.isInteger(options.burst) || options.burst < 1)
      throw new RangeError('burst must be a whole number of at least 1');
    if (!Number.isInteger(options.maxTracked) || options.maxTracked < 1)
      throw new RangeError('maxTracked must be a whole number of at least 1');
    this.perMs = options.perMinute / 60_000;
    this.burst = options.burst;
    this.maxTracked = options.maxTracked;
    this.now = options.now;
  }

  /** Takes one request from `key`'s bucket, or says how long until the next one is allowed. */
  take(key: string): RateDecision {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key);
    const tokens = bucket === undefined ? this.burst : this.refilled(bucket, now);
    // re-inserted so the Map's order stays least recently seen first
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now, limited: true });
      return {
        allowed: false,
        retryAfterMs: Math.ceil((1 - tokens) / this.perMs),
        first: bucket?.limited !== true,
      };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now, limited: false });
    if (this.buckets.size > this.maxTracked) {
      const oldest = this.buckets.keys().next();
      if (oldest.done !== true) this.buckets.delete(oldest.value);
    }
    return { allowed: true };
  }

  /** askers with a bucket in memory */
  get tracked(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket, now: number): number {
    // a clock that steps back never takes tokens away
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(this.burst, bucket.tokens + elapsed * this.perMs);
  }

  /** Forgets the least recently seen askers whose buckets are full again. */
  private sweep(now: number): void {
    for (let i = 0; i < SWEEP_PER_CALL; i++) {
      const oldest = this.buckets.entries().next();
      if (oldest.done === true) return;
      const [key, bucket] = oldest.value;
      if (this.refilled(bucket, now) < this.burst) return;
      this.buckets.delete(key);
    }
  }
}
