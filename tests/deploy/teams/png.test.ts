import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, decodePng, encodePng, readPngHeader, type RgbaImage } from '../../../deploy/teams/png';

/** A small image that makes every row filter worth choosing somewhere: flat, gradients, noise. */
function sampleImage(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      data[i] = y < height / 3 ? 40 : (x * 7) & 0xff;
      data[i + 1] = (y * 11) & 0xff;
      data[i + 2] = y > (2 * height) / 3 ? seed & 0xff : 200;
      data[i + 3] = (x + y) % 5 === 0 ? 0 : 255;
    }
  }
  return { width, height, data };
}

describe('crc32', () => {
  it.each([
    ['', 0x00000000],
    ['IEND', 0xae426082],
    ['123456789', 0xcbf43926],
  ])('crc32(%j) = %s', (text, expected) => {
    expect(crc32(Buffer.from(text, 'latin1'))).toBe(expected);
  });
});

describe('encodePng / decodePng', () => {
  it.each([
    [1, 1],
    [3, 2],
    [17, 9],
    [64, 64],
  ])('round-trips a %ix%i RGBA image exactly', (w, h) => {
    const image = sampleImage(w, h);
    const decoded = decodePng(encodePng(image));
    expect(decoded.width).toBe(w);
    expect(decoded.height).toBe(h);
    expect(Buffer.from(decoded.data).equals(Buffer.from(image.data))).toBe(true);
  });

  it('writes a standard header: signature, IHDR 8-bit RGBA, no interlace, IEND last', () => {
    const png = encodePng(sampleImage(5, 4));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(readPngHeader(png)).toEqual({ width: 5, height: 4, bitDepth: 8, colorType: 6, interlace: 0 });
    expect(png.subarray(-12).toString('latin1', 4, 8)).toBe('IEND');
  });

  it('uses more than one row filter on mixed content (the filter heuristic is live)', () => {
    const image = sampleImage(32, 30);
    const png = encodePng(image);
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    const filters = new Set<number>();
    for (let y = 0; y < image.height; y++) filters.add(raw[y * (image.width * 4 + 1)]!);
    expect(filters.size).toBeGreaterThan(1);
  });

  it('gives identical bytes for identical pixels', () => {
    expect(encodePng(sampleImage(20, 20)).equals(encodePng(sampleImage(20, 20)))).toBe(true);
  });

  it.each([
    [{ width: 0, height: 1, data: new Uint8Array(0) }, /positive integers/],
    [{ width: 2, height: 2, data: new Uint8Array(15) }, /must hold 16 bytes/],
  ])('rejects bad input %#', (image, message) => {
    expect(() => encodePng(image)).toThrow(message);
  });

  it('rejects bytes that are not a PNG and detects a corrupted chunk', () => {
    expect(() => decodePng(Buffer.from('GIF89a not a png at all, just some bytes here'))).toThrow(/not a PNG/);
    const png = Buffer.from(encodePng(sampleImage(4, 4)));
    png[45] = png[45]! ^ 0xff; // inside IDAT
    expect(() => decodePng(png)).toThrow(/bad CRC/);
  });
});
