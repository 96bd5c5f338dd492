import { type CardAnswer, card } from '../../cards/card-answer';
import { clipText } from './clip-text';

export interface SuggestInput {
  /** e.g. `No computer named 'X'.` */
  message: string;
  suggestions: readonly string[];
  /** what a suggestion button runs: the same question with the suggested name */
  action: (name: string) => { verb: string; data: object };
  powershell: string;
}

/**
 * The not-found card: "No such host/account" with up to three closest names as buttons that ask the
 * same question again, e.g. `audit SRV1` → [SRV01] runs the audit of SRV01, not a host lookup.
 */
export function suggestReply(input: SuggestInput): CardAnswer {
  const data = {
    title: input.message,
    suggestions: input.suggestions.map((name) => ({ title: clipText(name, 40), ...input.action(name) })),
    powershell: input.powershell,
  };
  const hint = input.suggestions.length > 0 ? ` Did you mean ${input.suggestions.join(', ')}?` : '';
  return card('not-found', data, `${input.message}${hint}`);
}
