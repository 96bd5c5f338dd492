import { SingleFlight } from '../domain/single-flight';
import type { CachedAuditRun } from './audit-run-cache';

/**
 * Slots for full audits at once (AUDIT_MAX_CONCURRENT): the rest wait first in, first out; one that
 * finds the line full or waits too long is refused with AuditsBusyError and never runs. main.ts backs
 * it with the concurrency gate.
 */
export interface AuditSlots {
  run<T>(operation: () => Promise<T>): Promise<T>;
  /** the slots and the longest wait, for the "busy" card */
  readonly maxConcurrent: number;
  readonly maxWaitMs: number;
}

/** A full audit was not started: the slots were taken and the line full, or its wait ran out. */
export class AuditsBusyError extends Error {
  override readonly name = 'AuditsBusyError';
  constructor(
    readonly reason: 'queue-full' | 'wait-timeout',
    readonly maxConcurrent: number,
    readonly maxWaitMs: number,
  ) {
    super(`full audits busy (${reason})`);
  }
}

/** How heavy a run is: a full one (every account) takes a slot; one host's few accounts never wait. */
export type AuditWeight = 'full' | 'light';

/**
 * New audit runs, one per scope at a time: people asking for the same audit while it runs join that
 * run (one directory read, one run of the checks; each still gets their own card and their own
 * audit-trail entry, and the access guard has let each through already). Full audits also wait for
 * a slot, so ten at once cannot take the bot's one thread and the DC's CPU from the lookups.
 */
export class AuditFlights {
  private readonly flights = new SingleFlight<CachedAuditRun>();

  constructor(private readonly slots: AuditSlots | null = null) {}

  /** Runs being made now (for tests and figures). */
  get inFlight(): number {
    return this.flights.size;
  }

  /** The run of `scopeKey` in flight, or a new one from `start` (after a slot when `weight` is full). */
  join(scopeKey: string, weight: AuditWeight, start: () => Promise<CachedAuditRun>): Promise<CachedAuditRun> {
    const slots = this.slots;
    return this.flights.run(scopeKey, () =>
      weight === 'full' && slots !== null ? slots.run(start) : start(),
    );
  }
}
