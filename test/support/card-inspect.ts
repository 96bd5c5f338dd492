import type { CardAnswer, PagedCardData } from '../../src/cards/card-answer';
import type { CardReply } from '../../src/cards/card-reply';
import { renderAnswer, renderPage } from '../../src/cards/render-answer';
import { MAX_CARD_BYTES } from '../../src/cards/card-bytes';
import { cardBytes, validateCard } from './validate-card';

/** Reading rendered cards in tests: the visible text and the buttons, wherever they sit in the tree. */

export interface ActionLike {
  type: string;
  title?: string;
  verb?: string;
  data?: unknown;
  card?: unknown;
}

function walk(node: unknown, visit: (obj: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    node.forEach((n) => walk(n, visit));
  } else if (typeof node === 'object' && node !== null) {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

/** Every TextBlock/TextRun text, in document order. */
export function texts(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (obj) => {
    if ((obj.type === 'TextBlock' || obj.type === 'TextRun') && typeof obj.text === 'string')
      out.push(obj.text);
  });
  return out;
}

/** "<line above> · title" of every finding: the account on an audit card, the severity on an account card. */
export function findingLines(card: unknown): string[] {
  const all = texts(card);
  const lines: string[] = [];
  all.forEach((text, i) => {
    if (text.startsWith(' · ')) lines.push(`${all[i - 1]}${text}`);
  });
  return lines;
}

/** All visible text joined by newlines, for `toContain` checks. */
export function cardText(card: unknown): string {
  return texts(card).join('\n');
}

/** Every action (top level, in ActionSets and in ShowCards). */
export function actions(card: unknown): ActionLike[] {
  const out: ActionLike[] = [];
  walk(card, (obj) => {
    if (typeof obj.type === 'string' && obj.type.startsWith('Action.'))
      out.push(obj as unknown as ActionLike);
  });
  return out;
}

export function executeActions(card: unknown, verb?: string): ActionLike[] {
  return actions(card).filter((a) => a.type === 'Action.Execute' && (verb === undefined || a.verb === verb));
}

/** The PowerShell text inside the "PowerShell" ShowCard. */
export function powershellOf(card: unknown): string | undefined {
  const show = actions(card).find((a) => a.type === 'Action.ShowCard' && a.title === 'PowerShell');
  if (show === undefined) return undefined;
  const found: string[] = [];
  walk(show.card, (obj) => {
    if (obj.type === 'TextRun' && obj.fontType === 'Monospace' && typeof obj.text === 'string')
      found.push(obj.text);
  });
  return found[0];
}

/** Every card of a reply parses cleanly with the official parser and fits the Teams budget; returns the only card. */
export function onlyValidCard(answer: CardReply | CardAnswer): CardReply['cards'][number] {
  const reply = rendered(answer);
  expect(reply.cards).toHaveLength(1);
  const card = reply.cards[0]!;
  expect(validateCard(card)).toEqual([]);
  expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  expect(reply.summary).not.toBe('');
  return card;
}

export const NOW = new Date('2025-11-25T12:00:00Z');

/** An answer's cards as Teams gets them: card data goes through the one renderer. */
export function rendered(answer: CardReply | CardAnswer): CardReply {
  const [first] = answer.cards;
  return first !== undefined && 'template' in first
    ? renderAnswer(answer as CardAnswer)
    : (answer as CardReply);
}

/** One page of a paged card, rendered: the card, how many items it shows, and its view. */
export function renderedPage<V>(paged: PagedCardData): {
  card: CardReply['cards'][number];
  shown: number;
  view: V;
} {
  const { card, count } = renderPage(paged);
  return { card, shown: count, view: paged.page(count) as V };
}
