import { type CardAnswer, card } from '../../cards/card-answer';
import { describeAuditTrailBreak } from '../../audit-trail/verify-audit-trail';
import type { AnswerDeps } from '../answer-deps';

/** The answer when the bot was started without a trail (a test harness). */
export function trailNotKeptAnswer(): CardAnswer {
  const view = { title: 'Audit trail', ok: false, verdict: 'This bot keeps no audit trail.', facts: [] };
  return card('audit-trail-verify', view, view.verdict);
}

/** `verify audit trail`: intact (entries, head) or the first broken entry by number, and why. */
export async function answerVerifyAuditTrail(deps: AnswerDeps): Promise<CardAnswer> {
  if (deps.auditTrail === undefined) return trailNotKeptAnswer();
  const verdict = await deps.auditTrail.verify();
  if (verdict.ok) {
    const head =
      verdict.head === null ? 'none (empty)' : `#${verdict.head.seq} ${verdict.head.hash.slice(0, 16)}…`;
    const text = `intact: ${verdict.entries} entries, head ${head}`;
    const facts = [
      { title: 'Entries', value: String(verdict.entries) },
      { title: 'Head', value: head },
      {
        title: 'Anchored head',
        value: verdict.anchoredSeq === null ? 'none yet' : `#${verdict.anchoredSeq} (reached unchanged)`,
      },
    ];
    return card(
      'audit-trail-verify',
      { title: 'Audit trail verified', ok: true, verdict: `The audit trail is ${text}.`, facts },
      `Audit trail ${text}`,
    );
  }
  const why = describeAuditTrailBreak(verdict.reason);
  const text = `broken at entry #${verdict.seq}: ${why}`;
  return card(
    'audit-trail-verify',
    {
      title: 'Audit trail BROKEN',
      ok: false,
      verdict: `The audit trail is ${text}.`,
      facts: [
        { title: 'First broken entry', value: `#${verdict.seq}` },
        { title: 'Why', value: why },
        { title: 'Entries intact before it', value: String(verdict.checked) },
      ],
    },
    `Audit trail ${text}`,
  );
}
