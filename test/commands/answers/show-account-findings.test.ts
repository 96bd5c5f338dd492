import { defaultAuditConfig } from '../../../src/domain/audit-config';
import { MAX_CARD_BYTES } from '../../../src/cards/card-bytes';
import { answerCardVerb as answerCardAction } from '../../../src/commands/route';
import { answerShowAccount } from '../../../src/commands/answers/show-account';
import { DirectoryError } from '../../../src/domain/directory-error';
import { FakeAuditSource, fixtureDeps } from '../../support/fake-audit-source';
import { FakeDirectory, makeServiceAccount } from '../../support/fake-directory';
import { cardBytes } from '../../support/validate-card';
import {
  NOW,
  cardText,
  executeActions,
  findingLines,
  onlyValidCard,
  texts,
} from '../../support/card-inspect';

const deps = () => fixtureDeps(NOW);

describe('show <account> with its findings', () => {
  it('adds the findings of the account, worst first, with fix buttons', async () => {
    const d = deps();
    const card = onlyValidCard(await answerShowAccount('svc_web01', d));
    const text = cardText(card);
    expect(text).toContain('Findings: 1 critical · 1 high · 2 medium · 1 low · 1 info');
    expect(findingLines(card)).toEqual([
      'Critical · Nested member of Administrators',
      'High · SPN HTTP/web.corp.example.test is also held by websvc',
      'Medium · Password 85 days old (rotates every 30)',
      'Medium · No AES: Kerberos keys are RC4/DES only',
      'Low · Never logged on',
      'Info · No owner (managedBy) and no description',
    ]);
    expect(text).toContain('Path: svc_web01$ → Tier0 Service Ops → Server Admins → Administrators');
    expect(
      executeActions(card, 'fix.request').map((a) => (a.data as { findingKey: string }).findingKey),
    ).toEqual([
      'privileged-membership:0f6b2a8e-3b1c-4d2e-9f10-000000000102:S-1-5-32-544',
      'weak-encryption:0f6b2a8e-3b1c-4d2e-9f10-000000000102:no-aes',
      'stale:0f6b2a8e-3b1c-4d2e-9f10-000000000102:no-recent-logon',
    ]);
    expect(d.auditSource.calls).toEqual([
      {
        method: 'readAccountFacts',
        args: [
          {
            kind: 'account',
            accountDn: 'CN=svc_web01,CN=Managed Service Accounts,DC=corp,DC=example,DC=test',
          },
        ],
      },
    ]);
    expect(executeActions(card, 'audit.more')).toEqual([]);
  });

  it('says a clean account passes every check', async () => {
    const card = onlyValidCard(await answerShowAccount('svc_sql01', deps()));
    expect(cardText(card)).toContain('Findings: none, the account passes every check');
    expect(executeActions(card, 'fix.request')).toEqual([]);
  });

  it('leaves the findings out when the audit source has no facts for the account', async () => {
    const d = { ...deps(), auditSource: new FakeAuditSource([]) };
    const card = onlyValidCard(await answerShowAccount('svc_web01', d));
    expect(cardText(card)).not.toContain('Findings');
  });

  it('still shows the account when its findings cannot be read, and says why', async () => {
    const d = deps();
    d.auditSource.failure = new DirectoryError('insufficient-rights', 'no read on nTSecurityDescriptor', 50);
    const seen: unknown[] = [];
    const card = onlyValidCard(
      await answerCardAction('show', { account: 'svc_web01' }, { ...d, onError: (e) => seen.push(e) }),
    );
    expect(texts(card)[0]).toBe('svc_web01');
    expect(cardText(card)).toContain(
      "Findings could not be read: The bot's directory account may not read this.",
    );
    expect(cardText(card)).not.toContain('nTSecurityDescriptor');
    expect(executeActions(card, 'fix.request')).toEqual([]);
    expect(seen).toEqual([d.auditSource.failure]);
  });

  it('does not hide an unexpected failure', async () => {
    const d = deps();
    d.auditSource.failure = new RangeError('bug');
    expect(texts(onlyValidCard(await answerCardAction('show', { account: 'svc_web01' }, d)))[0]).toBe(
      'Something went wrong; nothing was changed',
    );
  });

  it('keeps a worst-case account with many long findings under the budget, with "More findings"', async () => {
    const account = makeServiceAccount({
      distinguishedName: `CN=${'a'.repeat(64)},DC=corp,DC=example,DC=test`,
      name: 'a'.repeat(64),
      description: 'Ü'.repeat(1024),
      servicePrincipalNames: Array.from({ length: 500 }, (_, i) => `HTTP/${'h'.repeat(200)}${i}`),
      memberOfDns: Array.from(
        { length: 300 },
        (_, i) => `CN=${'group'.repeat(30)}${i},DC=corp,DC=example,DC=test`,
      ),
      allowedToDelegateTo: Array.from({ length: 100 }, (_, i) => `cifs/${'f'.repeat(200)}${i}`),
      trustedForDelegation: true,
      trustedToAuthForDelegation: true,
      supportedEncryptionTypes: 4,
    });
    const directory = new FakeDirectory([], [account]);
    // 60 duplicate SPNs, each a long finding
    const auditSource = new FakeAuditSource([
      {
        account: directory.serviceAccounts[0]!,
        hosts: [],
        memberships: [],
        owner: null,
        aclEntries: [],
        rbcdPrincipals: [],
        passwordReaders: null,
        duplicateSpns: account.servicePrincipalNames.slice(0, 60).map((spn) => ({
          spn,
          holders: [{ name: 'other', distinguishedName: `CN=${'o'.repeat(300)},DC=x` }],
        })),
      },
    ]);
    const d = { directory, auditSource, auditConfig: defaultAuditConfig, now: NOW };
    const card = onlyValidCard(await answerShowAccount(account.name, d));
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const shown = findingLines(card).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(10);
    const [more] = executeActions(card, 'audit.more');
    expect(more).toMatchObject({
      title: 'More findings',
      data: { scope: 'account', account: account.samAccountName, offset: shown },
    });
    expect(cardText(card)).toMatch(new RegExp(`${shown} of \\d+ findings shown`));
    const next = onlyValidCard(await answerCardAction('audit.more', more?.data, d));
    expect(texts(next)[0]).toBe(`Audit of ${'a'.repeat(64)}`);
    expect(cardText(next)).toContain(`Findings ${shown + 1}–`);
  });
});
