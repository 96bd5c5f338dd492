import { cardBytes, MAX_CARD_BYTES } from '../cards/card-bytes';
import type { AdaptiveCardJson, CardReply } from '../cards/card-reply';
import { renderCard } from '../cards/render';
import { severities, type Finding, type Severity } from '../domain/finding';
import type { DigestData, PendingApproval, ResolvedFinding } from './build-digest';
import { formatInTimeZone } from '../domain/format-in-time-zone';

/** The verb of an approval's "Open" button; the approval flow answers it with the approval card. */
export const OPEN_APPROVAL_VERB = 'approval.show';

/** Rows per section before the rest are only counted; lowered further when the card would be too big. */
export const DEFAULT_DIGEST_ROWS = 8;

const LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};
const COLORS: Record<Severity, string> = {
  critical: 'Attention',
  high: 'Attention',
  medium: 'Warning',
  low: 'Default',
  info: 'Accent',
};

export interface DigestRowView {
  account: string;
  title: string;
  detail: string;
}

export interface DigestSectionView {
  heading: string;
  color: string;
  rows: DigestRowView[];
  moreNote: string;
}

export interface DigestApprovalView extends DigestRowView {
  verb: string;
  data: { approvalId: string };
}

export interface DigestCardView {
  unchangedNote: string;
  title: string;
  subtitle: string;
  counts: { label: string; count: string; color: string }[];
  note: string;
  sections: DigestSectionView[];
  approvalsHeading: string;
  approvals: DigestApprovalView[];
  approvalsMoreNote: string;
  auditTitle: string;
}

export interface DigestCardOptions {
  /** IANA time zone the dates are shown in (the subscription's) */
  timeZone: string;
  /** the schedule in words, e.g. `weekdays at 08:00 (Europe/Berlin)`; empty for `digest now` */
  scheduleWords: string;
  maxRows?: number;
}

const MAX_TEXT = 200;

function clip(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const count = (n: number): string => n.toLocaleString('en-US');

function findingRow(finding: Finding): DigestRowView {
  return {
    account: clip(finding.account.name, 80),
    title: clip(`${finding.title} (${LABELS[finding.severity]})`),
    detail: clip(finding.checkId),
  };
}

function resolvedRow(resolved: ResolvedFinding): DigestRowView {
  return {
    account: clip(resolved.account, 80),
    title: clip(resolved.checkId),
    detail: clip(resolved.detail === resolved.checkId ? '' : resolved.detail),
  };
}

function ageWords(hours: number): string {
  if (hours < 1) return 'less than an hour';
  if (hours < 48) return hours === 1 ? '1 hour' : `${hours} hours`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

function approvalRow(approval: PendingApproval): DigestApprovalView {
  return {
    account: clip(approval.account, 80),
    title: clip(approval.action),
    detail: clip(`requested by ${approval.requestedBy}, waiting ${ageWords(approval.ageHours)}`),
    verb: OPEN_APPROVAL_VERB,
    data: { approvalId: approval.id },
  };
}

function section<T>(
  heading: string,
  color: string,
  items: readonly T[],
  toRow: (item: T) => DigestRowView,
  maxRows: number,
): DigestSectionView {
  const rest = items.length - maxRows;
  return {
    heading: `${heading} (${count(items.length)})`,
    color,
    rows: items.slice(0, maxRows).map(toRow),
    moreNote: rest > 0 ? `and ${count(rest)} more: Show more opens the full audit` : '',
  };
}

/** The card's data: counts first, then new, resolved, overdue and waiting, each at most `maxRows` rows. */
export function digestCardView(data: DigestData, options: DigestCardOptions): DigestCardView {
  const maxRows = Math.max(0, options.maxRows ?? DEFAULT_DIGEST_ROWS);
  const when = (date: Date): string => formatInTimeZone(date, options.timeZone);
  const sections: DigestSectionView[] = [];
  if (data.previousAt !== null && data.newFindings.length > 0)
    sections.push(
      section(`New since ${when(data.previousAt)}`, 'Attention', data.newFindings, findingRow, maxRows),
    );
  if (data.previousAt !== null && data.resolved.length > 0)
    sections.push(section('Resolved', 'Good', data.resolved, resolvedRow, maxRows));
  if (data.overdue.length > 0)
    sections.push(section('Passwords overdue for rotation', 'Warning', data.overdue, findingRow, maxRows));
  const approvalRest = data.pendingApprovals.length - maxRows;
  const clipped = sections.some((s) => s.moreNote !== '');
  const accounts = data.accountsChecked === 1 ? '1 account' : `${count(data.accountsChecked)} accounts`;
  return {
    unchangedNote: data.unchangedSince === null ? '' : `Nothing changed since ${when(data.unchangedSince)}.`,
    title: 'Managed service accounts: digest',
    subtitle: [when(data.at), `${accounts} checked`, options.scheduleWords]
      .filter((part) => part !== '')
      .join(' · '),
    counts: severities.map((severity) => ({
      label: LABELS[severity],
      count: count(data.counts[severity]),
      color: data.counts[severity] > 0 ? COLORS[severity] : 'Default',
    })),
    note:
      data.previousAt === null
        ? 'The first digest here: the next ones list what is new and what was resolved since.'
        : '',
    sections,
    approvalsHeading: `Waiting for approval (${count(data.pendingApprovals.length)})`,
    approvals: data.pendingApprovals.slice(0, maxRows).map(approvalRow),
    approvalsMoreNote: approvalRest > 0 ? `and ${count(approvalRest)} more waiting` : '',
    auditTitle: clipped ? 'Show more (full audit)' : 'Full audit',
  };
}

/** One line for notifications and the log. */
export function digestSummary(data: DigestData): string {
  const parts = [`${count(data.total)} findings`];
  if (data.previousAt !== null)
    parts.push(`${data.newFindings.length} new`, `${data.resolved.length} resolved`);
  parts.push(
    `${data.overdue.length} passwords overdue`,
    `${data.pendingApprovals.length} waiting for approval`,
  );
  return `Digest: ${parts.join(', ')}`;
}

/**
 * The digest card, under the Teams size limit: rows per section are halved until the card fits
 * (the counts and the notes always stay).
 */
export function digestReply(data: DigestData, options: DigestCardOptions): CardReply {
  let maxRows = options.maxRows ?? DEFAULT_DIGEST_ROWS;
  let card: AdaptiveCardJson = renderCard('digest', digestCardView(data, { ...options, maxRows }));
  while (cardBytes(card) > MAX_CARD_BYTES && maxRows > 0) {
    maxRows = Math.floor(maxRows / 2);
    card = renderCard('digest', digestCardView(data, { ...options, maxRows }));
  }
  return { cards: [card], summary: digestSummary(data) };
}
