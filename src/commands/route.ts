import { z } from 'zod';
import type { CardAnswer } from '../cards/card-answer';
import type { CardReply } from '../cards/card-reply';
import { renderAnswer } from '../cards/render-answer';
import type { AnswerDeps } from './answer-deps';
import { answerSafely } from './answer-safely';
import { answerDigestCommand } from './answers/answer-digest-command';
import { answerAuditAccount } from './answers/audit-account';
import { answerAuditAll } from './answers/audit-all';
import { answerAuditHost } from './answers/audit-host';
import { answerAuditPrivileged } from './answers/audit-privileged';
import { answerFindHost } from './answers/find-host';
import { answerApprovalDecision } from './answers/approval-decision';
import { answerApprovalUndo } from './answers/approval-undo';
import {
  answerRegisterApprovalsChannel,
  answerUnregisterApprovalsChannel,
} from './answers/approvals-channel';
import { answerFixRequest } from './answers/fix-request';
import { answerFixSubmit } from './answers/fix-submit';
import { answerMyRequests } from './answers/my-requests';
import { answerPendingApprovals } from './answers/pending-approvals';
import { answerShowRequest } from './answers/show-request';
import { answerHelp, answerOutdatedButton, answerUnknown, helpReply } from './answers/help';
import { answerList } from './answers/list-accounts';
import { answerMigrationCandidates } from './answers/migration-candidates';
import { answerShowAccount } from './answers/show-account';
import { answerTestAccount } from './answers/test-account';
import { answerAuditTrail } from './answers/audit-trail';
import { answerVerifyAuditTrail } from './answers/verify-audit-trail';
import type { Command, TypedCommand } from './command';
import { parseCommand } from './parse/parse-command';
import type { DigestCommand } from './parse/parse-digest-command';
import { checkIds } from '../domain/finding';

export type { AnswerDeps } from './answer-deps';

/** Typed text → Command: the parser's commands, from their first page. */
export function commandFromText(text: string): Command {
  const typed: TypedCommand = parseCommand(text);
  switch (typed.kind) {
    case 'find-host':
    case 'audit-privileged':
    case 'audit-all':
    case 'audit-host':
    case 'migration-candidates':
      return { ...typed, offset: 0 };
    default:
      return typed;
  }
}

// The card data comes back from the client: check it here, at the edge, like any other user input.
const name = z.string().trim().min(1).max(256);
const offset = z.number().int().min(0).max(1_000_000);
const dn = z.string().min(1).max(2048);
/** a kept audit run's id (audit-run-cache.ts makes 12 URL-safe characters) */
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** a protected group's SID, e.g. S-1-5-32-544 */
const groupSid = z
  .string()
  .max(256)
  .regex(/^S-1(-\d{1,10}){1,15}$/i);

/** A RemediationProposal as a button carries it; the approval flow re-checks it before anything runs. */
const remediation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('remove-from-group'), groupDn: dn, groupName: z.string().min(1).max(256) }),
  z.object({ kind: z.literal('clear-unconstrained-delegation') }),
  z.object({ kind: z.literal('remove-delegation-targets'), targets: z.array(dn).min(1).max(100) }),
  z.object({ kind: z.literal('clear-rbcd') }),
  z.object({ kind: z.literal('disable-account') }),
  z.object({ kind: z.literal('set-aes-only') }),
]);

const fixRequest = z.object({
  findingKey: z.string().min(1).max(1024),
  account: name,
  title: z.string().max(512),
  remediation: remediation.optional(),
});
const approvalId = z.object({ approvalId: z.string().trim().min(1).max(128) });

/** Each Action.Execute verb the cards emit: its data's schema and the Command it stands for. */
const cardVerbs = {
  'list.more': z
    .object({
      kinds: z
        .array(z.enum(['sMSA', 'gMSA']))
        .min(1)
        .max(2),
      offset,
    })
    .transform((d): Command => ({ kind: 'list', accountKinds: d.kinds, offset: d.offset })),
  show: z.object({ account: name }).transform((d): Command => ({ kind: 'show', account: d.account })),
  'find-host': z
    .object({ host: name, offset: offset.optional() })
    .transform((d): Command => ({ kind: 'find-host', host: d.host, offset: d.offset ?? 0 })),
  help: z.unknown().transform((): Command => ({ kind: 'help' })),
  'audit.more': z
    .discriminatedUnion('scope', [
      z.object({
        scope: z.literal('all'),
        offset,
        run: runId.optional(),
        check: z.enum(checkIds).optional(),
      }),
      z.object({ scope: z.literal('privileged'), offset, run: runId.optional(), group: groupSid.optional() }),
      z.object({
        scope: z.literal('host'),
        host: name,
        offset,
        run: runId.optional(),
        check: z.enum(checkIds).optional(),
      }),
      z.object({ scope: z.literal('account'), account: name, offset }),
    ])
    .transform((d): Command => {
      // only the keys that came: the command reads like the click
      const within = <T extends object>(value: T): T =>
        Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
      switch (d.scope) {
        case 'all':
          return within({ kind: 'audit-all', offset: d.offset, run: d.run, check: d.check });
        case 'privileged':
          return within({ kind: 'audit-privileged', offset: d.offset, run: d.run, group: d.group });
        case 'host':
          return within({ kind: 'audit-host', host: d.host, offset: d.offset, run: d.run, check: d.check });
        case 'account':
          return { kind: 'audit-account', account: d.account, offset: d.offset };
      }
    }),
  'migration.more': z
    .object({ host: name.optional(), offset })
    .transform((d): Command => ({ kind: 'migration-candidates', host: d.host ?? null, offset: d.offset })),
  'test-account': z
    .object({ account: name, host: name })
    .transform((d): Command => ({ kind: 'test-account', account: d.account, host: d.host })),
  'fix.request': fixRequest.transform((d): Command => ({ kind: 'fix-request', request: d })),
  // the request card's inputs arrive merged into its data; an empty justification is the service's refusal
  'fix.submit': fixRequest
    .extend({ justification: z.string().max(4000).optional() })
    .transform(({ justification, ...request }): Command => ({
      kind: 'fix-submit',
      request,
      justification: justification ?? '',
    })),
  'approval.approve': approvalId.transform((d): Command => ({
    kind: 'approval-decide',
    decision: 'approve',
    approvalId: d.approvalId,
  })),
  'approval.reject': approvalId.transform((d): Command => ({
    kind: 'approval-decide',
    decision: 'reject',
    approvalId: d.approvalId,
  })),
  'approval.cancel': approvalId.transform((d): Command => ({
    kind: 'approval-decide',
    decision: 'cancel',
    approvalId: d.approvalId,
  })),
  'approval.show': approvalId.transform((d): Command => ({ kind: 'show-request', approvalId: d.approvalId })),
  // Universal Actions refresh (automatic, per viewer): the same card as Refresh
  'approval.refresh': approvalId.transform((d): Command => ({
    kind: 'show-request',
    approvalId: d.approvalId,
  })),
  // the card's justification input arrives merged into the data; an empty one is the service's refusal
  'approval.undo': approvalId
    .extend({ justification: z.string().max(4000).optional() })
    .transform((d): Command => ({
      kind: 'approval-undo',
      approvalId: d.approvalId,
      justification: d.justification ?? '',
    })),
} as const;

/** The Action.Execute verbs the cards emit. */
export const CARD_ACTION_VERBS: readonly string[] = Object.keys(cardVerbs);

/** A card click → Command; an unknown verb or data that does not fit is an out-of-date button. */
export function commandFromCardVerb(verb: string, data: unknown): Command {
  if (!Object.hasOwn(cardVerbs, verb)) return { kind: 'outdated-button' };
  const parsed = cardVerbs[verb as keyof typeof cardVerbs].safeParse(data);
  return parsed.success ? parsed.data : { kind: 'outdated-button' };
}

const DIGEST_KINDS: ReadonlySet<Command['kind']> = new Set<DigestCommand['kind']>([
  'subscribe-digest',
  'unsubscribe-digest',
  'digest-now',
  'digest-status',
]);

function isDigestCommand(command: Command): command is DigestCommand {
  return DIGEST_KINDS.has(command.kind);
}

/** The digest commands act on the conversation they were typed in; without one there is nothing to subscribe. */
function answerDigest(command: DigestCommand, deps: AnswerDeps): Promise<CardReply> {
  if (deps.digest === undefined)
    return Promise.resolve(
      renderAnswer(helpReply(['The digest is posted to a conversation: ask me in one.'])),
    );
  return answerDigestCommand(command, deps.digest);
}

/** The one dispatcher: each command to the answer named after it. */
function answerOf(
  command: Exclude<Command, DigestCommand>,
  deps: AnswerDeps,
): Promise<CardAnswer> | CardAnswer {
  switch (command.kind) {
    case 'find-host':
      return answerFindHost(command.host, command.offset, deps);
    case 'list':
      return answerList(command.accountKinds, command.offset, deps);
    case 'show':
      return answerShowAccount(command.account, deps);
    case 'help':
      return answerHelp();
    case 'whoami':
      // the access guard answers whoami before the router; without a guard there is no one to describe
      return answerHelp();
    case 'audit-privileged':
      return answerAuditPrivileged(command, deps);
    case 'audit-all':
      return answerAuditAll(command, deps);
    case 'audit-host':
      return answerAuditHost(command.host, command, deps);
    case 'audit-account':
      return answerAuditAccount(command.account, command.offset, deps);
    case 'migration-candidates':
      return answerMigrationCandidates(command.host, command.offset, deps);
    case 'test-account':
      return answerTestAccount(command.account, command.host, deps);
    case 'fix-request':
      return answerFixRequest(command.request, deps);
    case 'fix-submit':
      return answerFixSubmit(command.request, command.justification, deps);
    case 'approval-decide':
      return answerApprovalDecision(command.decision, command.approvalId, deps);
    case 'show-request':
      return answerShowRequest(command.approvalId, deps);
    case 'pending-approvals':
      return answerPendingApprovals(deps);
    case 'my-requests':
      return answerMyRequests(deps);
    case 'approval-undo':
      return answerApprovalUndo(command.approvalId, command.justification, deps);
    case 'register-approvals-channel':
      return answerRegisterApprovalsChannel(deps);
    case 'unregister-approvals-channel':
      return answerUnregisterApprovalsChannel(deps);
    case 'verify-audit-trail':
      return answerVerifyAuditTrail(deps);
    case 'audit-trail':
      return answerAuditTrail(command.count, deps);
    case 'unknown':
      return answerUnknown(command.text);
    case 'outdated-button':
      return answerOutdatedButton();
  }
}

/** A command → the reply cards. Never throws: directory and other failures become error cards. */
export function answer(command: Command, deps: AnswerDeps): Promise<CardReply> {
  return answerSafely(
    async () =>
      isDigestCommand(command) ? answerDigest(command, deps) : renderAnswer(await answerOf(command, deps)),
    deps,
  );
}

/** A typed message → the reply cards. */
export function answerText(text: string, deps: AnswerDeps): Promise<CardReply> {
  return answer(commandFromText(text), deps);
}

/**
 * An Action.Execute click → the reply cards. An unknown verb or data that does not fit (an old card,
 * a forged invoke) gets a card saying the button is out of date; nothing here throws.
 */
export function answerCardVerb(verb: string, data: unknown, deps: AnswerDeps): Promise<CardReply> {
  return answer(commandFromCardVerb(verb, data), deps);
}
