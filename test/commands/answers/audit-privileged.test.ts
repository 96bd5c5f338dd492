import { defaultAuditConfig } from '../../../src/domain/audit-config';
import { checksById } from '../../../src/audit/checks';
import { runAudit } from '../../../src/audit/run-audit';
import { MAX_CARD_BYTES } from '../../../src/cards/card-bytes';
import { answerCardVerb as answerCardAction } from '../../../src/commands/route';
import {
  PRIVILEGED_PAGE_SIZE,
  answerAuditPrivileged,
  privilegedPage,
  protectedGroupNames,
} from '../../../src/commands/answers/audit-privileged';
import { AuditRunCache } from '../../../src/commands/audit-run-cache';
import { FakeAuditSource, fixtureDeps } from '../../support/fake-audit-source';
import { syntheticFacts } from '../../support/synthetic-facts';
import { cardBytes, validateCard } from '../../support/validate-card';
import {
  NOW,
  cardText,
  executeActions,
  onlyValidCard,
  powershellOf,
  renderedPage,
  texts,
} from '../../support/card-inspect';

const deps = () => fixtureDeps(NOW);

/** The chains on a card: the monospace lines right after each account row. */
const chains = (card: unknown): string[] => texts(card).filter((t) => t.includes(' → '));

describe('audit privileged sMSAs', () => {
  it('lists every MSA in a protected group with its chain and a "Request removal" button', async () => {
    const reply = await answerAuditPrivileged({ offset: 0 }, deps());
    const card = onlyValidCard(reply);
    expect(texts(card).slice(0, 2)).toEqual([
      'Privileged managed service accounts: 2 accounts, 2 privileged memberships',
      '10 managed service accounts checked for membership, direct or nested, in a protected group',
    ]);
    expect(chains(card)).toEqual([
      'svc_deleg$ → Domain Admins',
      'svc_web01$ → Tier0 Service Ops → Server Admins → Administrators',
    ]);
    const text = cardText(card);
    expect(text).toContain('Privileged group: Administrators (S-1-5-32-544)');
    expect(text).toContain('Membership: nested, 3 levels');
    expect(text).toContain('Membership: direct');
    const buttons = executeActions(card, 'fix.request');
    expect(buttons.map((b) => b.title)).toEqual(['Request removal', 'Request removal']);
    expect(buttons[1]?.data).toEqual({
      findingKey: 'privileged-membership:0f6b2a8e-3b1c-4d2e-9f10-000000000102:S-1-5-32-544',
      account: 'svc_web01$',
      title: 'Nested member of Administrators',
      // the direct group on the path: removing the account from it breaks the chain
      remediation: {
        kind: 'remove-from-group',
        groupDn: 'CN=Tier0 Service Ops,OU=Groups,DC=corp,DC=example,DC=test',
        groupName: 'Tier0 Service Ops',
      },
    });
    expect(executeActions(card, 'audit.more')).toEqual([]);
    expect(reply.summary).toBe(texts(card)[0]);
  });

  it('lists only privileged-membership findings, not the rest of the audit', async () => {
    const text = cardText(onlyValidCard(await answerAuditPrivileged({ offset: 0 }, deps())));
    expect(text).not.toContain('unconstrained');
    expect(text).not.toContain('svc_orphan');
  });

  it('says so clearly when no MSA is privileged, and what was checked', async () => {
    const d = deps();
    const harmless = d.auditSource.facts.filter((f) => !['svc_deleg', 'svc_web01'].includes(f.account.name));
    const card = onlyValidCard(
      await answerAuditPrivileged({ offset: 0 }, { ...d, auditSource: new FakeAuditSource(harmless) }),
    );
    expect(texts(card)[0]).toBe('Privileged managed service accounts: none');
    const text = cardText(card);
    expect(text).toContain('No managed service account is in a privileged group.');
    expect(text).toContain('8 managed service accounts checked');
    for (const group of [
      'Domain Admins (RID 512)',
      'Enterprise Admins (RID 519)',
      'Administrators (S-1-5-32-544)',
      'DnsAdmins (by name)',
    ]) {
      expect(text).toContain(group);
    }
    expect(executeActions(card, 'fix.request')).toEqual([]);
  });

  it('names the configured protected groups', () => {
    expect(protectedGroupNames(defaultAuditConfig)).toEqual([
      'Administrators (S-1-5-32-544)',
      'Account Operators (S-1-5-32-548)',
      'Server Operators (S-1-5-32-549)',
      'Print Operators (S-1-5-32-550)',
      'Backup Operators (S-1-5-32-551)',
      'Domain Admins (RID 512)',
      'Schema Admins (RID 518)',
      'Enterprise Admins (RID 519)',
      'Group Policy Creator Owners (RID 520)',
      'Key Admins (RID 526)',
      'Enterprise Key Admins (RID 527)',
      'DnsAdmins (by name)',
    ]);
    expect(
      protectedGroupNames({
        ...defaultAuditConfig,
        privilegedDomainRids: [1234],
        privilegedBuiltinSids: [],
        extraPrivilegedGroups: [],
      }),
    ).toEqual(['the group with RID 1234']);
  });

  it('cross-checks in PowerShell by SID through tokenGroups', async () => {
    const ps = powershellOf(onlyValidCard(await answerAuditPrivileged({ offset: 0 }, deps())));
    expect(ps).toContain('-Properties tokenGroups');
    expect(ps).toContain("'S-1-5-32-544'");
    expect(ps).toContain("-match '^S-1-5-21-.*-(512|518|519|520|526|527)$'");
    expect(ps).toContain("@('DnsAdmins')");
  });

  it('opens a long list with the accounts per protected group, whose buttons page through its chains', async () => {
    const now = new Date('2025-06-01T12:00:00Z');
    const facts = syntheticFacts(300, now);
    const findings = runAudit(facts, { now, config: defaultAuditConfig }, [
      checksById['privileged-membership'],
    ]);
    expect(findings).toHaveLength(50);
    let n = 0;
    const d = {
      ...fixtureDeps(now),
      auditSource: new FakeAuditSource(facts),
      auditRuns: new AuditRunCache({ ttlMs: 60_000, maxFindings: 10_000, newId: () => `p${++n}` }),
    };
    const summary = onlyValidCard(await answerAuditPrivileged({ offset: 0 }, d));
    expect(texts(summary)[0]).toBe(
      'Privileged managed service accounts: 50 accounts, 50 privileged memberships',
    );
    expect(chains(summary)).toEqual([]);
    const text = cardText(summary);
    expect(text).toContain('Administrators (S-1-5-32-544)');
    expect(text).toContain('50 accounts: 0 direct, 50 nested');
    const [open] = executeActions(summary, 'audit.more');
    expect(open).toMatchObject({
      title: 'Show chains',
      data: { scope: 'privileged', offset: 0, run: 'p1', group: 'S-1-5-32-544' },
    });
    const seen: string[] = [];
    let card = onlyValidCard(await answerCardAction('audit.more', open!.data, d));
    expect(texts(card)[0]).toBe(
      'Privileged managed service accounts in Administrators (S-1-5-32-544): 50 accounts',
    );
    for (let guard = 0; guard < 10; guard++) {
      expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
      seen.push(...chains(card));
      expect(executeActions(card, 'fix.request').length).toBe(chains(card).length);
      const more = executeActions(card, 'audit.more').find((a) => a.title === 'Show more');
      if (more === undefined) break;
      expect(more.data).toEqual({
        scope: 'privileged',
        offset: seen.length,
        run: 'p1',
        group: 'S-1-5-32-544',
      });
      card = onlyValidCard(await answerCardAction('audit.more', more.data, d));
    }
    expect(seen).toEqual(findings.map((f) => f.evidence[0]?.value));
    expect(cardText(card)).toContain('Showing 46–50 of 50.');
    expect(executeActions(card, 'audit.more').find((a) => a.title === 'Back to summary')?.data).toEqual({
      scope: 'privileged',
      offset: 0,
      run: 'p1',
    });
    // the summary and every page: one read of the directory
    expect(d.auditSource.calls).toHaveLength(1);
  });

  it('still pages every chain for an old card\'s "Show more" (an offset without a group)', () => {
    const now = new Date('2025-06-01T12:00:00Z');
    const facts = syntheticFacts(300, now);
    const findings = runAudit(facts, { now, config: defaultAuditConfig }, [
      checksById['privileged-membership'],
    ]);
    const page = renderedPage(privilegedPage(findings, facts.length, defaultAuditConfig, 15));
    expect(validateCard(page.card)).toEqual([]);
    expect(page.shown).toBeLessThanOrEqual(PRIVILEGED_PAGE_SIZE);
    expect(cardText(page.card)).toContain('Showing 16–30 of 50.');
  });
});
