import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calls, expressionsIn, parseExpression, type ArmTemplate } from './armExpressions';

/**
 * main.bicep is hand-kept in step with azuredeploy.json (no Bicep CLI here). These checks read the
 * Bicep text directly: every name it uses is declared, and its parameters, resource types, app
 * settings and site configuration match the ARM template's.
 */

const AZURE_DIR = resolve(__dirname, '../../../deploy/azure');
const bicep = readFileSync(join(AZURE_DIR, 'main.bicep'), 'utf8');
const arm = JSON.parse(readFileSync(join(AZURE_DIR, 'azuredeploy.json'), 'utf8')) as ArmTemplate;

/** Bicep source with comments removed and string contents blanked, keeping `${...}` interpolations as code. */
function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  const stack: ('string' | 'interp')[] = [];
  while (i < source.length) {
    const c = source[i]!;
    const inString = stack.at(-1) === 'string';
    if (inString) {
      if (c === '\\') {
        out += '  ';
        i += 2;
      } else if (c === "'") {
        out += "'";
        stack.pop();
        i++;
      } else if (c === '$' && source[i + 1] === '{') {
        out += '${';
        stack.push('interp');
        i += 2;
      } else {
        out += c === '\n' ? '\n' : ' ';
        i++;
      }
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === "'") {
      out += "'";
      stack.push('string');
      i++;
    } else if (c === '}' && stack.at(-1) === 'interp') {
      out += '}';
      stack.pop();
      i++;
    } else {
      out += c;
      i++;
    }
  }
  expect(stack, 'unbalanced strings or interpolations in main.bicep').toEqual([]);
  return out;
}

const code = codeOnly(bicep);

interface BicepParam {
  name: string;
  type: string;
  secure: boolean;
  allowed?: string[];
  defaultSource?: string;
}

function bicepParams(): BicepParam[] {
  const lines = bicep.split('\n');
  const params: BicepParam[] = [];
  lines.forEach((line, index) => {
    const m = /^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+))?$/.exec(line.trim());
    if (!m) return;
    const decorators: string[] = [];
    for (let j = index - 1; j >= 0 && lines[j]!.trim().startsWith('@'); j--) decorators.push(lines[j]!.trim());
    const allowed = decorators.find((d) => d.startsWith('@allowed('));
    params.push({
      name: m[1]!,
      type: m[2]!,
      secure: decorators.includes('@secure()'),
      ...(allowed ? { allowed: [...allowed.matchAll(/'([^']*)'/g)].map((x) => x[1]!) } : {}),
      ...(m[3] ? { defaultSource: m[3] } : {}),
    });
  });
  return params;
}

const declarations = {
  params: bicepParams().map((p) => p.name),
  vars: [...code.matchAll(/^var\s+(\w+)/gm)].map((m) => m[1]!),
  resources: [...code.matchAll(/^resource\s+(\w+)/gm)].map((m) => m[1]!),
};

/** Identifiers the Bicep code reads (not keys, not member names, not functions, not declaration heads). */
function usedIdentifiers(): Set<string> {
  const keywords = new Set(['if', 'for', 'in', 'existing', 'true', 'false', 'null', 'string', 'int', 'bool', 'object', 'array']);
  const heads = code.replace(/^(param|var|resource|output)\s+\w+(\s+(string|int|bool|object|array))?/gm, '');
  const used = new Set<string>();
  for (const m of heads.matchAll(/[A-Za-z_]\w*/g)) {
    const before = heads.slice(0, m.index).trimEnd();
    const after = heads.slice(m.index + m[0].length);
    if (before.endsWith('.') || before.endsWith('@') || /^\s*\(/.test(after)) continue; // member, decorator, function
    if (/^\s*:/.test(after) && (/[{,]$/.test(before) || /\n\s*$/.test(heads.slice(0, m.index)))) continue; // object key
    if (keywords.has(m[0])) continue;
    used.add(m[0]);
  }
  return used;
}

function armAppSettingNames(): Set<string> {
  const fixed = (arm.variables?.fixedAppSettings as { name: string }[]).map((s) => s.name);
  const built = expressionsIn(arm)
    .flatMap(({ expression }) => calls(parseExpression(expression)))
    .filter((c) => c.name === 'createObject' && c.args[0]?.kind === 'string' && c.args[0].value === 'name')
    .map((c) => (c.args[1]?.kind === 'string' ? c.args[1].value : '<computed>'));
  return new Set([...fixed, ...built]);
}

describe('main.bicep', () => {
  it('every name it reads is a declared param, var or resource', () => {
    const declared = new Set([...declarations.params, ...declarations.vars, ...declarations.resources]);
    const used = usedIdentifiers();
    expect(used.size).toBeGreaterThan(20);
    for (const name of used) expect(declared, `"${name}" is used but not declared`).toContain(name);
  });

  it('every param and var it declares is used', () => {
    const used = usedIdentifiers();
    for (const name of [...declarations.params, ...declarations.vars]) {
      expect(used.has(name), `"${name}" is declared but never used`).toBe(true);
    }
  });

  it('declares the same parameters as azuredeploy.json, with matching types, secrecy and allowed values', () => {
    const params = bicepParams();
    expect(params.map((p) => p.name).sort()).toEqual(Object.keys(arm.parameters ?? {}).sort());
    for (const p of params) {
      const a = arm.parameters![p.name]!;
      expect(a.type === 'securestring', `${p.name} secure`).toBe(p.secure);
      expect(a.type === 'securestring' ? 'string' : a.type, `${p.name} type`).toBe(p.type);
      expect(a.allowedValues, `${p.name} allowed values`).toEqual(p.allowed);
      const armDefault = a.defaultValue;
      if (typeof armDefault === 'string' && !armDefault.startsWith('[')) {
        expect(p.defaultSource, `${p.name} default`).toBe(`'${armDefault}'`);
      }
    }
    expect(bicepParams().find((p) => p.name === 'appType')?.allowed).not.toContain('MultiTenant');
  });

  it('creates the same resource types at the same API versions', () => {
    const bicepTypes = [...bicep.matchAll(/^resource\s+\w+\s+'([^']+)'/gm)].map((m) => m[1]!).sort();
    const armTypes = arm.resources.map((r) => `${r.type}@${String(r.apiVersion)}`).sort();
    expect(bicepTypes).toEqual(armTypes);
  });

  it('sets the same app settings', () => {
    const names = new Set([...bicep.matchAll(/\{\s*name:\s*'([^']+)',\s*value:/g)].map((m) => m[1]!));
    expect([...names].sort()).toEqual([...armAppSettingNames()].sort());
  });

  it('uses the same literal site configuration, plan settings and bot/channel locations', () => {
    const site = arm.resources.find((r) => r.type === 'Microsoft.Web/sites') as unknown as { properties: { siteConfig: Record<string, unknown> } };
    for (const [key, value] of Object.entries(site.properties.siteConfig)) {
      if (typeof value === 'string' && value.startsWith('[')) continue;
      const literal = typeof value === 'string' ? `'${value}'` : String(value);
      expect(bicep, `siteConfig.${key}`).toContain(`${key}: ${literal}`);
    }
    for (const fragment of ["kind: 'linux'", 'reserved: true', "kind: 'app,linux'", 'httpsOnly: true', "kind: 'azurebot'", "location: 'global'"]) {
      expect(bicep).toContain(fragment);
    }
    const vars = arm.variables as Record<string, unknown>;
    expect(bicep).toContain(`var startCommand = '${String(vars.startCommand)}'`);
    expect(bicep).toContain(`var buildCommand = '${String(vars.buildCommand)}'`);
  });
});
