import {
  BENCH_DOMAIN_VERSION,
  FULL_SIZE,
  SMOKE_SIZE,
  generateBenchDomain,
} from '../../../bench/seed/bench-domain';
import { toLdif } from '../../../bench/seed/ldap-loader';

describe('the bench domain generator', () => {
  it('gives the same entries and ground truth for the same seed, others for another', () => {
    const a = generateBenchDomain({ size: SMOKE_SIZE });
    const b = generateBenchDomain({ size: SMOKE_SIZE });
    const c = generateBenchDomain({ size: SMOKE_SIZE, seed: 13 });
    const ldif = (d: typeof a): string => d.stages.map((s) => toLdif(s.changes)).join('');
    expect(ldif(a)).toBe(ldif(b));
    expect(a.groundTruth).toEqual(b.groundTruth);
    expect(ldif(c)).not.toBe(ldif(a));
    expect(a.groundTruth.version).toBe(BENCH_DOMAIN_VERSION);
  });

  it('makes the full size the issue asks for: its list, plus users up to 100,000 objects', () => {
    const { stages, gmsaStages, groundTruth } = generateBenchDomain({ size: FULL_SIZE });
    const adds = stages.flatMap((s) => s.changes).filter((c) => c.kind === 'add');
    const withClass = (cls: string): number =>
      adds.filter((c) => c.kind === 'add' && c.attributes.objectClass?.[0] === cls).length;
    expect(withClass('user')).toBe(73_500);
    expect(withClass('computer')).toBe(20_000);
    expect(withClass('msDS-ManagedServiceAccount')).toBe(5_000);
    expect(withClass('group')).toBe(1_000);
    const gmsaAdds = gmsaStages(() => 'S-1-5-21-1-2-3-1000')
      .flatMap((s) => s.changes)
      .filter((c) => c.kind === 'add');
    expect(gmsaAdds).toHaveLength(500);
    expect(adds.length + gmsaAdds.length).toBe(100_000 + 5); // and the bench's 5 OUs
    const biggest = Math.max(...adds.map((c) => (c.kind === 'add' ? (c.attributes.member?.length ?? 0) : 0)));
    expect(biggest).toBeGreaterThan(5_000);
    // some sMSAs on several hosts, some on none
    expect(groundTruth.counts['linked to 0 hosts']).toBeGreaterThan(0);
    expect(groundTruth.counts['linked to 2 hosts']).toBeGreaterThan(0);
    const longest = Math.max(
      ...Object.values(groundTruth.privileged).flatMap((list) => list.map((m) => m.chain.length)),
    );
    expect(longest).toBe(7); // six nested bench groups, then the privileged group
  });
});
