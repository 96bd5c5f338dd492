/** An Adaptive Card (1.5) as plain JSON, ready to attach to a Teams message. */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/** What a command answers: one or more cards. */
export interface CardReply {
  cards: AdaptiveCardJson[];
  /** a one-line text summary for notifications and logs (never secrets) */
  summary: string;
}
