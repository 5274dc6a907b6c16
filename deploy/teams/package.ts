import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { ICON_DIR } from './icons';
import {
  buildManifest,
  checkIcons,
  readPackageConfig,
  TeamsPackageError,
  validateManifest,
  type TeamsManifestJson,
} from './manifest';

/**
 * `npm run teams:package [-- --out-dir DIR]`: builds the Teams app package (manifest.json,
 * color.png, outline.png at the zip root) from deploy/teams/manifest.template.json and the
 * environment (.env in the working directory is loaded if present), validates it offline
 * against the bundled manifest schema, and prints the zip's path as the last line of stdout.
 */

/** Where the zip goes by default (gitignored). */
export const DEFAULT_OUT_DIR = join(__dirname, 'build');

/** A fixed timestamp for zip entries, so the same inputs always give the same zip bytes. */
const ZIP_DATE = new Date(Date.UTC(2024, 0, 1));

/** Builds the zip bytes for a validated manifest and the two icons. */
export async function zipPackage(manifest: TeamsManifestJson, icons: { color: Uint8Array; outline: Uint8Array }): Promise<Buffer> {
  const zip = new JSZip();
  const options = { date: ZIP_DATE, createFolders: false } as const;
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, options);
  zip.file(manifest.icons.color, icons.color, options);
  zip.file(manifest.icons.outline, icons.outline, options);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

function parseArgs(argv: string[]): { outDir: string } {
  let outDir = DEFAULT_OUT_DIR;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out-dir' && argv[i + 1]) outDir = resolve(argv[++i]!);
    else if (arg?.startsWith('--out-dir=')) outDir = resolve(arg.slice('--out-dir='.length));
    else throw new TeamsPackageError(`Unknown argument "${arg}". Usage: npm run teams:package [-- --out-dir DIR]`);
  }
  return { outDir };
}

/** Runs the command; returns the zip path. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { outDir } = parseArgs(argv);
  const config = readPackageConfig(env);
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };
  const manifest = buildManifest(config, pkg.version);
  const icons = {
    color: readFileSync(join(ICON_DIR, manifest.icons.color)),
    outline: readFileSync(join(ICON_DIR, manifest.icons.outline)),
  };
  const problems = [...(await validateManifest(manifest)), ...checkIcons(icons)];
  if (problems.length > 0) {
    throw new TeamsPackageError(`The Teams manifest is not valid:\n  - ${problems.join('\n  - ')}`, problems);
  }
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `${pkg.name}-${pkg.version}.zip`);
  writeFileSync(zipPath, await zipPackage(manifest, icons));
  console.log(`Teams app ${manifest.id} (bot ${config.MicrosoftAppId}), manifest ${manifest.manifestVersion}: valid.`);
  console.log(zipPath);
  return zipPath;
}

if (require.main === module) {
  const envFile = resolve('.env');
  try {
    if (existsSync(envFile)) process.loadEnvFile(envFile);
  } catch (cause) {
    console.error(`teams:package: could not read ${envFile}: ${(cause as Error).message}`);
    process.exit(1);
  }
  main(process.argv.slice(2), process.env).catch((error: unknown) => {
    const message = error instanceof TeamsPackageError ? error.message : `unexpected error: ${(error as Error)?.stack ?? String(error)}`;
    console.error(`teams:package: ${message}`);
    process.exitCode = 1;
  });
}
