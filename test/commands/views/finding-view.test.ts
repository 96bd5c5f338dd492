import { findingView, fixRequestData } from '../../../src/commands/views/finding-view';
import { fitPage } from '../../../src/cards/fit-page';
import type { Finding } from '../../../src/domain/finding';
import type { AdaptiveCardJson } from '../../../src/cards/card-reply';

const finding: Finding = {
  key: 'constrained-delegation:guid:kerberos-only',
  checkId: 'constrained-delegation',
  severity: 'medium',
  account: {
    name: 'svc_kcd',
    samAccountName: 'svc_kcd$',
    sid: 'S-1-5-21-1-2-3-4',
    guid: 'guid',
    kind: 'sMSA',
    distinguishedName: 'CN=svc_kcd,DC=x',
  },
  title: 'Delegates to 1 service(s)',
  detail: 'kerberos-only',
  evidence: [{ label: 'msDS-AllowedToDelegateTo', value: 'cifs/fs01' }],
  why: 'w',
  mitigation: 'm',
  remediation: { kind: 'remove-delegation-targets', targets: ['cifs/fs01'] },
};

describe('findingView', () => {
  it('puts evidence in words and carries the fix request', () => {
    expect(findingView(finding)).toEqual({
      key: finding.key,
      checkId: 'constrained-delegation',
      account: 'svc_kcd',
      title: 'Delegates to 1 service(s)',
      severity: 'Medium',
      color: 'Warning',
      evidence: ['msDS-AllowedToDelegateTo: cifs/fs01'],
      why: 'w',
      mitigation: 'm',
      hasFix: true,
      fixTitle: 'Request fix',
      fix: {
        findingKey: finding.key,
        account: 'svc_kcd$',
        title: 'Delegates to 1 service(s)',
        remediation: finding.remediation,
      },
    });
  });

  it('has no button without a remediation', () => {
    expect(findingView({ ...finding, remediation: null })).toMatchObject({ hasFix: false, fix: {} });
    expect(fixRequestData({ ...finding, remediation: null })).toBeNull();
  });

  it('clips long texts and evidence lists', () => {
    const view = findingView({
      ...finding,
      title: 'x'.repeat(1000),
      evidence: Array.from({ length: 9 }, (_, i) => ({ label: `l${i}`, value: 'v'.repeat(1000) })),
      why: 'y'.repeat(1000),
      mitigation: 'z'.repeat(1000),
    });
    expect(view.title).toHaveLength(200);
    expect(view.evidence).toHaveLength(7);
    expect(view.evidence[6]).toBe('+3 more');
    expect(view.evidence[0]).toHaveLength(300);
    expect(view.why).toHaveLength(500);
    expect(view.mitigation).toHaveLength(600);
  });

  it('sends a proposal too large for a button as the key alone', () => {
    const huge = {
      ...finding,
      remediation: {
        kind: 'remove-delegation-targets' as const,
        targets: Array(100).fill('cifs/'.padEnd(60, 'x')),
      },
    };
    expect(fixRequestData(huge)).toEqual({
      findingKey: finding.key,
      account: 'svc_kcd$',
      title: finding.title,
    });
  });
});

describe('fitPage', () => {
  const card = (bytes: number): AdaptiveCardJson => ({
    type: 'AdaptiveCard',
    version: '1.5',
    body: ['x'.repeat(bytes)],
  });

  it('keeps the full page when it fits', () => {
    const sizes: number[] = [];
    expect(fitPage(30, 12, (n) => (sizes.push(n), card(n * 100)), 5000).count).toBe(12);
    expect(sizes).toEqual([12]);
  });

  it('shrinks to the largest count that fits, and never below one', () => {
    expect(fitPage(30, 12, (n) => card(n * 1000), 5000).count).toBe(4);
    expect(fitPage(30, 12, (n) => card(n * 10_000), 5000).count).toBe(1);
    expect(fitPage(0, 12, () => card(10), 5000).count).toBe(0);
    expect(fitPage(3, 12, (n) => card(n), 5000).count).toBe(3);
  });
});
