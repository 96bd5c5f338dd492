import { setImmediate as nextTurn } from 'node:timers/promises';
import { checksById } from '../../src/audit/checks';
import { runAudit } from '../../src/audit/run-audit';
import { runAuditInSlices } from '../../src/audit/run-audit-in-slices';
import { defaultAuditConfig } from '../../src/domain/audit-config';
import { syntheticFacts } from '../support/synthetic-facts';
import { loadFixture } from './support/facts-fixture';

describe('runAuditInSlices', () => {
  it('finds what runAudit finds, in the same order (the fixture domain)', async () => {
    const fixture = loadFixture('audit-all.json');
    const ctx = { now: fixture.now, config: defaultAuditConfig };
    const sliced = await runAuditInSlices(fixture.facts, ctx, undefined, 3);
    expect(sliced).toEqual(runAudit(fixture.facts, ctx));
    // findings from accounts of more than one slice of 3: the slices were joined
    expect(new Set(sliced.map((f) => f.account.name)).size).toBeGreaterThan(3);
  });

  it('finds what runAudit finds over many accounts and a subset of checks', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const facts = syntheticFacts(500, now);
    const ctx = { now, config: defaultAuditConfig };
    const checks = [checksById['privileged-membership'], checksById['weak-encryption']];
    expect(await runAuditInSlices(facts, ctx, checks, 64)).toEqual(runAudit(facts, ctx, checks));
  });

  it('lets a turn queued meanwhile run before the last slice', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const facts = syntheticFacts(50, now);
    let otherRanAfter = -1;
    let checked = 0;
    const counting = {
      ...checksById['no-owner'],
      run: (...args: Parameters<(typeof checksById)['no-owner']['run']>) => {
        checked++;
        return checksById['no-owner'].run(...args);
      },
    };
    void nextTurn().then(() => {
      otherRanAfter = checked;
    });
    await runAuditInSlices(facts, { now, config: defaultAuditConfig }, [counting], 10);
    expect(otherRanAfter).toBe(10);
    expect(checked).toBe(50);
  });
});
