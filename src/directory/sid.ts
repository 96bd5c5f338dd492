/**
 * Binary SID ([MS-DTYP] §2.4.2.2) ↔ string form `S-1-5-21-…`.
 * Layout: revision (1 byte), sub-authority count (1), identifier authority (6, big-endian),
 * sub-authorities (4 each, little-endian).
 */
export function sidToString(bytes: Uint8Array, offset = 0): string {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < offset + 8) throw new RangeError('SID is shorter than its 8-byte header');
  const revision = view.readUInt8(offset);
  const count = view.readUInt8(offset + 1);
  if (view.length < offset + 8 + count * 4) throw new RangeError('SID is shorter than its sub-authorities');
  const authority = view.readUIntBE(offset + 2, 6);
  const parts = [`S-${revision}-${authority}`];
  for (let i = 0; i < count; i++) parts.push(String(view.readUInt32LE(offset + 8 + i * 4)));
  return parts.join('-');
}
export function sidToBytes(sid: string): Buffer {
  const match = /^S-(\d+)-(\d+)((?:-\d+)*)$/i.exec(sid);
  if (!match) throw new RangeError(`not a SID: ${sid}`);
  const subs = (match[3] ?? '')
    .split('-')
    .filter((s) => s !== '')
    .map(Number);
  const out = Buffer.alloc(8 + subs.length * 4);
  out.writeUInt8(Number(match[1]), 0);
  out.writeUInt8(subs.length, 1);
  out.writeUIntBE(Number(match[2]), 2, 6);
  subs.forEach((value, i) => out.writeUInt32LE(value, 8 + i * 4));
  return out;
}
