import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * deploy/Dockerfile, checked without Docker: first its shape (stages, user, health check, what the
 * runtime installs), then a replay of its steps in a temp dir (HEAVY: a real `npm run build` of the
 * whole app, a production-only node_modules, and the built server started and health-checked; about
 * 20-40 s on two cores).
 */

const REPO = resolve(__dirname, '../..');
const DOCKERFILE = join(REPO, 'deploy', 'Dockerfile');
const IGNORE_FILE = join(REPO, 'deploy', 'Dockerfile.dockerignore');
const execFileAsync = promisify(execFile);

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions (comments dropped, `\` continuations joined). */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (current !== '' && line.startsWith('#')) continue; // comment inside a continuation
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${current}${line}`.trim());
    current = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const m = /^(\w+)\s+([\s\S]*)$/.exec(line);
    if (!m) throw new Error(`cannot parse Dockerfile line: ${line}`);
    const keyword = m[1]!.toUpperCase();
    const args = m[2]!;
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`cannot parse FROM ${args}`);
      stages.push({ image: from[1]!, name: from[2], instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${keyword} before FROM`);
      stage.instructions.push({ keyword, args });
    }
  }
  return stages;
}

/** The exec-form JSON array of a CMD or HEALTHCHECK ... CMD. */
function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new Error(`not an exec-form array: ${args}`);
  return parsed;
}

/** .dockerignore patterns as matchers on repo-relative paths (Go filepath.Match plus `**`; a match excludes a directory's contents too). */
function readIgnore(file: string): (path: string) => boolean {
  const patterns = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  expect(patterns.some((p) => p.startsWith('!')), 'negated patterns are not handled by this replay').toBe(false);
  const regexes = patterns.map((p) => {
    const body = p
      .replace(/^\/+/, '')
      .split(/(\*\*\/?|\*|\?)/)
      .map((part) => {
        if (part === '**/' || part === '**') return '(?:.*/)?';
        if (part === '*') return '[^/]*';
        if (part === '?') return '[^/]';
        return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    return new RegExp(`^${body}(?:/.*)?$`);
  });
  return (path) => regexes.some((r) => r.test(path));
}

const dockerfileText = readFileSync(DOCKERFILE, 'utf8');
const stages = parseDockerfile(dockerfileText);
const build = stages[0]!;
const runtime = stages.at(-1)!;
const ofKind = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

describe('deploy/Dockerfile: shape', () => {
  it('has a named build stage and a separate runtime stage, both on node:20-bookworm-slim', () => {
    expect(stages).toHaveLength(2);
    expect(build.name).toBe('build');
    for (const stage of stages) expect(stage.image).toBe('node:20-bookworm-slim');
  });

  it('build stage: full install from the lockfile, then the TypeScript build', () => {
    const runs = ofKind(build, 'RUN').map((i) => i.args);
    const install = runs.findIndex((r) => /^npm ci\b/.test(r));
    const compile = runs.findIndex((r) => r === 'npm run build');
    expect(install).toBeGreaterThanOrEqual(0);
    expect(runs[install]).not.toMatch(/--omit=dev/);
    expect(compile).toBeGreaterThan(install);
  });

  it('runtime stage: production dependencies only, install scripts off, compiled output copied from the build stage', () => {
    const runs = ofKind(runtime, 'RUN').map((i) => i.args);
    expect(runs.some((r) => /^npm ci\b.*--omit=dev/.test(r) && /--ignore-scripts/.test(r))).toBe(true);
    expect(runs.join('\n')).not.toMatch(/npm (run build|install\b)|\btsc\b/);
    const copies = ofKind(runtime, 'COPY').map((i) => i.args);
    expect(copies).toContain('--from=build /app/dist ./dist');
    expect(copies.some((c) => /\bsrc\b/.test(c) && !c.startsWith('--from'))).toBe(false);
  });

  it('runs as the non-root node user, in production mode, on port 3978', () => {
    const users = ofKind(runtime, 'USER').map((i) => i.args);
    expect(users).toEqual(['node']);
    const userIndex = runtime.instructions.findIndex((i) => i.keyword === 'USER');
    const cmdIndex = runtime.instructions.findIndex((i) => i.keyword === 'CMD');
    expect(userIndex).toBeLessThan(cmdIndex);
    expect(ofKind(runtime, 'ENV').map((i) => i.args).join(' ')).toMatch(/\bNODE_ENV=production\b/);
    expect(ofKind(runtime, 'EXPOSE').map((i) => i.args)).toEqual(['3978']);
  });

  it('health check uses node (no curl in the slim image) against 127.0.0.1:3978/healthz', () => {
    const [healthcheck] = ofKind(runtime, 'HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    const command = execForm(healthcheck!.args);
    expect(healthcheck!.args).toMatch(/^(--\S+\s+)*CMD \[/);
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toMatch(/http:\/\/127\.0\.0\.1:.*3978/);
    expect(command.join(' ')).toContain('/healthz');
    expect(command.join(' ')).not.toMatch(/\bcurl\b|\bwget\b/);
  });

  it('starts the compiled entry point', () => {
    expect(execForm(ofKind(runtime, 'CMD')[0]!.args)).toEqual(['node', '--no-deprecation', 'dist/src/index.js']);
  });

  it('its ignore file keeps node_modules, build output and local secrets out of the context', () => {
    const ignored = readIgnore(IGNORE_FILE);
    for (const path of ['node_modules', 'node_modules/zod/index.js', 'src/web/node_modules/x', 'dist/src/index.js', '.env', '.git/HEAD', 'deploy/teams/build/app.zip']) {
      expect(ignored(path), path).toBe(true);
    }
    for (const path of ['src/index.ts', 'src/knowledge/data/techniques.json', 'package.json', 'package-lock.json', 'tsconfig.build.json']) {
      expect(ignored(path), path).toBe(false);
    }
  });
});

/** Copies `from` (file or directory) to `to`, skipping what the ignore file excludes (paths relative to the repo). */
function copyRespectingIgnore(from: string, to: string, ignored: (path: string) => boolean): void {
  const rel = relative(REPO, from);
  if (ignored(rel)) return;
  if (lstatSync(from).isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) copyRespectingIgnore(join(from, entry), join(to, entry), ignored);
  } else {
    mkdirSync(dirname(to), { recursive: true });
    cpSync(from, to);
  }
}

/**
 * What `npm ci --omit=dev --ignore-scripts` would install, built from the lockfile and the packages
 * already on disk (the npm cache here is not complete enough for an offline `npm ci`): every
 * top-level package the lockfile does not mark dev, hard-linked (~2 s; copied if /tmp is another filesystem).
 */
function installProductionDependencies(stageDir: string): void {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const topLevel = Object.entries(lock.packages)
    .filter(([path, meta]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !meta.dev)
    .map(([path]) => path)
    .filter((path) => existsSync(join(REPO, path))); // optional platform packages for other systems are absent
  mkdirSync(join(stageDir, 'node_modules'), { recursive: true });
  try {
    execFileSync('cp', ['-al', '--parents', ...topLevel, stageDir], { cwd: REPO, stdio: 'pipe' });
  } catch {
    execFileSync('cp', ['-a', '--parents', ...topLevel, stageDir], { cwd: REPO, stdio: 'pipe' }); // temp dir on another filesystem
  }
}

/** Runs one stage's instructions in `stageDir` (its WORKDIR); `buildDir` answers COPY --from=build. */
function replayStage(stage: Stage, stageDir: string, buildDir: string, ignored: (path: string) => boolean): Record<string, string> {
  const env: Record<string, string> = {};
  let workdir: string | undefined;
  const local = (path: string) => (path.startsWith('/') ? join(stageDir, relative(workdir!, path)) : join(stageDir, path));
  for (const { keyword, args } of stage.instructions) {
    if (keyword === 'WORKDIR') {
      expect(workdir, 'one WORKDIR per stage').toBeUndefined();
      workdir = args;
    } else if (keyword === 'ENV') {
      for (const m of args.matchAll(/(\w+)=(\S+)/g)) env[m[1]!] = m[2]!;
    } else if (keyword === 'COPY') {
      const parts = args.split(/\s+/);
      const flags = parts.filter((p) => p.startsWith('--'));
      const paths = parts.filter((p) => !p.startsWith('--'));
      const dest = paths.pop()!;
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
      for (const source of paths) {
        if (from) {
          expect(from).toBe('build');
          cpSync(join(buildDir, relative(workdir!, source)), local(dest), { recursive: true });
        } else {
          const target = dest.endsWith('/') ? join(local(dest), source) : local(dest);
          copyRespectingIgnore(join(REPO, source), target, ignored);
        }
      }
    } else if (keyword === 'RUN' && /^npm ci\b/.test(args)) {
      // An install line may only be `npm ci ... [&& npm cache clean --force]`: both are replaced, not run.
      const [install, ...rest] = args.split(/\s+&&\s+/);
      expect(rest.every((c) => /^npm cache clean\b/.test(c)), `unexpected command after npm ci: ${args}`).toBe(true);
      if (/--omit=dev/.test(install!)) installProductionDependencies(stageDir);
      else symlinkSync(join(REPO, 'node_modules'), join(stageDir, 'node_modules'), 'dir'); // full install = the repo's own
    } else if (keyword === 'RUN') {
      execFileSync('sh', ['-c', args], { cwd: stageDir, stdio: 'pipe', env: { ...process.env, ...env } });
    }
  }
  return env;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function runHealthcheck(port: number): Promise<number> {
  const [command, ...args] = execForm(ofKind(runtime, 'HEALTHCHECK')[0]!.args);
  try {
    await execFileAsync(command === 'node' ? process.execPath : command!, args, { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, timeout: 10_000 });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

describe('deploy/Dockerfile: steps replayed outside Docker (HEAVY: build + production install + server start)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dockerfile-replay-'));
  const buildDir = join(tmp, 'build');
  const runtimeDir = join(tmp, 'runtime');
  let runtimeEnv: Record<string, string> = {};
  let server: ChildProcess | undefined;
  let serverLog = '';

  beforeAll(() => {
    const ignored = readIgnore(IGNORE_FILE);
    mkdirSync(buildDir);
    mkdirSync(runtimeDir);
    replayStage(build, buildDir, buildDir, ignored);
    runtimeEnv = replayStage(runtime, runtimeDir, buildDir, ignored);
  }, 120_000);

  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the runtime image holds the compiled app and the files it reads, not the sources', () => {
    expect(existsSync(join(runtimeDir, 'dist', 'src', 'index.js'))).toBe(true);
    expect(existsSync(join(runtimeDir, 'src'))).toBe(false);
    expect(existsSync(join(runtimeDir, 'tsconfig.json'))).toBe(false);
    // Everything under src/ that is not TypeScript (pages, data) sits at the same place under dist/src.
    const assets = files(join(REPO, 'src')).filter((f) => !f.endsWith('.ts'));
    for (const asset of assets) expect(existsSync(join(runtimeDir, 'dist', 'src', asset)), asset).toBe(true);
  });

  it('the runtime node_modules has no devDependencies', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.keys(pkg.devDependencies).filter((name) => lock.packages[`node_modules/${name}`]?.dev);
    expect(devOnly).toEqual(expect.arrayContaining(['typescript', 'vitest', 'tsx', 'rimraf']));
    for (const name of devOnly) expect(existsSync(join(runtimeDir, 'node_modules', name)), name).toBe(false);
    expect(existsSync(join(runtimeDir, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js'))).toBe(true);
  });

  it('every package the compiled code requires resolves from production dependencies', () => {
    const builtins = new Set(builtinModules);
    const jsFiles = files(join(runtimeDir, 'dist')).filter((f) => f.endsWith('.js'));
    const unresolved: string[] = [];
    let checked = 0;
    for (const file of jsFiles) {
      const full = join(runtimeDir, 'dist', file);
      const source = readFileSync(full, 'utf8');
      const localRequire = createRequire(full);
      for (const m of source.matchAll(/\brequire\(\s*["']([^"'.][^"']*)["']\s*\)/g)) {
        const specifier = m[1]!;
        if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
        checked++;
        try {
          const resolved = localRequire.resolve(specifier);
          if (!resolved.startsWith(runtimeDir)) unresolved.push(`${specifier} (from ${file}) resolved outside the image: ${resolved}`);
        } catch {
          unresolved.push(`${specifier} (from ${file})`);
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
    expect(unresolved).toEqual([]);
  });

  it('the built server starts in production mode, answers /healthz, and the HEALTHCHECK command passes, then fails once it stops', async () => {
    const port = await freePort();
    // Production needs a Bot Framework identity; these values are never used to call Azure here.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...runtimeEnv,
      PORT: String(port),
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: '9c1f1c39-1b1c-4f4e-8f2e-6d6f0c9a1b2d',
    };
    expect(env.NODE_ENV, 'the image sets NODE_ENV').toBe('production');
    const [cmd, ...cmdArgs] = execForm(ofKind(runtime, 'CMD')[0]!.args);
    expect(cmd).toBe('node');
    server = spawn(process.execPath, cmdArgs, { cwd: runtimeDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (serverLog += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (serverLog += d.toString()));

    const deadline = Date.now() + 30_000;
    let health: Response | undefined;
    while (Date.now() < deadline && server.exitCode === null) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (health?.ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(health?.status, `server did not become healthy; its output:\n${serverLog}`).toBe(200);
    expect(await health!.json()).toBeTypeOf('object');

    const unauthenticated = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hello', channelId: 'test', serviceUrl: 'http://127.0.0.1:1', conversation: { id: 'c' }, from: { id: 'u' } }),
    });
    expect(unauthenticated.status).toBe(401);

    expect(await runHealthcheck(port)).toBe(0);
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
    expect(await runHealthcheck(port)).not.toBe(0);
  }, 60_000);
});
