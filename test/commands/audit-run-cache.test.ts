import { AuditRunCache, type CachedAuditRun } from '../../src/commands/audit-run-cache';
import type { AuditReport } from '../../src/commands/views/audit-page';
import type { Finding } from '../../src/domain/finding';

const T0 = new Date('2025-11-25T12:00:00Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

/** A run with `findings` placeholder findings: the cache only counts them. */
function run(scopeKey: string, findings: number, ranAt = T0): Omit<CachedAuditRun, 'id'> {
  const report: AuditReport = {
    title: scopeKey,
    subtitle: '',
    findings: Array.from({ length: findings }, () => ({}) as Finding),
    emptyMessage: '',
    scope: { scope: 'all' },
    powershell: '',
  };
  return { scopeKey, ranAt, accountsChecked: findings, report };
}

function cache(ttlSeconds: number, maxFindings: number, maxRuns?: number): AuditRunCache {
  let n = 0;
  return new AuditRunCache({
    ttlMs: ttlSeconds * 1000,
    maxFindings,
    ...(maxRuns === undefined ? {} : { maxRuns }),
    newId: () => `r${++n}`,
  });
}

describe('AuditRunCache', () => {
  it('gives a kept run an id its report carries, and recalls it for the same scope until it expires', () => {
    const runs = cache(60, 100);
    const kept = runs.remember(run('all', 3));
    expect(kept.id).toBe('r1');
    expect(kept.report.run).toBe('r1');
    expect(runs.recall('r1', 'all', at(59))?.report.findings).toHaveLength(3);
    expect(runs.recall('r1', 'host:srv01', at(1))).toBeNull();
    expect(runs.recall('r1', 'all', at(60))).toBeNull();
    expect(runs.size).toEqual({ runs: 0, findings: 0 });
  });

  it('treats a clock that went back as expired', () => {
    const runs = cache(60, 100);
    runs.remember(run('all', 1, at(10)));
    expect(runs.recall('r1', 'all', at(9))).toBeNull();
  });

  it('drops the oldest runs to stay within the findings bound', () => {
    const runs = cache(60, 10);
    runs.remember(run('a', 4));
    runs.remember(run('b', 4));
    runs.remember(run('c', 4));
    expect(runs.size).toEqual({ runs: 2, findings: 8 });
    expect(runs.recall('r1', 'a', T0)).toBeNull();
    expect(runs.recall('r3', 'c', T0)).not.toBeNull();
  });

  it('drops the oldest runs to stay within the runs bound', () => {
    const runs = cache(60, 1000, 3);
    for (let i = 0; i < 10; i++) runs.remember(run(`s${i}`, 1));
    expect(runs.size).toEqual({ runs: 3, findings: 3 });
    expect(runs.recall('r8', 's7', T0)).not.toBeNull();
    expect(runs.recall('r7', 's6', T0)).toBeNull();
  });

  it('drops expired runs when it keeps a new one, so memory does not wait for a click', () => {
    const runs = cache(60, 1000);
    runs.remember(run('a', 5));
    runs.remember(run('b', 5, at(30)));
    runs.remember(run('c', 1, at(61)));
    expect(runs.size).toEqual({ runs: 2, findings: 6 });
  });

  it('keeps nothing with a TTL of 0 or a run over the bound: those get no id, so their clicks audit again', () => {
    const off = cache(0, 100);
    const unkept = off.remember(run('all', 1));
    expect(unkept.id).toBe('');
    expect(unkept.report.run).toBeUndefined();
    expect(off.size.runs).toBe(0);
    const small = cache(60, 5);
    small.remember(run('a', 2));
    expect(small.remember(run('big', 6)).id).toBe('');
    // the run that fits stays
    expect(small.size).toEqual({ runs: 1, findings: 2 });
  });

  it('makes unguessable, URL-safe ids by default', () => {
    const runs = new AuditRunCache({ ttlMs: 1000, maxFindings: 10 });
    const ids = new Set(Array.from({ length: 50 }, () => runs.remember(run('all', 0)).id));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });
});
