import { defaultAuditConfig } from '../../../src/domain/audit-config';
import { runAudit } from '../../../src/audit/run-audit';
import { MAX_CARD_BYTES } from '../../../src/cards/card-bytes';
import { answerCardVerb as answerCardAction } from '../../../src/commands/route';
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

describe('audit sMSAs', () => {
  it('puts the counts per severity on top and the findings worst first', async () => {
    const reply = await answerAuditAll(0, deps());
    const card = onlyValidCard(reply);
    expect(texts(card).slice(0, 2)).toEqual([
      'Audit of all managed service accounts',
      '10 managed service accounts checked with 16 checks',
    ]);
    expect(counts(card)).toEqual({ Critical: '3', High: '3', Medium: '6', Low: '9', Info: '8' });
    expect(headings(card)).toEqual(['Critical (3)', 'High (3)', 'Medium (6)']);
    expect(findingIds(card)[0]).toBe(
      'privileged-membership:00000000-0000-4000-8000-000000002104:S-1-5-21-1004336348-1177238915-682003330-512',
    );
    expect(findingLines(card)).toEqual([
      'svc_deleg · Member of Domain Admins',
      'svc_deleg · Trusted for unconstrained delegation',
      'svc_web01 · Nested member of Administrators',
      'svc_kcd · Delegates to 2 service(s) as any user (protocol transition)',
      'svc_orphan · Password never set',
      'svc_web01 · SPN HTTP/web.corp.example.test is also held by websvc',
      'gmsa_batch · Password 24 days old (rotates every 7)',
      'gmsa_batch · No host may retrieve its password',
      'svc_deleg · Encryption types not set: tickets default to RC4',
      'svc_orphan · Linked to no computer',
      'svc_web01 · Password 85 days old (rotates every 30)',
      'svc_web01 · No AES: Kerberos keys are RC4/DES only',
    ]);
    expect(cardText(card)).toContain('Findings 1–12 of 29.');
    expect(reply.summary).toBe(
      'Audit of all managed service accounts: 29 findings (3 critical · 3 high · 6 medium · 9 low · 8 info)',
    );
    expect(powershellOf(card)).toMatch(/^Get-ADServiceAccount -Filter \* -Properties memberOf,/);
  });

  it('shows evidence, why and mitigation in words, with the chain of a nested membership', async () => {
    const text = cardText(onlyValidCard(await answerAuditAll(0, deps())));
    expect(text).toContain('Path: svc_web01$ → Tier0 Service Ops → Server Admins → Administrators');
    expect(text).toContain('Membership: nested, 3 levels');
    expect(text).toContain('one server becomes the whole domain');
    expect(text).toContain(
      "Remove-ADGroupMember -Identity 'CN=Tier0 Service Ops,OU=Groups,DC=corp,DC=example,DC=test'",
    );
  });

  it('gives every finding with a remediation a "Request fix" button carrying its key and proposal', async () => {
    const d = deps();
    const findings = runAudit(await d.auditSource.readAccountFacts({ kind: 'all' }), {
      now: NOW,
      config: defaultAuditConfig,
    }).slice(0, AUDIT_PAGE_SIZE);
    const card = onlyValidCard(await answerAuditAll(0, d));
    const buttons = executeActions(card, 'fix.request');
    const fixable = findings.filter((f) => f.remediation !== null);
    expect(buttons.map((b) => b.title)).toEqual(fixable.map(() => 'Request fix'));
    expect(buttons.map((b) => b.data)).toEqual(
      fixable.map((f) => ({
        findingKey: f.key,
        account: f.account.samAccountName,
        title: f.title,
        remediation: f.remediation,
      })),
    );
    expect(buttons[0]?.data).toEqual({
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

  it('continues with "Show more" until every finding was shown once', async () => {
    const d = deps();
    const seen: string[] = [];
    let card = onlyValidCard(await answerAuditAll(0, d));
    for (let page = 0; page < 10; page++) {
      seen.push(...findingLines(card));
      const [more] = executeActions(card, 'audit.more');
      if (more === undefined) break;
      expect(more).toMatchObject({ title: 'Show more', data: { scope: 'all', offset: seen.length } });
      card = onlyValidCard(await answerCardAction('audit.more', more.data, d));
    }
    expect(seen).toHaveLength(29);
    expect(new Set(seen).size).toBe(29);
    expect(headings(card)).toEqual(['Info (8), continued']);
    expect(cardText(card)).toContain('Findings 25–29 of 29.');
  });

  it('says when there is nothing to find', async () => {
    const d = { ...deps(), auditSource: new FakeAuditSource([]) };
    const card = onlyValidCard(await answerAuditAll(0, d));
    expect(cardText(card)).toContain('There are no managed service accounts in the directory.');
    expect(counts(card)).toEqual({ Critical: '0', High: '0', Medium: '0', Low: '0', Info: '0' });
    expect(executeActions(card, 'audit.more')).toEqual([]);
  });

  it('says "no findings" when every account passes', async () => {
    const d = deps();
    const clean = d.auditSource.facts.filter((f) => f.account.name === 'svc_sql01');
    const card = onlyValidCard(await answerAuditAll(0, { ...d, auditSource: new FakeAuditSource(clean) }));
    expect(texts(card)[1]).toBe('1 managed service account checked with 16 checks');
    expect(cardText(card)).toContain('No findings: every account passes every check.');
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

describe('audit <host>', () => {
  it('checks only the accounts linked to the computer', async () => {
    const d = deps();
    const reply = await answerAuditHost('srv01', 0, d);
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
    expect(new Set(findingLines(card).map((l) => l.split(' · ')[0]))).toEqual(new Set(['svc_web01']));
    expect(counts(card)).toEqual({ Critical: '1', High: '1', Medium: '2', Low: '1', Info: '1' });
    expect(powershellOf(card)).toMatch(
      /^Get-ADComputer -Identity 'SRV01' -Properties msDS-HostServiceAccount \| /,
    );
  });

  it('finds the computer by DNS name and says when nothing is linked to it', async () => {
    const card = onlyValidCard(await answerAuditHost('SRV04', 0, deps()));
    expect(texts(card)[1]).toBe('No managed service accounts are linked to SRV04.');
    expect(cardText(card)).toContain('Nothing to check: no managed service account is linked to SRV04');
    const byDns = onlyValidCard(await answerAuditHost('srv02.corp.example.test', 0, deps()));
    expect(texts(byDns)[0]).toBe('Audit of SRV02');
  });

  it('answers an unknown host with the closest names, whose buttons audit that host', async () => {
    const d = deps();
    const reply = await answerAuditHost('SRV1', 0, d);
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
    const card = onlyValidCard(await answerAuditHost('svc_orphan', 0, d));
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
    const card = onlyValidCard(await answerAuditHost('*)(objectClass=*', 0, d));
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
