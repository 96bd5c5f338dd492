import type { AdaptiveCardJson } from '../cards/card-reply';

/**
 * A one-paragraph card for transport-level answers (refusals, "something went wrong") that must not
 * depend on the card templates working.
 */
export function textCard(text: string): AdaptiveCardJson {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true }],
  };
}
