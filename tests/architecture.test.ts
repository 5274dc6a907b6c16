import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers imported or required by a TypeScript file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return specs;
}

describe('layering', () => {
  // The domain knows nothing of the chat: if the bot moves to the successor SDK, only the chat layers change.
  it.each(['src/knowledge', 'src/nlp'])('%s imports no botbuilder package', (dir) => {
    const offenders = sourceFiles(join(root, dir)).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^botbuilder|^botframework-/.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it.each(['src/knowledge', 'src/nlp'])('%s imports nothing from the chat layers', (dir) => {
    const offenders = sourceFiles(join(root, dir)).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)(bot|dialogs|web)(\/|$)/.test(spec) && spec.startsWith('.'))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('botbuilder is imported only in src/bot, src/dialogs, src/web and the server files', () => {
    const allowed = /^src\/(bot|dialogs|web|storage)\/|^src\/(index|server|chat)\.ts$/;
    const offenders = sourceFiles(join(root, 'src')).flatMap((file) => {
      const rel = relative(root, file);
      if (allowed.test(rel)) return [];
      return importsOf(file)
        .filter((spec) => /^botbuilder|^botframework-/.test(spec))
        .map((spec) => `${rel} imports ${spec}`);
    });
    expect(offenders).toEqual([]);
  });

  it('never imports the root of natural (it loads database clients and prints to stdout)', () => {
    const offenders = sourceFiles(join(root, 'src')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === 'natural')
        .map(() => relative(root, file)),
    );
    expect(offenders).toEqual([]);
  });
});
