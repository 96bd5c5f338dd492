import type { Finding, RemediationProposal, Severity } from '../../domain/finding';
import { clipList, clipText } from './clip-text';

/** What a "Request fix" button sends back (verb `fix.request`): enough for the approval flow to re-find the finding. */
export interface FixRequestData {
  /**
   * the finding key: check id + objectGUID + detail. Not named `key`: Microsoft 365 Agents Playground
   * (0.2.28) throws on an Action.Execute whose data has a top-level `key`, and the click never leaves.
   */
  findingKey: string;
  /** sAMAccountName of the account the fix is for */
  account: string;
  /** the finding's title, to name it on the reply */
  title: string;
  /** the proposed change; left out when too large for a button (the key still names the finding) */
  remediation?: RemediationProposal;
}

/** One finding on a card; every text clipped so one finding cannot fill a message. */
export interface FindingView {
  /** the finding key, as the element id: invisible, but it names the finding for tools and tests */
  key: string;
  /** the check id, as in the README's table of checks */
  checkId: string;
  account: string;
  title: string;
  severity: string;
  /** text colour of the severity */
  color: string;
  evidence: string[];
  why: string;
  mitigation: string;
  hasFix: boolean;
  fixTitle: string;
  /** `{}` when there is no fix (the button is left out) */
  fix: FixRequestData | Record<string, never>;
}

export const SEVERITY_WORDS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** Adaptive Card text colours per severity. */
export const SEVERITY_COLORS: Readonly<Record<Severity, 'Attention' | 'Warning' | 'Accent' | 'Default'>> = {
  critical: 'Attention',
  high: 'Attention',
  medium: 'Warning',
  low: 'Default',
  info: 'Accent',
};

const MAX_EVIDENCE = 6;
/** a remediation bigger than this (hundreds of delegation targets) travels as the key alone */
const MAX_REMEDIATION_BYTES = 2_000;

export function fixRequestData(finding: Finding): FixRequestData | null {
  if (finding.remediation === null) return null;
  const data: FixRequestData = {
    findingKey: finding.key,
    account: finding.account.samAccountName,
    title: clipText(finding.title, 200),
  };
  if (Buffer.byteLength(JSON.stringify(finding.remediation), 'utf8') <= MAX_REMEDIATION_BYTES) {
    data.remediation = finding.remediation;
  }
  return data;
}

export function findingView(finding: Finding, fixTitle = 'Request fix'): FindingView {
  const fix = fixRequestData(finding);
  return {
    key: finding.key,
    checkId: finding.checkId,
    account: clipText(finding.account.name, 64),
    title: clipText(finding.title, 200),
    severity: SEVERITY_WORDS[finding.severity],
    color: SEVERITY_COLORS[finding.severity],
    evidence: clipList(
      finding.evidence.map((e) => `${e.label}: ${e.value}`),
      MAX_EVIDENCE,
      300,
    ),
    why: clipText(finding.why, 500),
    mitigation: clipText(finding.mitigation, 600),
    hasFix: fix !== null,
    fixTitle,
    fix: fix ?? {},
  };
}
