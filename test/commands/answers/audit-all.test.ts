import { defaultAuditConfig } from '../../../src/domain/audit-config';
import { runAudit } from '../../../src/audit/run-audit';
import { MAX_CARD_BYTES } from '../../../src/cards/card-bytes';
import { type AnswerDeps, answerCardVerb as answerCardAction } from '../../../src/commands/route';
import { AuditRunCache } from '../../../src/commands/audit-run-cache';
import { answerAuditAll } from '../../../src/commands/answers/audit-all';
import { answerAuditHost } from '../../../src/commands/answers/audit-host';
import {
  AUDIT_PAGE_SIZE,
  type AuditCardView,
  type AuditReport,
  auditPage,
} from '../../../src/commands/views/audit-page';
import { DirectoryError } from '../../../src/domain/directory-error';
import type { Finding } from '../../../src/domain/finding';
import { FakeAuditSource, fixtureDeps } from '../../support/fake-audit-source';
import { FakeDirectory } from '../../support/fake-directory';
import { syntheticFacts } from '../../support/synthetic-facts';
import { cardBytes, validateCard } from '../../support/validate-card';
import {
  NOW,
  cardText,
  executeActions,
  findingLines,
  onlyValidCard,
  renderedPage,
  powershellOf,
  texts,
} from '../../support/card-inspect';

/** One audit page as the bot renders it, with the offset of the next page (null on the last). */
function renderedAuditPage(report: AuditReport, offset: number, maxItems = AUDIT_PAGE_SIZE) {
  const page = renderedPage<AuditCardView>(auditPage(report, offset, maxItems));
  const next = offset + page.shown;
  return { ...page, nextOffset: next < report.findings.length ? next : null };
}

const deps = () => fixtureDeps(NOW);

/** The element ids of the finding containers: the finding keys. */
function findingIds(card: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'Container' && typeof obj.id === 'string') ids.push(obj.id);
      Object.values(obj).forEach(walk);
    }
  };
  walk(card);
  return ids;
}

/** The severity headings of a card, e.g. "Critical (3)". */
const headings = (card: unknown): string[] =>
  texts(card).filter((t) => /^(Critical|High|Medium|Low|Info) \(\d+\)/.test(t));

/** label → count from the counts row at the top. */
function counts(card: unknown): Record<string, string> {
  const all = texts(card);
  const at = all.indexOf('Critical');
  const out: Record<string, string> = {};
  for (let i = at - 1; i < at + 9; i += 2) out[all[i + 1]!] = all[i]!;
  return out;
}

/** The summary's per-check rows: check id → the "Show findings" button's data. */
function checkButtons(card: unknown): Array<{ check: string; data: Record<string, unknown> }> {
  return executeActions(card, 'audit.more')
    .filter((a) => a.title === 'Show findings')
    .map((a) => {
      const data = a.data as Record<string, unknown>;
      return { check: String(data.check), data };
    });
}

/** The worst-accounts rows: "account  kind · n findings: …". */
const worstRows = (card: unknown): string[] =>
  executeActions(card, 'show').map((a) => (a.data as { account: string }).account);

/** Every finding of an audit run, reached as a person would: each check's "Show findings", then "Show more". */
async function findingsThroughChecks(
  summary: unknown,
  d: AnswerDeps,
): Promise<{ lines: string[]; pages: unknown[] }> {
  const lines: string[] = [];
  const pages: unknown[] = [];
  for (const { data } of checkButtons(summary)) {
    let card = onlyValidCard(await answerCardAction('audit.more', data, d));
    for (let guard = 0; guard < 50; guard++) {
      pages.push(card);
      lines.push(...findingLines(card));
      const more = executeActions(card, 'audit.more').find((a) => a.title === 'Show more');
      if (more === undefined) break;
      card = onlyValidCard(await answerCardAction('audit.more', more.data, d));
    }
  }
  return { lines, pages };
}

/** Fixture deps with a run cache and ids r1, r2, … */
function cachedDeps(ttlMs = 60_000, maxFindings = 100_000) {
  let n = 0;
  const auditRuns = new AuditRunCache({ ttlMs, maxFindings, newId: () => `r${++n}` });
  return { ...deps(), auditRuns };
}

describe('audit sMSAs: the summary', () => {
  it('puts the counts per severity on top, then the worst accounts, then the findings per check', async () => {
    const reply = await answerAuditAll({ offset: 0 }, cachedDeps());
    const card = onlyValidCard(reply);
    expect(texts(card).slice(0, 2)).toEqual([
      'Audit of all managed service accounts',
      '10 managed service accounts checked with 16 checks',
    ]);
    expect(counts(card)).toEqual({ Critical: '3', High: '3', Medium: '6', Low: '9', Info: '8' });
    const text = cardText(card);
    expect(text).toContain('9 accounts with findings');
    // worst severity first, then the most findings
    expect(worstRows(card)).toEqual([
      'svc_web01$',
      'svc_deleg$',
      'svc_kcd$',
      'svc_orphan$',
      'gmsa_batch$',
      'gmsa_web$',
      'svc_legacy$',
      'svc_app02$',
      'svc_old03$',
    ]);
    expect(text).toContain('sMSA · 1 critical, 1 high, 2 medium, 1 low, 1 info');
    expect(checkButtons(card).map((b) => b.check)).toEqual([
      'privileged-membership',
      'unconstrained-delegation',
      'password-rotation',
      'constrained-delegation',
      'duplicate-spn',
      'orphaned',
      'weak-encryption',
      'stale',
      'disabled',
      'no-owner',
    ]);
    expect(checkButtons(card)[0]?.data).toEqual({
      scope: 'all',
      offset: 0,
      run: 'r1',
      check: 'privileged-membership',
    });
    expect(text).toContain('Member of a privileged group');
    expect(text).toContain('2 findings on 2 accounts');
    expect(text).toContain('No findings from 6 checks: resource-based-delegation,');
    // no wall of findings: no finding's why or fix text is on the summary
    expect(findingIds(card)).toEqual([]);
    expect(text).not.toContain('Why: ');
    expect(reply.summary).toBe(
      'Audit of all managed service accounts: 29 findings (3 critical · 3 high · 6 medium · 9 low · 8 info)',
    );
    expect(powershellOf(card)).toMatch(/^Get-ADServiceAccount -Filter \* -Properties memberOf,/);
  });

  it('names at most ten accounts, the worst ones', async () => {
    const now = new Date('2025-06-01T12:00:00Z');
    const d = { ...fixtureDeps(now), auditSource: new FakeAuditSource(syntheticFacts(60, now)) };
    const card = onlyValidCard(await answerAuditAll({ offset: 0 }, d));
    expect(worstRows(card)).toHaveLength(10);
    expect(cardText(card)).toContain('The 10 worst of 60 accounts with findings');
  });

  it('opens an account of the worst list with the show card, which has its findings and "Request fix"', async () => {
    const d = cachedDeps();
    const [first] = executeActions(onlyValidCard(await answerAuditAll({ offset: 0 }, d)), 'show');
    const account = onlyValidCard(await answerCardAction('show', first?.data, d));
    expect(texts(account)[0]).toContain('svc_web01');
    expect(executeActions(account, 'fix.request').length).toBeGreaterThan(0);
  });

  it('says when there is nothing to find', async () => {
    const d = { ...deps(), auditSource: new FakeAuditSource([]) };
    const card = onlyValidCard(await answerAuditAll({ offset: 0 }, d));
    expect(cardText(card)).toContain('There are no managed service accounts in the directory.');
    expect(counts(card)).toEqual({ Critical: '0', High: '0', Medium: '0', Low: '0', Info: '0' });
    expect(executeActions(card, 'audit.more')).toEqual([]);
  });

  it('says "no findings" when every account passes', async () => {
    const d = deps();
    const clean = d.auditSource.facts.filter((f) => f.account.name === 'svc_sql01');
    const card = onlyValidCard(
      await answerAuditAll({ offset: 0 }, { ...d, auditSource: new FakeAuditSource(clean) }),
    );
    expect(texts(card)[1]).toBe('1 managed service account checked with 16 checks');
    expect(cardText(card)).toContain('No findings: every account passes every check.');
    expect(executeActions(card, 'audit.more')).toEqual([]);
  });

  it('turns an audit source failure into the directory error card', async () => {
    const d = deps();
    d.auditSource.failure = new DirectoryError('insufficient-rights', 'no read on nTSecurityDescriptor', 50);
    const seen: unknown[] = [];
    const reply = await answerCardAction(
      'audit.more',
      { scope: 'all', offset: 0 },
      { ...d, onError: (e) => seen.push(e) },
    );
    expect(texts(onlyValidCard(reply))[0]).toBe("The bot's directory account may not read this");
    expect(seen).toEqual([d.auditSource.failure]);
  });
});

describe("audit sMSAs: a check's findings", () => {
  it('shows one check, evidence, why and mitigation in words, and a way back to the summary', async () => {
    const d = cachedDeps();
    await answerAuditAll({ offset: 0 }, d);
    const card = onlyValidCard(
      await answerCardAction(
        'audit.more',
        { scope: 'all', offset: 0, run: 'r1', check: 'privileged-membership' },
        d,
      ),
    );
    expect(texts(card).slice(0, 2)).toEqual([
      'Member of a privileged group',
      'privileged-membership · 2 findings on 2 accounts · Audit of all managed service accounts (10 managed service accounts checked with 16 checks)',
    ]);
    expect(findingLines(card)).toEqual([
      'svc_deleg · Member of Domain Admins',
      'svc_web01 · Nested member of Administrators',
    ]);
    const text = cardText(card);
    expect(text).toContain('Path: svc_web01$ → Tier0 Service Ops → Server Admins → Administrators');
    expect(text).toContain('Membership: nested, 3 levels');
    expect(text).toContain('one server becomes the whole domain');
    expect(text).toContain(
      "Remove-ADGroupMember -Identity 'CN=Tier0 Service Ops,OU=Groups,DC=corp,DC=example,DC=test'",
    );
    expect(executeActions(card, 'audit.more')).toEqual([
      expect.objectContaining({ title: 'Back to summary', data: { scope: 'all', offset: 0, run: 'r1' } }),
    ]);
  });

  it('gives every finding with a remediation a "Request fix" button carrying its key and proposal', async () => {
    const d = cachedDeps();
    const findings = runAudit(await d.auditSource.readAccountFacts({ kind: 'all' }), {
      now: NOW,
      config: defaultAuditConfig,
    });
    const { pages } = await findingsThroughChecks(onlyValidCard(await answerAuditAll({ offset: 0 }, d)), d);
    const buttons = pages.flatMap((page) => executeActions(page, 'fix.request'));
    const fixable = findings.filter((f) => f.remediation !== null);
    expect(buttons.map((b) => b.title)).toEqual(fixable.map(() => 'Request fix'));
    expect(new Set(buttons.map((b) => (b.data as { findingKey: string }).findingKey))).toEqual(
      new Set(fixable.map((f) => f.key)),
    );
    expect(
      buttons.find((b) => (b.data as { findingKey: string }).findingKey.startsWith('privileged-membership:'))
        ?.data,
    ).toEqual({
      findingKey:
        'privileged-membership:00000000-0000-4000-8000-000000002104:S-1-5-21-1004336348-1177238915-682003330-512',
      account: 'svc_deleg$',
      title: 'Member of Domain Admins',
      remediation: {
        kind: 'remove-from-group',
        groupDn: 'CN=Domain Admins,CN=Users,DC=corp,DC=example,DC=test',
        groupName: 'Domain Admins',
      },
    });
  });

  it('reaches every finding exactly once through the checks, and reads the directory once for it all', async () => {
    const d = cachedDeps();
    const summary = onlyValidCard(await answerAuditAll({ offset: 0 }, d));
    const { lines, pages } = await findingsThroughChecks(summary, d);
    expect(lines).toHaveLength(29);
    expect(new Set(lines).size).toBe(29);
    expect(pages.length).toBe(10);
    // the summary and every click after it: one read of the directory
    expect(d.auditSource.calls).toEqual([{ method: 'readAccountFacts', args: [{ kind: 'all' }] }]);
    expect(d.auditRuns.size).toEqual({ runs: 1, findings: 29 });
  });

  it('answers a check without findings in this run with a note, not an error', async () => {
    const d = cachedDeps();
    await answerAuditAll({ offset: 0 }, d);
    const card = onlyValidCard(
      await answerCardAction('audit.more', { scope: 'all', offset: 0, run: 'r1', check: 'dangerous-acl' }, d),
    );
    expect(cardText(card)).toContain('No findings from this check in this audit run.');
  });

  it('refuses a check id that is not in the catalogue as an out-of-date button', async () => {
    const d = cachedDeps();
    const card = onlyValidCard(
      await answerCardAction('audit.more', { scope: 'all', offset: 0, run: 'r1', check: 'made-up' }, d),
    );
    expect(texts(card)[0]).toMatch(/out of date/i);
    expect(d.auditSource.calls).toEqual([]);
  });
});

describe('audit runs kept for the clicks', () => {
  const click = (d: AnswerDeps, data: object) => answerCardAction('audit.more', data, d).then(onlyValidCard);

  it('audits again when the run expired, says so, and pages through the new run', async () => {
    const d = cachedDeps(30_000);
    await answerAuditAll({ offset: 0 }, d);
    const later = { ...d, now: new Date(NOW.getTime() + 30_000) };
    const card = await click(later, { scope: 'all', offset: 0, run: 'r1', check: 'stale' });
    expect(cardText(card)).toContain(
      'Results refreshed: the run this card came from is no longer kept (runs are kept 30 seconds), so the audit ran again just now; figures may differ.',
    );
    expect(findingLines(card)).toHaveLength(8);
    expect(executeActions(card, 'audit.more')[0]?.data).toEqual({ scope: 'all', offset: 0, run: 'r2' });
    expect(d.auditSource.calls).toHaveLength(2);
    // the new run answers the next click without a note and without reading
    const next = await click(later, { scope: 'all', offset: 0, run: 'r2', check: 'no-owner' });
    expect(cardText(next)).not.toContain('Results refreshed');
    expect(d.auditSource.calls).toHaveLength(2);
  });

  it('never opens a run for another scope, and treats an unknown run id as expired', async () => {
    const d = cachedDeps();
    await answerAuditAll({ offset: 0 }, d);
    const host = await click(d, { scope: 'host', host: 'SRV01', offset: 0, run: 'r1', check: 'stale' });
    expect(texts(host)[1]).toContain('Audit of SRV01');
    expect(cardText(host)).toContain('Results refreshed');
    const forged = await click(d, { scope: 'all', offset: 0, run: 'nosuchrun', check: 'stale' });
    expect(cardText(forged)).toContain('Results refreshed');
    expect(d.auditSource.calls.map((c) => c.args[0])).toEqual([
      { kind: 'all' },
      { kind: 'host', computerDn: 'CN=SRV01,OU=Servers,DC=corp,DC=example,DC=test' },
      { kind: 'all' },
    ]);
  });

  it('keeps nothing with caching off: each click audits again, without a note and without a run id', async () => {
    const d = cachedDeps(0);
    const summary = onlyValidCard(await answerAuditAll({ offset: 0 }, d));
    const [first] = checkButtons(summary);
    expect(first?.data).toEqual({ scope: 'all', offset: 0, check: 'privileged-membership' });
    const card = await click(d, first!.data);
    expect(cardText(card)).not.toContain('Results refreshed');
    expect(d.auditSource.calls).toHaveLength(2);
    expect(d.auditRuns.size).toEqual({ runs: 0, findings: 0 });
  });

  it('answers an old card\'s "Show more" (no run, no check) with the summary', async () => {
    const card = await click(cachedDeps(), { scope: 'all', offset: 12 });
    expect(checkButtons(card).length).toBeGreaterThan(0);
    expect(cardText(card)).not.toContain('Results refreshed');
  });
});

describe('audit <host>', () => {
  it('checks only the accounts linked to the computer, as a summary', async () => {
    const d = cachedDeps();
    const reply = await answerAuditHost('srv01', { offset: 0 }, d);
    const card = onlyValidCard(reply);
    expect(texts(card).slice(0, 2)).toEqual([
      'Audit of SRV01',
      '2 managed service accounts checked with 16 checks: svc_sql01, svc_web01',
    ]);
    expect(d.auditSource.calls).toEqual([
      {
        method: 'readAccountFacts',
        args: [{ kind: 'host', computerDn: 'CN=SRV01,OU=Servers,DC=corp,DC=example,DC=test' }],
      },
    ]);
    expect(worstRows(card)).toEqual(['svc_web01$']);
    expect(counts(card)).toEqual({ Critical: '1', High: '1', Medium: '2', Low: '1', Info: '1' });
    expect(powershellOf(card)).toMatch(
      /^Get-ADComputer -Identity 'SRV01' -Properties msDS-HostServiceAccount \| /,
    );
  });

  it("opens a check's findings of the same run without reading the directory again", async () => {
    const d = cachedDeps();
    const summary = onlyValidCard(await answerAuditHost('srv01', { offset: 0 }, d));
    const reads = d.directory.calls.length;
    const { lines } = await findingsThroughChecks(summary, d);
    expect(lines).toHaveLength(6);
    expect(new Set(lines.map((l) => l.split(' · ')[0]))).toEqual(new Set(['svc_web01']));
    expect(d.auditSource.calls).toHaveLength(1);
    expect(d.directory.calls.length).toBe(reads);
  });

  it('finds the computer by DNS name and says when nothing is linked to it', async () => {
    const card = onlyValidCard(await answerAuditHost('SRV04', { offset: 0 }, deps()));
    expect(texts(card)[1]).toBe('No managed service accounts are linked to SRV04.');
    expect(cardText(card)).toContain('Nothing to check: no managed service account is linked to SRV04');
    const byDns = onlyValidCard(await answerAuditHost('srv02.corp.example.test', { offset: 0 }, deps()));
    expect(texts(byDns)[0]).toBe('Audit of SRV02');
  });

  it('answers an unknown host with the closest names, whose buttons audit that host', async () => {
    const d = deps();
    const reply = await answerAuditHost('SRV1', { offset: 0 }, d);
    const card = onlyValidCard(reply);
    expect(texts(card)[0]).toBe("No computer named 'SRV1'.");
    expect(executeActions(card, 'audit.more').map((a) => a.data)).toEqual([
      { scope: 'host', host: 'SRV01', offset: 0 },
      { scope: 'host', host: 'SRV02', offset: 0 },
      { scope: 'host', host: 'SRV03', offset: 0 },
    ]);
    expect(d.auditSource.calls).toEqual([]);
    const clicked = onlyValidCard(
      await answerCardAction('audit.more', { scope: 'host', host: 'SRV01', offset: 0 }, d),
    );
    expect(texts(clicked)[0]).toBe('Audit of SRV01');
  });

  it('audits a service account named instead of a computer', async () => {
    const d = deps();
    const card = onlyValidCard(await answerAuditHost('svc_orphan', { offset: 0 }, d));
    expect(texts(card).slice(0, 2)).toEqual(['Audit of svc_orphan', '1 sMSA checked with 16 checks']);
    expect(findingLines(card)).toEqual([
      'svc_orphan · Password never set',
      'svc_orphan · Linked to no computer',
      'svc_orphan · Never logged on',
    ]);
    expect(d.auditSource.calls[0]?.args).toEqual([
      { kind: 'account', accountDn: 'CN=svc_orphan,CN=Managed Service Accounts,DC=corp,DC=example,DC=test' },
    ]);
  });

  it('passes the typed host verbatim to the directory and nowhere else', async () => {
    const d = deps();
    const card = onlyValidCard(await answerAuditHost('*)(objectClass=*', { offset: 0 }, d));
    expect(texts(card)[0]).toBe("No computer named '*)(objectClass=*'.");
    expect(d.directory.calls[0]).toEqual({ method: 'findComputer', args: ['*)(objectClass=*'] });
    expect(powershellOf(card)).toBe("Get-ADComputer -Identity '*)(objectClass=*'");
  });
});

describe('audit paging with 2,000 findings', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const findings: Finding[] = runAudit(syntheticFacts(820, now), { now, config: defaultAuditConfig }).slice(
    0,
    2000,
  );
  const report: AuditReport = {
    title: 'Audit of all managed service accounts',
    subtitle: '820 managed service accounts checked with 16 checks',
    findings,
    emptyMessage: '',
    scope: { scope: 'all' },
    powershell: 'Get-ADServiceAccount -Filter *',
  };

  it('has 2,000 findings of every severity to page through', () => {
    expect(findings).toHaveLength(2000);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['critical', 'medium', 'low', 'info']));
  });

  it('shows each finding exactly once, in order, every page a valid card under the budget', () => {
    const shownKeys: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    let largest = 0;
    while (offset !== null) {
      const page = renderedAuditPage(report, offset);
      expect(page.shown).toBeGreaterThan(0);
      expect(page.shown).toBeLessThanOrEqual(AUDIT_PAGE_SIZE);
      largest = Math.max(largest, cardBytes(page.card));
      if (pages % 20 === 0) expect(validateCard(page.card)).toEqual([]);
      const buttons = executeActions(page.card, 'fix.request').map(
        (b) => (b.data as { findingKey: string }).findingKey,
      );
      const onPage = findings.slice(offset, offset + page.shown);
      expect(buttons).toEqual(onPage.filter((f) => f.remediation !== null).map((f) => f.key));
      expect(findingIds(page.card)).toEqual(onPage.map((f) => f.key));
      shownKeys.push(...onPage.map((f) => f.key));
      const more = executeActions(page.card, 'audit.more');
      expect(more.length).toBe(page.nextOffset === null ? 0 : 1);
      if (page.nextOffset !== null) expect(more[0]?.data).toEqual({ scope: 'all', offset: page.nextOffset });
      offset = page.nextOffset;
      pages++;
    }
    expect(shownKeys).toEqual(findings.map((f) => f.key));
    expect(largest).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(2000 / AUDIT_PAGE_SIZE));
  });

  it('marks a severity group that continues from the previous page', () => {
    const page = renderedAuditPage(report, 1);
    expect(headings(page.card)[0]).toMatch(/^Critical \(\d+\), continued$/);
    expect(cardText(page.card)).toContain(`Findings 2–${1 + page.shown} of 2,000.`);
  });

  it('shrinks a page of long findings to fit the budget', () => {
    const long = findings.slice(0, 40).map((f) => ({
      ...f,
      title: 'T'.repeat(5000),
      why: 'W'.repeat(5000),
      mitigation: 'M'.repeat(5000),
      evidence: Array.from({ length: 30 }, (_, i) => ({ label: `L${i}`, value: 'V'.repeat(2000) })),
    }));
    const page = renderedAuditPage({ ...report, findings: long }, 0);
    expect(page.shown).toBeLessThan(AUDIT_PAGE_SIZE);
    expect(page.shown).toBeGreaterThan(0);
    expect(cardBytes(page.card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(validateCard(page.card)).toEqual([]);
    expect(cardText(page.card)).toContain('+24 more');
  });

  it('answers an offset past the end with a note, not an error', () => {
    const page = renderedAuditPage(report, 5000);
    expect(page.shown).toBe(0);
    expect(page.nextOffset).toBeNull();
    expect(cardText(page.card)).toContain('No more findings: all 2,000 were shown.');
  });
});

describe('the directory helper used by these tests', () => {
  it('keeps FakeDirectory and the audit facts in step', () => {
    const d = deps();
    expect(d.auditSource.facts.map((f) => f.account.name).sort()).toEqual(
      FakeDirectory.fromFixtures()
        .serviceAccounts.map((a) => a.name)
        .sort(),
    );
  });
});
