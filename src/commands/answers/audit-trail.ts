import { type CardAnswer, card } from '../../cards/card-answer';
import type { AnswerDeps } from '../answer-deps';
import { auditTrailView } from '../views/audit-trail-view';
import { trailNotKeptAnswer } from './verify-audit-trail';

/** `audit trail [n]`: the latest n entries (1–50), newest first. */
export async function answerAuditTrail(count: number, deps: AnswerDeps): Promise<CardAnswer> {
  if (deps.auditTrail === undefined) return trailNotKeptAnswer();
  const entries = await deps.auditTrail.latest(count);
  return card(
    'audit-trail',
    auditTrailView(entries, count),
    `Audit trail: ${entries.length} latest ${entries.length === 1 ? 'entry' : 'entries'}`,
  );
}
