import type { CardReply } from '../cards/card-reply';
import type { AnswerDeps } from './answer-deps';
import type { Command } from './command';
import { helpReply } from './help';

/** The commands the audit engine (issue 3) answers. */
export type AuditCommand = Extract<
  Command,
  { kind: 'audit-privileged' | 'audit-all' | 'audit-host' | 'migration-candidates' | 'test-account' }
>;

const AUDIT_KINDS: ReadonlySet<Command['kind']> = new Set([
  'audit-privileged',
  'audit-all',
  'audit-host',
  'migration-candidates',
  'test-account',
]);

export function isAuditCommand(command: Command): command is AuditCommand {
  return AUDIT_KINDS.has(command.kind);
}

/**
 * THE place where audit commands are answered. Until the audit engine lands this answers with the
 * help card and one line; replace this function's body (answerCommand already routes here).
 */
export function answerAuditCommand(_command: AuditCommand, _deps: AnswerDeps): Promise<CardReply> {
  return Promise.resolve(helpReply(['This command arrives with the audit engine.']));
}
