import { MAX_CARD_BYTES } from '../../../src/cards/card-bytes';
import { answerCardVerb as answerCardAction } from '../../../src/commands/route';
import {
  answerMigrationCandidates,
  type MigrationCardView,
  migrationPage,
  migrationScript,
  spnComputers,
  suggestedMsaName,
} from '../../../src/commands/answers/migration-candidates';
import type { MigrationCandidate } from '../../../src/domain/audit-source';
import { spnHost } from '../../../src/domain/service-principal-name';
import { fixtureDeps } from '../../support/fake-audit-source';
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

function candidate(overrides: Partial<MigrationCandidate> & { samAccountName: string }): MigrationCandidate {
  return {
    distinguishedName: `CN=${overrides.samAccountName},OU=Service Users,DC=corp,DC=example,DC=test`,
    name: overrides.samAccountName,
    sid: 'S-1-5-21-1-2-3-4000',
    enabled: true,
    servicePrincipalNames: [],
    passwordLastSetAt: null,
    lastLogonAt: null,
    description: null,
    ...overrides,
  };
}

/** The script lines of the candidate named `name` on a card. */
function scriptOf(card: unknown, name: string): string[] {
  const all = texts(card);
  const start = all.indexOf(name);
  const lines: string[] = [];
  for (let i = start + 1; i < all.length; i++) {
    const text = all[i]!;
    if (text.startsWith(' · ') && i > start + 1) break;
    if (/^(New-|Add-|Install-|Set-|\$spns|#)/.test(text)) lines.push(text);
  }
  return lines;
}

describe('migration candidates', () => {
  it('lists the user accounts with SPNs, each with the PowerShell to move it', async () => {
    const reply = await answerMigrationCandidates(null, 0, deps());
    const card = onlyValidCard(reply);
    expect(texts(card)[0]).toBe('Migration candidates: 3 user accounts with SPNs');
    const text = cardText(card);
    expect(text).toContain('SPNs: HTTP/srv01.corp.example.test:8080, HTTP/srv01:8080');
    expect(text).toContain('Password last set: 2023-05-01 12:00 UTC (939 days ago)');
    expect(text).toContain('Plan: an sMSA on SRV01');
    expect(scriptOf(card, 'svc_report')).toEqual([
      "New-ADServiceAccount -Name 'svc_report' -RestrictToSingleComputer -Enabled $true -KerberosEncryptionType AES128,AES256",
      "Add-ADComputerServiceAccount -Identity 'SRV01' -ServiceAccount 'svc_report'",
      '# on SRV01:',
      "Install-ADServiceAccount -Identity 'svc_report'; Test-ADServiceAccount -Identity 'svc_report'",
      '# move the SPNs from the user to the managed account (an SPN may be held only once)',
      "$spns = (Get-ADUser -Identity 'svc_report' -Properties servicePrincipalName).servicePrincipalName",
      "Set-ADUser -Identity 'svc_report' -ServicePrincipalNames @{Remove=$spns}",
      "Set-ADServiceAccount -Identity 'svc_report' -ServicePrincipalNames @{Add=$spns}",
      "# run the service as svc_report$ with an empty password, then retire the user: Disable-ADAccount -Identity 'svc_report'",
    ]);
    expect(powershellOf(card)).toBe(
      'Get-ADUser -Filter \'servicePrincipalName -like "*"\' -Properties servicePrincipalName,PasswordLastSet,LastLogonDate | Select-Object Name,SamAccountName,Enabled,servicePrincipalName',
    );
    expect(reply.summary).toBe('Migration candidates: 3 user accounts with SPNs');
  });

  it('proposes a gMSA when the SPNs name several computers', async () => {
    const card = onlyValidCard(await answerMigrationCandidates(null, 0, deps()));
    expect(cardText(card)).toContain('Plan: a gMSA for SRV01, SRV02 (the SPNs name several computers)');
    expect(scriptOf(card, 'svc_batch').slice(0, 4)).toEqual([
      '# needs a KDS root key once per forest: Get-KdsRootKey, else Add-KdsRootKey -EffectiveImmediately',
      "New-ADServiceAccount -Name 'svc_batch' -DNSHostName 'svc_batch.corp.example.test' -PrincipalsAllowedToRetrieveManagedPassword 'SRV01$','SRV02$' -KerberosEncryptionType AES128,AES256 -Enabled $true",
      '# on each of SRV01, SRV02:',
      "Install-ADServiceAccount -Identity 'svc_batch'; Test-ADServiceAccount -Identity 'svc_batch'",
    ]);
  });

  it('quotes names from the directory for PowerShell and keeps the MSA name valid', async () => {
    const card = onlyValidCard(await answerMigrationCandidates(null, 0, deps()));
    const script = scriptOf(card, "O'Brien svc");
    expect(script[0]).toBe(
      "New-ADServiceAccount -Name 'obrien_svc' -RestrictToSingleComputer -Enabled $true -KerberosEncryptionType AES128,AES256",
    );
    expect(script).toContain(
      "$spns = (Get-ADUser -Identity 'o''brien_svc' -Properties servicePrincipalName).servicePrincipalName",
    );
    expect(cardText(card)).toContain("user o'brien_svc · disabled · 1 SPN");
  });

  it('filters by host, resolved through the directory', async () => {
    const d = deps();
    const card = onlyValidCard(await answerMigrationCandidates('srv02.corp.example.test', 0, d));
    expect(texts(card)[0]).toBe('Migration candidates on SRV02: 1 user account with SPNs');
    expect(d.auditSource.calls).toEqual([
      {
        method: 'listMigrationCandidates',
        args: [{ name: 'SRV02', dnsHostName: 'srv02.corp.example.test' }],
      },
    ]);
    expect(powershellOf(card)).toContain("[regex]::Escape('SRV02')");
  });

  it('says when there is nothing to move', async () => {
    const card = onlyValidCard(await answerMigrationCandidates('SRV04', 0, deps()));
    expect(texts(card)[0]).toBe('Migration candidates on SRV04: 0 user accounts with SPNs');
    expect(cardText(card)).toContain('No user account on SRV04 holds an SPN');
  });

  it('answers an unknown host with the closest names, whose buttons ask again', async () => {
    const d = deps();
    const card = onlyValidCard(await answerMigrationCandidates('SRV1', 0, d));
    expect(texts(card)[0]).toBe("No computer named 'SRV1'.");
    const buttons = executeActions(card, 'migration.more');
    expect(buttons[0]?.data).toEqual({ host: 'SRV01', offset: 0 });
    expect(d.auditSource.calls).toEqual([]);
    const clicked = onlyValidCard(await answerCardAction('migration.more', buttons[0]?.data, d));
    expect(texts(clicked)[0]).toBe('Migration candidates on SRV01: 2 user accounts with SPNs');
  });

  it('pages many candidates under the budget', () => {
    const many = Array.from({ length: 45 }, (_, i) =>
      candidate({
        samAccountName: `svc_user${String(i).padStart(2, '0')}`,
        servicePrincipalNames: Array.from({ length: 30 }, (_, j) => `HTTP/host${j}.corp.example.test`),
        description: 'd'.repeat(500),
      }),
    );
    const seen: string[] = [];
    let offset = 0;
    for (let guard = 0; guard < 50; guard++) {
      const page = renderedPage<MigrationCardView>(migrationPage(many, null, offset, NOW));
      expect(validateCard(page.card)).toEqual([]);
      expect(cardBytes(page.card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
      seen.push(...page.view.candidates.map((c) => c.name));
      offset += page.shown;
      const [more] = executeActions(page.card, 'migration.more');
      if (more === undefined) break;
      expect(more.data).toEqual({ offset });
    }
    expect(seen).toEqual(many.map((c) => c.name));
  });
});

describe('migration helpers', () => {
  it.each([
    ['MSSQLSvc/sql01.corp.example.test:1433', 'sql01.corp.example.test'],
    ['HTTP/web', 'web'],
    ['ldap/dc1.corp.example.test/corp.example.test', 'dc1.corp.example.test'],
    ['nohost', null],
    ['HTTP/', null],
  ])('spnHost(%s) = %s', (spn, host) => {
    expect(spnHost(spn)).toBe(host);
  });

  it('names each computer once, by its first DNS label', () => {
    expect(spnComputers(['HTTP/srv01.corp:80', 'HTTP/SRV01', 'HTTP/srv02', 'bad'])).toEqual([
      'SRV01',
      'SRV02',
    ]);
  });

  it('keeps an MSA name to the characters and length AD allows', () => {
    expect(suggestedMsaName(candidate({ samAccountName: 'svc.reporting-services-prod' }))).toBe(
      'svcreporting-se',
    );
    expect(suggestedMsaName(candidate({ samAccountName: "''" }))).toBe('svc_msa');
  });

  it('uses the asked host when the SPNs name none, a placeholder otherwise', () => {
    const noHost = candidate({ samAccountName: 'svc_x', servicePrincipalNames: ['weird'] });
    expect(migrationScript(noHost, 'SRV09').script[1]).toBe(
      "Add-ADComputerServiceAccount -Identity 'SRV09' -ServiceAccount 'svc_x'",
    );
    const unknown = migrationScript(noHost, null);
    expect(unknown.plan).toContain('replace <server>');
    expect(unknown.script[1]).toBe("Add-ADComputerServiceAccount -Identity <server> -ServiceAccount 'svc_x'");
  });

  it('needs a DNS domain for a gMSA and says so when the SPNs give none', () => {
    const short = candidate({ samAccountName: 'svc_y', servicePrincipalNames: ['HTTP/a', 'HTTP/b'] });
    expect(migrationScript(short, null).script[1]).toContain("-DNSHostName 'svc_y.<your DNS domain>'");
  });
});
