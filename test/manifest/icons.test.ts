import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { iconProblems, renderColorIcon, renderOutlineIcon } from '../../scripts/app-icons';
import { MANIFEST_DIR } from '../../scripts/app-package';

const readIcon = (name: string): PNG => PNG.sync.read(readFileSync(path.join(MANIFEST_DIR, name)));

function pixels(png: PNG): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  for (let i = 0; i < png.data.length; i += 4) {
    out.push([png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!]);
  }
  return out;
}

describe('app icons', () => {
  // Drawn once: the colour icon takes a few hundred milliseconds under ts-jest.
  const drawnColor = renderColorIcon();
  const drawnOutline = renderOutlineIcon();

  it('color.png is 192×192 with no transparent pixel and more than one colour', () => {
    const color = readIcon('color.png');
    expect([color.width, color.height]).toEqual([192, 192]);
    const all = pixels(color);
    expect(all.filter(([, , , a]) => a !== 255)).toHaveLength(0);
    expect(new Set(all.map((p) => p.join())).size).toBeGreaterThan(1);
  });

  it('outline.png is 32×32 and only transparent or pure white, with a glyph on it', () => {
    const outline = readIcon('outline.png');
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const all = pixels(outline);
    const white = all.filter(([r, g, b, a]) => r === 255 && g === 255 && b === 255 && a === 255);
    const transparent = all.filter(([, , , a]) => a === 0);
    expect(white.length + transparent.length).toBe(32 * 32);
    expect(white.length).toBeGreaterThan(100);
    expect(transparent.length).toBeGreaterThan(100);
  });

  it('the committed icons are what scripts/make-icons.ts draws today', () => {
    expect(PNG.sync.read(drawnColor).data.equals(readIcon('color.png').data)).toBe(true);
    expect(PNG.sync.read(drawnOutline).data.equals(readIcon('outline.png').data)).toBe(true);
  });

  it('draws the same bytes every time', () => {
    expect(renderColorIcon().equals(drawnColor)).toBe(true);
    expect(renderOutlineIcon().equals(drawnOutline)).toBe(true);
  });

  it('iconProblems accepts the drawn icons and rejects wrong sizes, transparency and colours', () => {
    expect(iconProblems('color', drawnColor)).toEqual([]);
    expect(iconProblems('outline', drawnOutline)).toEqual([]);
    expect(iconProblems('color', drawnOutline)).toHaveLength(1);
    expect(iconProblems('outline', Buffer.from('not a png'))).toHaveLength(1);

    const seeThrough = new PNG({ width: 192, height: 192 }); // all zero: transparent black
    expect(iconProblems('color', PNG.sync.write(seeThrough))).toHaveLength(1);
    const grey = new PNG({ width: 32, height: 32 });
    grey.data.fill(128);
    expect(iconProblems('outline', PNG.sync.write(grey))).toHaveLength(1);
  });
});
