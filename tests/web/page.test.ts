import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, escapeHtml, loadAsset, publicDir, renderPage, webChatBundlePath } from '../../src/web/page';

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts and nonce-stamped styles, with blob:/data: for images and media', () => {
    const csp = contentSecurityPolicy('abc123');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self' 'nonce-abc123'",
      'img-src': "'self' blob: data:",
      'connect-src': "'self'",
      'worker-src': "'self' blob:",
      'frame-ancestors': "'self'",
      'object-src': "'none'",
    });
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
  });

  it.each([
    ['https://directline.botframework.com/v3/directline', "connect-src 'self' https://directline.botframework.com wss://directline.botframework.com"],
    ['https://europe.directline.botframework.com/v3/directline', "connect-src 'self' https://europe.directline.botframework.com wss://europe.directline.botframework.com"],
    ['http://127.0.0.1:4000/v3/directline', "connect-src 'self' http://127.0.0.1:4000 ws://127.0.0.1:4000"],
  ])('lets the page reach Direct Line at %s', (endpoint, expected) => {
    expect(contentSecurityPolicy('n', endpoint)).toContain(expected);
  });
});

describe('renderPage', () => {
  const template = readFileSync(join(publicDir(), 'index.html'), 'utf8');

  it('fills every placeholder and escapes the values', () => {
    const html = renderPage(template, {
      nonce: 'n"><script>',
      mode: { directLine: true, local: false },
      emergencyNumber: '112',
      emergencyServiceName: 'the <emergency> department',
    });
    expect(html).not.toContain('{{');
    expect(html).toContain('content="n&quot;&gt;&lt;script&gt;"');
    expect(html).toContain('data-directline="on" data-local="off"');
    expect(html).toContain('<strong>112</strong>');
    expect(html).toContain('the &lt;emergency&gt; department');
  });

  it('leaves unknown placeholders alone', () => {
    expect(renderPage('{{unknown}} {{nonce}}', { nonce: 'x', mode: { directLine: false, local: true }, emergencyNumber: '999', emergencyServiceName: 'A&E' })).toBe('{{unknown}} x');
  });
});

describe('escapeHtml', () => {
  it.each([
    ['<b>"hi" & \'bye\'</b>', '&lt;b&gt;&quot;hi&quot; &amp; &#39;bye&#39;&lt;/b&gt;'],
    ['plain', 'plain'],
  ])('%s', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('assets', () => {
  it('finds the Web Chat bundle in node_modules', () => {
    expect(webChatBundlePath()).toMatch(/botframework-webchat[\\/]dist[\\/]webchat\.js$/);
  });

  it('keeps a gzip copy and a strong ETag for text files', async () => {
    const asset = await loadAsset(join(publicDir(), 'app.js'), 'application/javascript; charset=utf-8');
    expect(asset.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(asset.gzip?.length).toBeLessThan(asset.body.length);
  });

  it('does not gzip images', async () => {
    expect((await loadAsset(join(publicDir(), 'favicon.svg'), 'image/png')).gzip).toBeUndefined();
  });
});
