import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, type RgbaImage } from './png';

/**
 * Draws the Teams app icons in code, so the package needs no image tools or downloads:
 * a calm teal rounded square with a white stylised spine (five vertebrae on a gentle S-curve),
 * and the same spine alone in white on a transparent background for the outline icon.
 *
 * Run `npx tsx deploy/teams/icons.ts` to rewrite deploy/teams/color.png and outline.png;
 * tests/deploy/teams/icons.test.ts checks that the committed files match this code.
 */

/** Teams asks for a 192×192 full-colour icon... */
export const COLOR_ICON_SIZE = 192;
/** ...and a 32×32 outline icon: white on a transparent background. */
export const OUTLINE_ICON_SIZE = 32;

/** The colour icon's background; the manifest's accentColor uses the same value. */
export const ICON_TEAL = { r: 0x1f, g: 0x7a, b: 0x74 } as const;
/** The manifest's accentColor: the icon's teal as an HTML colour. */
export const ACCENT_COLOR = '#1F7A74';

const WHITE = { r: 255, g: 255, b: 255 } as const;
/** Samples per pixel side: 8×8 sub-samples give smooth edges at both sizes. */
const SUPERSAMPLE = 8;

/** A rounded rectangle in unit coordinates: centre, half extents and corner radius. */
interface RoundedRect {
  cx: number;
  cy: number;
  hx: number;
  hy: number;
  r: number;
}

function insideRoundedRect(x: number, y: number, s: RoundedRect): boolean {
  const qx = Math.abs(x - s.cx) - (s.hx - s.r);
  const qy = Math.abs(y - s.cy) - (s.hy - s.r);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - s.r <= 0;
}

/**
 * Five vertebrae on a gentle S-curve in a unit box: each is a rounded body with a thinner bar
 * across it (the transverse processes), which is what makes the stack read as a spine.
 */
function spineGlyph(): RoundedRect[] {
  const count = 5;
  const top = 0.06;
  const pitch = 0.88 / count;
  return Array.from({ length: count }, (_, i) => {
    const cx = 0.5 - 0.06 * Math.sin((i / (count - 1)) * 1.6 * Math.PI);
    const cy = top + pitch * (i + 0.5);
    const grow = 1 + 0.06 * i; // lumbar vertebrae are the largest
    const bodyHalfHeight = pitch * 0.36;
    const processHalfHeight = pitch * 0.13;
    return [
      { cx, cy, hx: 0.12 * grow, hy: bodyHalfHeight, r: bodyHalfHeight * 0.55 },
      { cx, cy, hx: 0.26 * grow, hy: processHalfHeight, r: processHalfHeight },
    ];
  }).flat();
}

/** Maps the glyph's unit box onto a square region [offset, offset + scale] of the icon. */
function placeGlyph(glyph: RoundedRect[], offset: number, scale: number): RoundedRect[] {
  return glyph.map((g) => ({
    cx: offset + g.cx * scale,
    cy: offset + g.cy * scale,
    hx: g.hx * scale,
    hy: g.hy * scale,
    r: g.r * scale,
  }));
}

/** Counts, for pixel (px, py) of a `size` image, how many sub-samples fall in the background and in the glyph. */
function sampleCoverage(
  px: number,
  py: number,
  size: number,
  background: RoundedRect | null,
  glyph: RoundedRect[],
): { inBackground: number; inGlyph: number } {
  let inBackground = 0;
  let inGlyph = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
      const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
      const bg = background === null || insideRoundedRect(x, y, background);
      if (background !== null && bg) inBackground++;
      if (bg && glyph.some((g) => insideRoundedRect(x, y, g))) inGlyph++;
    }
  }
  return { inBackground, inGlyph };
}

/** The 192×192 colour icon: teal rounded square, white spine, transparent corners. */
export function drawColorIcon(size: number = COLOR_ICON_SIZE): RgbaImage {
  const background: RoundedRect = { cx: 0.5, cy: 0.5, hx: 0.5, hy: 0.5, r: 0.22 };
  const glyph = placeGlyph(spineGlyph(), 0.2, 0.6);
  const data = new Uint8Array(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const { inBackground, inGlyph } = sampleCoverage(px, py, size, background, glyph);
      const i = (py * size + px) * 4;
      if (inBackground === 0) continue; // fully transparent: leave 0,0,0,0
      const teal = inBackground - inGlyph;
      data[i] = Math.round((ICON_TEAL.r * teal + WHITE.r * inGlyph) / inBackground);
      data[i + 1] = Math.round((ICON_TEAL.g * teal + WHITE.g * inGlyph) / inBackground);
      data[i + 2] = Math.round((ICON_TEAL.b * teal + WHITE.b * inGlyph) / inBackground);
      data[i + 3] = Math.round((255 * inBackground) / samples);
    }
  }
  return { width: size, height: size, data };
}

/** The 32×32 outline icon: the same spine in pure white; only the alpha channel varies. */
export function drawOutlineIcon(size: number = OUTLINE_ICON_SIZE): RgbaImage {
  const glyph = placeGlyph(spineGlyph(), 0.04, 0.92);
  const data = new Uint8Array(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const { inGlyph } = sampleCoverage(px, py, size, null, glyph);
      const i = (py * size + px) * 4;
      data[i] = WHITE.r;
      data[i + 1] = WHITE.g;
      data[i + 2] = WHITE.b;
      data[i + 3] = Math.round((255 * inGlyph) / samples);
    }
  }
  return { width: size, height: size, data };
}

/** Both icons as PNG bytes, named as the Teams manifest refers to them. */
export function renderIcons(): { 'color.png': Buffer; 'outline.png': Buffer } {
  return { 'color.png': encodePng(drawColorIcon()), 'outline.png': encodePng(drawOutlineIcon()) };
}

/** Where the committed icons live (next to this file). */
export const ICON_DIR = __dirname;

if (require.main === module) {
  for (const [name, bytes] of Object.entries(renderIcons())) {
    const file = join(ICON_DIR, name);
    writeFileSync(file, bytes);
    console.log(`${file} (${bytes.length} bytes)`);
  }
}
