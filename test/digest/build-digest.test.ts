import { buildDigest, digestCounts, splitFindingKey } from '../../src/digest/build-digest';
import { approval, auditOf, finding } from './digest-fixtures';

const NOW = new Date('2025-03-03T07:00:00Z');
const BEFORE = new Date('2025-02-28T07:00:00Z');

describe('buildDigest', () => {
  it('counts by severity and lists nothing as new in the first digest', () => {
    const findings = [finding(1, 'privileged-membership', 'critical'), finding(2), finding(3)];
    const data = buildDigest({ audit: auditOf(findings), previous: null, approvals: [], now: NOW });
    expect(data.counts).toEqual({ critical: 1, high: 0, medium: 0, low: 0, info: 2 });
    expect(data.total).toBe(3);
    expect(data.newFindings).toEqual([]);
    expect(data.resolved).toEqual([]);
    expect(data.previousAt).toBeNull();
    expect(data.unchangedSince).toBeNull();
    expect(data.keys).toEqual(findings.map((f) => f.key).sort());
  });

  it('tells new from resolved by key, and names the account of a resolved finding', () => {
    const stays = finding(1);
    const resolved = finding(2, 'privileged-membership', 'critical', 'S-1-5-32-544');
    const fresh = finding(3, 'unconstrained-delegation', 'critical');
    const data = buildDigest({
      audit: auditOf([stays, fresh], 3),
      previous: { scope: 'digest:c', at: BEFORE, keys: [stays.key, resolved.key] },
      approvals: [],
      now: NOW,
    });
    expect(data.newFindings.map((f) => f.key)).toEqual([fresh.key]);
    expect(data.resolved).toEqual([
      {
        key: resolved.key,
        checkId: 'privileged-membership',
        // svc_0002 is no longer in the audit's names: the GUID stands in
        account: '00000000-0000-0000-0000-000000000002',
        detail: 'S-1-5-32-544',
      },
    ]);
    expect(data.unchangedSince).toBeNull();
    const named = buildDigest({
      audit: { ...auditOf([stays]), accountNames: new Map([[resolved.account.guid, 'svc_0002']]) },
      previous: { scope: 'digest:c', at: BEFORE, keys: [resolved.key] },
      approvals: [],
      now: NOW,
    });
    expect(named.resolved[0]?.account).toBe('svc_0002');
  });

  it('says nothing changed since the previous digest when no key came or went', () => {
    const findings = [finding(1), finding(2)];
    const data = buildDigest({
      audit: auditOf(findings),
      previous: { scope: 'digest:c', at: BEFORE, keys: findings.map((f) => f.key) },
      approvals: [],
      now: NOW,
    });
    expect(data.unchangedSince).toEqual(BEFORE);
    expect(data.newFindings).toEqual([]);
    expect(data.resolved).toEqual([]);
  });

  it('lists passwords overdue for rotation and pending approvals, oldest first, with their age', () => {
    const overdue = finding(4, 'password-rotation', 'medium', 'password-age');
    const data = buildDigest({
      audit: auditOf([finding(1), overdue]),
      previous: null,
      approvals: [
        approval('b', new Date('2025-03-03T04:00:00Z')),
        approval('a', new Date('2025-03-01T07:00:00Z')),
        approval('done', new Date('2025-03-01T07:00:00Z'), 'succeeded'),
      ],
      now: NOW,
    });
    expect(data.overdue).toEqual([overdue]);
    expect(data.pendingApprovals.map((a) => [a.id, a.ageHours])).toEqual([
      ['a', 48],
      ['b', 3],
    ]);
    expect(digestCounts(data)).toEqual({
      critical: 0,
      high: 0,
      medium: 1,
      low: 0,
      info: 1,
      total: 2,
      new: 0,
      resolved: 0,
      overdue: 1,
      pendingApprovals: 2,
    });
  });

  it('diffs thousands of findings in milliseconds', () => {
    const before = Array.from({ length: 5000 }, (_, i) => finding(i));
    const after = Array.from({ length: 5000 }, (_, i) => finding(i + 1000));
    const started = process.hrtime.bigint();
    const data = buildDigest({
      audit: auditOf(after),
      previous: { scope: 'digest:c', at: BEFORE, keys: before.map((f) => f.key) },
      approvals: [],
      now: NOW,
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(`buildDigest: 5,000 findings against 5,000 keys in ${ms.toFixed(1)} ms\n`);
    expect(data.newFindings).toHaveLength(1000);
    expect(data.resolved).toHaveLength(1000);
    expect(ms).toBeLessThan(1000);
  });
});

describe('splitFindingKey', () => {
  it('keeps colons in the detail', () => {
    expect(splitFindingKey('duplicate-spn:abc:HTTP/srv01:8080')).toEqual({
      checkId: 'duplicate-spn',
      accountId: 'abc',
      detail: 'HTTP/srv01:8080',
    });
    expect(splitFindingKey('odd')).toEqual({ checkId: 'odd', accountId: '', detail: '' });
  });
});
