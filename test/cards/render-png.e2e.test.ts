import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as AdaptiveCards from 'adaptivecards';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { StoredAuditEntry } from '../../src/audit-trail/audit-entry';
import type { AdaptiveCardJson, CardReply } from '../../src/cards/card-reply';
import type { AnswerDeps, AuditTrailReader } from '../../src/commands/answer-deps';
import { answerCardVerb, answerText } from '../../src/commands/route';
import { buildDigest } from '../../src/digest/build-digest';
import { digestReply } from '../../src/digest/digest-card';
import { createDigestAuditReader } from '../../src/digest/read-digest-audit';
import { refusalReply, whoamiReply } from '../../src/access/access-cards';
import { card as cardAnswer } from '../../src/cards/card-answer';
import { renderAnswer } from '../../src/cards/render-answer';
import { approvalListView } from '../../src/commands/answers/pending-approvals';
import { approvalView } from '../../src/commands/views/approval-view';
import type { StoredApproval } from '../../src/store/approval-store';
import { decideAccess } from '../../src/access/decide-access';
import type { AccessPolicy, AccessResolution } from '../../src/access/decide-access';
import { DirectoryError } from '../../src/domain/directory-error';
import { keepOffline, launchChromium } from '../support/chromium';
import { FakeAuditSource, fixtureDeps } from '../support/fake-audit-source';
import { syntheticFacts } from '../support/synthetic-facts';

/*
 * Every card template, filled by the real command handlers from the fixture domain
 * (test/fixtures/accounts/), rendered by the official `adaptivecards` renderer in headless Chromium
 * with a Teams-like host config at version 1.5, and saved as a PNG in a temporary folder. Any parse
 * or validation event, console error or warning fails the test. `npm run docs:images` (which sets
 * UPDATE_DOCS_IMAGES=1) also copies a few pictures to docs/images/ for the README; a plain test run
 * never writes into the working tree. A fixed clock and fixed fonts keep them the same from run to run.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = mkdtempSync(path.join(tmpdir(), 'msa-warden-cards-'));
const DOCS = process.env.UPDATE_DOCS_IMAGES === '1' ? path.join(ROOT, 'docs', 'images') : null;
const BUNDLE = path.join(ROOT, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.js');
/** The fixtures' "today": password ages and rotation dates in the pictures never drift. */
const NOW = new Date('2025-11-25T09:00:00Z');

type Ask =
  | { text: string }
  | { verb: string; data: unknown }
  /** answer `text`, then click the first button with `verb` on the card, as a user would */
  | { text: string; click: string }
  /** the scheduled digest of the fixture domain, against a previous snapshot */
  | { digest: 'changes' }
  /** an answer the access guard gives (it needs someone asking, not the commands) */
  | { access: () => CardReply };

interface Scenario {
  /** the PNG's name: the template, then `--variant` for extra pictures of the same template */
  name: string;
  /** the file in cards/ (without .json) this answer is rendered from */
  template: string;
  ask: Ask;
  /** the picture for the README, if any */
  docsImage?: string;
  /** makes every directory read fail, for the error card */
  directoryFailure?: Error;
  /** the audit trail the answer reads */
  auditTrail?: AuditTrailReader;
  /** audit this many synthetic accounts (test/support/synthetic-facts.ts) instead of the fixture's */
  syntheticAccounts?: number;
}

/** A few turns as the trail records them, newest first. */
const TRAIL_ENTRIES: StoredAuditEntry[] = [3, 2, 1].map((seq) => ({
  seq,
  at: new Date(NOW.getTime() - (4 - seq) * 60_000),
  actor: { id: 'aad-alex', name: 'alexw@corp.example.test' },
  action: seq === 2 ? 'turn.card' : 'turn.message',
  subject: 'a:personal-alex',
  details: {
    asked:
      seq === 2
        ? { verb: 'show', data: { account: 'svc_sql01' } }
        : {
            command: seq === 3 ? 'audit-privileged' : 'find-host',
            text: seq === 3 ? 'audit privileged sMSAs' : 'find sMSAs on SRV01',
          },
    decision: {
      allowed: seq !== 1,
      roles: seq === 1 ? [] : ['reader', 'approver'],
      reason:
        seq === 1
          ? 'no role: the AD account is not in MSA Warden Readers'
          : 'approver through CN=MSA Warden Approvers',
    },
    outcome: {
      status: seq === 1 ? 'refused' : 'answered',
      summary: seq === 3 ? 'Privileged sMSAs: 2 findings' : 'Not allowed',
    },
  },
  prevHash: String(seq - 1).repeat(64),
  hash: String(seq).repeat(64),
}));
const intactTrail: AuditTrailReader = {
  verify: () =>
    Promise.resolve({ ok: true, entries: 3, head: { seq: 3, hash: '3'.repeat(64) }, anchoredSeq: 3 }),
  latest: (count) => Promise.resolve(TRAIL_ENTRIES.slice(0, count)),
};
const brokenTrail: AuditTrailReader = {
  ...intactTrail,
  verify: () => Promise.resolve({ ok: false, seq: 2, reason: 'hash-mismatch', checked: 1 }),
};

const POLICY: AccessPolicy = {
  open: false,
  readersGroup: 'MSA Warden Readers',
  approversGroup: 'CN=MSA Warden Approvers,OU=Groups,DC=corp,DC=example,DC=test',
  matchAttribute: 'userPrincipalName',
  readerIds: [],
  approverIds: [],
};

/** Nora, an approver through a nested group, as the directory would describe her. */
function nora(): AccessResolution {
  return decideAccess(
    {
      teamsId: '29:1nora-nested',
      name: 'Nora Nested',
      tenantId: '7d1c5a6e-3b2f-4c8d-9e0a-1f2b3c4d5e6f',
      userPrincipalName: 'nora@corp.example.test',
      entraObjectId: '8f0c6a31-0007-4a5e-9b1d-0000000a1e07',
    },
    {
      kind: 'people',
      people: [
        {
          dn: 'CN=Nora Nested,OU=People,DC=corp,DC=example,DC=test',
          accountName: 'noran',
          userPrincipalName: 'nora@corp.example.test',
          mail: 'nora@corp.example.test',
          displayName: 'Nora Nested',
          disabled: false,
          lockedOut: false,
          memberships: [
            {
              role: 'reader',
              group: 'MSA Warden Readers',
              groupDn: 'CN=MSA Warden Readers,OU=Groups',
              member: true,
            },
            { role: 'approver', group: POLICY.approversGroup!, groupDn: POLICY.approversGroup, member: true },
          ],
        },
      ],
    },
    POLICY,
  );
}

/** A request as the store keeps it, for the approval cards (the flow itself is tested over HTTP). */
function storedApproval(overrides: Partial<StoredApproval> = {}): StoredApproval {
  const megan = { aadObjectId: 'megan', name: 'Megan Bowen', upn: 'megan@corp.example.test' };
  return {
    id: '5b0e2c1a-8f3d-4e6b-a1c2-0d9e8f7a6b5c',
    action: {
      kind: 'remove-from-group',
      params: {
        change: {
          kind: 'remove-from-group',
          groupDn: 'CN=Scheduled Tasks,OU=Groups',
          groupName: 'Scheduled Tasks',
        },
        accountDn: 'CN=svc_batch04,CN=Managed Service Accounts,DC=corp,DC=example,DC=test',
        justification: 'A batch account has no business in a group nested into Administrators.',
        undoOf: null,
      },
    },
    account: { sid: 'S-1-5-21-1-2-3-1104', name: 'svc_batch04$' },
    requestedBy: megan,
    decisions: [],
    state: 'requested',
    version: 1,
    createdAt: new Date(NOW.getTime() - 3_600_000),
    expiresAt: new Date(NOW.getTime() + 20 * 3_600_000),
    updatedAt: NOW,
    result: null,
    conversationId: null,
    cardActivityId: null,
    ...overrides,
  };
}
const CHANGE = {
  summary: 'Remove svc_batch04$ from Scheduled Tasks',
  attribute: 'member of CN=Scheduled Tasks,OU=Groups,DC=corp,DC=example,DC=test',
  before: 'svc_batch04$ is a member',
  after: 'svc_batch04$ is not a member',
};
const APPROVER = {
  person: { aadObjectId: 'nora', name: 'Nora Nested', upn: 'nora@corp.example.test' },
  roles: ['reader', 'approver'] as const,
};
const approvalCard = (approval: StoredApproval): CardReply => {
  const view = approvalView(approval, CHANGE, { ...APPROVER, roles: [...APPROVER.roles] });
  return renderAnswer(cardAnswer('approval', view, view.title));
};

const scenarios: Scenario[] = [
  { name: 'approval', template: 'approval', ask: { access: () => approvalCard(storedApproval()) } },
  {
    name: 'approval--succeeded',
    template: 'approval',
    ask: {
      access: () =>
        approvalCard(
          storedApproval({
            state: 'succeeded',
            decisions: [{ by: APPROVER.person, at: NOW, decision: 'approved' }],
            result: { message: 'changed in 12.3 ms, verified' },
          }),
        ),
    },
  },
  {
    name: 'approval-list',
    template: 'approval-list',
    ask: {
      access: () => {
        const view = approvalListView('Pending approvals: 1', '', [storedApproval()], NOW);
        return renderAnswer(cardAnswer('approval-list', view, view.title));
      },
    },
  },
  { name: 'host', template: 'host', ask: { text: 'find sMSAs on SRV02' }, docsImage: 'host-card.png' },
  { name: 'host--srv01', template: 'host', ask: { text: 'find sMSAs on SRV01' } },
  { name: 'host--no-accounts', template: 'host', ask: { text: 'find sMSAs on SRV04' } },
  { name: 'account-list', template: 'account-list', ask: { text: 'list service accounts' } },
  { name: 'account', template: 'account', ask: { text: 'show svc_sql01' }, docsImage: 'detail-card.png' },
  { name: 'account--findings', template: 'account', ask: { text: 'show svc_web01' } },
  { name: 'account--gmsa', template: 'account', ask: { text: 'show gmsa_web' } },
  {
    name: 'account--from-button',
    template: 'account',
    ask: { verb: 'show', data: { account: 'svc_app02' } },
  },
  { name: 'not-found', template: 'not-found', ask: { text: 'find sMSAs on SRV1' } },
  { name: 'audit-privileged', template: 'audit-privileged', ask: { text: 'audit privileged sMSAs' } },
  {
    name: 'audit-privileged--300-accounts',
    template: 'audit-privileged',
    ask: { text: 'audit privileged sMSAs' },
    syntheticAccounts: 300,
  },
  {
    name: 'audit-privileged--a-group',
    template: 'audit-privileged',
    ask: { text: 'audit privileged sMSAs', click: 'audit.more' },
    syntheticAccounts: 300,
  },
  {
    name: 'audit-summary',
    template: 'audit-summary',
    ask: { text: 'audit sMSAs' },
    docsImage: 'audit-summary-card.png',
  },
  { name: 'audit-summary--srv01', template: 'audit-summary', ask: { text: 'audit SRV01' } },
  {
    name: 'audit-summary--5000-accounts',
    template: 'audit-summary',
    ask: { text: 'audit sMSAs' },
    syntheticAccounts: 5000,
  },
  {
    name: 'audit',
    template: 'audit',
    // the summary's first "Show findings": the privileged-membership check, with "Request fix"
    ask: { text: 'audit sMSAs', click: 'audit.more' },
    docsImage: 'audit-check-card.png',
  },
  { name: 'audit--account', template: 'audit', ask: { text: 'audit svc_orphan' } },
  { name: 'migration-candidates', template: 'migration-candidates', ask: { text: 'migration candidates' } },
  { name: 'test-account', template: 'test-account', ask: { text: 'test svc_sql01 on SRV01' } },
  { name: 'test-account--failing', template: 'test-account', ask: { text: 'test svc_old03 on SRV03' } },
  {
    name: 'fix-request',
    template: 'fix-request',
    ask: { text: 'audit privileged sMSAs', click: 'fix.request' },
  },
  { name: 'help', template: 'help', ask: { text: 'help' }, docsImage: 'help-card.png' },
  { name: 'help--not-understood', template: 'help', ask: { text: 'make me a sandwich' } },
  {
    name: 'error',
    template: 'error',
    ask: { text: 'find sMSAs on SRV01' },
    directoryFailure: new DirectoryError('unreachable', 'connect ECONNREFUSED 127.0.0.1:636'),
  },
  { name: 'error--outdated-button', template: 'error', ask: { verb: 'approve-v0', data: {} } },
  { name: 'digest', template: 'digest', ask: { digest: 'changes' }, docsImage: 'digest-card.png' },
  {
    name: 'access',
    template: 'access',
    ask: {
      access: () =>
        whoamiReply(
          nora(),
          new Map([
            ['reader', ['Tier1 Admins', 'MSA Warden Approvers', 'MSA Warden Readers']],
            ['approver', ['Tier1 Admins', 'MSA Warden Approvers']],
          ]),
        ),
    },
  },
  {
    name: 'access--refused',
    template: 'access',
    ask: {
      access: () =>
        refusalReply(
          decideAccess({ ...nora().actor }, { kind: 'people', people: [] }, POLICY),
          'reader',
          POLICY,
        ),
    },
  },
  { name: 'audit-trail', template: 'audit-trail', ask: { text: 'audit trail' }, auditTrail: intactTrail },
  {
    name: 'audit-trail-verify',
    template: 'audit-trail-verify',
    ask: { text: 'verify audit trail' },
    auditTrail: intactTrail,
  },
  {
    name: 'audit-trail-verify--broken',
    template: 'audit-trail-verify',
    ask: { text: 'verify audit trail' },
    auditTrail: brokenTrail,
  },
];

/** The digest of the fixture domain as if yesterday's had one finding fewer and one more. */
async function digestCard(): Promise<AdaptiveCardJson> {
  const deps = fixtureDeps(NOW);
  const audit = await createDigestAuditReader(deps.auditSource, deps.auditConfig, () => NOW)();
  const keys = audit.findings.map((finding) => finding.key);
  // resolved since yesterday: an account that is still there lost its unconstrained delegation
  const resolvedGuid = audit.findings.at(-1)?.account.guid ?? '';
  const previous = {
    scope: 'digest:picture',
    at: new Date(NOW.getTime() - 86_400_000),
    keys: [...keys.slice(1), `unconstrained-delegation:${resolvedGuid}:unconstrained-delegation`],
  };
  const approval = {
    id: 'appr-7',
    action: { kind: 'remove-from-group', params: {} },
    account: { sid: 'S-1-5-21-1-2-3-1104', name: 'svc_web01' },
    requestedBy: { aadObjectId: 'aad-alex', name: 'Alex Wilber', upn: 'alex@corp.example.test' },
    decisions: [],
    state: 'requested' as const,
    version: 1,
    createdAt: new Date(NOW.getTime() - 5 * 3_600_000),
    expiresAt: new Date(NOW.getTime() + 86_400_000),
    updatedAt: NOW,
    result: null,
    conversationId: null,
    cardActivityId: null,
  };
  const data = buildDigest({ audit, previous, approvals: [approval], now: NOW });
  const [card] = digestReply(data, {
    timeZone: 'Europe/Berlin',
    scheduleWords: 'weekdays at 10:00 (Europe/Berlin)',
    maxRows: 3,
  }).cards;
  if (card === undefined) throw new Error('digest: no card');
  return card;
}

/** The first Action.Execute with `verb` anywhere in `card` (body, action sets, show-cards). */
function findAction(card: unknown, verb: string): { verb: string; data: unknown } | undefined {
  if (Array.isArray(card)) {
    for (const item of card) {
      const found = findAction(item, verb);
      if (found !== undefined) return found;
    }
  } else if (typeof card === 'object' && card !== null) {
    const node = card as Record<string, unknown>;
    if (node.type === 'Action.Execute' && node.verb === verb) return { verb, data: node.data };
    for (const value of Object.values(node)) {
      const found = findAction(value, verb);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

async function cardFor(scenario: Scenario): Promise<AdaptiveCardJson> {
  const fixture = fixtureDeps(NOW);
  if (scenario.directoryFailure !== undefined) {
    fixture.directory.failure = scenario.directoryFailure;
    fixture.auditSource.failure = scenario.directoryFailure;
  }
  if (scenario.syntheticAccounts !== undefined) {
    fixture.auditSource = new FakeAuditSource(syntheticFacts(scenario.syntheticAccounts, NOW));
  }
  const deps: AnswerDeps =
    scenario.auditTrail === undefined ? fixture : { ...fixture, auditTrail: scenario.auditTrail };
  const { ask } = scenario;
  if ('digest' in ask) return digestCard();
  let reply =
    'access' in ask
      ? ask.access()
      : 'text' in ask
        ? await answerText(ask.text, deps)
        : await answerCardVerb(ask.verb, ask.data, deps);
  if ('click' in ask) {
    const action = findAction(reply.cards, ask.click);
    if (action === undefined)
      throw new Error(`${scenario.name}: no ${ask.click} button on the answer to "${ask.text}"`);
    reply = await answerCardVerb(action.verb, action.data, deps);
  }
  const [card] = reply.cards;
  if (card === undefined) throw new Error(`${scenario.name}: the answer has no card`);
  return card;
}

/** Teams' light theme: the Adaptive Cards designer's microsoft-teams-light values, good/warning text darkened for contrast. */
function teamsHostConfig(): object {
  const foregroundColors = {
    default: { default: '#ff252424', subtle: '#bf252424' },
    dark: { default: '#252424', subtle: '#bf252424' },
    light: { default: '#ffffff', subtle: '#fff3f2f1' },
    accent: { default: '#6264a7', subtle: '#8b8cc7' },
    good: { default: '#237b4b', subtle: '#e5237b4b' },
    warning: { default: '#835c00', subtle: '#e5835c00' },
    attention: { default: '#c4314b', subtle: '#e5c4314b' },
  };
  const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors });
  const sizes = { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 };
  const weights = { lighter: 200, default: 400, bolder: 600 };
  return {
    supportsInteractivity: true,
    spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: '#EEEEEE' },
    imageSizes: { small: 32, medium: 52, large: 100 },
    fontTypes: {
      default: {
        fontFamily:
          "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', 'DejaVu Sans', sans-serif",
        fontSizes: sizes,
        fontWeights: weights,
      },
      monospace: {
        fontFamily: "Consolas, 'Cascadia Mono', 'Courier New', 'DejaVu Sans Mono', monospace",
        fontSizes: sizes,
        fontWeights: weights,
      },
    },
    containerStyles: {
      default: style('#ffffff'),
      emphasis: style('#f9f8f7'),
      accent: style('#c7def9'),
      good: style('#e7f2da'),
      attention: style('#fcf4f6'),
      warning: style('#fbf6d9'),
    },
    actions: {
      maxActions: 6,
      spacing: 'Default',
      buttonSpacing: 8,
      showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
      preExpandSingleShowCardAction: false,
      actionsOrientation: 'Horizontal',
      actionAlignment: 'Left',
    },
    adaptiveCard: { allowCustomStyle: true },
    factSet: {
      title: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Bolder', wrap: true },
      value: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Default', wrap: true },
      spacing: 16,
    },
  };
}

/** A Teams chat around the card: grey canvas, white rounded message, Teams' buttons. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body { margin: 0; background: #f5f5f5; }
  #frame { display: inline-block; padding: 16px; background: #f5f5f5; }
  #message { width: 520px; background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14); overflow: hidden; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; color: #242424; background: #fff;
    border: 1px solid #d1d1d1; border-radius: 4px; padding: 5px 12px; min-height: 32px; cursor: pointer;
    overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton.expanded { background: #ebebeb; }
</style></head><body><div id="frame"><div id="message"></div></div></body></html>`;

interface RenderResult {
  problems: string[];
  parsedTypes: string[];
  height: number;
}

/** Runs in the page: parse with a 1.5 context, validate, render into #message. */
function renderInPage(input: { card: unknown; hostConfig: object }): RenderResult {
  const AC = (window as unknown as { AdaptiveCards: typeof AdaptiveCards }).AdaptiveCards;
  // Teams processes a markdown subset in TextBlocks; without a processor the renderer warns.
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const escaped = text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
    result.outputHtml = escaped
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1<em>$2</em>')
      .replace(/\[([^\]]+)\]\((https:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>')
      .replace(/\n/g, '<br>');
    result.didProcess = true;
  };
  const problems: string[] = [];
  const parsedTypes: string[] = [];
  const adaptiveCard = new AC.AdaptiveCard();
  adaptiveCard.hostConfig = new AC.HostConfig(input.hostConfig);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  context.onParseElement = (element) => parsedTypes.push(element.getJsonTypeName());
  context.onParseAction = (action) => parsedTypes.push(action.getJsonTypeName());
  adaptiveCard.parse(input.card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of adaptiveCard.validateProperties().validationEvents) {
    problems.push(`validation: ${event.message}`);
  }
  const element = adaptiveCard.render();
  const host = document.getElementById('message');
  if (element === undefined || host === null) {
    problems.push('render() returned nothing');
    return { problems, parsedTypes, height: 0 };
  }
  host.replaceChildren(element);
  return { problems, parsedTypes, height: element.getBoundingClientRect().height };
}

function pngSize(file: string): { width: number; height: number } {
  const png = PNG.sync.read(readFileSync(file));
  return { width: png.width, height: png.height };
}

/** Writes only when the bytes differ, so an unchanged picture keeps its file untouched. */
function writeIfChanged(file: string, bytes: Buffer): void {
  if (existsSync(file) && readFileSync(file).equals(bytes)) return;
  writeFileSync(file, bytes);
}

let browser: Browser | undefined;
let page: Page;
const consoleProblems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
  await keepOffline(context);
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      consoleProblems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => consoleProblems.push(`page error: ${error.message}`));
  // One page for all cards: each render replaces the previous card.
  await page.setContent(PAGE);
  await page.addScriptTag({ path: BUNDLE });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

test('every template in cards/ has a scenario, and every scenario names a template there', () => {
  const templates = readdirSync(path.join(ROOT, 'cards'))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
  const covered = new Set(scenarios.map((scenario) => scenario.template));
  expect(templates.filter((name) => !covered.has(name))).toEqual([]);
  expect([...covered].filter((name) => !templates.includes(name))).toEqual([]);
  expect(new Set(scenarios.map((scenario) => scenario.name)).size).toBe(scenarios.length);
});

test.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
  '%s renders in Chromium without renderer errors or warnings',
  async (name, scenario) => {
    const card = await cardFor(scenario);
    consoleProblems.length = 0;
    const result = await page.evaluate(renderInPage, { card, hostConfig: teamsHostConfig() });
    // Fonts and layout settle before the picture.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));

    const file = path.join(OUT, `${name}.png`);
    const bytes = await page.locator('#frame').screenshot({ path: file, animations: 'disabled' });

    expect([...result.problems, ...consoleProblems]).toEqual([]);
    expect(result.parsedTypes.length).toBeGreaterThan(0);
    expect(result.height).toBeGreaterThan(40);
    expect(pngSize(file).width).toBe((520 + 2 * 16) * 2);
    if (DOCS !== null && scenario.docsImage !== undefined) {
      writeIfChanged(path.join(DOCS, scenario.docsImage), bytes);
    }
  },
  30_000,
);
