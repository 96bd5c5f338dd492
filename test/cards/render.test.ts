import { readdirSync } from 'node:fs';
import path from 'node:path';
import { type CardTemplateName, cardTemplateNames } from '../../src/cards/card-answer';
import { renderCard } from '../../src/cards/render';
import type { AccountListView } from '../../src/commands/answers/list-accounts';
import type { AccountCardView } from '../../src/commands/answers/show-account';
import type { HostCardView } from '../../src/commands/answers/find-host';
import { HELP_COMMANDS } from '../../src/commands/answers/help';
import type { AuditCardView } from '../../src/commands/views/audit-page';
import type { AuditSummaryView } from '../../src/commands/views/audit-summary';
import type { PrivilegedCardView } from '../../src/commands/answers/audit-privileged';
import type { FindingView } from '../../src/commands/views/finding-view';
import type { FixRequestCardView } from '../../src/commands/answers/fix-request';
import type { ApprovalCardView, ApprovalListView } from '../../src/commands/views/approval-view';
import type { MigrationCardView } from '../../src/commands/answers/migration-candidates';
import type { TestAccountCardView } from '../../src/commands/answers/test-account';
import type { DigestCardView } from '../../src/digest/digest-card';
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
const fix = {
  findingKey: 'privileged-membership:0f6b2a8e-3b1c-4d2e-9f10-000000000102:S-1-5-32-544',
  account: 'svc_web01$',
  title: 'Nested member of Administrators',
  remediation: {
    kind: 'remove-from-group' as const,
    groupDn: 'CN=Tier0 Service Ops,OU=Groups,DC=corp,DC=example,DC=test',
    groupName: 'Tier0 Service Ops',
  },
};
const finding: FindingView = {
  key: fix.findingKey,
  checkId: 'privileged-membership',
  account: 'svc_web01',
  title: 'Nested member of Administrators',
  severity: 'Critical',
  color: 'Attention',
  evidence: ['Path: svc_web01$ → Tier0 Service Ops → Administrators', 'Membership: nested, 2 levels'],
  why: 'Whoever controls the server holds the rights of Administrators.',
  mitigation: "Remove-ADGroupMember -Identity 'CN=Tier0 Service Ops,…' -Members 'svc_web01$'",
  hasFix: true,
  fixTitle: 'Request fix',
  fix,
};
const noFix: FindingView = {
  ...finding,
  key: 'no-owner:0f6b2a8e-3b1c-4d2e-9f10-000000000102:no-owner',
  checkId: 'no-owner',
  title: 'No owner',
  evidence: [],
  hasFix: false,
  fix: {},
};
const account: AccountCardView = {
  title: 'svc_sql01',
  subtitle: 'Standalone managed service account (sMSA)',
  facts: [{ label: 'SPNs', values: ['a/b', 'c/d'] }],
  findingsTitle: 'Findings: 1 critical · 1 info',
  findings: [finding, noFix],
  findingsNote: '2 of 3 findings shown.',
  hasMoreFindings: true,
  moreFindingsData: { scope: 'account', account: 'svc_sql01$', offset: 2 },
  hostActions: [{ title: 'Accounts on SRV01', host: 'SRV01' }],
  powershell: "Get-ADServiceAccount -Identity 'svc_sql01' -Properties *",
};
const audit: AuditCardView = {
  title: 'Audit of all managed service accounts',
  subtitle: '10 managed service accounts checked with 16 checks',
  notice: 'Results refreshed: the run this card came from is no longer kept.',
  counts: [
    { label: 'Critical', count: '1', color: 'Attention' },
    { label: 'High', count: '0', color: 'Default' },
  ],
  emptyMessage: '',
  groups: [
    { heading: 'Critical (1)', color: 'Attention', findings: [finding] },
    { heading: 'Info (1)', color: 'Accent', findings: [noFix] },
  ],
  pageNote: 'Findings 1–2 of 30.',
  hasMore: true,
  moreData: { scope: 'all', offset: 2, run: 'r1', check: 'weak-encryption' },
  hasBack: true,
  backData: { scope: 'all', offset: 0, run: 'r1' },
  powershell: 'Get-ADServiceAccount -Filter * -Properties memberOf',
};
const auditSummary: AuditSummaryView = {
  title: 'Audit of all managed service accounts',
  subtitle: '10 managed service accounts checked with 16 checks',
  notice: 'Results refreshed: the run this card came from is no longer kept.',
  counts: audit.counts,
  emptyMessage: '',
  worstHeading: 'The 1 worst of 2 accounts with findings',
  worst: [
    {
      account: 'svc_web01',
      findings: 'sMSA · 1 critical, 1 info',
      worst: 'Critical',
      color: 'Attention',
      show: { account: 'svc_web01$' },
    },
  ],
  checksHeading: 'Findings per check (1 of 16 checks)',
  checks: [
    {
      checkId: 'weak-encryption',
      title: 'Weak Kerberos encryption',
      severity: 'Medium',
      color: 'Warning',
      count: '2 findings on 2 accounts',
      open: { scope: 'all', offset: 0, run: 'r1', check: 'weak-encryption' },
    },
  ],
  cleanChecks: 'No findings from 15 checks: orphaned, stale.',
  powershell: 'Get-ADServiceAccount -Filter *',
};
const privileged: PrivilegedCardView = {
  title: 'Privileged managed service accounts: 1 account, 1 privileged membership',
  subtitle: '10 managed service accounts checked',
  notice: 'Results refreshed.',
  emptyMessage: '',
  groupsHeading: 'Accounts per protected group',
  groups: [
    {
      group: 'Administrators (S-1-5-32-544)',
      count: '20 accounts: 0 direct, 20 nested',
      open: { scope: 'privileged', offset: 0, run: 'r1', group: 'S-1-5-32-544' },
    },
  ],
  rows: [
    {
      account: 'svc_web01',
      summary: 'sMSA · Nested member of Administrators',
      chain: 'svc_web01$ → Tier0 Service Ops → Administrators',
      details: ['Privileged group: Administrators (S-1-5-32-544)'],
      hasFix: true,
      fix,
    },
    {
      account: 'svc_x',
      summary: 'sMSA',
      chain: 'svc_x$ → Domain Admins',
      details: [],
      hasFix: false,
      fix: {},
    },
  ],
  checked: 'Protected groups: Administrators (S-1-5-32-544).',
  pageNote: 'Showing 1–2 of 20.',
  hasMore: true,
  moreData: { scope: 'privileged', offset: 2, run: 'r1', group: 'S-1-5-32-544' },
  hasBack: true,
  backData: { scope: 'privileged', offset: 0, run: 'r1' },
  powershell: 'Get-ADServiceAccount -Filter *',
};
const migration: MigrationCardView = {
  title: 'Migration candidates: 1 user account with SPNs',
  subtitle: 'User accounts acting as services…',
  emptyMessage: '',
  candidates: [
    {
      name: 'svc_report',
      summary: 'user svc_report · enabled · 1 SPN',
      details: ['SPNs: HTTP/srv01'],
      plan: 'Plan: an sMSA on SRV01',
      script: ["New-ADServiceAccount -Name 'svc_report' -RestrictToSingleComputer -Enabled $true"],
    },
  ],
  pageNote: 'Showing 1–1 of 9.',
  hasMore: true,
  moreData: { offset: 1 },
  powershell: 'Get-ADUser -Filter *',
};
const testAccount: TestAccountCardView = {
  title: 'svc_sql01 on SRV01: 1 of 5 points fail',
  subtitle: 'The directory side of Test-ADServiceAccount',
  verdicts: [
    { mark: '✔', verdict: 'Pass', color: 'Good', point: 'Account enabled', lines: ['svc_sql01$ is enabled'] },
    { mark: '✖', verdict: 'Fail', color: 'Attention', point: 'Host disabled', lines: [] },
  ],
  account: 'svc_sql01$',
  auditHostData: { scope: 'host', host: 'SRV01', offset: 0 },
  powershell: "Get-ADComputer -Identity 'SRV01'",
};
const fixRequest: FixRequestCardView = {
  title: 'Request a fix',
  lines: ['Nothing is changed yet.'],
  facts: [{ label: 'Finding key', value: fix.findingKey }],
  powershell: "Remove-ADGroupMember -Identity 'CN=Tier0 Service Ops' -Members 'svc_web01$'",
  enabled: true,
  submit: fix,
};
const approval: ApprovalCardView = {
  title: 'Fix request: Remove svc_web01$ from the group Tier0 Service Ops',
  color: 'Warning',
  notice: 'You cannot approve or reject your own request: another approver must decide.',
  facts: [
    { label: 'State', value: 'waiting for approval' },
    { label: 'Justification', value: 'tier-0 clean-up' },
  ],
  history: ['2026-11-30 10:00 UTC: requested by Megan'],
  canDecide: true,
  canCancel: true,
  canUndo: true,
  approvalId: 'a-1',
  refreshUserIds: ['29:1nora'],
};
const approvalList: ApprovalListView = {
  title: 'Pending approvals: 1',
  emptyMessage: '',
  rows: [{ title: 'svc_web01$ · remove-from-group', detail: 'waiting for approval', approvalId: 'a-1' }],
  note: 'and 3 more',
};

const digest: DigestCardView = {
  unchangedNote: 'Nothing changed since 2025-03-02 08:00 Europe/Berlin.',
  title: 'Managed service accounts: digest',
  subtitle: '2025-03-03 08:00 Europe/Berlin · 10 accounts checked · weekdays at 08:00 (Europe/Berlin)',
  counts: [{ label: 'Critical', count: '1', color: 'Attention' }],
  note: 'The first digest here.',
  sections: [
    {
      heading: 'New since 2025-03-02 08:00 Europe/Berlin (3)',
      color: 'Attention',
      rows: [
        {
          account: 'svc_web01',
          title: 'Nested member of Administrators (Critical)',
          detail: 'privileged-membership',
        },
        { account: 'svc_x', title: 'No owner (Info)', detail: '' },
      ],
      moreNote: 'and 1 more: Show more opens the full audit',
    },
  ],
  approvalsHeading: 'Waiting for approval (1)',
  approvals: [
    {
      account: 'svc_web01',
      title: 'remove-from-group',
      detail: 'requested by Alex Wilber, waiting 3 hours',
      verb: 'approval.show',
      data: { approvalId: 'a-1' },
    },
  ],
  approvalsMoreNote: 'and 2 more waiting',
  auditTitle: 'Show more (full audit)',
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
  audit,
  'audit-summary': auditSummary,
  'audit-privileged': privileged,
  'migration-candidates': migration,
  'test-account': testAccount,
  'fix-request': fixRequest,
  'audit-trail': {
    title: 'Audit trail',
    subtitle: 'The latest 1 of the 10 requested, newest first.',
    entries: [{ heading: '#7 · 2025-03-04 05:06 UTC · alice@corp.example.test', lines: ['Asked: list {}'] }],
  },
  'audit-trail-verify': {
    title: 'Audit trail BROKEN',
    ok: false,
    verdict: 'The audit trail is broken at entry #7.',
    facts: [{ title: 'First broken entry', value: '#7' }],
  },
  digest,
  access: {
    title: 'How msa-warden sees you',
    color: 'Default',
    lines: ['reader through MSA Warden Readers'],
    facts: [{ label: 'Roles', values: ['reader'] }],
  },
  approval,
  'approval-list': approvalList,
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
  account: {
    ...account,
    hostActions: [],
    findingsTitle: '',
    findings: [],
    findingsNote: '',
    hasMoreFindings: false,
  },
  'not-found': { ...samples['not-found'], suggestions: [] },
  help: { ...samples.help, notices: [] },
  error: { ...samples.error, showHelp: false },
  audit: {
    ...audit,
    notice: '',
    emptyMessage: 'No findings: every account passes every check.',
    groups: [],
    pageNote: '',
    hasMore: false,
    hasBack: false,
  },
  'audit-summary': {
    ...auditSummary,
    notice: '',
    emptyMessage: 'There are no managed service accounts in the directory.',
    worstHeading: '',
    worst: [],
    checksHeading: '',
    checks: [],
    cleanChecks: '',
  },
  'audit-privileged': {
    ...privileged,
    notice: '',
    emptyMessage: 'No managed service account is in a privileged group.',
    groupsHeading: '',
    groups: [],
    rows: [],
    pageNote: '',
    hasMore: false,
    hasBack: false,
  },
  'migration-candidates': {
    ...migration,
    emptyMessage: 'No user account holds an SPN.',
    candidates: [],
    pageNote: '',
    hasMore: false,
  },
  'test-account': { ...testAccount, verdicts: [] },
  'fix-request': { ...fixRequest, lines: [], facts: [], enabled: false, submit: {} },
  'audit-trail': { title: 'Audit trail', subtitle: 'The audit trail is empty.', entries: [] },
  'audit-trail-verify': {
    title: 'Audit trail',
    ok: true,
    verdict: 'This bot keeps no audit trail.',
    facts: [],
  },
  digest: {
    ...digest,
    unchangedNote: '',
    note: '',
    sections: [],
    approvals: [],
    approvalsMoreNote: '',
    auditTitle: 'Full audit',
  },
  access: { title: 'Not allowed', color: 'Attention', lines: [], facts: [] },
  approval: {
    ...approval,
    notice: '',
    history: [],
    canDecide: false,
    canCancel: false,
    canUndo: false,
    refreshUserIds: [],
  },
  'approval-list': {
    ...approvalList,
    emptyMessage: 'No request is waiting for a decision.',
    rows: [],
    note: '',
  },
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
