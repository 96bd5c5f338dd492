import type { DigestAudit } from '../../src/digest/build-digest';
import type { CheckId, Finding, Severity } from '../../src/domain/finding';
import type { StoredApproval } from '../../src/store/approval-store';

/** A finding as the audit makes it; `n` picks the account (svc_0001 …) and its GUID. */
export function finding(
  n: number,
  checkId: CheckId = 'no-owner',
  severity: Severity = 'info',
  detail: string = checkId,
): Finding {
  const guid = `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
  const name = `svc_${String(n).padStart(4, '0')}`;
  return {
    key: `${checkId}:${guid}:${detail}`,
    checkId,
    severity,
    account: {
      name,
      samAccountName: `${name}$`,
      sid: `S-1-5-21-1-2-3-${1000 + n}`,
      guid,
      kind: 'sMSA',
      distinguishedName: `CN=${name},CN=Managed Service Accounts,DC=corp,DC=example,DC=test`,
    },
    title: `${checkId} on ${name}`,
    detail,
    evidence: [],
    why: 'why',
    mitigation: 'mitigation',
    remediation: null,
  };
}

export function auditOf(findings: Finding[], accounts = findings.length): DigestAudit {
  const accountNames = new Map<string, string>();
  for (const f of findings) {
    accountNames.set(f.account.guid.toLowerCase(), f.account.name);
    accountNames.set(f.account.sid.toUpperCase(), f.account.name);
  }
  return { findings, accountNames, accountsChecked: accounts };
}

export function approval(
  id: string,
  createdAt: Date,
  state: StoredApproval['state'] = 'requested',
): StoredApproval {
  return {
    id,
    action: { kind: 'remove-from-group', params: {} },
    account: { sid: 'S-1-5-21-1-2-3-1001', name: 'svc_0001' },
    requestedBy: { aadObjectId: 'aad-alex', name: 'Alex Wilber', upn: 'alex@corp.example.test' },
    decisions: [],
    state,
    version: 1,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 7 * 86_400_000),
    updatedAt: createdAt,
    result: null,
    conversationId: null,
    cardActivityId: null,
  };
}
