import type { CardReply } from '../cards/card-reply';
import { renderCard } from '../cards/render';
import { clipText } from './clip-text';

interface SuggestionView {
  title: string;
  verb: string;
  data: Record<string, string>;
}

export interface NotFoundInput {
  /** e.g. `No computer named 'X'.` */
  message: string;
  suggestions: readonly string[];
  /** the Action.Execute verb a suggestion button runs, and the data key that carries the name */
  verb: 'find-host' | 'show';
  dataKey: 'host' | 'account';
  powershell: string;
}

/** "No such host/account" with up to three closest names as buttons that ask again. */
export function notFoundReply(input: NotFoundInput): CardReply {
  const suggestions: SuggestionView[] = input.suggestions.map((name) => ({
    title: clipText(name, 40),
    verb: input.verb,
    data: { [input.dataKey]: name },
  }));
  const card = renderCard('not-found', {
    title: input.message,
    suggestions,
    powershell: input.powershell,
  });
  const hint = input.suggestions.length > 0 ? ` Did you mean ${input.suggestions.join(', ')}?` : '';
  return { cards: [card], summary: `${input.message}${hint}` };
}

/** The typed name in quotes, shortened so a pasted essay cannot fill the card. */
export function quoted(text: string): string {
  return `'${clipText(text, 100)}'`;
}
