import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';

/**
 * The one request-body policy for every route, applied before any parsing work:
 *
 * - JSON only: `application/json` (a `charset=utf-8` parameter is fine). Anything else, multipart and
 *   form-encoded included, is 415. Bodies are read into memory, never written to disk.
 * - The size limit counts **decoded** bytes. `gzip` and `deflate` are decoded here, as a stream that stops
 *   at the limit, so a small compressed body that inflates to gigabytes costs one zlib window of memory
 *   (413); a body that is not what its encoding says is 400. Other encodings are 415.
 * - Nesting deeper than `maxDepth` is 413 before `JSON.parse` runs (a 5,000-level body would otherwise
 *   reach recursive code later in the turn); malformed JSON is 400. Error messages never echo the body.
 */

/** A rejected body: the HTTP status, a stable code and a message for people (never the body's text). */
export interface BodyError {
  status: 400 | 408 | 413 | 415;
  code: 'InvalidContent' | 'PayloadTooLarge' | 'UnsupportedMediaType' | 'NestingTooDeep' | 'RequestTimeout';
  message: string;
}

export type BodyResult = { ok: true; value: unknown } | ({ ok: false } & BodyError);

export interface BodyLimits {
  /** Largest body in bytes after decoding. */
  maxBytes: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Longest wait for the whole body once its headers are in (a client trickling bytes holds no more). */
  timeoutMs?: number;
}

/** Default {@link BodyLimits.timeoutMs}: far longer than any real client needs for a megabyte. */
export const BODY_TIMEOUT_MS = 10_000;

/** Limits for Bot Framework activities: far above any real one (a 100 KB message fits), far below harm. */
export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 1_000_000, maxDepth: 64 };

const ERRORS = {
  notJson: { status: 415, code: 'UnsupportedMediaType', message: 'Send the body as application/json (UTF-8).' },
  encoding: { status: 415, code: 'UnsupportedMediaType', message: 'Content-Encoding must be gzip, deflate or none.' },
  tooLarge: { status: 413, code: 'PayloadTooLarge', message: 'The request body is too large.' },
  noBody: { status: 413, code: 'PayloadTooLarge', message: 'This request takes no body.' },
  tooDeep: { status: 413, code: 'NestingTooDeep', message: 'The request body is nested too deeply.' },
  malformed: { status: 400, code: 'InvalidContent', message: 'The request body is not valid JSON.' },
  badEncoding: { status: 400, code: 'InvalidContent', message: 'The request body does not match its Content-Encoding.' },
  tooSlow: { status: 408, code: 'RequestTimeout', message: 'The request body took too long to arrive.' },
} as const satisfies Record<string, BodyError>;

/** Raw bytes read past the limit before the connection is dropped (a client that ignores the 413). */
const DRAIN_FACTOR = 8;

/**
 * Checks what can be checked from the headers alone: content type, content encoding and a declared
 * length over the limit. Returns the rejection, or undefined when the body may be read.
 * `expectsBody: false` (GET routes) accepts only requests without a body.
 */
export function checkBodyHeaders(req: IncomingMessage, limits: Pick<BodyLimits, 'maxBytes'>, expectsBody = true): BodyError | undefined {
  const declared = declaredLength(req);
  const hasBody = declared === undefined ? req.headers['transfer-encoding'] !== undefined : declared > 0;
  if (!expectsBody) return hasBody ? ERRORS.noBody : undefined;
  if (hasBody || req.headers['content-type'] !== undefined) {
    if (!isJsonContentType(req.headers['content-type'])) return ERRORS.notJson;
  }
  if (decoderFor(req.headers['content-encoding']) === null) return ERRORS.encoding;
  if (declared !== undefined && declared > limits.maxBytes) return ERRORS.tooLarge;
  return undefined;
}

/** Whether `header` names JSON: `application/json`, optionally with a UTF-8 charset. */
export function isJsonContentType(header: string | undefined): boolean {
  if (typeof header !== 'string') return false;
  const [type = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => {
    const [name, value = ''] = param.split('=').map((s) => s.trim());
    if (name !== 'charset') return name === '';
    return ['utf-8', 'utf8', '"utf-8"'].includes(value);
  });
}

/**
 * Reads, decodes and parses a JSON body under the policy above. Never throws; the request stream is
 * left drained or destroyed, so the connection can answer.
 */
export async function readJsonBody(req: IncomingMessage, limits: BodyLimits = DEFAULT_BODY_LIMITS): Promise<BodyResult> {
  const rejected = checkBodyHeaders(req, limits);
  if (rejected) {
    discard(req, limits.maxBytes);
    return { ok: false, ...rejected };
  }
  const raw = await readDecoded(req, limits.maxBytes, limits.timeoutMs ?? BODY_TIMEOUT_MS);
  if (!Buffer.isBuffer(raw)) return { ok: false, ...raw };
  return parseJson(raw, limits.maxDepth);
}

/** Parses UTF-8 JSON after checking its nesting depth. An empty body is `undefined`. */
export function parseJson(raw: Buffer, maxDepth: number): BodyResult {
  if (raw.length === 0) return { ok: true, value: undefined };
  if (nestingDepth(raw) > maxDepth) return { ok: false, ...ERRORS.tooDeep };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false, ...ERRORS.malformed };
  }
}

/**
 * The deepest `{`/`[` nesting in a JSON text, brackets inside strings not counted. One pass over the
 * bytes, no allocation: cheap enough to run before `JSON.parse`.
 */
export function nestingDepth(raw: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return deepest;
}

function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The decoder for a Content-Encoding: undefined for none, null for one we do not accept. */
function decoderFor(header: string | undefined): (() => Gunzip | Inflate) | undefined | null {
  const encoding = (header ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip;
  if (encoding === 'deflate') return createInflate;
  return null;
}

/** Reads the body, decoding it when encoded, stopping at `limit` decoded bytes or after `timeoutMs`. */
function readDecoded(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer | BodyError> {
  const makeDecoder = decoderFor(req.headers['content-encoding']);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let rawSize = 0;
    let settled = false;
    const decoder = makeDecoder?.();
    const timer = setTimeout(() => finish(ERRORS.tooSlow), timeoutMs);
    const finish = (result: Buffer | BodyError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (decoder) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      if (!Buffer.isBuffer(result)) discard(req, limit, rawSize);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) finish(ERRORS.tooLarge);
      else chunks.push(chunk);
    };
    req.on('error', () => finish(ERRORS.malformed));
    req.on('close', () => {
      if (!req.complete) finish(ERRORS.malformed); // the client went away mid-body
    });
    if (decoder) {
      req.on('data', (chunk: Buffer) => {
        rawSize += chunk.length;
        if (rawSize > limit) finish(ERRORS.tooLarge);
      });
      decoder.on('data', onData);
      decoder.on('error', () => finish(ERRORS.badEncoding));
      decoder.on('end', () => finish(Buffer.concat(chunks)));
      req.pipe(decoder);
    } else {
      req.on('data', (chunk: Buffer) => {
        rawSize += chunk.length;
        onData(chunk);
      });
      req.on('end', () => finish(Buffer.concat(chunks)));
    }
  });
}

/**
 * Lets the rest of a rejected body flow past without keeping it, so the client can read the answer;
 * a client that keeps sending far past the limit has its connection dropped.
 */
function discard(req: IncomingMessage, limit: number, alreadyRead = 0): void {
  let read = alreadyRead;
  const cap = Math.max(limit, 64 * 1024) * DRAIN_FACTOR;
  req.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > cap) req.socket?.destroy();
  });
  req.resume();
}
