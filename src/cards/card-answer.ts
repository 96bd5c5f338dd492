/** Every template in `<repo>/cards/`; a test renders each one, so a new template cannot skip validation. */
export const cardTemplateNames = [
  'host',
  'account-list',
  'account',
  'not-found',
  'help',
  'error',
  'audit',
  'audit-summary',
  'audit-privileged',
  'migration-candidates',
  'test-account',
  'fix-request',
  'digest',
  'access',
  'approval',
  'approval-list',
  'audit-trail',
  'audit-trail-verify',
] as const;
export type CardTemplateName = (typeof cardTemplateNames)[number];

/** One card as data: the template and its view model of plain strings, arrays and flags. */
export interface CardData {
  template: CardTemplateName;
  data: object;
}

/**
 * One page of a paged card: `page(count)` is the view with the first `count` of at most `maxItems`
 * items (of `available`); the renderer picks the largest count whose card fits the Teams budget.
 */
export interface PagedCardData {
  template: CardTemplateName;
  available: number;
  maxItems: number;
  page: (count: number) => object;
}

/** What an answer returns: its cards as data, rendered in one place (src/cards/render-answer.ts). */
export interface CardAnswer {
  cards: (CardData | PagedCardData)[];
  /** a one-line text summary for notifications and logs (never secrets) */
  summary: string;
}

export function card(template: CardTemplateName, data: object, summary: string): CardAnswer {
  return { cards: [{ template, data }], summary };
}
