import { NO_AUDIT } from '../../support/fake-audit-source';
import { HOST_PAGE_SIZE, answerFindHost } from '../../../src/commands/answers/find-host';
import { FakeDirectory, makeComputer, makeServiceAccount } from '../../support/fake-directory';
import { cardBytes } from '../../support/validate-card';
import {
  NOW,
  cardText,
  executeActions,
  onlyValidCard,
  powershellOf,
  texts,
} from '../../support/card-inspect';

const fixtures = () => FakeDirectory.fromFixtures();

describe('answerFindHost', () => {
  it('shows the computer and its linked sMSAs, sorted, with SPNs, password age and a Show button', async () => {
    const reply = await answerFindHost('SRV01', 0, { directory: fixtures(), now: NOW, ...NO_AUDIT });
    const card = onlyValidCard(reply);
    const text = cardText(card);
    expect(texts(card)[0]).toBe('SRV01: 2 linked sMSAs');
    expect(text).toContain('srv01.corp.example.test');
    expect(text).toContain('Windows Server 2022 Datacenter');
    expect(text).toMatch(/Enabled\nYes/);
    expect(text.indexOf('svc_sql01')).toBeLessThan(text.indexOf('svc_web01'));
    expect(text).toContain(' · sMSA · enabled · password 12 days old');
    expect(text).toContain(' · sMSA · enabled · password 85 days old');
    expect(text).toContain('MSSQLSvc/srv01.corp.example.test:1433, MSSQLSvc/srv01.corp.example.test');
    expect(executeActions(card, 'show').map((a) => a.data)).toEqual([
      { account: 'svc_sql01$' },
      { account: 'svc_web01$' },
    ]);
    expect(executeActions(card, 'find-host')).toEqual([]);
    expect(powershellOf(card)).toBe(
      "Get-ADComputer -Identity 'SRV01' -Properties msDS-HostServiceAccount | Select-Object -ExpandProperty msDS-HostServiceAccount | Get-ADServiceAccount",
    );
    expect(reply.summary).toBe('SRV01: 2 linked sMSAs');
  });

  it.each(['SRV01$', 'srv01', 'srv01.corp.example.test'])('finds the same computer as %s', async (host) => {
    const card = onlyValidCard(
      await answerFindHost(host, 0, { directory: fixtures(), now: NOW, ...NO_AUDIT }),
    );
    expect(texts(card)[0]).toBe('SRV01: 2 linked sMSAs');
  });

  it('counts mixed kinds as managed service accounts and marks the gMSA', async () => {
    const card = onlyValidCard(
      await answerFindHost('SRV02', 0, { directory: fixtures(), now: NOW, ...NO_AUDIT }),
    );
    expect(texts(card)[0]).toBe('SRV02: 4 linked managed service accounts');
    expect(cardText(card)).toContain(' · gMSA · enabled');
  });

  it('says so plainly when no account is linked, and shows an unset DNS name and OS', async () => {
    const card = onlyValidCard(
      await answerFindHost('SRV04', 0, { directory: fixtures(), now: NOW, ...NO_AUDIT }),
    );
    const text = cardText(card);
    expect(texts(card)[0]).toBe('SRV04: 0 linked managed service accounts');
    expect(text).toContain('No managed service accounts are linked to SRV04');
    expect(text).toMatch(/DNS name\nnot set/);
    expect(text).toMatch(/Operating system\nunknown/);
    expect(executeActions(card, 'show')).toEqual([]);
  });

  it('shows a disabled computer and a disabled account as such', async () => {
    const card = onlyValidCard(
      await answerFindHost('SRV03', 0, { directory: fixtures(), now: NOW, ...NO_AUDIT }),
    );
    expect(cardText(card)).toContain('No: the computer account is disabled');
    expect(cardText(card)).toContain(' · sMSA · disabled · password 1050 days old');
  });

  it('says "never set" for a password that was never set', async () => {
    const dn = 'CN=svc_new,CN=Managed Service Accounts,DC=corp,DC=example,DC=test';
    const directory = new FakeDirectory(
      [makeComputer({ distinguishedName: 'CN=H1,DC=x', name: 'H1', hostedServiceAccountDns: [dn] })],
      [makeServiceAccount({ distinguishedName: dn, name: 'svc_new', passwordLastSetAt: null })],
    );
    const card = onlyValidCard(await answerFindHost('H1', 0, { directory, now: NOW, ...NO_AUDIT }));
    expect(cardText(card)).toContain('password never set');
  });

  it('suggests up to three close names as buttons that run find again', async () => {
    const reply = await answerFindHost('SRV1', 0, { directory: fixtures(), now: NOW, ...NO_AUDIT });
    const card = onlyValidCard(reply);
    expect(texts(card)[0]).toBe("No computer named 'SRV1'.");
    expect(cardText(card)).toContain('Did you mean:');
    expect(executeActions(card, 'find-host').map((a) => [a.title, a.data])).toEqual([
      ['SRV01', { host: 'SRV01' }],
      ['SRV02', { host: 'SRV02' }],
      ['SRV03', { host: 'SRV03' }],
    ]);
    expect(powershellOf(card)).toBe("Get-ADComputer -Identity 'SRV1'");
  });

  it('compares a mistyped DNS name or NAME$ by its NetBIOS part', async () => {
    for (const host of ['srv01.corp.example.tst', 'SRV0l$']) {
      const card = onlyValidCard(
        await answerFindHost(host, 0, { directory: fixtures(), now: NOW, ...NO_AUDIT }),
      );
      expect(executeActions(card, 'find-host')[0]?.data).toEqual({ host: 'SRV01' });
    }
  });

  it('passes an injection-looking host verbatim and answers "no such computer" without suggestions', async () => {
    const directory = fixtures();
    const card = onlyValidCard(
      await answerFindHost('*)(objectClass=*', 0, { directory, now: NOW, ...NO_AUDIT }),
    );
    expect(directory.calls[0]).toEqual({ method: 'findComputer', args: ['*)(objectClass=*'] });
    expect(texts(card)[0]).toBe("No computer named '*)(objectClass=*'.");
    expect(cardText(card)).toContain('No similar names found.');
    expect(executeActions(card)).toEqual([]);
    expect(powershellOf(card)).toBe("Get-ADComputer -Identity '*)(objectClass=*'");
  });

  it('quotes a host with a quote in it safely in the PowerShell', async () => {
    const card = onlyValidCard(
      await answerFindHost("x'; Remove-Item C:\\ -Recurse; '", 0, {
        directory: fixtures(),
        now: NOW,
        ...NO_AUDIT,
      }),
    );
    expect(powershellOf(card)).toBe("Get-ADComputer -Identity 'x''; Remove-Item C:\\ -Recurse; '''");
  });

  it('keeps a host card with 20 long accounts under 28 KB', async () => {
    const long = Array.from({ length: 100 }, (_, i) =>
      makeServiceAccount({
        distinguishedName: `CN=l${i},DC=x`,
        name: `svc_${'ü'.repeat(58)}${String(i).padStart(2, '0')}`,
        servicePrincipalNames: Array.from({ length: 50 }, (_, j) => `HTTP/${'ü'.repeat(200)}${j}`),
      }),
    );
    const directory = new FakeDirectory(
      [
        makeComputer({
          distinguishedName: 'CN=L,DC=x',
          name: 'L',
          dnsHostName: 'd'.repeat(250),
          hostedServiceAccountDns: long.map((a) => a.distinguishedName),
        }),
      ],
      long,
    );
    const card = onlyValidCard(await answerFindHost('L', 0, { directory, now: NOW, ...NO_AUDIT }));
    expect(cardBytes(card)).toBeLessThan(28_000);
    expect(cardText(card)).toContain('+48 more');
  });

  describe('a host with many accounts', () => {
    const accounts = Array.from({ length: HOST_PAGE_SIZE + 5 }, (_, i) =>
      makeServiceAccount({
        distinguishedName: `CN=svc_${String(i).padStart(2, '0')},DC=x`,
        name: `svc_${String(i).padStart(2, '0')}`,
      }),
    );
    const directory = new FakeDirectory(
      [
        makeComputer({
          distinguishedName: 'CN=BIG,DC=x',
          name: 'BIG',
          hostedServiceAccountDns: accounts.map((a) => a.distinguishedName).reverse(),
        }),
      ],
      accounts,
    );

    it('shows 20 and a "Show more" button for the rest', async () => {
      const card = onlyValidCard(await answerFindHost('big', 0, { directory, now: NOW, ...NO_AUDIT }));
      expect(executeActions(card, 'show')).toHaveLength(HOST_PAGE_SIZE);
      expect(executeActions(card, 'show')[0]?.data).toEqual({ account: 'svc_00$' });
      expect(cardText(card)).toContain('Showing 1–20 of 25.');
      expect(executeActions(card, 'find-host')).toEqual([
        expect.objectContaining({ title: 'Show more', data: { host: 'BIG', offset: 20 } }),
      ]);
    });

    it('shows the rest on the next page without another "Show more"', async () => {
      const card = onlyValidCard(await answerFindHost('BIG', 20, { directory, now: NOW, ...NO_AUDIT }));
      expect(executeActions(card, 'show').map((a) => a.data)).toEqual(
        [20, 21, 22, 23, 24].map((i) => ({ account: `svc_${i}$` })),
      );
      expect(cardText(card)).toContain('Showing 21–25 of 25.');
      expect(executeActions(card, 'find-host')).toEqual([]);
    });
  });
});
