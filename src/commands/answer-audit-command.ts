import type { CardReply } from '../cards/card-reply';
import type { AnswerDeps } from './answer-deps';
import { answerAuditAll, answerAuditHost } from './answers/audit-all';
import { answerAuditPrivileged } from './answers/audit-privileged';
import type { Command } from './command';
import { answerMigrationCandidates } from './answers/migration-candidates';
import { answerTestAccount } from './answers/test-account';

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

/** The audit commands, each from its first page; answerCommand routes here and catches failures. */
export function answerAuditCommand(command: AuditCommand, deps: AnswerDeps): Promise<CardReply> {
  switch (command.kind) {
    case 'audit-privileged':
      return answerAuditPrivileged(0, deps);
    case 'audit-all':
      return answerAuditAll(0, deps);
    case 'audit-host':
      return answerAuditHost(command.host, 0, deps);
    case 'migration-candidates':
      return answerMigrationCandidates(command.host, 0, deps);
    case 'test-account':
      return answerTestAccount(command.account, command.host, deps);
  }
}
