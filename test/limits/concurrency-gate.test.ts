import { ConcurrencyGate, GateRefusal } from '../../src/limits/concurrency-gate';
import type { GateTimers } from '../../src/limits/concurrency-gate';

/** A clock the test moves: timers fire only when `advance` passes them. */
function fakeTimers(): GateTimers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  const timers = new Map<number, { at: number; fire: () => void }>();
  let next = 0;
  return {
    after: (ms, fire) => {
      const id = next++;
      timers.set(id, { at: now + ms, fire });
      return () => timers.delete(id);
    },
    advance: (ms) => {
      now += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        timers.delete(id);
        timer.fire();
      }
    },
    pending: () => timers.size,
  };
}

/** An operation the test finishes by hand, counting how many run at once. */
function fakeOps() {
  let running = 0;
  let peak = 0;
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const op = (name: string) => (): Promise<string> => {
    running++;
    peak = Math.max(peak, running);
    started.push(name);
    return new Promise<string>((resolve) => {
      finishers.set(name, () => {
        running--;
        resolve(name);
      });
    });
  };
  return {
    op,
    finish: (name: string) => finishers.get(name)!(),
    started,
    peak: () => peak,
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyGate', () => {
  it('runs at most maxConcurrent at once and starts the waiters first in, first out', async () => {
    const timers = fakeTimers();
    const gate = new ConcurrencyGate({ maxConcurrent: 2, maxQueued: 10, maxWaitMs: 1000, timers });
    const ops = fakeOps();
    const results = ['a', 'b', 'c', 'd', 'e'].map((name) => gate.run(ops.op(name)));
    await flush();
    expect(ops.started).toEqual(['a', 'b']);
    expect(gate.stats()).toMatchObject({ active: 2, queued: 3 });
    ops.finish('b');
    await flush();
    expect(ops.started).toEqual(['a', 'b', 'c']);
    ops.finish('a');
    ops.finish('c');
    await flush();
    expect(ops.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    ops.finish('d');
    ops.finish('e');
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ops.peak()).toBe(2);
    expect(gate.stats()).toEqual({
      active: 0,
      queued: 0,
      peakActive: 2,
      peakQueued: 3,
      started: 5,
      refusedQueueFull: 0,
      refusedWaitTimeout: 0,
    });
    // a started waiter's timer is cancelled: nothing is left to fire
    expect(timers.pending()).toBe(0);
  });

  it('refuses at once, without running it, an operation that finds the queue full', async () => {
    const gate = new ConcurrencyGate({
      maxConcurrent: 1,
      maxQueued: 1,
      maxWaitMs: 1000,
      timers: fakeTimers(),
    });
    const ops = fakeOps();
    const first = gate.run(ops.op('a'));
    const second = gate.run(ops.op('b'));
    await expect(gate.run(ops.op('c'))).rejects.toMatchObject({ name: 'GateRefusal', reason: 'queue-full' });
    ops.finish('a');
    await flush();
    ops.finish('b');
    await Promise.all([first, second]);
    expect(ops.started).toEqual(['a', 'b']);
    expect(gate.stats().refusedQueueFull).toBe(1);
  });

  it('refuses a waiter when its wait times out, and it never runs later', async () => {
    const timers = fakeTimers();
    const gate = new ConcurrencyGate({ maxConcurrent: 1, maxQueued: 5, maxWaitMs: 100, timers });
    const ops = fakeOps();
    const first = gate.run(ops.op('a'));
    const waiting = gate.run(ops.op('b'));
    const refused = expect(waiting).rejects.toBeInstanceOf(GateRefusal);
    timers.advance(99);
    await flush();
    expect(gate.stats().queued).toBe(1);
    timers.advance(1);
    await refused;
    await expect(waiting).rejects.toMatchObject({ reason: 'wait-timeout' });
    expect(gate.stats()).toMatchObject({ queued: 0, refusedWaitTimeout: 1 });
    ops.finish('a');
    await first;
    await flush();
    expect(ops.started).toEqual(['a']);
    expect(gate.stats().active).toBe(0);
  });

  it('frees the slot when an operation fails, and passes its error through', async () => {
    const gate = new ConcurrencyGate({
      maxConcurrent: 1,
      maxQueued: 1,
      maxWaitMs: 1000,
      timers: fakeTimers(),
    });
    const boom = new Error('ldap said no');
    await expect(gate.run(() => Promise.reject(boom))).rejects.toBe(boom);
    await expect(gate.run(() => Promise.resolve(7))).resolves.toBe(7);
    expect(gate.stats()).toMatchObject({ active: 0, started: 2 });
  });

  it('holds 500 callers as 4 running and the rest refused or queued, memory bounded by the queue', async () => {
    const gate = new ConcurrencyGate({
      maxConcurrent: 4,
      maxQueued: 100,
      maxWaitMs: 1000,
      timers: fakeTimers(),
    });
    const ops = fakeOps();
    const all = Array.from({ length: 500 }, (_, i) =>
      gate.run(ops.op(`op${i}`)).then(
        () => 'done' as const,
        (error: unknown) => (error instanceof GateRefusal ? error.reason : 'other'),
      ),
    );
    await flush();
    expect(gate.stats()).toMatchObject({ active: 4, queued: 100, refusedQueueFull: 396 });
    for (let i = 0; i < 104; i++) {
      ops.finish(ops.started[i]!);
      await flush();
    }
    const outcomes = await Promise.all(all);
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(104);
    expect(outcomes.filter((o) => o === 'queue-full')).toHaveLength(396);
    expect(ops.peak()).toBe(4);
  });

  it('refuses settings that would let nothing run', () => {
    expect(() => new ConcurrencyGate({ maxConcurrent: 0, maxQueued: 1, maxWaitMs: 1 })).toThrow(RangeError);
    expect(() => new ConcurrencyGate({ maxConcurrent: 1, maxQueued: -1, maxWaitMs: 1 })).toThrow(RangeError);
    expect(() => new ConcurrencyGate({ maxConcurrent: 1, maxQueued: 1, maxWaitMs: Number.NaN })).toThrow(
      RangeError,
    );
  });
});
