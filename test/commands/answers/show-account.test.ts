import { NO_AUDIT, fixtureDeps } from '../../support/fake-audit-source';
import { answerShowAccount } from '../../../src/commands/answers/show-account';
import { describeDelegation } from '../../../src/commands/views/describe-delegation';
import { describeEncryptionTypes } from '../../../src/commands/views/describe-encryption-types';
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

const deps = () => fixtureDeps(NOW);

/** label → values, read back from the card's fact rows (label TextBlock followed by value TextRuns). */
async function facts(name: string): Promise<Map<string, string[]>> {
  const card = onlyValidCard(await answerShowAccount(name, deps()));
  const rows = new Map<string, string[]>();
  const body = card.body as {
    type: string;
    columns?: { items: { type: string; text?: string; inlines?: { text: string }[] }[] }[];
  }[];
  for (const element of body) {
    if (element.type !== 'ColumnSet' || element.columns === undefined) continue;
    const [label, value] = element.columns;
    rows.set(
      label!.items[0]!.text!,
      value!.items.map((i) => i.inlines![0]!.text),
    );
  }
  return rows;
}

describe('answerShowAccount', () => {
  it('shows every attribute of an sMSA in words', async () => {
    const reply = await answerShowAccount('svc_sql01', deps());
    const card = onlyValidCard(reply);
    expect(texts(card).slice(0, 2)).toEqual(['svc_sql01', 'Standalone managed service account (sMSA)']);
    expect(Object.fromEntries(await facts('svc_sql01'))).toEqual({
      Kind: ['sMSA'],
      Enabled: ['Yes'],
      'SAM name': ['svc_sql01$'],
      DN: ['CN=svc_sql01,CN=Managed Service Accounts,DC=corp,DC=example,DC=test'],
      Description: ['SQL Server engine on SRV01'],
      Owner: ['Database Team'],
      SPNs: ['MSSQLSvc/srv01.corp.example.test:1433', 'MSSQLSvc/srv01.corp.example.test'],
      Hosts: ['SRV01 (srv01.corp.example.test)'],
      'Groups (direct)': ['SQL Servers'],
      Delegation: ['None'],
      Encryption: ['AES128, AES256'],
      'Password set': ['2025-11-13 12:00 UTC (12 days ago)'],
      'Next rotation': ['2025-12-13 12:00 UTC (every 30 days)'],
      'Last logon': ['2025-11-24 08:30 UTC (1 day ago)'],
      Created: ['2024-03-01 09:15 UTC'],
    });
    expect(executeActions(card, 'find-host')).toEqual([
      expect.objectContaining({ title: 'Accounts on SRV01', data: { host: 'SRV01' } }),
    ]);
    expect(powershellOf(card)).toBe("Get-ADServiceAccount -Identity 'svc_sql01' -Properties *");
    expect(reply.summary).toBe('svc_sql01 (sMSA)');
  });

  it('finds the account by sAMAccountName, any case', async () => {
    for (const name of ['svc_sql01$', 'SVC_SQL01']) {
      expect(texts(onlyValidCard(await answerShowAccount(name, deps())))[0]).toBe('svc_sql01');
    }
  });

  it('flags weak encryption and an overdue rotation', async () => {
    const f = await facts('svc_web01');
    expect(f.get('Encryption')).toEqual(['RC4-HMAC (no AES: weak keys)']);
    expect(f.get('Next rotation')).toEqual([
      'overdue since 2025-10-01 12:00 UTC (55 days; expected every 30 days)',
    ]);
    expect(f.get('Groups (direct)')).toEqual(['Tier0 Service Ops', 'Web Servers']);
    expect(f.get('Owner')).toEqual(['none (managedBy is empty)']);
    expect(f.get('Last logon')).toEqual(['never']);
  });

  it('puts delegation in words', async () => {
    expect((await facts('svc_deleg')).get('Delegation')).toEqual([
      'Unconstrained: it can impersonate any user to any service',
    ]);
    expect((await facts('svc_deleg')).get('Encryption')).toEqual(['Not set (the domain default applies)']);
    expect((await facts('svc_kcd')).get('Delegation')).toEqual([
      'Constrained with protocol transition (any authentication) to 2 services:',
      '  cifs/fs01.corp.example.test',
      '  cifs/fs01',
    ]);
  });

  it('shows an orphaned account with a never-set password', async () => {
    const f = await facts('svc_orphan');
    expect(f.get('Hosts')).toEqual(['none: not linked to any computer (orphaned?)']);
    expect(f.get('Password set')).toEqual(['never set']);
    expect(f.get('Next rotation')).toEqual(['unknown: the password was never set (expected every 30 days)']);
    expect(f.get('Created')).toEqual(['unknown']);
    expect(f.get('SPNs')).toEqual(['none']);
  });

  it("uses a gMSA's own password interval", async () => {
    const f = await facts('gmsa_batch');
    expect(f.get('Kind')).toEqual(['gMSA']);
    expect(f.get('Next rotation')).toEqual([
      'overdue since 2025-11-08 12:00 UTC (17 days; expected every 7 days)',
    ]);
    expect(f.get('Hosts')).toEqual(['none linked']);
  });

  it('marks a disabled account and its disabled host', async () => {
    const f = await facts('svc_old03');
    expect(f.get('Enabled')).toEqual(['No: the account is disabled']);
    expect(f.get('Hosts')).toEqual(['SRV03 (srv03.corp.example.test): disabled']);
  });

  it('shows names that need escaping as they are', async () => {
    const card = onlyValidCard(await answerShowAccount('svc_legacy$', deps()));
    expect(texts(card)[0]).toBe('svc (legacy), ü');
    expect(cardText(card)).toContain('APP10 (app10.corp.example.test)');
    expect(powershellOf(card)).toBe("Get-ADServiceAccount -Identity 'svc (legacy), ü' -Properties *");
  });

  it('shows a host DN the directory no longer has', async () => {
    const account = makeServiceAccount({
      distinguishedName: 'CN=svc_x,DC=x',
      name: 'svc_x',
      hostComputerDns: ['CN=GONE,OU=Servers,DC=x'],
    });
    const card = onlyValidCard(
      await answerShowAccount('svc_x', {
        directory: new FakeDirectory([], [account]),
        now: NOW,
        ...NO_AUDIT,
      }),
    );
    expect(cardText(card)).toContain('GONE (not found in the directory)');
    expect(executeActions(card, 'find-host')).toEqual([]);
  });

  it('suggests the closest account names as Show buttons', async () => {
    const card = onlyValidCard(await answerShowAccount('svc_sql1', deps()));
    expect(texts(card)[0]).toBe("No service account named 'svc_sql1'.");
    const buttons = executeActions(card, 'show');
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.length).toBeLessThanOrEqual(3);
    expect(buttons[0]).toMatchObject({ title: 'svc_sql01', data: { account: 'svc_sql01' } });
    expect(powershellOf(card)).toBe("Get-ADServiceAccount -Identity 'svc_sql1'");
  });

  it('keeps a worst-case account under 28 KB', async () => {
    const account = makeServiceAccount({
      distinguishedName: `CN=${'a'.repeat(64)},OU=${'deep'.repeat(50)},DC=corp,DC=example,DC=test`,
      name: 'a'.repeat(64),
      description: 'Ü'.repeat(1024),
      managedBy: `CN=${'owner'.repeat(40)},DC=x`,
      servicePrincipalNames: Array.from({ length: 500 }, (_, i) => `HTTP/${'h'.repeat(200)}${i}`),
      memberOfDns: Array.from(
        { length: 300 },
        (_, i) => `CN=${'group'.repeat(30)}${i},OU=Groups,DC=corp,DC=example,DC=test`,
      ),
      allowedToDelegateTo: Array.from({ length: 100 }, (_, i) => `cifs/${'f'.repeat(200)}${i}`),
      trustedForDelegation: true,
      trustedToAuthForDelegation: true,
      notDelegated: true,
    });
    const hosts = Array.from({ length: 40 }, (_, i) =>
      makeComputer({
        distinguishedName: `CN=H${i},DC=x`,
        name: `HOST${'x'.repeat(10)}${i}`,
        dnsHostName: `${'d'.repeat(200)}.test`,
      }),
    );
    account.hostComputerDns = hosts.map((h) => h.distinguishedName);
    const directory = new FakeDirectory(hosts, [account]);
    const card = onlyValidCard(await answerShowAccount(account.name, { directory, now: NOW, ...NO_AUDIT }));
    expect(cardBytes(card)).toBeLessThan(28_000);
    expect(cardText(card)).toContain('+480 more');
    expect(cardText(card)).toContain('+275 more');
    expect(cardText(card)).toContain('+30 more');
    expect(executeActions(card, 'find-host')).toHaveLength(3);
  });
});

describe('describeEncryptionTypes', () => {
  const withTypes = (supportedEncryptionTypes: number | null, useDesKeyOnly = false) =>
    makeServiceAccount({
      distinguishedName: 'CN=a',
      name: 'a',
      supportedEncryptionTypes,
      useDesKeyOnly,
    });

  it.each([
    [28, 'RC4-HMAC, AES128, AES256'],
    [31, 'DES-CBC-CRC, DES-CBC-MD5, RC4-HMAC, AES128, AES256'],
    [3, 'DES-CBC-CRC, DES-CBC-MD5 (no AES: weak keys)'],
    [0x18 | 0x20, 'AES128, AES256; other flags 0x20'],
    [0, 'None listed (0: the domain default applies)'],
    [null, 'Not set (the domain default applies)'],
  ])('%s → %s', (value, words) => {
    expect(describeEncryptionTypes(withTypes(value))).toBe(words);
  });

  it('mentions the "use DES key only" account flag', () => {
    expect(describeEncryptionTypes(withTypes(16, true))).toBe(
      'AES256; the account is also flagged "use DES key only"',
    );
  });
});

describe('describeDelegation', () => {
  it('says when an account is sensitive and cannot be delegated', () => {
    const account = makeServiceAccount({
      distinguishedName: 'CN=a',
      name: 'a',
      notDelegated: true,
    });
    expect(describeDelegation(account)).toEqual(['Sensitive: it cannot be delegated']);
  });

  it('distinguishes Kerberos-only constrained delegation and protocol transition without targets', () => {
    const kerberosOnly = makeServiceAccount({
      distinguishedName: 'CN=a',
      name: 'a',
      allowedToDelegateTo: ['http/web'],
    });
    expect(describeDelegation(kerberosOnly)).toEqual([
      'Constrained, Kerberos only, to 1 service:',
      '  http/web',
    ]);
    const t2a4d = makeServiceAccount({
      distinguishedName: 'CN=a',
      name: 'a',
      trustedToAuthForDelegation: true,
    });
    expect(describeDelegation(t2a4d)).toEqual(['Protocol transition allowed (no delegation targets listed)']);
  });
});
