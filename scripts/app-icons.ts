/**
 * The Teams app icons, drawn pixel by pixel so they are reproducible without an image editor:
 * a shield with a key cut out of it. Teams wants a 192×192 full-colour icon and a 32×32 outline
 * icon that is white on transparent (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package).
 */
import { PNG } from 'pngjs';

/** The manifest's accentColor; also the colour icon's background, as Teams recommends. */
export const ACCENT_COLOR = '#1F4E8C';

export const ICON_SPECS = {
  color: { width: 192, height: 192 },
  outline: { width: 32, height: 32 },
} as const;

export type IconKind = keyof typeof ICON_SPECS;

type Rgb = readonly [number, number, number];
const WHITE: Rgb = [255, 255, 255];

/** The glyph in a unit square (u right, v down): true where the white shield shows. */
export function glyphCovers(u: number, v: number): boolean {
  return insideShield(u, v) && !insideKey(u, v);
}

function insideShield(u: number, v: number): boolean {
  const top = 0.06;
  const shoulder = 0.5;
  const tip = 0.96;
  const halfWidth = 0.42;
  if (v < top || v > tip) return false;
  // Straight sides down to the shoulder, then a curve that closes to a point at the tip.
  const t = v <= shoulder ? 0 : (v - shoulder) / (tip - shoulder);
  return Math.abs(u - 0.5) <= halfWidth * (1 - t * t);
}

function insideKey(u: number, v: number): boolean {
  const bowCenterV = 0.32;
  const bowDistance = Math.hypot(u - 0.5, v - bowCenterV);
  const bow = bowDistance <= 0.15 && bowDistance > 0.055;
  const shaft = Math.abs(u - 0.5) <= 0.05 && v >= bowCenterV + 0.1 && v <= 0.82;
  const tooth = u >= 0.5 && u <= 0.64 && ((v >= 0.6 && v <= 0.68) || (v >= 0.74 && v <= 0.82));
  return bow || shaft || tooth;
}

/** How many of samples×samples points inside pixel (x, y) fall on the glyph (supersampled anti-aliasing). */
function glyphCoverage(
  x: number,
  y: number,
  width: number,
  height: number,
  margin: number,
  samples: number,
): number {
  let covered = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const u = ((x + (sx + 0.5) / samples) / width - margin) / (1 - 2 * margin);
      const v = ((y + (sy + 0.5) / samples) / height - margin) / (1 - 2 * margin);
      if (glyphCovers(u, v)) covered++;
    }
  }
  return covered;
}

/** 192×192, opaque: the accent colour with the white glyph in the middle 64 %, anti-aliased. */
export function renderColorIcon(): Buffer {
  const { width, height } = ICON_SPECS.color;
  const background = hexToRgb(ACCENT_COLOR);
  const png = new PNG({ width, height });
  const margin = 0.18;
  const samples = 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const covered = glyphCoverage(x, y, width, height, margin, samples);
      const share = covered / (samples * samples);
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        png.data[i + c] = Math.round(background[c]! + (WHITE[c]! - background[c]!) * share);
      }
      png.data[i + 3] = 255;
    }
  }
  // RGB without an alpha channel: the colour icon cannot have a transparent pixel.
  return PNG.sync.write(png, { colorType: 2, inputColorType: 6, inputHasAlpha: true });
}

/**
 * 32×32: each pixel either opaque pure white or fully transparent (no anti-aliasing, so no
 * grey or half-transparent edge that Teams' outline check could reject).
 */
export function renderOutlineIcon(): Buffer {
  const { width, height } = ICON_SPECS.outline;
  const png = new PNG({ width, height });
  const margin = 1 / width;
  const samples = 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const covered = glyphCoverage(x, y, width, height, margin, samples);
      const on = covered * 2 >= samples * samples;
      const i = (y * width + x) * 4;
      png.data[i] = on ? 255 : 0;
      png.data[i + 1] = on ? 255 : 0;
      png.data[i + 2] = on ? 255 : 0;
      png.data[i + 3] = on ? 255 : 0;
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

export const renderIcon: Record<IconKind, () => Buffer> = {
  color: renderColorIcon,
  outline: renderOutlineIcon,
};

/** What is wrong with an icon file for Teams (empty when nothing): size, transparency, colours. */
export function iconProblems(kind: IconKind, file: Buffer): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(file);
  } catch {
    return [`${kind} icon is not a readable PNG file`];
  }
  const { width, height } = ICON_SPECS[kind];
  if (png.width !== width || png.height !== height) {
    return [`${kind} icon is ${png.width}×${png.height}, Teams requires ${width}×${height}`];
  }
  const problems: string[] = [];
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
    if (kind === 'color' && a !== 255) {
      problems.push('color icon has transparent pixels; it must be opaque');
      break;
    }
    if (kind === 'outline' && a !== 0 && !(r === 255 && g === 255 && b === 255)) {
      problems.push('outline icon has pixels that are neither transparent nor white');
      break;
    }
  }
  return problems;
}

function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}
