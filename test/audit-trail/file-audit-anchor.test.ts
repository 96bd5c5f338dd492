import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signAuditHead } from '../../src/audit-trail/audit-anchor';
import { resolveAuditKey } from '../../src/audit-trail/audit-key-file';
import { AnchoredAuditTrail } from '../../src/audit-trail/anchored-audit-trail';
import { FileAuditAnchor } from '../../src/audit-trail/file-audit-anchor';
import { openStore } from '../../src/store/open-store';

const dir = mkdtempSync(join(tmpdir(), 'msa-warden-anchor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FileAuditAnchor and the generated key', () => {
  it('keeps the signed head in a file and reports an anchor edited without the key', async () => {
    const anchorPath = join(dir, 'a', 'anchor.json');
    const key = resolveAuditKey(null, anchorPath);
    expect(resolveAuditKey(null, anchorPath).equals(key)).toBe(true); // kept, not regenerated
    expect(statSync(join(dir, 'a', 'msa-warden.audit-hmac.key')).mode & 0o077).toBe(0);
    const store = await openStore({ kind: 'sqlite', path: ':memory:', auditKey: key });
    const trail = new AnchoredAuditTrail(store.auditTrail, key, new FileAuditAnchor(anchorPath));
    await trail.appendAudit({
      at: new Date(0),
      actor: { id: 'a', name: 'A' },
      action: 'x',
      subject: 's',
      details: {},
    });
    const second = await trail.appendAudit({
      at: new Date(1),
      actor: { id: 'a', name: 'A' },
      action: 'x',
      subject: 's',
      details: {},
    });
    expect(JSON.parse(readFileSync(anchorPath, 'utf8'))).toEqual(signAuditHead(key, second));
    expect(await trail.verify()).toMatchObject({ ok: true, entries: 2, anchoredSeq: 2 });

    // moved back to seq 1 by someone without the key
    writeFileSync(
      anchorPath,
      JSON.stringify({ ...signAuditHead(Buffer.from('guess'), { seq: 1, hash: 'x' }) }),
    );
    expect(await trail.verify()).toMatchObject({ ok: false, seq: 1, reason: 'anchor-forged' });
    await store.close();
  });
});
