import { setImmediate as nextTurn } from 'node:timers/promises';
import { mapInSlices } from '../../src/domain/map-in-slices';

describe('mapInSlices', () => {
  it('maps like Array.map, index included', async () => {
    const items = Array.from({ length: 23 }, (_, i) => i);
    expect(await mapInSlices(items, (n, i) => n * 10 + i, 5)).toEqual(items.map((n, i) => n * 10 + i));
    expect(await mapInSlices([], (n: number) => n, 5)).toEqual([]);
  });

  it('lets other work run between two slices, not inside one', async () => {
    const order: string[] = [];
    // queued as a lookup's reply would be: it must run after the first slice, before the last
    void nextTurn().then(() => order.push('other'));
    await mapInSlices(
      Array.from({ length: 6 }, (_, i) => i),
      (i) => order.push(`item ${i}`),
      3,
    );
    expect(order).toEqual(['item 0', 'item 1', 'item 2', 'other', 'item 3', 'item 4', 'item 5']);
  });

  it('refuses a slice that is not a whole number of at least 1', async () => {
    await expect(mapInSlices([1], (n) => n, 0)).rejects.toThrow(RangeError);
    await expect(mapInSlices([1], (n) => n, 1.5)).rejects.toThrow(RangeError);
  });
});
