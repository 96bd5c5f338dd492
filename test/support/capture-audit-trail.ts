import type { StoredAuditEntry } from '../../src/audit-trail/audit-entry';
import { captureOutput } from './test-output.cjs';

/** What reads the trail page by page (the running bot's `auditTrail`). */
interface ReadableTrail {
  listAudit(query: { afterSeq: number; limit: number }): Promise<StoredAuditEntry[]>;
}

/** Reads the whole trail back, 1,000 entries a page, into the end-of-run secrets scan; returns how many. */
export async function captureAuditTrail(trail: ReadableTrail): Promise<number> {
  let count = 0;
  for (let page = await trail.listAudit({ afterSeq: 0, limit: 1000 }); page.length > 0;) {
    for (const entry of page) captureOutput('audit-entry', JSON.stringify(entry));
    count += page.length;
    page = await trail.listAudit({ afterSeq: page.at(-1)!.seq, limit: 1000 });
  }
  return count;
}
