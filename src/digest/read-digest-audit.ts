import type { AuditConfig } from '../domain/audit-config';
import { runAudit } from '../audit/run-audit';
import type { AuditSource } from '../domain/audit-source';
import type { DigestAudit } from './build-digest';

/** The whole directory's audit for the digest, with the account names that resolved findings need. */
export function createDigestAuditReader(
  auditSource: AuditSource,
  auditConfig: AuditConfig,
  now: () => Date = () => new Date(),
): () => Promise<DigestAudit> {
  return async () => {
    const facts = await auditSource.readAccountFacts({ kind: 'all' });
    const findings = runAudit(facts, { now: now(), config: auditConfig });
    const accountNames = new Map<string, string>();
    for (const { account } of facts) {
      if (account.guid !== '') accountNames.set(account.guid.toLowerCase(), account.name);
      accountNames.set(account.sid.toUpperCase(), account.name);
    }
    return { findings, accountNames, accountsChecked: facts.length };
  };
}
