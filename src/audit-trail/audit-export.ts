import type { StoredAuditEntry } from './audit-entry';

/** One entry as exported (JSON Lines) and sent to a SIEM: `seq` is its id, `hash` proves it. */
export interface AuditExportRecord {
  TimeGenerated: string;
  Seq: number;
  ActorId: string;
  ActorName: string;
  Action: string;
  Subject: string;
  Details: unknown;
  PrevHash: string;
  Hash: string;
}

export function toExportRecord(entry: StoredAuditEntry): AuditExportRecord {
  return {
    TimeGenerated: entry.at.toISOString(),
    Seq: entry.seq,
    ActorId: entry.actor.id,
    ActorName: entry.actor.name,
    Action: entry.action,
    Subject: entry.subject,
    Details: entry.details,
    PrevHash: entry.prevHash,
    Hash: entry.hash,
  };
}

export interface AuditPageReader {
  listAudit(query: { afterSeq?: number; limit?: number }): Promise<StoredAuditEntry[]>;
}

/** Every entry after `sinceSeq`, oldest first, one JSON line each, read a page at a time. */
export async function* auditJsonLines(reader: AuditPageReader, sinceSeq = 0): AsyncGenerator<string> {
  let after = sinceSeq;
  for (;;) {
    const page = await reader.listAudit({ afterSeq: after, limit: 1000 });
    for (const entry of page) yield `${JSON.stringify(toExportRecord(entry))}\n`;
    const last = page.at(-1);
    if (last === undefined || page.length < 1000) return;
    after = last.seq;
  }
}
