import type { ServiceAccountKind } from './service-account';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Worst first; index = sort rank. */
export const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Sort rank: 0 = critical … 4 = info. */
export const severityRank: Readonly<Record<Severity, number>> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  info: 4,
};

/** The check catalogue (DESIGN "Checks"); ids are stable, they are part of every finding key. */
export const checkIds = [
  'privileged-membership',
  'unconstrained-delegation',
  'constrained-delegation',
  'resource-based-delegation',
  'password-rotation',
  'orphaned',
  'host-missing-or-disabled',
  'disabled',
  'stale',
  'weak-encryption',
  'duplicate-spn',
  'dangerous-acl',
  'gmsa-password-readers',
  'no-owner',
  'multi-host-link',
  'shared-identity',
] as const;

export type CheckId = (typeof checkIds)[number];

/** The fix a finding proposes; the approval flow turns it into a request, re-checks and applies it. */
export type RemediationProposal =
  | { kind: 'remove-from-group'; groupDn: string; groupName: string }
  | { kind: 'clear-unconstrained-delegation' }
  | { kind: 'remove-delegation-targets'; targets: string[] }
  | { kind: 'clear-rbcd' }
  | { kind: 'disable-account' }
  | { kind: 'set-aes-only' };

/** The account a finding is about, enough to show it and to address it again later. */
export interface FindingAccount {
  name: string;
  samAccountName: string;
  sid: string;
  guid: string;
  kind: ServiceAccountKind;
  distinguishedName: string;
}

export interface FindingEvidence {
  label: string;
  /** the attribute value in words, e.g. "Trusted for delegation to any service (userAccountControl 0x80000)" */
  value: string;
}

export interface Finding {
  /** `checkId:objectGUID (or SID):detail` — stable across runs, so digests can tell new from resolved */
  key: string;
  checkId: CheckId;
  severity: Severity;
  account: FindingAccount;
  /** one line, e.g. "Member of Domain Admins" */
  title: string;
  /** the stable, distinguishing part of the key (a group SID, an SPN, a trustee SID + rights …) */
  detail: string;
  evidence: FindingEvidence[];
  /** why it matters, in an admin's words */
  why: string;
  /** what to do, may name the PowerShell */
  mitigation: string;
  /** the fix the bot can run after approval; null when only a human can decide */
  remediation: RemediationProposal | null;
}
