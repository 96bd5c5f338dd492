import type { AdaptiveCardJson } from './card-reply';
import { MAX_CARD_BYTES, cardBytes } from './card-bytes';

/**
 * The largest page of at most `maxItems` items (from `available`) whose card fits the Teams budget.
 * `render(count)` renders the first `count` items of the page; the same data always gives the same
 * page, so the offset a "Show more" button carries stays right. One item always goes out: its texts
 * are clipped, and answerSafely still catches a card that is too large.
 */
export function fitPage(
  available: number,
  maxItems: number,
  render: (count: number) => AdaptiveCardJson,
  budget = MAX_CARD_BYTES,
): { card: AdaptiveCardJson; count: number } {
  let count = Math.max(0, Math.min(maxItems, available));
  for (;;) {
    const card = render(count);
    const bytes = cardBytes(card);
    if (bytes <= budget || count <= 1) return { card, count };
    // shrink in proportion to the overshoot, at least by one
    count = Math.max(1, Math.min(count - 1, Math.floor((count * budget) / bytes)));
  }
}
