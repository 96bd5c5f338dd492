import type { AccountFacts } from '../domain/audit-facts';
import type { CheckId, Finding, FindingEvidence, RemediationProposal, Severity } from '../domain/finding';
import { findingKey } from './finding-key';

export interface FindingParts {
  detail: string;
  title: string;
  evidence: FindingEvidence[];
  why: string;
  mitigation: string;
  remediation?: RemediationProposal | null;
  /** overrides the check's usual severity */
  severity?: Severity;
}

/** Fills the account and the key so each check only states what it found. */
export function makeFinding(
  check: { id: CheckId; severity: Severity },
  facts: Pick<AccountFacts, 'account'>,
  parts: FindingParts,
): Finding {
  const { account } = facts;
  return {
    key: findingKey(check.id, account, parts.detail),
    checkId: check.id,
    severity: parts.severity ?? check.severity,
    account: {
      name: account.name,
      samAccountName: account.samAccountName,
      sid: account.sid,
      guid: account.guid,
      kind: account.kind,
      distinguishedName: account.distinguishedName,
    },
    title: parts.title,
    detail: parts.detail,
    evidence: parts.evidence,
    why: parts.why,
    mitigation: parts.mitigation,
    remediation: parts.remediation ?? null,
  };
}
