import { randomUUID } from 'node:crypto';

/** A short reference a user can quote and an operator can grep for in the logs. */
export function newCorrelationId(): string {
  return randomUUID().slice(0, 8);
}

export function sorryText(ref: string): string {
  return `Sorry, something went wrong (ref ${ref}). Nothing was changed.`;
}
