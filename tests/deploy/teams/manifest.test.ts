import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderIcons } from '../../../deploy/teams/icons';
import {
  buildManifest,
  bundledSchemaDir,
  checkIcons,
  DEFAULT_TEAMS_APP_ID,
  fillTemplate,
  loadBundledSchema,
  MANIFEST_TEMPLATE_PATH,
  readPackageConfig,
  TEAMS_DEFAULTS,
  TeamsPackageError,
  validateManifest,
} from '../../../deploy/teams/manifest';

const BOT_ID = '0b6c5e3a-1f2d-4c8e-9a7b-3d2e1f0a9b8c';
const template = JSON.parse(readFileSync(MANIFEST_TEMPLATE_PATH, 'utf8')) as Record<string, unknown>;

function manifestFor(env: Record<string, string | undefined> = {}) {
  return buildManifest(readPackageConfig({ MicrosoftAppId: BOT_ID, ...env }), '1.2.3');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('readPackageConfig', () => {
  it('needs only MicrosoftAppId; everything else has local-dev defaults that are https URLs', () => {
    const config = readPackageConfig({ MicrosoftAppId: ` ${BOT_ID} ` });
    expect(config).toEqual({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: DEFAULT_TEAMS_APP_ID, ...TEAMS_DEFAULTS });
    for (const key of ['TEAMS_WEBSITE_URL', 'TEAMS_PRIVACY_URL', 'TEAMS_TERMS_URL'] as const) {
      expect(new URL(config[key]).protocol).toBe('https:');
    }
  });

  it.each([
    [{}, 'MicrosoftAppId is not set'],
    [{ MicrosoftAppId: '   ' }, 'MicrosoftAppId is not set'],
    [{ MicrosoftAppId: 'my-bot' }, 'MicrosoftAppId must be a GUID'],
    [{ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: 'x' }, 'TEAMS_APP_ID must be a GUID'],
    [{ MicrosoftAppId: BOT_ID, TEAMS_WEBSITE_URL: 'http://example.com' }, 'TEAMS_WEBSITE_URL must be an https:// URL'],
    [{ MicrosoftAppId: BOT_ID, TEAMS_PRIVACY_URL: 'not a url' }, 'TEAMS_PRIVACY_URL must be an https:// URL'],
    [{ MicrosoftAppId: BOT_ID, TEAMS_DEVELOPER_NAME: 'x'.repeat(33) }, 'TEAMS_DEVELOPER_NAME must be at most 32 characters'],
  ])('rejects %j naming the key', (env, message) => {
    expect(() => readPackageConfig(env)).toThrow(TeamsPackageError);
    expect(() => readPackageConfig(env)).toThrow(message);
  });

  it('treats empty optional values as unset', () => {
    expect(readPackageConfig({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: '', TEAMS_TERMS_URL: ' ' })).toMatchObject({
      TEAMS_APP_ID: DEFAULT_TEAMS_APP_ID,
      TEAMS_TERMS_URL: TEAMS_DEFAULTS.TEAMS_TERMS_URL,
    });
  });
});

describe('fillTemplate', () => {
  it('fills placeholders inside strings only, leaving other values alone', () => {
    expect(fillTemplate({ a: 'x{{A}}y', b: ['{{B}}'], n: 3, t: true }, { A: '"quoted"', B: 'b' })).toEqual({
      a: 'x"quoted"y',
      b: ['b'],
      n: 3,
      t: true,
    });
  });

  it('names placeholders that have no value', () => {
    expect(() => fillTemplate({ a: '{{NOPE}} {{ALSO}}' }, {})).toThrow(/NOPE, ALSO/);
  });
});

describe('the manifest template', () => {
  it('uses the newest stable manifest version bundled with @microsoft/app-manifest', () => {
    const stable = readdirSync(bundledSchemaDir())
      .filter((d) => /^v\d+\.\d+$/.test(d))
      .map((d) => d.slice(1))
      .sort((a, b) => {
        const [aMajor, aMinor] = a.split('.').map(Number) as [number, number];
        const [bMajor, bMinor] = b.split('.').map(Number) as [number, number];
        return aMajor - bMajor || aMinor - bMinor;
      });
    expect(template.manifestVersion).toBe(stable.at(-1));
  });

  it('fills into a personal-scope bot with the four commands and plain-words descriptions', () => {
    const manifest = manifestFor({ TEAMS_WEBSITE_URL: 'https://bot.contoso.example/about' });
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.id).toBe(DEFAULT_TEAMS_APP_ID);
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0]!;
    expect(bot.botId).toBe(BOT_ID);
    expect(bot.scopes).toEqual(['personal']);
    expect(bot.supportsFiles).toBe(false);
    const lists = (bot as unknown as { commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] })
      .commandLists;
    expect(lists).toHaveLength(1);
    expect(lists[0]!.scopes).toEqual(['personal']);
    expect(lists[0]!.commands.map((c) => c.title)).toEqual(['help', 'check my symptoms', 'aftercare', 'forget me']);
    for (const c of lists[0]!.commands) expect(c.description.length).toBeGreaterThan(0);
    expect(manifest.validDomains).toEqual(['bot.contoso.example']);
    const description = manifest.description as { short: string; full: string };
    expect(description.short).toMatch(/information, not a diagnosis/i);
    expect(description.full).toMatch(/information, not a diagnosis/i);
    expect(description.full).not.toMatch(/\byou have\b|\bcure|\bER\b/);
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{\w+\}\}/);
  });

  it('is valid against the bundled schema without touching the network', async () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('validation must not fetch');
    });
    expect(await validateManifest(manifestFor())).toEqual([]);
  });

  it.each([
    ['a bad accent colour', (m: Record<string, unknown>) => ({ ...m, accentColor: 'teal' }), /accentColor/],
    ['a second bot', (m: Record<string, unknown>) => ({ ...m, bots: [...(m.bots as unknown[]), ...(m.bots as unknown[])] }), /bots/],
    ['an unknown field', (m: Record<string, unknown>) => ({ ...m, colour: 'teal' }), /additional properties/],
    ['a mismatched $schema', (m: Record<string, unknown>) => ({ ...m, $schema: 'https://example.com/schema.json' }), /\$schema should be/],
  ])('reports %s', async (_label, mutate, message) => {
    const problems = await validateManifest(mutate(manifestFor()) as ReturnType<typeof manifestFor>);
    expect(problems.join('\n')).toMatch(message);
  });

  it('refuses manifest versions it has no bundled schema for', () => {
    expect(() => loadBundledSchema('9.99')).toThrow(/no bundled schema/);
    expect(() => loadBundledSchema('../../etc')).toThrow(/not a Teams manifest version/);
  });
});

describe('checkIcons', () => {
  it('accepts the drawn icons and rejects swapped or non-PNG files', () => {
    const icons = renderIcons();
    expect(checkIcons({ color: icons['color.png'], outline: icons['outline.png'] })).toEqual([]);
    const swapped = checkIcons({ color: icons['outline.png'], outline: icons['color.png'] });
    expect(swapped).toEqual(['color icon must be 192x192, is 32x32', 'outline icon must be 32x32, is 192x192']);
    expect(checkIcons({ color: Buffer.from('nope'), outline: icons['outline.png'] })[0]).toMatch(/color icon: not a PNG/);
  });
});
