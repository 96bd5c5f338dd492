import type { CardAnswer, CardData, PagedCardData } from './card-answer';
import type { AdaptiveCardJson, CardReply } from './card-reply';
import { fitPage } from './fit-page';
import { renderCard } from './render';

/** The largest page of a paged card that fits the Teams budget, and how many items it shows. */
export function renderPage(card: PagedCardData): { card: AdaptiveCardJson; count: number } {
  return fitPage(card.available, card.maxItems, (count) => renderCard(card.template, card.page(count)));
}

function renderOne(card: CardData | PagedCardData): AdaptiveCardJson {
  return 'data' in card ? renderCard(card.template, card.data) : renderPage(card).card;
}

/** Card data → Adaptive Cards: the one place answers are rendered. */
export function renderAnswer(answer: CardAnswer): CardReply {
  return { cards: answer.cards.map(renderOne), summary: answer.summary };
}
