import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCENT_COLOR, ICON_DIR, ICON_TEAL, renderIcons } from '../../../deploy/teams/icons';
import { decodePng, readPngHeader, type RgbaImage } from '../../../deploy/teams/png';

const committed = {
  'color.png': readFileSync(join(ICON_DIR, 'color.png')),
  'outline.png': readFileSync(join(ICON_DIR, 'outline.png')),
};

function pixel(image: RgbaImage, x: number, y: number): [number, number, number, number] {
  const i = (y * image.width + x) * 4;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!];
}

function corners(image: RgbaImage): [number, number][] {
  const m = image.width - 1;
  return [
    [0, 0],
    [m, 0],
    [0, m],
    [m, m],
  ];
}

describe('Teams icons', () => {
  it('regenerating them gives the committed bytes (run `npx tsx deploy/teams/icons.ts` after changing the drawing)', () => {
    const fresh = renderIcons();
    expect(fresh['color.png'].equals(committed['color.png'])).toBe(true);
    expect(fresh['outline.png'].equals(committed['outline.png'])).toBe(true);
  });

  it.each([
    ['color.png', 192],
    ['outline.png', 32],
  ] as const)('%s is %ipx square, 8-bit RGBA (colour type 6: has alpha)', (name, size) => {
    expect(readPngHeader(committed[name])).toEqual({ width: size, height: size, bitDepth: 8, colorType: 6, interlace: 0 });
  });

  it('outline icon: every pixel is white, only alpha varies; corners transparent; the glyph is visible', () => {
    const image = decodePng(committed['outline.png']);
    let opaque = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const [r, g, b, a] = pixel(image, x, y);
        expect([r, g, b]).toEqual([255, 255, 255]);
        if (a === 255) opaque++;
      }
    }
    for (const [x, y] of corners(image)) expect(pixel(image, x, y)[3]).toBe(0);
    // Enough solid white to read at 32px, and enough transparency that it is a glyph, not a block.
    expect(opaque).toBeGreaterThan(image.width * image.height * 0.08);
    expect(opaque).toBeLessThan(image.width * image.height * 0.7);
  });

  it('colour icon: transparent rounded corners, teal background, a white glyph in the middle', () => {
    const image = decodePng(committed['color.png']);
    for (const [x, y] of corners(image)) expect(pixel(image, x, y)[3]).toBe(0);
    // Just inside the rounded edge on the left, halfway down: solid teal.
    expect(pixel(image, 4, 96)).toEqual([ICON_TEAL.r, ICON_TEAL.g, ICON_TEAL.b, 255]);
    let white = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const [r, g, b, a] = pixel(image, x, y);
        if (r === 255 && g === 255 && b === 255 && a === 255) white++;
      }
    }
    expect(white).toBeGreaterThan(192 * 192 * 0.05);
    expect(ACCENT_COLOR.toLowerCase()).toBe(
      `#${[ICON_TEAL.r, ICON_TEAL.g, ICON_TEAL.b].map((v) => v.toString(16).padStart(2, '0')).join('')}`,
    );
  });
});
