import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { renderIcons } from '../../../deploy/teams/icons';
import { validateManifest, type TeamsManifestJson } from '../../../deploy/teams/manifest';

const run = promisify(execFile);
const REPO = resolve(__dirname, '../../..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(REPO, 'deploy', 'teams', 'package.ts');
const BOT_ID = '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };

/** The parent's environment minus every key the packager reads, so a developer's shell cannot leak in. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key === 'MicrosoftAppId' || key.startsWith('TEAMS_')) delete env[key];
  return { ...env, ...extra };
}

/** Runs `tsx deploy/teams/package.ts` in `cwd` (a temp dir, so no repository .env is picked up). */
async function packageIn(cwd: string, env: Record<string, string>, args: string[] = []) {
  try {
    const { stdout, stderr } = await run(TSX, [SCRIPT, ...args], { cwd, env: cleanEnv(env), timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const work = mkdtempSync(join(tmpdir(), 'teams-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run teams:package (child process)', () => {
  it('writes a valid zip with manifest.json, color.png and outline.png at the root and prints its path last', async () => {
    const out = join(work, 'out');
    const result = await packageIn(work, { MicrosoftAppId: BOT_ID, TEAMS_DEVELOPER_NAME: 'Contoso Health' }, ['--out-dir', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lastLine = result.stdout.trimEnd().split('\n').at(-1);
    expect(lastLine).toBe(join(out, `${pkg.name}-${pkg.version}.zip`));

    const zip = await JSZip.loadAsync(readFileSync(lastLine!));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as TeamsManifestJson;
    expect(manifest.bots[0]!.botId).toBe(BOT_ID);
    expect(manifest.version).toBe(pkg.version);
    expect((manifest.developer as { name: string }).name).toBe('Contoso Health');
    expect(await validateManifest(manifest)).toEqual([]);
    const icons = renderIcons();
    expect((await zip.file('color.png')!.async('nodebuffer')).equals(icons['color.png'])).toBe(true);
    expect((await zip.file('outline.png')!.async('nodebuffer')).equals(icons['outline.png'])).toBe(true);
  });

  it('reads settings from a .env file in the working directory', async () => {
    const dir = mkdtempSync(join(work, 'envfile-'));
    writeFileSync(join(dir, '.env'), `MicrosoftAppId=${BOT_ID}\nTEAMS_WEBSITE_URL=https://bot.contoso.example/\n`);
    const result = await packageIn(dir, {}, ['--out-dir', join(dir, 'out')]);
    expect(result.code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(result.stdout.trimEnd().split('\n').at(-1)!));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Record<string, unknown>;
    expect(manifest.validDomains).toEqual(['bot.contoso.example']);
  });

  it('fails without MicrosoftAppId, naming the key, and writes nothing', async () => {
    const out = join(work, 'missing');
    const result = await packageIn(work, {}, ['--out-dir', out]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('MicrosoftAppId');
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message for people, not a stack trace
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [{ MicrosoftAppId: 'not-a-guid' }, 'MicrosoftAppId must be a GUID'],
    [{ MicrosoftAppId: BOT_ID, TEAMS_TERMS_URL: 'ftp://example.com/terms' }, 'TEAMS_TERMS_URL must be an https:// URL'],
  ])('exits non-zero with a clear message for %j', async (env, message) => {
    const result = await packageIn(work, env, ['--out-dir', join(work, 'bad')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
  });
});
