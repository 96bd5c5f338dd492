import type { CardReply } from '../../cards/card-reply';
import type { DigestCommand } from '../parse/parse-digest-command';
import { answerDigestNow } from './digest-now';
import { answerDigestStatus } from './digest-status';
import type { DigestCommandDeps } from './digest-command-deps';
import { answerSubscribeDigest } from './subscribe-digest';
import { answerUnsubscribeDigest } from './unsubscribe-digest';

/** Routes the digest commands; the router calls it for what parseDigestCommand recognised. */
export function answerDigestCommand(command: DigestCommand, deps: DigestCommandDeps): Promise<CardReply> {
  switch (command.kind) {
    case 'subscribe-digest':
      return answerSubscribeDigest(command.schedule, deps);
    case 'unsubscribe-digest':
      return answerUnsubscribeDigest(deps);
    case 'digest-now':
      return answerDigestNow(deps);
    case 'digest-status':
      return answerDigestStatus(deps);
  }
}
