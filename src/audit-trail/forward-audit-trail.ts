import type { StoredAuditEntry } from './audit-entry';
import { toExportRecord, type AuditExportRecord } from './audit-export';

/** A SIEM that takes batches of entries; `send` resolves only once the batch was acknowledged. */
export interface AuditSink {
  /** the cursor's name in the store, e.g. `azure-monitor` */
  name: string;
  send(records: AuditExportRecord[]): Promise<void>;
}

/** The trail the forwarder reads (the store's AuditTrail port). */
export interface ForwardedTrail {
  listAudit(query: { afterSeq?: number; limit?: number }): Promise<StoredAuditEntry[]>;
}

/** Where each sink's progress is kept (the store's AuditSinkCursors port). */
export interface SinkCursors {
  auditSinkCursor(sink: string): Promise<number>;
  saveAuditSinkCursor(sink: string, seq: number, at: Date): Promise<void>;
}

export interface ForwarderOptions {
  batchSize?: number;
  /** first retry delay; doubles per failure up to maxBackoffMs */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** how often to look for new entries when idle (appends also nudge it) */
  pollMs?: number;
  now?: () => Date;
  onError?: (error: unknown, detail: { attempt: number; retryInMs: number }) => void;
}

/**
 * Sends the trail to a sink in the background, in order, a batch at a time, from the cursor stored
 * with the trail: after a restart it resumes from the last acknowledged entry, so nothing is lost and
 * an acknowledged entry is not sent again. A failing sink is retried with exponential backoff and
 * never blocks the bot (nothing here is awaited by a turn).
 */
export class AuditForwarder {
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pollMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly trail: ForwardedTrail,
    private readonly cursors: SinkCursors,
    private readonly sink: AuditSink,
    private readonly options: ForwarderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.minBackoffMs = options.minBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.pollMs = options.pollMs ?? 5000;
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New entries were appended: send them now rather than at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Sends every pending entry; returns how many. Throws when the sink fails (the cursor stays). */
  async sendPending(): Promise<number> {
    let sent = 0;
    let cursor = await this.cursors.auditSinkCursor(this.sink.name);
    for (;;) {
      const batch = await this.trail.listAudit({ afterSeq: cursor, limit: this.batchSize });
      const last = batch.at(-1);
      if (last === undefined) return sent;
      await this.sink.send(batch.map(toExportRecord));
      await this.cursors.saveAuditSinkCursor(this.sink.name, last.seq, this.now());
      cursor = last.seq;
      sent += batch.length;
      if (!this.running && this.loop !== null) return sent;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let delay = this.pollMs;
      try {
        await this.sendPending();
        failures = 0;
      } catch (error) {
        failures += 1;
        delay = Math.min(this.minBackoffMs * 2 ** (failures - 1), this.maxBackoffMs);
        this.options.onError?.(error, { attempt: failures, retryInMs: delay });
      }
      if (this.running) await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
