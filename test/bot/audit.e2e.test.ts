import { loadConfig } from '../../src/config/load-config';
import { testLogger } from '../support/test-logger';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { LdapAuditSource } from '../../src/directory/ldap-audit-source';
import type { AuditScope, AuditSource } from '../../src/domain/audit-source';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { cardAction, personalMessage, postActivity } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { testDirectoryOptions } from '../support/dc';
import { expected, resolveSids, seededNow } from '../support/expected-findings';
import { MAX_CARD_BYTES } from '../../src/cards/card-bytes';
import { cardBytes, validateCard } from '../support/validate-card';

/**
 * The audit commands over HTTP on the seeded Samba DC: real activities in, the real LdapDirectory and
 * LdapAuditSource, replies captured on a local connector. What must come out is read from
 * test/fixtures/directory/expected-findings.json (shared with the audit's integration test), and the
 * clock is the one that test uses: svc_sql01's pwdLastSet, stamped at seeding, plus clockDaysAfterSeeding.
 */

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (obj: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (typeof node === 'object' && node !== null) {
    visit(node as Json);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

/** The first TextRun text of each RichTextBlock in a container's items. */
function itemTexts(container: Json): string[] {
  const items = (container.items as Json[] | undefined) ?? [];
  return items.map((item) => ((item.inlines as Json[] | undefined)?.[0]?.text as string | undefined) ?? '');
}

function executeActions(card: unknown, verb: string): Json[] {
  const out: Json[] = [];
  walk(card, (obj) => {
    if (obj.type === 'Action.Execute' && obj.verb === verb) out.push(obj);
  });
  return out;
}

/** `checkId | account | detail` of every finding on an audit card: the container id is the finding key. */
function findingRows(card: unknown): string[] {
  const rows: string[] = [];
  walk(card, (obj) => {
    if (obj.type !== 'Container' || typeof obj.id !== 'string') return;
    const [checkId, , ...detail] = obj.id.split(':');
    rows.push(`${checkId} | ${itemTexts(obj)[0]} | ${detail.join(':')}`);
  });
  return rows;
}

/** account, chain and button of every row of the privileged card. */
function privilegedRows(card: unknown): Array<{ account: string; chain: string; button: Json | undefined }> {
  const rows: Array<{ account: string; chain: string; button: Json | undefined }> = [];
  walk(card, (obj) => {
    if (obj.type !== 'Container') return;
    const [account, chain] = itemTexts(obj);
    if (account === undefined || chain === undefined || !chain.includes(' → ')) return;
    rows.push({ account, chain, button: executeActions(obj, 'fix.request')[0] });
  });
  return rows;
}

function cardJson(card: unknown): string {
  return JSON.stringify(card);
}

describe('the audit commands over HTTP against the Samba DC', () => {
  let connector: ConnectorServer;
  let bot: RunningBot;
  let ldap: LdapDirectory;
  let now: Date;
  /** every audit the bot ran, by scope: the clicks page through a kept run instead of auditing again */
  const audits: AuditScope[] = [];

  /** A card that Teams would take: valid 1.5, within the size budget. */
  function checked(card: unknown): unknown {
    expect(validateCard(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    return card;
  }

  async function ask(text: string): Promise<unknown> {
    const before = connector.activities.length;
    const posted = await postActivity(
      bot.messagesUrl,
      personalMessage(text, { serviceUrl: connector.serviceUrl }),
    );
    expect(posted.status).toBeLessThan(300);
    const sent = await connector.waitForActivities(before + 1, 15_000);
    const attachment = sent[before]?.body.attachments?.[0];
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    return checked(attachment?.content);
  }

  /** Clicks an Action.Execute button; the invoke response carries the next card. */
  async function click(button: Json): Promise<unknown> {
    const posted = await postActivity(
      bot.messagesUrl,
      cardAction(button.verb as string, button.data, { serviceUrl: connector.serviceUrl }),
    );
    expect(posted.status).toBe(200);
    return checked((posted.body as { value: unknown }).value);
  }

  /** Every page of one check's findings, following "Show more". */
  async function allPages(first: unknown): Promise<unknown[]> {
    const pages = [first];
    for (let guard = 0; guard < 20; guard++) {
      const more = executeActions(pages.at(-1), 'audit.more').find((a) => a.title === 'Show more');
      if (more === undefined) break;
      pages.push(await click(more));
    }
    return pages;
  }

  /** Every finding page of an audit summary: each check's "Show findings", then its "Show more". */
  async function allCheckPages(summary: unknown): Promise<unknown[]> {
    const pages: unknown[] = [];
    for (const open of executeActions(summary, 'audit.more').filter((a) => a.title === 'Show findings')) {
      pages.push(...(await allPages(await click(open))));
    }
    return pages;
  }

  beforeAll(async () => {
    ldap = new LdapDirectory(testDirectoryOptions());
    now = await seededNow(ldap);
    connector = await startConnectorServer();
    const ldapAudit = new LdapAuditSource(ldap);
    const auditSource: AuditSource = {
      readAccountFacts: (scope) => {
        audits.push(scope);
        return ldapAudit.readAccountFacts(scope);
      },
      readMembershipFacts: (scope) => {
        audits.push(scope);
        return ldapAudit.readMembershipFacts(scope);
      },
      listMigrationCandidates: (host) => ldapAudit.listMigrationCandidates(host),
    };
    bot = await startBot(loadConfig(process.env), {
      auditSource,
      port: 0,
      host: '127.0.0.1',
      logger: testLogger(),
      now: () => now,
    });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.close();
    await ldap.close();
  });

  it('"audit privileged sMSAs" lists exactly the privileged MSAs, each with its chain and a removal button', async () => {
    const card = await ask('audit privileged sMSAs');
    const rows = privilegedRows(card);
    expect(
      rows
        .map(({ account, chain }) => ({ account, chain }))
        .sort((a, b) => a.account.localeCompare(b.account)),
    ).toEqual(expected.privileged);
    for (const row of rows) {
      expect(row.button).toMatchObject({
        title: 'Request removal',
        data: { account: `${row.account}$`, remediation: { kind: 'remove-from-group' } },
      });
      const key = (row.button?.data as { findingKey: string }).findingKey;
      expect(key.startsWith('privileged-membership:')).toBe(true);
    }
    expect(executeActions(card, 'audit.more')).toEqual([]);
  });

  it('"audit sMSAs" answers with a summary whose checks open exactly the expected findings, from one audit run', async () => {
    const want = await Promise.all(
      expected.findings.map(
        async (f) => `${f.checkId} | ${f.account} | ${await resolveSids(ldap, f.detail)}`,
      ),
    );
    const before = audits.length;
    const summary = await ask('audit sMSAs');
    // a summary, not a wall of findings
    expect(findingRows(summary)).toEqual([]);
    expect(cardJson(summary)).toContain('accounts with findings');
    const pages = await allCheckPages(summary);
    expect(pages.length).toBeGreaterThan(1);
    const got = pages.flatMap(findingRows);
    expect(got.sort()).toEqual(want.sort());
    // the summary and every click after it: one audit of the directory
    expect(audits.slice(before)).toEqual([{ kind: 'all' }]);
    for (const page of pages) expect(cardJson(page)).not.toContain('Results refreshed');
  });

  it('a click on a run that is no longer kept audits again and says so', async () => {
    const before = audits.length;
    const card = await click({
      verb: 'audit.more',
      data: { scope: 'all', offset: 0, run: 'expired-run', check: 'no-owner' },
    });
    expect(cardJson(card)).toContain('Results refreshed');
    expect(findingRows(card).length).toBeGreaterThan(0);
    expect(audits.slice(before)).toEqual([{ kind: 'all' }]);
  });

  it('"audit SRV04" checks only the accounts linked to SRV04', async () => {
    const pages = await allCheckPages(await ask('audit SRV04'));
    const accounts = new Set(pages.flatMap(findingRows).map((row) => row.split(' | ')[1]));
    expect(accounts.has('svc_da')).toBe(true);
    expect(accounts.has('svc_sqldb01')).toBe(false);
    expect(accounts.has('svc_rbcd')).toBe(false);
  });

  it('"show svc_web01" gains its findings, with the chain and a fix button', async () => {
    const card = await ask('show svc_web01');
    const text = cardJson(card);
    expect(text).toContain('svc_web01$ → Tier0 Service Ops → Administrators');
    expect(executeActions(card, 'fix.request').length).toBeGreaterThan(0);
  });

  it('a fix button opens the request card: the change, a justification to give and Submit request', async () => {
    const [button] = executeActions(await ask('audit privileged sMSAs'), 'fix.request');
    const reply = cardJson(await click(button!));
    expect(reply).toContain('Request a fix');
    expect(reply).toContain('"verb":"fix.submit"');
    expect(reply).toContain((button!.data as { findingKey: string }).findingKey);
  });

  it('"test svc_sql01 on SRV01" passes every point', async () => {
    const text = cardJson(await ask('test svc_sql01 on SRV01'));
    expect(text).toContain('svc_sql01 on SRV01: all 5 points pass');
    expect(text).not.toContain('✖');
  });

  it('"migration candidates on SRV01" gives the user with SPNs there the PowerShell for an sMSA', async () => {
    const text = cardJson(await ask('migration candidates on SRV01'));
    expect(text).toContain('sqlreports');
    expect(text).toContain("Add-ADComputerServiceAccount -Identity 'SRV01' -ServiceAccount 'sqlreports'");
    expect(text).not.toContain('websvc_old');
  });
});
