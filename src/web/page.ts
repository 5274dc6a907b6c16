import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/** A file served from memory with a strong ETag and, for text worth it, a gzip copy. */
export interface StaticAsset {
  body: Buffer;
  gzip: Buffer | undefined;
  contentType: string;
  etag: string;
}

/**
 * Folder holding index.html, app.js and chat.css. Under tsx it sits beside this file; after `npm run build`
 * (tsc copies no HTML) the compiled file lives in dist/src/web, so fall back to the source folder.
 */
export function publicDir(): string {
  const candidates = [join(__dirname, 'public'), resolve(__dirname, '..', '..', '..', 'src', 'web', 'public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`web chat page not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Path of the Web Chat browser bundle inside node_modules (its package exports hide dist/, so walk from main). */
export function webChatBundlePath(): string {
  const main = require.resolve('botframework-webchat');
  let dir = dirname(main);
  for (let i = 0; i < 4; i += 1) {
    const candidate = join(dir, 'dist', 'webchat.js');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('botframework-webchat/dist/webchat.js not found; is botframework-webchat installed?');
}

/** Reads a file into a {@link StaticAsset}; compression runs off the event loop (the Web Chat bundle is 3.9 MB). */
export async function loadAsset(path: string, contentType: string): Promise<StaticAsset> {
  const body = await readFile(path);
  const compressible = /^(text\/|application\/(javascript|json)|image\/svg)/.test(contentType) && body.length > 1024;
  const gzipped = compressible ? await gzip(body, { level: 6 }) : undefined;
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, gzip: gzipped, contentType, etag };
}

/** Values the page template needs (all escaped when inserted). */
export interface PageValues {
  nonce: string;
  mode: { directLine: boolean; local: boolean };
  emergencyNumber: string;
  emergencyServiceName: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Fills the `{{name}}` placeholders of index.html. */
export function renderPage(template: string, values: PageValues): string {
  const map: Record<string, string> = {
    nonce: values.nonce,
    directLine: values.mode.directLine ? 'on' : 'off',
    local: values.mode.local ? 'on' : 'off',
    emergencyNumber: values.emergencyNumber,
    emergencyServiceName: values.emergencyServiceName,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    const value = map[key];
    return value === undefined ? whole : escapeHtml(value);
  });
}

/**
 * The page's Content-Security-Policy. Scripts only from us; styles from us plus Web Chat's injected
 * `<style>` elements, which carry the per-response nonce (Web Chat's `nonce` prop); images and media
 * also from blob:/data: because Web Chat turns inline assets into blob: URLs; a blob: worker is how it
 * probes Web Worker support. Connections go to us and, in production, to the Direct Line endpoint
 * (HTTPS for REST, WSS for the socket).
 */
export function contentSecurityPolicy(nonce: string, directLineEndpoint?: string): string {
  const connect = ["'self'"];
  if (directLineEndpoint) {
    const url = new URL(directLineEndpoint);
    connect.push(url.origin, `${url.protocol === 'http:' ? 'ws:' : 'wss:'}//${url.host}`);
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "media-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    "object-src 'none'",
  ].join('; ');
}
