import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditAnchor, SignedAuditHead } from './audit-anchor';

/**
 * The anchored head in a small JSON file (AUDIT_ANCHOR_PATH), outside the database: someone who can
 * only rewrite the database cannot move it, so deleting the newest entries shows. Written to a
 * temporary file and renamed, so a crash never leaves half a file.
 */
export class FileAuditAnchor implements AuditAnchor {
  constructor(private readonly path: string) {}

  read(): Promise<SignedAuditHead | null> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return Promise.resolve(null);
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<SignedAuditHead>;
    const { seq, hash, mac } = parsed;
    if (typeof seq !== 'number' || typeof hash !== 'string' || typeof mac !== 'string') {
      // Unreadable counts as forged: the MAC check fails on it.
      return Promise.resolve({ seq: Number(seq) || 0, hash: String(hash), mac: '' });
    }
    return Promise.resolve({ seq, hash, mac });
  }

  write(head: SignedAuditHead): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(head)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
    return Promise.resolve();
  }
}

/** An anchor held in memory: for tests, and for a caller that keeps the head elsewhere itself. */
export class MemoryAuditAnchor implements AuditAnchor {
  private head: SignedAuditHead | null = null;

  read(): Promise<SignedAuditHead | null> {
    return Promise.resolve(this.head);
  }

  write(head: SignedAuditHead): Promise<void> {
    this.head = head;
    return Promise.resolve();
  }
}
