import { createHash, randomBytes } from 'node:crypto';
import type { AuditReport } from './views/audit-page';

/** One audit run as the cards page through it: the report (findings worst first) and when it ran. */
export interface CachedAuditRun {
  /** put in the card's buttons: a click pages through this run instead of reading the directory again */
  id: string;
  /** what was audited, e.g. `all`, `privileged`, `host:srv01`: a click for another scope never matches */
  scopeKey: string;
  ranAt: Date;
  accountsChecked: number;
  report: AuditReport;
}

export interface AuditRunCacheOptions {
  /** how long a run answers clicks (AUDIT_CACHE_SECONDS); 0 keeps nothing */
  ttlMs: number;
  /** findings held across all runs at most (AUDIT_CACHE_MAX_FINDINGS): the oldest runs go first */
  maxFindings: number;
  /** runs held at most, however small */
  maxRuns?: number;
  newId?: () => string;
}

const DEFAULT_MAX_RUNS = 32;

/** 72 random bits, URL-safe: a run id cannot be guessed, and it is short on a button. */
function randomRunId(): string {
  return randomBytes(9).toString('base64url');
}

type Findings = AuditReport['findings'];

/** The findings' content: runs of an unchanged directory give the same one. */
function findingsDigest(findings: Findings): string {
  return createHash('sha256').update(JSON.stringify(findings)).digest('base64url');
}

/**
 * Short-lived audit runs, so "Show findings" and "Show more" page through the run the summary came
 * from instead of re-reading the whole domain per click. Bounded by age, by findings held and by
 * runs held; expired runs are dropped on the next remember. Runs whose findings are the same (a
 * team auditing an unchanged domain several times in a few minutes) share one list of them, counted
 * once against the bound. Time is the turn's clock (`now`), never read here.
 */
export class AuditRunCache {
  private readonly runs = new Map<string, CachedAuditRun>();
  /** each distinct findings list held, by content: how many kept runs share it */
  private readonly lists = new Map<string, { findings: Findings; runs: number }>();
  /** the content key of each kept run's findings list */
  private readonly listOf = new Map<string, string>();
  private held = 0;
  private readonly maxRuns: number;
  private readonly newId: () => string;

  constructor(private readonly options: AuditRunCacheOptions) {
    this.maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
    this.newId = options.newId ?? randomRunId;
  }

  /** How long a run is kept, for the "results were refreshed" note. */
  get ttlMs(): number {
    return this.options.ttlMs;
  }

  /** Runs held now, and their findings, each shared list once (for tests and figures). */
  get size(): { runs: number; findings: number } {
    return { runs: this.runs.size, findings: this.held };
  }

  /**
   * Keeps a run when it fits the bounds and gives it its id, also set as its report's `run` (the id
   * its buttons carry). A run that is not kept (caching off, more findings than the bound) gets the
   * id '' and no `run`: its clicks audit again, without a note.
   */
  remember(run: Omit<CachedAuditRun, 'id'>): CachedAuditRun {
    const findings = run.report.findings.length;
    this.dropExpired(run.ranAt);
    if (this.options.ttlMs <= 0 || findings > this.options.maxFindings) {
      const { run: _unkept, ...report } = run.report;
      return { ...run, id: '', report };
    }
    const id = this.newId();
    const key = `${run.scopeKey}\n${findingsDigest(run.report.findings)}`;
    // Map keeps insertion order: the first entry is the oldest run
    for (const oldest of this.runs.values()) {
      const adds = this.lists.has(key) ? 0 : findings;
      if (this.runs.size < this.maxRuns && this.held + adds <= this.options.maxFindings) break;
      this.forget(oldest);
    }
    let list = this.lists.get(key);
    if (list === undefined) {
      list = { findings: run.report.findings, runs: 0 };
      this.lists.set(key, list);
      this.held += findings;
    }
    list.runs += 1;
    this.listOf.set(id, key);
    const stored: CachedAuditRun = {
      ...run,
      id,
      report: { ...run.report, findings: list.findings, run: id },
    };
    this.runs.set(stored.id, stored);
    return stored;
  }

  /** The run with this id, if it is still fresh at `now` and audited `scopeKey`; otherwise null. */
  recall(id: string, scopeKey: string, now: Date): CachedAuditRun | null {
    const run = this.runs.get(id);
    if (run === undefined) return null;
    if (this.expired(run, now)) {
      this.forget(run);
      return null;
    }
    return run.scopeKey === scopeKey ? run : null;
  }

  private expired(run: CachedAuditRun, now: Date): boolean {
    const age = now.getTime() - run.ranAt.getTime();
    // a clock that went back counts as expired too: the run's age is unknown
    return age < 0 || age >= this.options.ttlMs;
  }

  private dropExpired(now: Date): void {
    for (const run of [...this.runs.values()]) if (this.expired(run, now)) this.forget(run);
  }

  private forget(run: CachedAuditRun): void {
    if (!this.runs.delete(run.id)) return;
    const key = this.listOf.get(run.id) ?? '';
    this.listOf.delete(run.id);
    const list = this.lists.get(key);
    if (list === undefined || --list.runs > 0) return;
    this.lists.delete(key);
    this.held -= list.findings.length;
  }
}
