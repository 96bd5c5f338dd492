/** Why the gate turned an operation away without running it. */
export type GateRefusalReason = 'queue-full' | 'wait-timeout';

export class GateRefusal extends Error {
  override readonly name = 'GateRefusal';
  constructor(
    readonly reason: GateRefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** Timers as the gate needs them, so tests drive the wait timeout with a fake clock. */
export interface GateTimers {
  /** calls `fire` once after `ms`; the returned function cancels it */
  after(ms: number, fire: () => void): () => void;
}

export const realTimers: GateTimers = {
  after: (ms, fire) => {
    const timer = setTimeout(fire, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface ConcurrencyGateOptions {
  /** operations running at once */
  maxConcurrent: number;
  /** operations waiting for a slot; one more is refused at once with `queue-full` */
  maxQueued: number;
  /** how long an operation may wait for a slot before it is refused with `wait-timeout` */
  maxWaitMs: number;
  timers?: GateTimers;
}

/** What the gate holds now and has held at most (the load test prints these). */
export interface GateStats {
  active: number;
  queued: number;
  peakActive: number;
  peakQueued: number;
  /** operations started, refused because the queue was full, refused after waiting too long */
  started: number;
  refusedQueueFull: number;
  refusedWaitTimeout: number;
}

interface Waiter {
  start: () => void;
  cancelTimer: () => void;
}

/**
 * At most `maxConcurrent` operations at once; the rest wait first in, first out, up to `maxQueued`
 * of them and at most `maxWaitMs` each. A refused operation never runs, so a flood of requests
 * becomes a bounded number of directory searches and clear "busy" answers instead of a pile-up.
 * Memory is bounded by maxConcurrent + maxQueued.
 */
export class ConcurrencyGate {
  private readonly maxConcurrent: number;
  private readonly maxQueued: number;
  private readonly maxWaitMs: number;
  private readonly timers: GateTimers;
  private active = 0;
  /** FIFO; a Set keeps insertion order and removes a timed-out waiter in O(1) */
  private readonly waiting = new Set<Waiter>();
  private readonly counts = {
    peakActive: 0,
    peakQueued: 0,
    started: 0,
    refusedQueueFull: 0,
    refusedWaitTimeout: 0,
  };

  constructor(options: ConcurrencyGateOptions) {
    if (!Number.isInteger(options.maxConcurrent) || options.maxConcurrent < 1)
      throw new RangeError('maxConcurrent must be a whole number of at least 1');
    if (!Number.isInteger(options.maxQueued) || options.maxQueued < 0)
      throw new RangeError('maxQueued must be a whole number of at least 0');
    if (!(options.maxWaitMs >= 0)) throw new RangeError('maxWaitMs must be at least 0');
    this.maxConcurrent = options.maxConcurrent;
    this.maxQueued = options.maxQueued;
    this.maxWaitMs = options.maxWaitMs;
    this.timers = options.timers ?? realTimers;
  }

  /** Runs `operation` when a slot is free; rejects with GateRefusal (and never runs it) otherwise. */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await operation();
    } finally {
      this.release();
    }
  }

  stats(): GateStats {
    return { active: this.active, queued: this.waiting.size, ...this.counts };
  }

  /** Forgets the peaks and counts (a load test measures from here). */
  resetStats(): void {
    this.counts.peakActive = this.active;
    this.counts.peakQueued = this.waiting.size;
    this.counts.started = 0;
    this.counts.refusedQueueFull = 0;
    this.counts.refusedWaitTimeout = 0;
  }

  private acquire(): Promise<void> {
    if (this.active < this.maxConcurrent && this.waiting.size === 0) {
      this.take();
      return Promise.resolve();
    }
    if (this.waiting.size >= this.maxQueued) {
      this.counts.refusedQueueFull++;
      return Promise.reject(
        new GateRefusal('queue-full', `${this.maxConcurrent} running and ${this.maxQueued} waiting`),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          waiter.cancelTimer();
          this.take();
          resolve();
        },
        cancelTimer: () => undefined,
      };
      waiter.cancelTimer = this.timers.after(this.maxWaitMs, () => {
        if (!this.waiting.delete(waiter)) return;
        this.counts.refusedWaitTimeout++;
        reject(new GateRefusal('wait-timeout', `no free slot within ${this.maxWaitMs} ms`));
      });
      this.waiting.add(waiter);
      this.counts.peakQueued = Math.max(this.counts.peakQueued, this.waiting.size);
    });
  }

  private take(): void {
    this.active++;
    this.counts.started++;
    this.counts.peakActive = Math.max(this.counts.peakActive, this.active);
  }

  private release(): void {
    this.active--;
    const next = this.waiting.values().next();
    if (next.done === true) return;
    this.waiting.delete(next.value);
    next.value.start();
  }
}
