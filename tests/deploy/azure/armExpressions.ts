/**
 * A small reader and evaluator for ARM template expressions ("[concat(parameters('a'), ...)]"), enough
 * to check azuredeploy.json without Azure: which functions and names each expression uses, and what
 * the template deploys for a given set of parameter values. Azure-side values (reference(), the
 * resource group, the tenant) come from a fake environment the tests control.
 */

export type ArmNode =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: ArmNode[] }
  | { kind: 'property'; target: ArmNode; name: string }
  | { kind: 'index'; target: ArmNode; index: ArmNode };

/** True for strings ARM treats as expressions: "[...]" but not the "[[" escape. */
export function isExpression(value: string): boolean {
  return value.startsWith('[') && value.endsWith(']') && !value.startsWith('[[');
}

type Token = { type: 'string' | 'number' | 'ident' | 'punct'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new Error(`unterminated string in ${source}`);
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i++];
      }
      tokens.push({ type: 'string', text });
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+/.exec(source.slice(i));
      if (!m) throw new Error(`bad number at ${i} in ${source}`);
      tokens.push({ type: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(source.slice(i))!;
      tokens.push({ type: 'ident', text: m[0] });
      i += m[0].length;
    } else if ('(),.[]'.includes(c)) {
      tokens.push({ type: 'punct', text: c });
      i++;
    } else {
      throw new Error(`unexpected "${c}" at ${i} in ${source}`);
    }
  }
  return tokens;
}

/** Parses the inside of one "[...]" expression; throws on anything malformed (unbalanced brackets, stray tokens). */
export function parseExpression(expression: string): ArmNode {
  const source = isExpression(expression) ? expression.slice(1, -1) : expression;
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (text: string) => {
    const t = tokens[pos++];
    if (!t || t.text !== text || t.type !== 'punct') throw new Error(`expected "${text}" in ${source}`);
  };
  const parseValue = (): ArmNode => {
    const t = tokens[pos++];
    if (!t) throw new Error(`unexpected end of ${source}`);
    let node: ArmNode;
    if (t.type === 'string') node = { kind: 'string', value: t.text };
    else if (t.type === 'number') node = { kind: 'number', value: Number(t.text) };
    else if (t.type === 'ident') {
      expect('(');
      const args: ArmNode[] = [];
      if (peek()?.text !== ')') {
        args.push(parseValue());
        while (peek()?.text === ',') {
          pos++;
          args.push(parseValue());
        }
      }
      expect(')');
      node = { kind: 'call', name: t.text, args };
    } else throw new Error(`unexpected "${t.text}" in ${source}`);
    for (;;) {
      if (peek()?.text === '.') {
        pos++;
        const name = tokens[pos++];
        if (name?.type !== 'ident') throw new Error(`expected a property name in ${source}`);
        node = { kind: 'property', target: node, name: name.text };
      } else if (peek()?.text === '[') {
        pos++;
        const index = parseValue();
        expect(']');
        node = { kind: 'index', target: node, index };
      } else return node;
    }
  };
  const node = parseValue();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${source}`);
  return node;
}

/** Every function call in an expression tree, outermost first. */
export function calls(node: ArmNode): { name: string; args: ArmNode[] }[] {
  switch (node.kind) {
    case 'call':
      return [{ name: node.name, args: node.args }, ...node.args.flatMap(calls)];
    case 'property':
      return calls(node.target);
    case 'index':
      return [...calls(node.target), ...calls(node.index)];
    default:
      return [];
  }
}

/** Every expression string anywhere inside a JSON value, with its JSON path. */
export function expressionsIn(value: unknown, path = '$'): { path: string; expression: string }[] {
  if (typeof value === 'string') return isExpression(value) ? [{ path, expression: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => expressionsIn(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => expressionsIn(v, `${path}.${k}`));
  }
  return [];
}

/** ARM template functions (learn.microsoft.com "Template functions"); list* resource functions are matched by prefix. */
export const ARM_FUNCTIONS = new Set([
  'array', 'concat', 'contains', 'createArray', 'empty', 'first', 'indexOf', 'intersection', 'join', 'last',
  'lastIndexOf', 'length', 'max', 'min', 'range', 'skip', 'take', 'union', 'coalesce', 'equals', 'greater',
  'greaterOrEquals', 'less', 'lessOrEquals', 'and', 'bool', 'false', 'if', 'not', 'or', 'true', 'dateTimeAdd',
  'utcNow', 'deployment', 'environment', 'parameters', 'variables', 'add', 'div', 'float', 'int', 'mod', 'mul',
  'sub', 'createObject', 'json', 'null', 'objectKeys', 'extensionResourceId', 'managementGroupResourceId',
  'pickZones', 'providers', 'reference', 'resourceGroup', 'resourceId', 'subscription', 'subscriptionResourceId',
  'tenantResourceId', 'tenant', 'base64', 'base64ToJson', 'base64ToString', 'dataUri', 'dataUriToString',
  'endsWith', 'format', 'guid', 'lastIndexOf', 'newGuid', 'padLeft', 'replace', 'split', 'startsWith', 'string',
  'substring', 'toLower', 'toUpper', 'trim', 'uniqueString', 'uri', 'uriComponent', 'uriComponentToString',
  'items', 'filter', 'map', 'reduce', 'sort', 'toObject', 'lambda', 'lambdaVariables', 'copyIndex', 'tryGet',
]);

/** What the fake Azure knows: the deployment's resource group, tenant, and what reference() returns. */
export interface FakeAzure {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId: string;
  /** reference(resourceId) results, by resource type (e.g. 'Microsoft.Web/sites'); `name` is the resource name. */
  references: Record<string, (name: string) => Record<string, unknown>>;
}

export interface ArmTemplate {
  parameters?: Record<string, { type: string; defaultValue?: unknown; allowedValues?: unknown[] }>;
  variables?: Record<string, unknown>;
  resources: ArmResource[];
  outputs?: Record<string, { type: string; value: unknown }>;
}

export interface ArmResource {
  type: string;
  name: string;
  condition?: unknown;
  [key: string]: unknown;
}

/** An evaluated resource: every expression replaced by its value; `deployed` is the evaluated condition. */
export interface EvaluatedResource {
  type: string;
  name: string;
  deployed: boolean;
  body: Record<string, unknown>;
}

/**
 * Evaluates a template for the given parameter values, the way Resource Manager would: defaults for
 * missing parameters, allowedValues enforced, `if` evaluating only the branch it takes, and
 * reference() failing for resources whose condition is false (Azure fails the deployment then).
 */
export function evaluateTemplate(template: ArmTemplate, given: Record<string, unknown>, azure: FakeAzure) {
  const resourceGroupId = `/subscriptions/${azure.subscriptionId}/resourceGroups/${azure.resourceGroup}`;
  const paramCache = new Map<string, unknown>();
  const varCache = new Map<string, unknown>();
  const notDeployed = new Set<string>();

  const resourceIdOf = (type: string, names: string[]) => `${resourceGroupId}/providers/${type}/${names.join('/')}`;

  const call = (name: string, args: ArmNode[]): unknown => {
    const v = () => args.map(evalNode);
    switch (name) {
      case 'parameters': {
        const key = String(evalNode(args[0]!));
        if (!paramCache.has(key)) {
          const decl = template.parameters?.[key];
          if (!decl) throw new Error(`parameters('${key}') is not declared`);
          const value = key in given ? given[key] : evalDeep(decl.defaultValue);
          if (value === undefined) throw new Error(`parameter ${key} has no value and no default`);
          if (decl.allowedValues && !decl.allowedValues.includes(value)) throw new Error(`parameter ${key}: ${String(value)} is not allowed`);
          paramCache.set(key, value);
        }
        return paramCache.get(key);
      }
      case 'variables': {
        const key = String(evalNode(args[0]!));
        if (!varCache.has(key)) {
          if (!template.variables || !(key in template.variables)) throw new Error(`variables('${key}') is not declared`);
          varCache.set(key, evalDeep(template.variables[key]));
        }
        return varCache.get(key);
      }
      case 'if':
        return evalNode(args[0]!) ? evalNode(args[1]!) : evalNode(args[2]!);
      case 'equals': {
        const [a, b] = v();
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'empty': {
        const [a] = v();
        if (a === null || a === undefined) return true;
        if (typeof a === 'string' || Array.isArray(a)) return a.length === 0;
        if (typeof a === 'object') return Object.keys(a).length === 0;
        throw new Error(`empty() of ${typeof a}`);
      }
      case 'not':
        return !evalNode(args[0]!);
      case 'concat': {
        const values = v();
        if (values.every(Array.isArray)) return (values as unknown[][]).flat();
        if (values.every((x) => typeof x === 'string' || typeof x === 'number')) return values.join('');
        throw new Error('concat() mixes arrays and strings');
      }
      case 'createArray':
        return v();
      case 'createObject': {
        const values = v();
        if (values.length % 2 !== 0) throw new Error('createObject() needs key/value pairs');
        const out: Record<string, unknown> = {};
        for (let i = 0; i < values.length; i += 2) out[String(values[i])] = values[i + 1];
        return out;
      }
      case 'null':
        return null;
      case 'format': {
        const [fmt, ...rest] = v();
        return String(fmt).replace(/\{(\d+)\}/g, (_, n: string) => String(rest[Number(n)]));
      }
      case 'toLower':
        return String(evalNode(args[0]!)).toLowerCase();
      case 'string': {
        const x = evalNode(args[0]!);
        return typeof x === 'string' ? x : JSON.stringify(x);
      }
      case 'uniqueString':
        return `u${Buffer.from(v().join('|')).toString('hex').slice(-12)}`;
      case 'resourceGroup':
        return { id: resourceGroupId, name: azure.resourceGroup, location: azure.location };
      case 'subscription':
        return { id: `/subscriptions/${azure.subscriptionId}`, subscriptionId: azure.subscriptionId, tenantId: azure.tenantId };
      case 'resourceId': {
        const [type, ...names] = v().map(String);
        return resourceIdOf(type!, names);
      }
      case 'reference': {
        const id = String(evalNode(args[0]!));
        if (notDeployed.has(id)) throw new Error(`reference() to ${id}, which this deployment does not create`);
        const m = /\/providers\/([^/]+\/[^/]+)\/(.+)$/.exec(id);
        const fake = m && azure.references[m[1]!];
        if (!fake) throw new Error(`no fake reference() for ${id}`);
        return fake(m[2]!);
      }
      default:
        throw new Error(`evaluator does not implement ${name}() (extend tests/deploy/azure/armExpressions.ts)`);
    }
  };

  const evalNode = (node: ArmNode): unknown => {
    switch (node.kind) {
      case 'string':
      case 'number':
        return node.value;
      case 'call':
        return call(node.name, node.args);
      case 'property': {
        const target = evalNode(node.target) as Record<string, unknown> | null;
        if (target === null || typeof target !== 'object' || !(node.name in target)) {
          throw new Error(`property ${node.name} not found`);
        }
        return target[node.name];
      }
      case 'index': {
        const target = evalNode(node.target) as Record<string, unknown>;
        return target[String(evalNode(node.index))];
      }
    }
  };

  const evalDeep = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (isExpression(value)) return evalNode(parseExpression(value));
      return value.startsWith('[[') ? value.slice(1) : value;
    }
    if (Array.isArray(value)) return value.map(evalDeep);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evalDeep(v)]));
    }
    return value;
  };

  // Conditions and names first, so reference() can tell which resources exist.
  const heads = template.resources.map((r) => {
    const name = String(evalDeep(r.name));
    const deployed = r.condition === undefined ? true : Boolean(evalDeep(r.condition));
    const id = resourceIdOf(r.type, name.split('/'));
    if (!deployed) notDeployed.add(id);
    return { resource: r, name, deployed, id };
  });
  const resources: EvaluatedResource[] = heads.map(({ resource, name, deployed }) => {
    const { type, name: _n, condition: _c, ...rest } = resource;
    return { type, name, deployed, body: deployed ? (evalDeep(rest) as Record<string, unknown>) : {} };
  });
  const outputs = Object.fromEntries(
    Object.entries(template.outputs ?? {}).map(([k, o]) => [k, evalDeep(o.value)]),
  ) as Record<string, unknown>;
  return { resources, outputs, parameters: Object.fromEntries(paramCache) };
}
