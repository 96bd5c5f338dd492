import { answerCardVerb as answerCardAction } from '../../../src/commands/route';
import { answerTestAccount } from '../../../src/commands/answers/test-account';
import { FakeAuditSource, fixtureDeps, loadAuditExtras } from '../../support/fake-audit-source';
import { FakeDirectory, makeComputer, makeServiceAccount } from '../../support/fake-directory';
import { NOW, executeActions, onlyValidCard, powershellOf, texts } from '../../support/card-inspect';
import { defaultAuditConfig } from '../../../src/domain/audit-config';

const deps = () => fixtureDeps(NOW);

/** "✔ Pass — point" / "✖ Fail — point" per verdict, with its lines. */
function verdicts(card: unknown): { verdict: string; lines: string[] }[] {
  const all = texts(card);
  const out: { verdict: string; lines: string[] }[] = [];
  for (let i = 0; i < all.length; i++) {
    const mark = all[i];
    if (mark !== '✔' && mark !== '✖') continue;
    const verdict = `${mark} ${all[i + 1]}${all[i + 2]}`;
    const lines: string[] = [];
    for (
      let j = i + 3;
      j < all.length && all[j] !== '✔' && all[j] !== '✖' && !all[j]!.startsWith('The same in');
      j++
    )
      lines.push(all[j]!);
    out.push({ verdict, lines });
  }
  return out;
}

const test = async (account: string, host: string, d = deps()) =>
  onlyValidCard(await answerTestAccount(account, host, d));

describe('test <account> on <host>', () => {
  it('passes every point for a healthy, linked account', async () => {
    const card = await test('svc_sql01', 'SRV01');
    expect(texts(card)[0]).toBe('svc_sql01 on SRV01: all 5 points pass');
    expect(verdicts(card)).toEqual([
      {
        verdict: '✔ Pass — Linked to SRV01 both ways',
        lines: [
          "SRV01 → svc_sql01 (the computer's msDS-HostServiceAccount): yes",
          "svc_sql01 → SRV01 (the account's msDS-HostServiceAccountBL): yes",
        ],
      },
      { verdict: '✔ Pass — Account enabled', lines: ['svc_sql01$ is enabled'] },
      { verdict: '✔ Pass — Host enabled', lines: ['SRV01$ is enabled'] },
      {
        verdict: '✔ Pass — Password rotating',
        lines: ['last set 2025-11-13 12:00 UTC (12 days ago), expected every 30 days'],
      },
      { verdict: '✔ Pass — SPNs unique', lines: ['no other object holds its 2 SPNs'] },
    ]);
    expect(executeActions(card).map((a) => [a.verb, a.data])).toEqual([
      ['show', { account: 'svc_sql01$' }],
      ['audit.more', { scope: 'host', host: 'SRV01', offset: 0 }],
    ]);
    expect(powershellOf(card)).toContain("# on SRV01: Test-ADServiceAccount -Identity 'svc_sql01$'");
  });

  it('fails the link, rotation and SPN points with the reasons', async () => {
    const card = await test('svc_web01', 'SRV02');
    expect(texts(card)[0]).toBe('svc_web01 on SRV02: 3 of 5 points fail');
    const v = verdicts(card);
    expect(v.map((x) => x.verdict)).toEqual([
      '✖ Fail — Not linked to SRV02 both ways',
      '✔ Pass — Account enabled',
      '✔ Pass — Host enabled',
      '✖ Fail — Password not rotating',
      '✖ Fail — Duplicate SPNs',
    ]);
    expect(v[0]?.lines).toContain(
      "Fix: Add-ADComputerServiceAccount -Identity 'SRV02' -ServiceAccount 'svc_web01$'",
    );
    expect(v[3]?.lines).toContain('Overdue by: 55 days');
    expect(v[4]?.lines).toEqual(['SPN HTTP/web.corp.example.test is also held by websvc']);
  });

  it('fails a disabled account on a disabled host, and judges rotation all the same', async () => {
    const v = verdicts(await test('svc_old03$', 'srv03'));
    expect(v.map((x) => x.verdict)).toEqual([
      '✔ Pass — Linked to SRV03 both ways',
      '✖ Fail — Account disabled',
      '✖ Fail — Host disabled',
      '✖ Fail — Password not rotating',
      '✔ Pass — SPNs unique',
    ]);
    expect(v[1]?.lines).toEqual([
      "Enable it if the service still needs it: Enable-ADAccount -Identity 'svc_old03$'",
    ]);
  });

  it('checks a gMSA by who may retrieve its password', async () => {
    const allowed = verdicts(await test('gmsa_web', 'SRV02'))[0];
    expect(allowed?.verdict).toBe('✔ Pass — Allowed on SRV02');
    expect(allowed?.lines[0]).toBe('SRV02 may retrieve the password through Web Farm');
    const refused = verdicts(await test('gmsa_batch', 'SRV02'))[0];
    expect(refused?.verdict).toBe('✖ Fail — Allowed on SRV02');
    expect(refused?.lines[0]).toBe(
      'SRV02 may not retrieve the password (PrincipalsAllowedToRetrieveManagedPassword)',
    );
  });

  it.each([
    ['only the account names the computer', true],
    ['only the computer names the account', false],
  ])('fails a link one way: %s', async (_label, backOnly) => {
    const accountDn = 'CN=svc_one,CN=Managed Service Accounts,DC=corp,DC=example,DC=test';
    const computerDn = 'CN=SRV09,OU=Servers,DC=corp,DC=example,DC=test';
    const directory = new FakeDirectory(
      [
        makeComputer({
          distinguishedName: computerDn,
          name: 'SRV09',
          hostedServiceAccountDns: backOnly ? [] : [accountDn],
        }),
      ],
      [
        makeServiceAccount({
          distinguishedName: accountDn,
          name: 'svc_one',
          passwordLastSetAt: '2025-11-20T00:00:00Z',
          hostComputerDns: backOnly ? [computerDn] : [],
        }),
      ],
    );
    if (!backOnly) directory.serviceAccounts[0]!.hostComputerDns = [];
    const auditSource = FakeAuditSource.fromDirectory(directory, { ...loadAuditExtras(), duplicateSpns: {} });
    const card = await test('svc_one', 'SRV09', {
      directory,
      auditSource,
      auditConfig: defaultAuditConfig,
      now: NOW,
    });
    const [link] = verdicts(card);
    expect(link?.verdict).toBe('✖ Fail — Not linked to SRV09 both ways');
    expect(link?.lines.slice(0, 2)).toEqual([
      `SRV09 → svc_one (the computer's msDS-HostServiceAccount): ${backOnly ? 'no' : 'yes'}`,
      `svc_one → SRV09 (the account's msDS-HostServiceAccountBL): ${backOnly ? 'yes' : 'no'}`,
    ]);
    expect(texts(card)[0]).toBe('svc_one on SRV09: 1 of 5 points fail');
  });

  it('suggests close account names, whose buttons run the same test', async () => {
    const d = deps();
    const card = await test('svc_sq01', 'SRV01', d);
    expect(texts(card)[0]).toBe("No service account named 'svc_sq01'.");
    const [first] = executeActions(card, 'test-account');
    expect(first?.data).toEqual({ account: 'svc_sql01', host: 'SRV01' });
    expect(d.auditSource.calls).toEqual([]);
    const clicked = onlyValidCard(await answerCardAction('test-account', first?.data, d));
    expect(texts(clicked)[0]).toBe('svc_sql01 on SRV01: all 5 points pass');
  });

  it('suggests close computer names for an unknown host', async () => {
    const card = await test('svc_sql01', 'SRV1');
    expect(texts(card)[0]).toBe("No computer named 'SRV1'.");
    expect(executeActions(card, 'test-account')[0]?.data).toEqual({ account: 'svc_sql01$', host: 'SRV01' });
  });

  it('does not judge an account the audit source no longer returns', async () => {
    const d = { ...deps(), auditSource: new FakeAuditSource([]) };
    const card = await test('svc_sql01', 'SRV01', d);
    expect(texts(card)[0]).toBe("No service account named 'svc_sql01'.");
  });
});
