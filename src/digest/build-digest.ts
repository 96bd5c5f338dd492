import { checkIds, severityRank, type CheckId, type Finding, type Severity } from '../domain/finding';
import type { StoredApproval } from '../store/approval-store';
import type { FindingSnapshot } from '../store/digest-store';

/** What one audit run gives the digest: the findings and the names of the accounts it saw. */
export interface DigestAudit {
  findings: readonly Finding[];
  /** objectGUID (lower case) and SID (upper case) → account name, to name the accounts of resolved findings */
  accountNames: ReadonlyMap<string, string>;
  accountsChecked: number;
}

export interface DigestInput {
  audit: DigestAudit;
  /** the finding keys at this conversation's previous digest; null before the first one */
  previous: FindingSnapshot | null;
  /** any approvals; those still waiting for a decision (`requested`) are listed */
  approvals: readonly StoredApproval[];
  now: Date;
}

/** A finding of the previous digest that the audit no longer reports; only its key is known. */
export interface ResolvedFinding {
  key: string;
  checkId: string;
  /** the account's name when the directory still has it, else its GUID or SID */
  account: string;
  detail: string;
}

export interface PendingApproval {
  id: string;
  account: string;
  action: string;
  requestedBy: string;
  createdAt: Date;
  /** whole hours since it was requested */
  ageHours: number;
}

export interface DigestData {
  at: Date;
  accountsChecked: number;
  counts: Record<Severity, number>;
  total: number;
  /** the previous digest's time when nothing was new or resolved since; null otherwise or for the first digest */
  unchangedSince: Date | null;
  /** null for the first digest of a conversation (nothing to compare with) */
  previousAt: Date | null;
  newFindings: Finding[];
  resolved: ResolvedFinding[];
  /** password-rotation findings */
  overdue: Finding[];
  /** oldest first */
  pendingApprovals: PendingApproval[];
  /** the snapshot to save once the digest is posted */
  keys: string[];
}

const HOUR_MS = 3_600_000;
const checkRank = new Map<string, number>(checkIds.map((id, i) => [id, i]));

/** `checkId:objectGUID-or-SID:detail` → its parts (the detail may itself hold colons). */
export function splitFindingKey(key: string): { checkId: string; accountId: string; detail: string } {
  const first = key.indexOf(':');
  const second = first < 0 ? -1 : key.indexOf(':', first + 1);
  if (first < 0 || second < 0) return { checkId: key, accountId: '', detail: '' };
  return {
    checkId: key.slice(0, first),
    accountId: key.slice(first + 1, second),
    detail: key.slice(second + 1),
  };
}

function accountNameOf(accountId: string, names: ReadonlyMap<string, string>): string {
  return names.get(accountId.toLowerCase()) ?? names.get(accountId.toUpperCase()) ?? accountId;
}

function compareResolved(a: ResolvedFinding, b: ResolvedFinding): number {
  return (
    (checkRank.get(a.checkId) ?? checkIds.length) - (checkRank.get(b.checkId) ?? checkIds.length) ||
    a.account.localeCompare(b.account) ||
    a.detail.localeCompare(b.detail)
  );
}

/**
 * The digest of one conversation: what the audit finds now against the keys of its previous digest.
 * Pure and linear in the number of findings (set lookups), so thousands of findings cost milliseconds.
 */
export function buildDigest(input: DigestInput): DigestData {
  const { audit, previous, now } = input;
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const currentKeys = new Set<string>();
  for (const finding of audit.findings) {
    counts[finding.severity] += 1;
    currentKeys.add(finding.key);
  }
  const previousKeys = new Set(previous?.keys ?? []);
  // the first digest has nothing to compare with: nothing is "new", the counts say it all
  const newFindings =
    previous === null ? [] : audit.findings.filter((finding) => !previousKeys.has(finding.key));
  const resolved: ResolvedFinding[] = [];
  for (const key of previousKeys) {
    if (currentKeys.has(key)) continue;
    const parts = splitFindingKey(key);
    resolved.push({
      key,
      checkId: parts.checkId,
      account: accountNameOf(parts.accountId, audit.accountNames),
      detail: parts.detail,
    });
  }
  resolved.sort(compareResolved);
  const overdue = audit.findings.filter(
    (finding) => finding.checkId === ('password-rotation' satisfies CheckId),
  );
  const pendingApprovals = input.approvals
    .filter((approval) => approval.state === 'requested')
    .map((approval) => ({
      id: approval.id,
      account: approval.account.name,
      action: approval.action.kind,
      requestedBy: approval.requestedBy.name,
      createdAt: approval.createdAt,
      ageHours: Math.max(0, Math.floor((now.getTime() - approval.createdAt.getTime()) / HOUR_MS)),
    }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const unchanged = previous !== null && newFindings.length === 0 && resolved.length === 0;
  return {
    at: now,
    accountsChecked: audit.accountsChecked,
    counts,
    total: audit.findings.length,
    unchangedSince: unchanged ? previous.at : null,
    previousAt: previous?.at ?? null,
    newFindings: [...newFindings].sort((a, b) => severityRank[a.severity] - severityRank[b.severity]),
    resolved,
    overdue,
    pendingApprovals,
    keys: [...currentKeys].sort(),
  };
}

/** `{critical: 1, high: 2, …}` → the figures the audit trail keeps for a posted digest. */
export function digestCounts(data: DigestData): Record<string, number> {
  return {
    ...data.counts,
    total: data.total,
    new: data.newFindings.length,
    resolved: data.resolved.length,
    overdue: data.overdue.length,
    pendingApprovals: data.pendingApprovals.length,
  };
}
