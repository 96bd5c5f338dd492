import type { CardReply } from '../cards/card-reply';
import type { AnswerDeps } from './answer-deps';
import { answerAuditCommand, isAuditCommand } from './answer-audit-command';
import { answerSafely } from './answer-safely';
import type { Command } from './command';
import { answerFindHost } from './find-host';
import { clipText } from './clip-text';
import { helpReply } from './help';
import { answerList } from './list-accounts';
import { answerShowAccount } from './show-account';

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
    case 'whoami':
      // the access guard answers whoami before the router; without a guard there is no one to describe
      return Promise.resolve(helpReply());
    case 'unknown':
      return Promise.resolve(helpReply([`I didn't understand '${clipText(command.text, 100)}'.`]));
  }
}

/** A parsed command → the reply cards. Never throws: directory and other failures become error cards. */
export function answerCommand(command: Command, deps: AnswerDeps): Promise<CardReply> {
  return answerSafely(() => route(command, deps), deps);
}
