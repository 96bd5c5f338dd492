import type { Command } from '../commands/command';
import type { Role } from '../domain/role';

/** Who may ask for something: `anyone` (even without a role), or the weakest role that may. */
export type Requirement = Role | 'anyone';

export interface CommandRule {
  kind: Command['kind'];
  /** a typed message that parses to this kind (README and the end-to-end test use it) */
  example: string;
  requires: Requirement;
}

export interface CardVerbRule {
  verb: string;
  /** data a card sends with this verb (the end-to-end test clicks with it) */
  exampleData: Record<string, unknown>;
  requires: Requirement;
}

/**
 * The one table of who may do what: the guard enforces it, the README shows it (a test keeps them
 * equal) and the end-to-end test walks every row for every kind of person.
 */
export const COMMAND_RULES: readonly CommandRule[] = [
  { kind: 'whoami', example: 'whoami', requires: 'anyone' },
  { kind: 'help', example: 'help', requires: 'reader' },
  { kind: 'unknown', example: 'make me a sandwich', requires: 'reader' },
  { kind: 'find-host', example: 'find sMSAs on SRV01', requires: 'reader' },
  { kind: 'list', example: 'list sMSAs', requires: 'reader' },
  { kind: 'show', example: 'show svc_sql01', requires: 'reader' },
  { kind: 'audit-privileged', example: 'audit privileged sMSAs', requires: 'reader' },
  { kind: 'audit-all', example: 'audit sMSAs', requires: 'reader' },
  { kind: 'audit-host', example: 'audit SRV01', requires: 'reader' },
  { kind: 'migration-candidates', example: 'migration candidates', requires: 'reader' },
  { kind: 'test-account', example: 'test svc_sql01 on SRV01', requires: 'reader' },
  // a digest shows what an audit shows, so whoever may audit may subscribe a conversation to it
  { kind: 'subscribe-digest', example: 'subscribe digest weekdays at 08:00', requires: 'reader' },
  { kind: 'unsubscribe-digest', example: 'unsubscribe digest', requires: 'reader' },
  { kind: 'digest-now', example: 'digest now', requires: 'reader' },
  { kind: 'digest-status', example: 'digest status', requires: 'reader' },
  { kind: 'pending-approvals', example: 'pending approvals', requires: 'reader' },
  { kind: 'show-request', example: 'show request 42', requires: 'reader' },
  { kind: 'my-requests', example: 'my requests', requires: 'reader' },
  // where every approver sees new requests: only an approver chooses it
  { kind: 'register-approvals-channel', example: 'register approvals here', requires: 'approver' },
  { kind: 'unregister-approvals-channel', example: 'unregister approvals channel', requires: 'approver' },
  // the trail names who asked what: approvers only
  { kind: 'verify-audit-trail', example: 'verify audit trail', requires: 'approver' },
  { kind: 'audit-trail', example: 'audit trail 20', requires: 'approver' },
];

export const CARD_VERB_RULES: readonly CardVerbRule[] = [
  { verb: 'help', exampleData: {}, requires: 'reader' },
  { verb: 'show', exampleData: { account: 'svc_sql01' }, requires: 'reader' },
  { verb: 'find-host', exampleData: { host: 'SRV01', offset: 0 }, requires: 'reader' },
  { verb: 'list.more', exampleData: { kinds: ['sMSA'], offset: 0 }, requires: 'reader' },
  { verb: 'audit.more', exampleData: { scope: 'all', offset: 0 }, requires: 'reader' },
  { verb: 'migration.more', exampleData: { offset: 0 }, requires: 'reader' },
  { verb: 'test-account', exampleData: { account: 'svc_sql01', host: 'SRV01' }, requires: 'reader' },
  // asking for a fix changes nothing: an approver decides
  {
    verb: 'fix.request',
    exampleData: { key: 'no-owner:example', account: 'svc_sql01', title: 'No owner' },
    requires: 'reader',
  },
  {
    verb: 'fix.submit',
    exampleData: { key: 'no-owner:example', account: 'svc_sql01', title: 'No owner', justification: 'x' },
    requires: 'reader',
  },
  // the approval service checks the rest on every click: never the requester, expiry, state
  { verb: 'approval.approve', exampleData: { approvalId: 'no-such-request' }, requires: 'approver' },
  { verb: 'approval.reject', exampleData: { approvalId: 'no-such-request' }, requires: 'approver' },
  // only the requester may cancel: the service checks who asks
  { verb: 'approval.cancel', exampleData: { approvalId: 'no-such-request' }, requires: 'reader' },
  { verb: 'approval.show', exampleData: { approvalId: 'no-such-request' }, requires: 'reader' },
  // Universal Actions refresh: each viewer gets the buttons their role allows, decided here
  { verb: 'approval.refresh', exampleData: { approvalId: 'no-such-request' }, requires: 'reader' },
  // an undo is a new request: readers may ask, an approver decides
  {
    verb: 'approval.undo',
    exampleData: { approvalId: 'no-such-request', justification: 'x' },
    requires: 'reader',
  },
];

/** A verb no card of this version emits (an old or forged card): readers get "out of date", others nothing. */
export const UNKNOWN_VERB_REQUIREMENT: Role = 'reader';

const COMMAND_REQUIREMENTS = new Map(COMMAND_RULES.map((rule) => [rule.kind, rule.requires]));
const VERB_REQUIREMENTS = new Map(CARD_VERB_RULES.map((rule) => [rule.verb, rule.requires]));

export function commandRequirement(kind: Command['kind']): Requirement {
  // a kind missing from the table is refused to anyone without a role (deny by default)
  return COMMAND_REQUIREMENTS.get(kind) ?? 'reader';
}

export function cardVerbRequirement(verb: string): Requirement {
  return VERB_REQUIREMENTS.get(verb) ?? UNKNOWN_VERB_REQUIREMENT;
}

const WHO: Readonly<Record<Requirement, string>> = {
  anyone: 'anyone (no role needed)',
  reader: 'readers and approvers',
  approver: 'approvers',
};

/** The table as README Markdown (a test checks README.md holds exactly this). */
export function accessTableMarkdown(): string {
  const rows = [
    ...COMMAND_RULES.map((rule) => [
      rule.kind === 'unknown' ? 'typed: anything else (the help card)' : `typed: \`${rule.example}\``,
      WHO[rule.requires],
    ]),
    ...CARD_VERB_RULES.map((rule) => [`card button: verb \`${rule.verb}\``, WHO[rule.requires]]),
    ['card button: every other verb', WHO[UNKNOWN_VERB_REQUIREMENT]],
  ];
  const header = ['request', 'who may'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
