import { constants, deflateSync, inflateSync } from 'node:zlib';

/** An 8-bit RGBA image: `data` holds `width * height * 4` bytes, row by row, straight (not premultiplied) alpha. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_RGBA = 6;
const BYTES_PER_PIXEL = 4;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG chunks use it (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Applies PNG filter `type` to one row (`prev` is the unfiltered row above, zeros for the first row). */
function filterRow(type: number, row: Uint8Array, prev: Uint8Array): Uint8Array {
  const out = new Uint8Array(row.length);
  for (let i = 0; i < row.length; i++) {
    const a = i >= BYTES_PER_PIXEL ? row[i - BYTES_PER_PIXEL]! : 0;
    const b = prev[i]!;
    const c = i >= BYTES_PER_PIXEL ? prev[i - BYTES_PER_PIXEL]! : 0;
    const predictor = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
    out[i] = (row[i]! - predictor) & 0xff;
  }
  return out;
}

/** The usual heuristic: the filter whose output has the smallest sum of absolute signed bytes. */
function bestFilteredRow(row: Uint8Array, prev: Uint8Array): { type: number; bytes: Uint8Array } {
  let best = { type: 0, bytes: row, score: Number.POSITIVE_INFINITY };
  for (let type = 0; type <= 4; type++) {
    const bytes = filterRow(type, row, prev);
    let score = 0;
    for (const v of bytes) score += v < 128 ? v : 256 - v;
    if (score < best.score) best = { type, bytes, score };
  }
  return best;
}

/**
 * Encodes an RGBA image as a PNG (8-bit, colour type 6, no interlace, no ancillary chunks).
 * The output depends only on the pixels: zlib runs with the RLE strategy, which uses no hash
 * chains, so the bytes are the same on every machine and the committed icons can be checked.
 */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`PNG size must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height * BYTES_PER_PIXEL) {
    throw new Error(`PNG data must hold ${width * height * BYTES_PER_PIXEL} bytes, got ${data.length}`);
  }
  const stride = width * BYTES_PER_PIXEL;
  const raw = Buffer.alloc(height * (stride + 1));
  let prev: Uint8Array = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = data.subarray(y * stride, (y + 1) * stride);
    const { type, bytes } = bestFilteredRow(row, prev);
    raw[y * (stride + 1)] = type;
    raw.set(bytes, y * (stride + 1) + 1);
    prev = row;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = COLOR_TYPE_RGBA;
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method: adaptive
  header[12] = 0; // no interlace
  const idat = deflateSync(raw, { level: 9, strategy: constants.Z_RLE });
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/** What {@link readPngHeader} finds in a PNG's IHDR chunk. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

/** Reads the IHDR of a PNG; throws a readable error when the bytes are not a PNG. */
export function readPngHeader(png: Uint8Array): PngHeader {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file (missing signature or IHDR chunk)');
  }
  return {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    bitDepth: buf[24]!,
    colorType: buf[25]!,
    interlace: buf[28]!,
  };
}

/**
 * Decodes an 8-bit RGBA, non-interlaced PNG (what {@link encodePng} writes; all five row filters)
 * and checks every chunk's CRC. Other PNG flavours are rejected with a readable error.
 */
export function decodePng(png: Uint8Array): RgbaImage {
  const header = readPngHeader(png);
  if (header.bitDepth !== 8 || header.colorType !== COLOR_TYPE_RGBA || header.interlace !== 0) {
    throw new Error(
      `only 8-bit RGBA non-interlaced PNGs are supported (bit depth ${header.bitDepth}, colour type ${header.colorType}, interlace ${header.interlace})`,
    );
  }
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const idat: Buffer[] = [];
  let offset = 8;
  let ended = false;
  while (offset + 12 <= buf.length && !ended) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > buf.length) throw new Error(`PNG chunk ${type} runs past the end of the file`);
    const expected = buf.readUInt32BE(offset + 8 + length);
    if (crc32(buf.subarray(offset + 4, offset + 8 + length)) !== expected) throw new Error(`PNG chunk ${type} has a bad CRC`);
    if (type === 'IDAT') idat.push(buf.subarray(offset + 8, offset + 8 + length));
    if (type === 'IEND') ended = true;
    offset = end;
  }
  if (!ended) throw new Error('PNG has no IEND chunk');
  const { width, height } = header;
  const stride = width * BYTES_PER_PIXEL;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG image data has ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const data = new Uint8Array(height * stride);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)]!;
    if (type > 4) throw new Error(`PNG row ${y} has unknown filter type ${type}`);
    const row = data.subarray(y * stride, (y + 1) * stride);
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= BYTES_PER_PIXEL ? row[i - BYTES_PER_PIXEL]! : 0;
      const b = prev[i]!;
      const c = i >= BYTES_PER_PIXEL ? prev[i - BYTES_PER_PIXEL]! : 0;
      const predictor = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
      row[i] = (x + predictor) & 0xff;
    }
    prev = row;
  }
  return { width, height, data };
}
