import { clipText } from './clip-text';

/** The typed name in quotes, shortened so a pasted essay cannot fill the card. */
export function quoted(text: string): string {
  return `'${clipText(text, 100)}'`;
}
