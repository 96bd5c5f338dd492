import type { CardReply } from '../cards/card-reply';
import type { AnswerDeps } from './answer-deps';
import { answerAuditCommand, isAuditCommand } from './answer-audit-command';
import { answerSafely } from './answer-safely';
import type { Command } from './command';
import { answerFindHost } from './answers/find-host';
import { clipText } from './views/clip-text';
import { helpReply } from './answers/help';
import { answerList } from './answers/list-accounts';
import { answerShowAccount } from './answers/show-account';

export type { AnswerDeps } from './answer-deps';

function route(command: Command, deps: AnswerDeps): Promise<CardReply> {
  if (isAuditCommand(command)) return answerAuditCommand(command, deps);
  switch (command.kind) {
    case 'find-host':
      return answerFindHost(command.host, 0, deps);
    case 'list':
      return answerList(command.accountKinds, command.offset, deps);
    case 'show':
      return answerShowAccount(command.account, deps);
    case 'help':
      return Promise.resolve(helpReply());
    case 'unknown':
      return Promise.resolve(helpReply([`I didn't understand '${clipText(command.text, 100)}'.`]));
  }
}

/** A parsed command → the reply cards. Never throws: directory and other failures become error cards. */
export function answerCommand(command: Command, deps: AnswerDeps): Promise<CardReply> {
  return answerSafely(() => route(command, deps), deps);
}
