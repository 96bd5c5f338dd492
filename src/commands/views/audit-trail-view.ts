import type { StoredAuditEntry } from '../../audit-trail/audit-entry';
import { clipText } from './clip-text';

export interface AuditTrailEntryView {
  heading: string;
  lines: string[];
}

export interface AuditTrailCardView {
  title: string;
  subtitle: string;
  entries: AuditTrailEntryView[];
}

const utc = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function compact(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text === undefined || text === '{}' ? '' : text;
}

/** One line each for what was asked, the decision and the outcome of a turn entry; details otherwise. */
function describe(entry: StoredAuditEntry): string[] {
  const details = record(entry.details);
  const asked = record(details.asked);
  const decision = record(details.decision);
  const outcome = record(details.outcome);
  if (entry.action.startsWith('turn.')) {
    const what =
      asked.command !== undefined
        ? `${compact(asked.text)} (${compact(asked.command)})`
        : `card: ${compact(asked.verb)} ${compact(asked.data)}`;
    const roles =
      Array.isArray(decision.roles) && decision.roles.length > 0 ? decision.roles.join(', ') : 'no role';
    return [
      `Asked: ${clipText(what.trim(), 160)}`,
      `Decision: ${decision.allowed === true ? 'allowed' : 'refused'} (${roles}; ${clipText(compact(decision.reason), 100)})`,
      `Outcome: ${compact(outcome.status)}: ${clipText(compact(outcome.summary), 120)}`,
    ];
  }
  return [`${entry.action} ${clipText(entry.subject, 80)}`, clipText(compact(entry.details), 200)];
}

/** The newest entries (newest first) for the `audit trail [n]` card. */
export function auditTrailView(entries: readonly StoredAuditEntry[], requested: number): AuditTrailCardView {
  return {
    title: 'Audit trail',
    subtitle:
      entries.length === 0
        ? 'The audit trail is empty.'
        : `The latest ${entries.length} of the ${requested} requested, newest first. Run "verify audit trail" to check the chain.`,
    entries: entries.map((entry) => ({
      heading: `#${entry.seq} · ${utc(entry.at)} · ${clipText(entry.actor.name, 80)}`,
      lines: describe(entry),
    })),
  };
}
