import { z } from 'zod';

/**
 * The Adaptive Cards 1.5 element set (Teams' version), as strict Zod schemas: every element, action and
 * property a 1.5 host knows, with its allowed values; anything else (a typo, a 1.6 property, an element
 * Teams does not render) fails. No npm package ships the official 1.5 JSON schema for offline use (the
 * `adaptivecards` renderer validates only loosely and `@microsoft/app-manifest` carries the Teams
 * manifest schemas, not the card schema), so this is written from the 1.5 schema explorer's element
 * pages. It covers the whole element set, not only what our cards use today.
 */

const spacing = z.enum(['default', 'none', 'small', 'medium', 'large', 'extraLarge', 'padding'].flatMap((v) => [v, cap(v)]) as [string, ...string[]]);
const horizontalAlignment = ci(['left', 'center', 'right']);
const verticalAlignment = ci(['top', 'center', 'bottom']);
const containerStyle = ci(['default', 'emphasis', 'good', 'attention', 'warning', 'accent']);
const colour = ci(['default', 'dark', 'light', 'accent', 'good', 'warning', 'attention']);
const fontSize = ci(['default', 'small', 'medium', 'large', 'extraLarge']);
const fontWeight = ci(['default', 'lighter', 'bolder']);
const fontType = ci(['default', 'monospace']);
const height = z.union([ci(['auto', 'stretch']), z.string().regex(/^\d+px$/)]);

function cap(v: string): string {
  return v[0]!.toUpperCase() + v.slice(1);
}

/** 1.5 hosts accept enum values in either case ("Bolder" or "bolder"). */
function ci(values: readonly string[]) {
  return z.enum(values.flatMap((v) => [v, cap(v)]) as [string, ...string[]]);
}

/** Properties every element has (1.5: id, isVisible, separator, spacing, height, requires, fallback). */
const elementBase = {
  id: z.string().min(1).optional(),
  isVisible: z.boolean().optional(),
  separator: z.boolean().optional(),
  spacing: spacing.optional(),
  height: height.optional(),
  requires: z.record(z.string(), z.string()).optional(),
  fallback: z.union([z.literal('drop'), z.lazy((): z.ZodType => element)]).optional(),
  lang: z.string().optional(),
};

const actionBase = {
  id: z.string().optional(),
  title: z.string().optional(),
  iconUrl: z.string().optional(),
  style: ci(['default', 'positive', 'destructive']).optional(),
  fallback: z.union([z.literal('drop'), z.lazy((): z.ZodType => action)]).optional(),
  tooltip: z.string().optional(),
  isEnabled: z.boolean().optional(),
  mode: ci(['primary', 'secondary']).optional(),
  requires: z.record(z.string(), z.string()).optional(),
};

const submitBase = {
  ...actionBase,
  data: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  associatedInputs: ci(['auto', 'none']).optional(),
};

const action: z.ZodType = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('Action.Submit'), ...submitBase }),
    z.strictObject({ type: z.literal('Action.Execute'), verb: z.string().optional(), ...submitBase }),
    z.strictObject({ type: z.literal('Action.OpenUrl'), url: z.url(), ...actionBase }),
    z.strictObject({ type: z.literal('Action.ShowCard'), card: z.lazy(() => cardSchema(false)), ...actionBase }),
    z.strictObject({
      type: z.literal('Action.ToggleVisibility'),
      targetElements: z
        .array(z.union([z.string().min(1), z.strictObject({ elementId: z.string().min(1), isVisible: z.boolean().optional() })]))
        .min(1),
      ...actionBase,
    }),
  ]),
);

const textRun = z.strictObject({
  type: z.literal('TextRun'),
  text: z.string(),
  color: colour.optional(),
  fontType: fontType.optional(),
  highlight: z.boolean().optional(),
  isSubtle: z.boolean().optional(),
  italic: z.boolean().optional(),
  selectAction: action.optional(),
  size: fontSize.optional(),
  strikethrough: z.boolean().optional(),
  underline: z.boolean().optional(),
  weight: fontWeight.optional(),
});

const inputBase = {
  ...elementBase,
  id: z.string().min(1),
  errorMessage: z.string().optional(),
  isRequired: z.boolean().optional(),
  label: z.string().optional(),
};

const backgroundImage = z.union([
  z.string(),
  z.strictObject({
    url: z.string(),
    fillMode: ci(['cover', 'repeatHorizontally', 'repeatVertically', 'repeat']).optional(),
    horizontalAlignment: horizontalAlignment.optional(),
    verticalAlignment: verticalAlignment.optional(),
  }),
]);

const containerProps = {
  items: z.array(z.lazy((): z.ZodType => element)),
  selectAction: action.optional(),
  style: containerStyle.optional(),
  verticalContentAlignment: verticalAlignment.optional(),
  bleed: z.boolean().optional(),
  backgroundImage: backgroundImage.optional(),
  minHeight: z.string().optional(),
  rtl: z.boolean().nullable().optional(),
};

const column = z.strictObject({
  type: z.literal('Column').optional(),
  ...elementBase,
  ...containerProps,
  items: z.array(z.lazy((): z.ZodType => element)).optional(),
  width: z.union([z.string(), z.number()]).optional(),
});

const element: z.ZodType = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('TextBlock'),
      ...elementBase,
      text: z.string(),
      color: colour.optional(),
      fontType: fontType.optional(),
      horizontalAlignment: horizontalAlignment.optional(),
      isSubtle: z.boolean().optional(),
      maxLines: z.number().int().positive().optional(),
      size: fontSize.optional(),
      weight: fontWeight.optional(),
      wrap: z.boolean().optional(),
      style: ci(['default', 'heading']).optional(),
    }),
    z.strictObject({ type: z.literal('RichTextBlock'), ...elementBase, inlines: z.array(z.union([z.string(), textRun])), horizontalAlignment: horizontalAlignment.optional() }),
    z.strictObject({
      type: z.literal('Image'),
      ...elementBase,
      url: z.string(),
      altText: z.string().optional(),
      backgroundColor: z.string().optional(),
      horizontalAlignment: horizontalAlignment.optional(),
      selectAction: action.optional(),
      size: ci(['auto', 'stretch', 'small', 'medium', 'large']).optional(),
      style: ci(['default', 'person']).optional(),
      width: z.string().optional(),
      height: height.optional(),
    }),
    z.strictObject({ type: z.literal('ImageSet'), ...elementBase, images: z.array(z.lazy((): z.ZodType => element)), imageSize: ci(['auto', 'stretch', 'small', 'medium', 'large']).optional() }),
    z.strictObject({ type: z.literal('Container'), ...elementBase, ...containerProps }),
    z.strictObject({
      type: z.literal('ColumnSet'),
      ...elementBase,
      columns: z.array(column).optional(),
      selectAction: action.optional(),
      style: containerStyle.optional(),
      bleed: z.boolean().optional(),
      minHeight: z.string().optional(),
      horizontalAlignment: horizontalAlignment.optional(),
    }),
    z.strictObject({
      type: z.literal('FactSet'),
      ...elementBase,
      facts: z.array(z.strictObject({ title: z.string(), value: z.string() })),
    }),
    z.strictObject({ type: z.literal('ActionSet'), ...elementBase, actions: z.array(action) }),
    z.strictObject({
      type: z.literal('Table'),
      ...elementBase,
      columns: z.array(z.strictObject({ width: z.union([z.string(), z.number()]).optional(), horizontalCellContentAlignment: horizontalAlignment.optional(), verticalCellContentAlignment: verticalAlignment.optional() })).optional(),
      rows: z.array(z.unknown()).optional(),
      firstRowAsHeader: z.boolean().optional(),
      showGridLines: z.boolean().optional(),
      gridStyle: containerStyle.optional(),
      horizontalCellContentAlignment: horizontalAlignment.optional(),
      verticalCellContentAlignment: verticalAlignment.optional(),
    }),
    z.strictObject({
      type: z.literal('Input.Text'),
      ...inputBase,
      isMultiline: z.boolean().optional(),
      maxLength: z.number().int().positive().optional(),
      placeholder: z.string().optional(),
      regex: z.string().optional(),
      style: ci(['text', 'tel', 'url', 'email', 'password']).optional(),
      inlineAction: action.optional(),
      value: z.string().optional(),
    }),
    z.strictObject({ type: z.literal('Input.Number'), ...inputBase, max: z.number().optional(), min: z.number().optional(), placeholder: z.string().optional(), value: z.number().optional() }),
    z.strictObject({ type: z.literal('Input.Date'), ...inputBase, max: z.string().optional(), min: z.string().optional(), placeholder: z.string().optional(), value: z.string().optional() }),
    z.strictObject({ type: z.literal('Input.Time'), ...inputBase, max: z.string().optional(), min: z.string().optional(), placeholder: z.string().optional(), value: z.string().optional() }),
    z.strictObject({
      type: z.literal('Input.Toggle'),
      ...inputBase,
      title: z.string(),
      value: z.string().optional(),
      valueOff: z.string().optional(),
      valueOn: z.string().optional(),
      wrap: z.boolean().optional(),
    }),
    z.strictObject({
      type: z.literal('Input.ChoiceSet'),
      ...inputBase,
      choices: z.array(z.strictObject({ title: z.string(), value: z.string() })),
      isMultiSelect: z.boolean().optional(),
      style: ci(['compact', 'expanded', 'filtered']).optional(),
      value: z.string().optional(),
      placeholder: z.string().optional(),
      wrap: z.boolean().optional(),
    }),
  ]),
);

/** A card; the top-level one needs `version` (cards inside Action.ShowCard may leave it out). */
function cardSchema(topLevel: boolean) {
  return z.strictObject({
    type: z.literal('AdaptiveCard'),
    version: topLevel ? z.literal('1.5') : z.string().optional(),
    $schema: z.string().optional(),
    body: z.array(element).optional(),
    actions: z.array(action).optional(),
    selectAction: action.optional(),
    fallbackText: z.string().optional(),
    backgroundImage: backgroundImage.optional(),
    minHeight: z.string().optional(),
    rtl: z.boolean().nullable().optional(),
    speak: z.string().optional(),
    lang: z.string().optional(),
    verticalContentAlignment: verticalAlignment.optional(),
    refresh: z.unknown().optional(),
    authentication: z.unknown().optional(),
    metadata: z.unknown().optional(),
    msteams: z.record(z.string(), z.unknown()).optional(),
  });
}

export const adaptiveCard15 = cardSchema(true);

/** Validation problems as "path: message" lines (empty when the card is valid 1.5). */
export function adaptiveCardProblems(card: unknown): string[] {
  const result = adaptiveCard15.safeParse(card);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || 'card'}: ${i.message}`);
  return [...problems, ...crossChecks(card)];
}

/** What a schema cannot say: ids unique, every ToggleVisibility target exists. */
function crossChecks(card: unknown): string[] {
  const ids: string[] = [];
  const targets: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.type === 'string' && !o.type.startsWith('Action.')) ids.push(o.id);
    if (o.type === 'Action.ToggleVisibility' && Array.isArray(o.targetElements)) {
      for (const t of o.targetElements) targets.push(typeof t === 'string' ? t : String((t as { elementId?: unknown }).elementId));
    }
    for (const [key, value] of Object.entries(o)) if (key !== 'data') walk(value);
  };
  walk(card);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`duplicate element id "${id}"`);
    seen.add(id);
  }
  for (const t of targets) if (!seen.has(t)) problems.push(`ToggleVisibility target "${t}" does not exist`);
  return problems;
}
