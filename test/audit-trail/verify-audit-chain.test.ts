import { GENESIS_HASH, type AuditEntryInput, type StoredAuditEntry } from '../../src/audit-trail/audit-entry';
import { computeAuditHash } from '../../src/audit-trail/audit-hash';
import { verifyAuditChain } from '../../src/audit-trail/verify-audit-chain';

function chain(length: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const input: AuditEntryInput = {
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)),
      actor: { id: 'aad-1', name: 'Alice' },
      action: 'remediation.applied',
      subject: `S-1-5-21-1-${seq}`,
      details: { seq, before: ['CN=Domain Admins'], after: [] },
    };
    const hash = computeAuditHash(prevHash, seq, input);
    entries.push({ ...input, seq, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('computeAuditHash', () => {
  it('is sha256 hex and does not depend on the order of detail keys', () => {
    const entry: AuditEntryInput = {
      at: new Date('2025-01-01T00:00:00.000Z'),
      actor: { id: 'a', name: 'A' },
      action: 'x',
      subject: 's',
      details: { b: 1, a: { d: 2, c: 3 } },
    };
    const hash = computeAuditHash(GENESIS_HASH, 1, entry);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeAuditHash(GENESIS_HASH, 1, { ...entry, details: { a: { c: 3, d: 2 }, b: 1 } })).toBe(hash);
    expect(computeAuditHash(GENESIS_HASH, 2, entry)).not.toBe(hash);
    expect(computeAuditHash('1'.repeat(64), 1, entry)).not.toBe(hash);
    expect(
      computeAuditHash(GENESIS_HASH, 1, { ...entry, at: new Date('2025-01-01T00:00:00.001Z') }),
    ).not.toBe(hash);
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and an empty one', () => {
    const entries = chain(5);
    expect(verifyAuditChain(entries)).toEqual({
      ok: true,
      checked: 5,
      lastSeq: 5,
      lastHash: entries[4]!.hash,
    });
    expect(verifyAuditChain([])).toEqual({ ok: true, checked: 0, lastSeq: null, lastHash: null });
  });

  it('reports an edited entry as hash-mismatch at that seq', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, details: { seq: 3, before: [], after: [] } };
    expect(verifyAuditChain(entries)).toEqual({ ok: false, seq: 3, index: 2, reason: 'hash-mismatch' });
  });

  it('reports an edited actor or time too', () => {
    const byActor = chain(3);
    byActor[1] = { ...byActor[1]!, actor: { id: 'aad-1', name: 'Mallory' } };
    expect(verifyAuditChain(byActor)).toMatchObject({ ok: false, seq: 2, reason: 'hash-mismatch' });
    const byTime = chain(3);
    byTime[0] = { ...byTime[0]!, at: new Date(byTime[0]!.at.getTime() + 1) };
    expect(verifyAuditChain(byTime)).toMatchObject({ ok: false, seq: 1, reason: 'hash-mismatch' });
  });

  it('reports a rehashed forgery at the next link as prev-hash-mismatch', () => {
    const entries = chain(4);
    const forged = { ...entries[1]!, details: { forged: true } };
    entries[1] = { ...forged, hash: computeAuditHash(forged.prevHash, forged.seq, forged) };
    expect(verifyAuditChain(entries)).toEqual({ ok: false, seq: 3, index: 2, reason: 'prev-hash-mismatch' });
  });

  it('reports a removed entry as seq-gap and a reordered one as broken', () => {
    const entries = chain(5);
    expect(verifyAuditChain([...entries.slice(0, 2), ...entries.slice(3)])).toEqual({
      ok: false,
      seq: 4,
      index: 2,
      reason: 'seq-gap',
    });
    const swapped = [entries[0]!, entries[2]!, entries[1]!];
    expect(verifyAuditChain(swapped)).toMatchObject({ ok: false, seq: 3, reason: 'seq-gap' });
  });

  it('requires the genesis hash before seq 1', () => {
    const entries = chain(2);
    const input = { ...entries[0]!, prevHash: 'f'.repeat(64) };
    entries[0] = { ...input, hash: computeAuditHash(input.prevHash, 1, input) };
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, seq: 1, reason: 'prev-hash-mismatch' });
  });

  it('checks a later window against an anchor, or trusts its first prevHash without one', () => {
    const entries = chain(6);
    const window = entries.slice(3);
    expect(verifyAuditChain(window)).toMatchObject({ ok: true, checked: 3, lastSeq: 6 });
    expect(verifyAuditChain(window, { seq: 3, hash: entries[2]!.hash })).toMatchObject({ ok: true });
    expect(verifyAuditChain(window, { seq: 3, hash: entries[1]!.hash })).toEqual({
      ok: false,
      seq: 4,
      index: 0,
      reason: 'prev-hash-mismatch',
    });
    expect(verifyAuditChain(window, { seq: 2, hash: entries[2]!.hash })).toMatchObject({
      ok: false,
      reason: 'seq-gap',
    });
  });
});
