import { readdirSync } from 'node:fs';
import path from 'node:path';
import { type CardTemplateName, cardTemplateNames, renderCard } from '../../src/cards/render';
import type { AccountListView } from '../../src/commands/list-accounts';
import type { AccountCardView } from '../../src/commands/show-account';
import type { HostCardView } from '../../src/commands/find-host';
import { HELP_COMMANDS } from '../../src/commands/help';
import { cardBytes, validateCard } from '../support/validate-card';

const row = {
  name: 'svc_sql01',
  summary: ' · sMSA · enabled',
  spns: 'MSSQLSvc/srv01:1433',
  account: 'svc_sql01$',
};

const host: HostCardView = {
  title: 'SRV01: 1 linked sMSA',
  facts: [{ label: 'Computer', values: ['SRV01'] }],
  emptyMessage: '',
  accounts: [row, { ...row, spns: '' }],
  pageNote: 'Showing 1–2 of 30.',
  hasMore: true,
  moreHost: 'SRV01',
  moreOffset: 20,
  powershell: "Get-ADComputer -Identity 'SRV01'",
};
const list: AccountListView = {
  title: 'sMSAs',
  counts: 'Showing 1–1 of 1 · 1 sMSA',
  emptyMessage: '',
  accounts: [row],
  hasMore: true,
  kinds: ['sMSA'],
  moreOffset: 20,
  powershell: 'Get-ADServiceAccount -Filter * | Sort-Object Name',
};
const account: AccountCardView = {
  title: 'svc_sql01',
  subtitle: 'Standalone managed service account (sMSA)',
  facts: [{ label: 'SPNs', values: ['a/b', 'c/d'] }],
  hostActions: [{ title: 'Accounts on SRV01', host: 'SRV01' }],
  powershell: "Get-ADServiceAccount -Identity 'svc_sql01' -Properties *",
};

/** Data for every template, each optional part switched on at least once and off in `sparse`. */
const samples: Record<CardTemplateName, object> = {
  host,
  'account-list': list,
  account,
  'not-found': {
    title: "No computer named 'SRV1'.",
    suggestions: [{ title: 'SRV01', verb: 'find-host', data: { host: 'SRV01' } }],
    powershell: "Get-ADComputer -Identity 'SRV1'",
  },
  help: { notices: ["I didn't understand 'x'."], commands: HELP_COMMANDS, powershell: 'Get-Command' },
  error: { title: 'The directory did not answer', lines: ['Nothing was changed.'], showHelp: true },
};
const sparse: Record<CardTemplateName, object> = {
  host: {
    ...host,
    emptyMessage: 'No managed service accounts are linked to SRV04.',
    accounts: [],
    pageNote: '',
    hasMore: false,
  },
  'account-list': {
    ...list,
    emptyMessage: 'There are no sMSAs in the directory.',
    accounts: [],
    hasMore: false,
  },
  account: { ...account, hostActions: [] },
  'not-found': { ...samples['not-found'], suggestions: [] },
  help: { ...samples.help, notices: [] },
  error: { ...samples.error, showHelp: false },
};

describe('renderCard', () => {
  const files = readdirSync(path.join(__dirname, '..', '..', 'cards')).filter((f) => f.endsWith('.json'));

  it('knows every template file in cards/ (so none escapes the checks below)', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...cardTemplateNames].sort());
  });

  describe.each(cardTemplateNames)('%s', (name) => {
    it.each([
      ['full', samples[name]],
      ['sparse', sparse[name]],
    ])('renders %s sample data into a valid 1.5 card with every field bound', (_label, data) => {
      const card = renderCard(name, data);
      expect(validateCard(card)).toEqual([]);
      // a field the data lacks would stay as a literal ${…}
      expect(JSON.stringify(card)).not.toContain('${');
      expect(cardBytes(card)).toBeLessThan(28_000);
    });
  });

  it('repeats with $data and drops $when parts', () => {
    const full = JSON.stringify(renderCard('host', host));
    expect(full.match(/"verb":"show"/g)).toHaveLength(2);
    expect(full).toContain('"Show more"');
    const empty = JSON.stringify(renderCard('host', sparse.host));
    expect(empty).not.toContain('"verb":"show"');
    expect(empty).not.toContain('Show more');
    expect(empty).toContain('No managed service accounts are linked to SRV04.');
  });

  it('keeps data types in Action.Execute data (numbers stay numbers, arrays stay arrays)', () => {
    const card = renderCard('account-list', list);
    const more = (card.actions ?? []).find((a) => (a as { verb?: string }).verb === 'list.more');
    expect(more).toMatchObject({ data: { kinds: ['sMSA'], offset: 20 } });
  });

  it('does not evaluate template syntax that arrives in data', () => {
    const card = renderCard('error', { title: '${showHelp} @{x}', lines: ['${title}'], showHelp: false });
    expect(JSON.stringify(card)).toContain('${showHelp} @{x}');
    expect(JSON.stringify(card)).toContain('"text":"${title}"');
  });

  it('renders the same template again with other data (the cache holds templates, not results)', () => {
    const a = renderCard('error', { title: 'A', lines: ['a'], showHelp: false });
    const b = renderCard('error', { title: 'B', lines: ['b'], showHelp: false });
    expect(JSON.stringify(a)).toContain('"A"');
    expect(JSON.stringify(b)).toContain('"B"');
    expect(JSON.stringify(b)).not.toContain('"A"');
  });
});
