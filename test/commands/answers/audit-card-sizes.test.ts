import { allChecks } from '../../../src/audit/checks';
import { MAX_CARD_BYTES } from '../../../src/cards/card-bytes';
import { renderAnswer, renderPage } from '../../../src/cards/render-answer';
import { AuditRunCache } from '../../../src/commands/audit-run-cache';
import { answerAuditAll } from '../../../src/commands/answers/audit-all';
import { answerAuditPrivileged } from '../../../src/commands/answers/audit-privileged';
import { type AnswerDeps, answerCardVerb } from '../../../src/commands/route';
import type { AuditReport } from '../../../src/commands/views/audit-page';
import { auditSummaryCard } from '../../../src/commands/views/audit-summary';
import { checkIds, type Finding } from '../../../src/domain/finding';
import { FakeAuditSource, fixtureDeps } from '../../support/fake-audit-source';
import { syntheticFacts } from '../../support/synthetic-facts';
import { cardBytes, validateCard } from '../../support/validate-card';
import { executeActions, texts } from '../../support/card-inspect';

/*
 * The audit cards at the fixture domain's size (28 accounts) and at 5,000 accounts: the summary, the
 * first and last page of every check, the privileged summary and a group's chains all parse with the
 * official parser and stay under the Teams budget; the whole walk reads the directory once per command.
 */

const now = new Date('2025-06-01T12:00:00Z');

function scaleDeps(accounts: number): AnswerDeps & { auditSource: FakeAuditSource } {
  return {
    ...fixtureDeps(now),
    auditSource: new FakeAuditSource(syntheticFacts(accounts, now)),
    auditRuns: new AuditRunCache({ ttlMs: 60_000, maxFindings: 100_000 }),
  };
}

async function card(reply: ReturnType<typeof answerCardVerb>): Promise<unknown> {
  const [only] = (await reply).cards;
  expect(validateCard(only)).toEqual([]);
  expect(cardBytes(only)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  return only;
}

describe.each([28, 5000])('audit cards at %i accounts', (accounts) => {
  it('"audit sMSAs": the summary and every check\'s first and last page fit, from one directory read', async () => {
    const d = scaleDeps(accounts);
    const summary = await card(Promise.resolve(renderAnswer(await answerAuditAll({ offset: 0 }, d))));
    const opens = executeActions(summary, 'audit.more');
    expect(opens.length).toBeGreaterThanOrEqual(5);
    for (const open of opens) {
      const first = await card(answerCardVerb('audit.more', open.data, d));
      const lastOffset =
        Number(/of ([\d,]+) findings/.exec(texts(first)[1] ?? '')?.[1]?.replace(/,/g, '') ?? 1) - 1;
      await card(
        answerCardVerb('audit.more', { ...(open.data as object), offset: Math.max(0, lastOffset) }, d),
      );
    }
    expect(d.auditSource.calls).toHaveLength(1);
  });

  it('"audit privileged sMSAs": the summary and a group\'s chains fit, from one directory read', async () => {
    const d = scaleDeps(accounts);
    const summary = await card(Promise.resolve(renderAnswer(await answerAuditPrivileged({ offset: 0 }, d))));
    const [open] = executeActions(summary, 'audit.more');
    if (open !== undefined) await card(answerCardVerb('audit.more', open.data, d));
    expect(d.auditSource.calls).toHaveLength(1);
  });
});

describe('the summary card at its largest', () => {
  it('stays under the budget with findings from every check and long account names', () => {
    const [facts] = syntheticFacts(1, now);
    const findings: Finding[] = [];
    for (let account = 0; account < 40; account++) {
      for (const id of checkIds) {
        findings.push({
          key: `${id}:${account}`,
          checkId: id,
          severity: 'critical',
          account: {
            name: `${'x'.repeat(200)}${account}`,
            samAccountName: `${'x'.repeat(200)}${account}$`,
            sid: `S-1-5-21-1-2-3-${account}`,
            guid: String(account),
            kind: 'sMSA',
            distinguishedName: `CN=${account},${facts!.account.distinguishedName}`,
          },
          title: 'T',
          detail: 'd',
          evidence: [],
          why: '',
          mitigation: '',
          remediation: null,
        });
      }
    }
    const report: AuditReport = {
      title: 'Audit of all managed service accounts',
      subtitle: '40 managed service accounts checked with 16 checks',
      findings,
      emptyMessage: '',
      scope: { scope: 'host', host: 'H'.repeat(256) },
      powershell: 'Get-ADServiceAccount -Filter *',
      run: 'abcdefghijkl',
      notice: 'Results refreshed: the run this card came from is no longer kept (runs are kept 2 minutes).',
    };
    const { card: rendered } = renderPage(auditSummaryCard(report));
    expect(validateCard(rendered)).toEqual([]);
    expect(executeActions(rendered, 'audit.more')).toHaveLength(allChecks.length);
    // the worst accounts shrink to fit; at realistic name lengths all ten stay
    expect(executeActions(rendered, 'show').length).toBeGreaterThanOrEqual(5);
    expect(cardBytes(rendered)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });
});
