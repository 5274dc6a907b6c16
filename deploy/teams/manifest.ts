import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { z } from 'zod';
import { ACCENT_COLOR } from './icons';
import { readPngHeader } from './png';

/** The manifest template next to this file; `{{KEY}}` placeholders are filled by {@link buildManifest}. */
export const MANIFEST_TEMPLATE_PATH = join(__dirname, 'manifest.template.json');

/**
 * The Teams app id used when TEAMS_APP_ID is not set. It must stay the same from one package to
 * the next: Teams treats a package with a new id as a different app, not an update.
 */
export const DEFAULT_TEAMS_APP_ID = 'e7eea9ce-7ef1-4a58-9f1d-038dd87b67be';

/** Local-development defaults: valid https URLs (example.com is reserved for examples), replaced in production. */
export const TEAMS_DEFAULTS = {
  TEAMS_DEVELOPER_NAME: 'Sciatica Massage Guide (dev)',
  TEAMS_WEBSITE_URL: 'https://example.com/',
  TEAMS_PRIVACY_URL: 'https://example.com/privacy',
  TEAMS_TERMS_URL: 'https://example.com/terms',
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Empty or whitespace-only env values count as unset, as they do in the app's own config. */
const optionalEnv = (schema: z.ZodType<string>, fallback: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback), schema);

const httpsUrl = (key: string) => z.url({ protocol: /^https$/, error: `${key} must be an https:// URL` });

const PackageConfigSchema = z.object({
  MicrosoftAppId: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: 'MicrosoftAppId is not set: the bot\'s Microsoft App ID (a GUID) is required to build the Teams package' })
      .min(1, 'MicrosoftAppId is not set: the bot\'s Microsoft App ID (a GUID) is required to build the Teams package')
      .regex(GUID, 'MicrosoftAppId must be a GUID (the bot\'s Microsoft App ID / client ID)'),
  ),
  TEAMS_APP_ID: optionalEnv(z.string().regex(GUID, 'TEAMS_APP_ID must be a GUID'), DEFAULT_TEAMS_APP_ID),
  TEAMS_DEVELOPER_NAME: optionalEnv(
    z.string().max(32, 'TEAMS_DEVELOPER_NAME must be at most 32 characters (a Teams limit)'),
    TEAMS_DEFAULTS.TEAMS_DEVELOPER_NAME,
  ),
  TEAMS_WEBSITE_URL: optionalEnv(httpsUrl('TEAMS_WEBSITE_URL'), TEAMS_DEFAULTS.TEAMS_WEBSITE_URL),
  TEAMS_PRIVACY_URL: optionalEnv(httpsUrl('TEAMS_PRIVACY_URL'), TEAMS_DEFAULTS.TEAMS_PRIVACY_URL),
  TEAMS_TERMS_URL: optionalEnv(httpsUrl('TEAMS_TERMS_URL'), TEAMS_DEFAULTS.TEAMS_TERMS_URL),
});

/** What the Teams package needs from the environment, after defaults. */
export type PackageConfig = z.infer<typeof PackageConfigSchema>;

/** A configuration or validation problem, worded for the person running the command. */
export class TeamsPackageError extends Error {
  override name = 'TeamsPackageError';
  constructor(
    message: string,
    /** One line per problem, for printing. */
    readonly problems: string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Reads the packaging settings from an environment object (never logs values).
 * @throws TeamsPackageError naming each missing or invalid key.
 */
export function readPackageConfig(env: Record<string, string | undefined>): PackageConfig {
  const parsed = PackageConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => issue.message);
  throw new TeamsPackageError(`Teams package settings are not valid:\n  - ${problems.join('\n  - ')}`, problems);
}

/** Replaces every `{{KEY}}` inside the template's string values; unknown or unfilled keys are errors. */
export function fillTemplate(template: unknown, values: Readonly<Record<string, string>>): unknown {
  const missing = new Set<string>();
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
        const value = values[key];
        if (value === undefined) missing.add(key);
        return value ?? whole;
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    }
    return node;
  };
  const filled = fill(template);
  if (missing.size > 0) {
    throw new TeamsPackageError(`The manifest template has placeholders with no value: ${[...missing].join(', ')}`);
  }
  return filled;
}

/** The manifest as the package ships it (only the fields this code reads are typed). */
export interface TeamsManifestJson {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; supportsFiles?: boolean }[];
  [key: string]: unknown;
}

/** Fills the template at {@link MANIFEST_TEMPLATE_PATH} (or `template`) from the config and the app version. */
export function buildManifest(config: PackageConfig, appVersion: string, template?: unknown): TeamsManifestJson {
  const source = template ?? JSON.parse(readFileSync(MANIFEST_TEMPLATE_PATH, 'utf8'));
  return fillTemplate(source, {
    VERSION: appVersion,
    TEAMS_APP_ID: config.TEAMS_APP_ID.toLowerCase(),
    MicrosoftAppId: config.MicrosoftAppId.toLowerCase(),
    TEAMS_DEVELOPER_NAME: config.TEAMS_DEVELOPER_NAME,
    TEAMS_WEBSITE_URL: config.TEAMS_WEBSITE_URL,
    TEAMS_PRIVACY_URL: config.TEAMS_PRIVACY_URL,
    TEAMS_TERMS_URL: config.TEAMS_TERMS_URL,
    VALID_DOMAIN: new URL(config.TEAMS_WEBSITE_URL).hostname,
    ACCENT_COLOR,
  }) as TeamsManifestJson;
}

/** Folder of the JSON schemas bundled in @microsoft/app-manifest (one `v<version>` folder per manifest version). */
export function bundledSchemaDir(): string {
  return join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
}

/**
 * Loads the bundled Teams schema for a manifest version from disk. The library's own loader
 * falls back to fetching the schema over the network when a file is missing; passing the
 * schema in ourselves means validation never leaves the machine.
 */
export function loadBundledSchema(manifestVersion: string): object {
  if (!/^(\d+\.\d+|devPreview)$/.test(manifestVersion)) {
    throw new TeamsPackageError(`manifestVersion "${manifestVersion}" is not a Teams manifest version`);
  }
  const folder = manifestVersion === 'devPreview' ? 'vDevPreview' : `v${manifestVersion}`;
  const file = join(bundledSchemaDir(), folder, 'MicrosoftTeams.schema.json');
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new TeamsPackageError(`@microsoft/app-manifest has no bundled schema for manifest version ${manifestVersion}`, [], {
      cause,
    });
  }
  // Same clean-up as the library: some schema files contain \a and \v escapes that JSON does not allow.
  return JSON.parse(raw.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as object;
}

/** Validates a manifest against its bundled schema, offline. Returns one readable line per problem, [] when valid. */
export async function validateManifest(manifest: TeamsManifestJson): Promise<string[]> {
  const schema = loadBundledSchema(manifest.manifestVersion);
  const expectedSchemaUrl = `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`;
  const problems: string[] = [];
  if (manifest.$schema !== expectedSchemaUrl) {
    problems.push(`$schema should be ${expectedSchemaUrl} for manifestVersion ${manifest.manifestVersion}`);
  }
  const failures = await AppManifestUtils.validateAgainstSchema(
    manifest as unknown as AppManifest,
    schema as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1],
  );
  return [...problems, ...failures.map((f) => f.trim())];
}

/** Checks the icon files Teams will read: PNG, RGBA, and the sizes Teams requires. */
export function checkIcons(icons: { color: Uint8Array; outline: Uint8Array }): string[] {
  const problems: string[] = [];
  const expect = [
    ['color', icons.color, 192],
    ['outline', icons.outline, 32],
  ] as const;
  for (const [name, bytes, size] of expect) {
    try {
      const h = readPngHeader(bytes);
      if (h.width !== size || h.height !== size) problems.push(`${name} icon must be ${size}x${size}, is ${h.width}x${h.height}`);
      if (h.colorType !== 6) problems.push(`${name} icon must be RGBA (PNG colour type 6), is colour type ${h.colorType}`);
    } catch (cause) {
      problems.push(`${name} icon: ${(cause as Error).message}`);
    }
  }
  return problems;
}
