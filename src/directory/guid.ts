/** The dashed form of GUIDs already seen, by their bytes in hex: descriptors repeat a few dozen schema GUIDs. */
const known = new Map<string, string>();
const MAX_KNOWN = 4096;

/**
 * objectGUID bytes → the dashed form AD tools show. The first three groups are little-endian
 * ([MS-DTYP] §2.3.4.2), the last two are bytes in order.
 */
export function guidToString(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`a GUID has 16 bytes, got ${bytes.length}`);
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex');
  const seen = known.get(hex);
  if (seen !== undefined) return seen;
  const byte = (i: number): string => hex.slice(i * 2, i * 2 + 2);
  const group = (indices: number[]): string => indices.map(byte).join('');
  // join, not concatenation: one flat string instead of a rope of 20 pieces
  const text = [
    group([3, 2, 1, 0]),
    group([5, 4]),
    group([7, 6]),
    group([8, 9]),
    group([10, 11, 12, 13, 14, 15]),
  ].join('-');
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(hex, text);
  return text;
}
