import { verifyAuditTrail } from '../../src/audit-trail/verify-audit-trail';
import { openStore } from '../../src/store/open-store';
import type { Stores } from '../../src/store/open-store';

/*
 * Found by the hostile-input run: a card click whose approvalId held a lone surrogate became the
 * subject of an `approval.refused` entry; the database stored it as UTF-8 (U+FFFD), so the entry read
 * back differed from what was hashed and the whole trail failed verification as "edited". Text
 * columns are hashed as they will read back.
 */
const KEY = Buffer.from('audit-trail-text-test-key-0123456789abcdef');

let stores: Stores;
beforeEach(async () => {
  stores = await openStore({ kind: 'sqlite', path: ':memory:', auditKey: KEY });
});
afterEach(() => stores.close());

it.each(['\ud800', 'a\udfffb', '\ud83d', 'svc\0sql01', '\ufeff\u202e'])(
  'an entry whose subject and actor name hold %j still verifies',
  async (text) => {
    const entry = await stores.auditTrail.appendAudit({
      at: new Date('2025-11-25T12:00:00Z'),
      actor: { id: `id-${text}`, name: `name ${text}` },
      action: 'approval.refused',
      subject: text,
      details: { command: 'approve', text },
    });
    const [stored] = await stores.auditTrail.listAudit({ afterSeq: 0 });
    expect(stored).toEqual(entry);
    expect(await verifyAuditTrail(stores.auditTrail, KEY, null)).toMatchObject({ ok: true, entries: 1 });
  },
);
