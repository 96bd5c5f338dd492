import { defaultAuditConfig } from '../../src/domain/audit-config';
import { allChecks, checksById } from '../../src/audit/checks';
import { groupBySeverity, runAudit, summariseBySeverity } from '../../src/audit/run-audit';
import { checkIds } from '../../src/domain/finding';
import { buildFacts, loadFixture, summarise } from './support/facts-fixture';

describe('runAudit', () => {
  const fixture = loadFixture('audit-all.json');
  const ctx = { now: fixture.now, config: defaultAuditConfig };
  const findings = runAudit(fixture.facts, ctx);

  it('finds exactly the expected findings over every check', () => {
    expect(summarise(findings)).toEqual(summarise(fixture.expected));
  });

  it('sorts worst first, then by account name (svc_sql2 before svc_sql10), then catalogue order', () => {
    expect(findings.map((f) => `${f.severity} ${f.account.name} ${f.checkId}`)).toEqual(
      fixture.expected.map((e) => `${e.severity} ${e.account} ${e.checkId}`),
    );
  });

  it('finds nothing on a clean account', () => {
    expect(runAudit([buildFacts({ account: { name: 'svc_clean' } }, fixture.now)], ctx)).toEqual([]);
    expect(
      runAudit([buildFacts({ account: { name: 'gmsa_clean', kind: 'gMSA' } }, fixture.now)], ctx),
    ).toEqual([]);
  });

  it('gives the same keys for the same input, whatever the account order', () => {
    const again = runAudit([...fixture.facts].reverse(), ctx);
    expect(again.map((f) => f.key)).toEqual(findings.map((f) => f.key));
    expect(new Set(findings.map((f) => f.key)).size).toBe(findings.length);
  });

  it('keeps a key across a rename (objectGUID) and changes it when the detail changes', () => {
    const [before] = runAudit(
      [buildFacts({ account: { name: 'svc_a', supportedEncryptionTypes: 4 } }, fixture.now)],
      ctx,
    );
    const renamed = buildFacts({ account: { name: 'svc_a', supportedEncryptionTypes: 4 } }, fixture.now);
    renamed.account = {
      ...renamed.account,
      name: 'svc_renamed',
      distinguishedName: 'CN=svc_renamed,OU=Moved',
    };
    const [afterRename] = runAudit([renamed], ctx);
    const [unset] = runAudit(
      [buildFacts({ account: { name: 'svc_a', supportedEncryptionTypes: null } }, fixture.now)],
      ctx,
    );
    expect(afterRename?.key).toBe(before?.key);
    expect(unset?.key).not.toBe(before?.key);
    expect(before?.key).toMatch(/^weak-encryption:[0-9a-f-]{36}:no-aes$/);
  });

  it('falls back to the SID when the GUID is unknown', () => {
    const facts = buildFacts(
      { account: { name: 'svc_b', guid: '', supportedEncryptionTypes: 4 } },
      fixture.now,
    );
    expect(runAudit([facts], ctx)[0]?.key).toBe(`weak-encryption:${facts.account.sid}:no-aes`);
  });

  it('runs only the checks it is given ("audit privileged sMSAs")', () => {
    const privileged = runAudit(fixture.facts, ctx, [checksById['privileged-membership']]);
    expect(privileged.map((f) => `${f.checkId} ${f.account.name}`)).toEqual([
      'privileged-membership svc_tier0',
    ]);
  });

  it('counts and groups by severity', () => {
    expect(summariseBySeverity(findings)).toEqual({ critical: 2, high: 1, medium: 4, low: 2, info: 1 });
    expect(summariseBySeverity([])).toEqual({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
    const groups = groupBySeverity(findings);
    expect(groups.map((g) => [g.severity, g.findings.length])).toEqual([
      ['critical', 2],
      ['high', 1],
      ['medium', 4],
      ['low', 2],
      ['info', 1],
    ]);
    expect(groupBySeverity(findings.filter((f) => f.severity === 'low')).map((g) => g.severity)).toEqual([
      'low',
    ]);
  });
});

describe('the catalogue', () => {
  it('has exactly one check per id, in DESIGN order', () => {
    expect(allChecks.map((c) => c.id)).toEqual([...checkIds]);
    expect(checkIds).toHaveLength(16);
    for (const id of checkIds) expect(checksById[id].id).toBe(id);
  });
});
