import { NO_AUDIT } from '../../support/fake-audit-source';
import { answerCardVerb as answerCardAction } from '../../../src/commands/route';
import { LIST_PAGE_SIZE, answerList, normalizeKinds } from '../../../src/commands/answers/list-accounts';
import type { ServiceAccount } from '../../../src/domain/service-account';
import { cardBytes } from '../../support/validate-card';
import { FakeDirectory, type ServiceAccountInput, makeServiceAccount } from '../../support/fake-directory';
import {
  NOW,
  cardText,
  executeActions,
  onlyValidCard,
  powershellOf,
  texts,
} from '../../support/card-inspect';

function accounts(
  count: number,
  extra: (i: number) => Partial<ServiceAccountInput> = () => ({}),
): ServiceAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `svc_${String(i).padStart(4, '0')}`;
    return makeServiceAccount({
      distinguishedName: `CN=${name},CN=Managed Service Accounts,DC=corp,DC=example,DC=test`,
      name,
      ...extra(i),
    });
  });
}

const deps = (list: ServiceAccount[]) => ({ directory: new FakeDirectory([], list), now: NOW, ...NO_AUDIT });

describe('answerList', () => {
  it('lists both kinds sorted by name with counts by kind', async () => {
    const card = onlyValidCard(
      await answerList(['sMSA', 'gMSA'], 0, {
        directory: FakeDirectory.fromFixtures(),
        now: NOW,
        ...NO_AUDIT,
      }),
    );
    expect(texts(card).slice(0, 2)).toEqual([
      'Managed service accounts',
      'Showing 1–10 of 10 · 8 sMSAs · 2 gMSAs',
    ]);
    const shown = executeActions(card, 'show').map((a) => (a.data as { account: string }).account);
    expect(shown).toEqual([
      'gmsa_batch$',
      'gmsa_web$',
      'svc_legacy$',
      'svc_app02$',
      'svc_deleg$',
      'svc_kcd$',
      'svc_old03$',
      'svc_orphan$',
      'svc_sql01$',
      'svc_web01$',
    ]);
    expect(cardText(card)).toContain(' · sMSA · disabled · linked to 1 computer');
    expect(cardText(card)).toContain(' · sMSA · enabled · not linked to a computer');
    expect(powershellOf(card)).toBe('Get-ADServiceAccount -Filter * | Sort-Object Name');
  });

  it('lists only sMSAs, or only gMSAs, when asked', async () => {
    const directory = FakeDirectory.fromFixtures();
    const smsas = onlyValidCard(await answerList(['sMSA'], 0, { directory, now: NOW, ...NO_AUDIT }));
    expect(texts(smsas).slice(0, 2)).toEqual(['sMSAs', 'Showing 1–8 of 8 · 8 sMSAs']);
    expect(cardText(smsas)).not.toContain('gmsa_web');
    expect(powershellOf(smsas)).toBe(
      `Get-ADServiceAccount -Filter "ObjectClass -eq 'msDS-ManagedServiceAccount'" | Sort-Object Name`,
    );
    const gmsas = onlyValidCard(await answerList(['gMSA'], 0, { directory, now: NOW, ...NO_AUDIT }));
    expect(texts(gmsas).slice(0, 2)).toEqual(['gMSAs', 'Showing 1–2 of 2 · 2 gMSAs']);
    expect(directory.calls.filter((c) => c.method === 'listServiceAccounts').map((c) => c.args)).toEqual([
      [['sMSA']],
      [['gMSA']],
    ]);
  });

  it('says so when there are none, without a "Show more" button', async () => {
    const card = onlyValidCard(await answerList(['sMSA'], 0, deps([])));
    expect(cardText(card)).toContain('There are no sMSAs in the directory.');
    expect(texts(card)[1]).toBe('0 in all · 0 sMSAs');
    expect(executeActions(card)).toEqual([]);
  });

  it('shows exactly 20 on one page without "Show more"', async () => {
    const card = onlyValidCard(await answerList(['sMSA'], 0, deps(accounts(LIST_PAGE_SIZE))));
    expect(executeActions(card, 'show')).toHaveLength(20);
    expect(executeActions(card, 'list.more')).toEqual([]);
  });

  it('pages 21 as 20 + 1, the button carrying kinds and the next offset', async () => {
    const d = deps(accounts(21));
    const first = onlyValidCard(await answerList(['sMSA'], 0, d));
    expect(executeActions(first, 'show')).toHaveLength(20);
    expect(executeActions(first, 'list.more')).toEqual([
      expect.objectContaining({ title: 'Show more', data: { kinds: ['sMSA'], offset: 20 } }),
    ]);
    const second = onlyValidCard(await answerCardAction('list.more', { kinds: ['sMSA'], offset: 20 }, d));
    expect(executeActions(second, 'show').map((a) => a.data)).toEqual([{ account: 'svc_0020$' }]);
    expect(texts(second)[1]).toBe('Showing 21–21 of 21 · 21 sMSAs');
    expect(executeActions(second, 'list.more')).toEqual([]);
  });

  it('answers an offset past the end (accounts deleted since) with "no more"', async () => {
    const card = onlyValidCard(await answerList(['sMSA'], 40, deps(accounts(21))));
    expect(cardText(card)).toContain('No more sMSAs: all 21 were shown.');
    expect(executeActions(card)).toEqual([]);
  });

  it('keeps every page of 1,000 accounts with long SPNs under 28 KB, trimming SPNs with "+N more"', async () => {
    const longSpns = (i: number) =>
      Array.from(
        { length: 40 },
        (_, j) => `MSSQLSvc/${'very-long-host-name-'.repeat(8)}${i}-${j}.corp.example.test:${1433 + j}`,
      );
    const d = deps(
      accounts(1000, (i) => ({
        name: `svc_${'x'.repeat(50)}_${String(i).padStart(4, '0')}`,
        servicePrincipalNames: longSpns(i),
        description: 'd'.repeat(1024),
      })),
    );
    let data: unknown = { kinds: ['sMSA', 'gMSA'], offset: 0 };
    const seen = new Set<string>();
    let pages = 0;
    let biggest = 0;
    while (data !== undefined) {
      const card = onlyValidCard(await answerCardAction('list.more', data, d));
      biggest = Math.max(biggest, cardBytes(card));
      expect(cardBytes(card)).toBeLessThan(28_000);
      expect(cardText(card)).toContain('+38 more');
      for (const a of executeActions(card, 'show')) seen.add((a.data as { account: string }).account);
      data = executeActions(card, 'list.more')[0]?.data;
      pages++;
    }
    expect(pages).toBe(50);
    expect(seen.size).toBe(1000);
    // leaves room for the activity around the card
    expect(biggest).toBeLessThan(22_000);
  });
});

describe('normalizeKinds', () => {
  it('orders, dedupes and defaults to both', () => {
    expect(normalizeKinds(['gMSA', 'sMSA', 'gMSA'])).toEqual(['sMSA', 'gMSA']);
    expect(normalizeKinds([])).toEqual(['sMSA', 'gMSA']);
  });
});
