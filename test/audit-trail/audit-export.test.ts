import { auditJsonLines } from '../../src/audit-trail/audit-export';
import { openStore } from '../../src/store/open-store';

describe('auditJsonLines', () => {
  it('writes every entry (or those after --since) as one JSON line each, oldest first, across pages', async () => {
    const store = await openStore({
      kind: 'sqlite',
      path: ':memory:',
      auditKey: Buffer.from('export-test-key-0123456789abcdef'),
    });
    for (let n = 1; n <= 1203; n += 1) {
      await store.auditTrail.appendAudit({
        at: new Date(n),
        actor: { id: 'a', name: 'A' },
        action: 'turn.message',
        subject: 'c',
        details: { n },
      });
    }
    const all: string[] = [];
    for await (const line of auditJsonLines(store.auditTrail)) all.push(line);
    expect(all).toHaveLength(1203);
    expect(all.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    expect(JSON.parse(all[0]!)).toMatchObject({
      Seq: 1,
      TimeGenerated: '1970-01-01T00:00:00.001Z',
      Details: { n: 1 },
    });
    const since: number[] = [];
    for await (const line of auditJsonLines(store.auditTrail, 1200))
      since.push((JSON.parse(line) as { Seq: number }).Seq);
    expect(since).toEqual([1201, 1202, 1203]);
    await store.close();
  });
});
