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

/** A run whose findings differ by their detail: equal details, equal content. */
function runOf(scopeKey: string, details: string[], ranAt = T0): Omit<CachedAuditRun, 'id'> {
  const base = run(scopeKey, 0, ranAt);
  return { ...base, report: { ...base.report, findings: details.map((detail) => ({ detail }) as Finding) } };
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

  describe('runs with the same findings (an unchanged domain audited again)', () => {
    it('share one list, counted once, each run recalled by its own id until it expires', () => {
      const runs = cache(60, 100);
      const first = runs.remember(runOf('all', ['a', 'b', 'c']));
      const second = runs.remember(runOf('all', ['a', 'b', 'c'], at(30)));
      expect(second.report.findings).toBe(first.report.findings);
      expect([first.report.run, second.report.run]).toEqual(['r1', 'r2']);
      expect(runs.size).toEqual({ runs: 2, findings: 3 });
      // the first expires, the second still answers with the shared findings
      expect(runs.recall('r1', 'all', at(61))).toBeNull();
      expect(runs.recall('r2', 'all', at(61))?.report.findings.map((f) => f.detail)).toEqual(['a', 'b', 'c']);
      expect(runs.size).toEqual({ runs: 1, findings: 3 });
      expect(runs.recall('r2', 'all', at(90))).toBeNull();
      expect(runs.size).toEqual({ runs: 0, findings: 0 });
    });

    it('do not share across scopes or when one finding differs', () => {
      const runs = cache(60, 100);
      const all = runs.remember(runOf('all', ['a', 'b']));
      const host = runs.remember(runOf('host:srv01', ['a', 'b']));
      const changed = runs.remember(runOf('all', ['a', 'B']));
      expect(host.report.findings).not.toBe(all.report.findings);
      expect(changed.report.findings).not.toBe(all.report.findings);
      expect(runs.size).toEqual({ runs: 3, findings: 6 });
      expect(runs.recall('r2', 'all', T0)).toBeNull(); // the host run's id never answers for `all`
    });

    it('fit the findings bound once: a repeat keeps the older run that a different run would drop', () => {
      const same = cache(60, 5);
      same.remember(runOf('all', ['a', 'b', 'c']));
      same.remember(runOf('all', ['a', 'b', 'c']));
      expect(same.size).toEqual({ runs: 2, findings: 3 });
      expect(same.recall('r1', 'all', T0)).not.toBeNull();
      const different = cache(60, 5);
      different.remember(runOf('all', ['a', 'b', 'c']));
      different.remember(runOf('all', ['d', 'e', 'f']));
      expect(different.size).toEqual({ runs: 1, findings: 3 });
      expect(different.recall('r1', 'all', T0)).toBeNull();
    });
  });
});
