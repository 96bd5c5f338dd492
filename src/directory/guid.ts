/**
 * objectGUID bytes → the dashed form AD tools show. The first three groups are little-endian
 * ([MS-DTYP] §2.3.4.2), the last two are bytes in order.
 */
export function guidToString(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`a GUID has 16 bytes, got ${bytes.length}`);
  const hex = (i: number): string => (bytes[i] ?? 0).toString(16).padStart(2, '0');
  const group = (indices: number[]): string => indices.map(hex).join('');
  return [
    group([3, 2, 1, 0]),
    group([5, 4]),
    group([7, 6]),
    group([8, 9]),
    group([10, 11, 12, 13, 14, 15]),
  ].join('-');
}
