import { z } from 'zod';

/**
 * The shape an incoming Bot Framework activity must have before anything reads it: every field the
 * SDK or the bot touches has the type the Bot Framework schema gives it, so a malformed activity
 * (`entities: [null]`, a number for `serviceUrl`, a string for `from`) is answered 400 at the door
 * instead of failing inside a turn, whose error handler would then clear the person's conversation.
 * Unknown fields pass through untouched (channels add their own). JSON `null` counts as absent.
 */

/** Largest `value` (card submit data) accepted, as JSON text. Real submits are a few hundred bytes. */
export const MAX_VALUE_BYTES = 32 * 1024;

const str = (max: number) => z.string().max(max);
const optional = <T extends z.ZodType>(schema: T) => schema.nullish();
const nonEmpty = (max: number) => z.string().min(1).max(max);
/** Ids go into storage keys and connector URLs (encodeURIComponent throws on a lone surrogate). */
const idString = (max: number) =>
  nonEmpty(max).refine((v) => !/[\u0000-\u001f\u007f\ud800-\udfff]/u.test(v), 'must be well-formed text without control characters');

const dateString = str(64).refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date');
const httpUrl = str(2048).refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), 'must be an http(s) URL');

const account = z.looseObject({
  id: idString(512),
  name: optional(str(512)),
  role: optional(str(64)),
  aadObjectId: optional(str(128)),
});

/** Bounded, JSON-serialisable card data (depth is already bounded by the body reader). */
const cardValue = z.unknown().refine((v) => {
  if (v === undefined || v === null) return true;
  const text = JSON.stringify(v);
  return text === undefined || Buffer.byteLength(text, 'utf8') <= MAX_VALUE_BYTES;
}, `must be at most ${MAX_VALUE_BYTES} bytes of JSON`);

const list = <T extends z.ZodType>(item: T, max: number) => optional(z.array(item).max(max));

export const incomingActivitySchema = z.looseObject({
  type: nonEmpty(64),
  id: optional(idString(512)),
  channelId: idString(64),
  serviceUrl: httpUrl,
  timestamp: optional(dateString),
  localTimestamp: optional(dateString),
  expiration: optional(dateString),
  localTimezone: optional(str(64)),
  locale: optional(str(64)),
  from: account,
  recipient: optional(account),
  conversation: z.looseObject({
    id: idString(1024),
    name: optional(str(512)),
    conversationType: optional(str(64)),
    isGroup: optional(z.boolean()),
    tenantId: optional(str(128)),
  }),
  text: optional(z.string()),
  textFormat: optional(str(32)),
  deliveryMode: optional(str(32)),
  replyToId: optional(idString(512)),
  name: optional(str(256)),
  action: optional(str(64)),
  inputHint: optional(str(64)),
  value: cardValue.optional(),
  channelData: optional(z.looseObject({})),
  entities: list(z.looseObject({ type: optional(str(128)), text: optional(z.string()), mentioned: optional(z.looseObject({ id: optional(str(512)), name: optional(str(512)) })) }), 64),
  attachments: list(z.looseObject({ contentType: optional(str(256)), contentUrl: optional(str(4096)), name: optional(str(512)) }), 32),
  membersAdded: list(account, 256),
  membersRemoved: list(account, 256),
  reactionsAdded: list(z.looseObject({ type: optional(str(64)) }), 64),
  reactionsRemoved: list(z.looseObject({ type: optional(str(64)) }), 64),
}).refine((a) => a.channelId !== 'msteams' || (typeof a.channelData === 'object' && a.channelData !== null), {
  // Teams sends channelData (tenant, event type) on every activity, and the SDK's Teams handler reads it unguarded.
  message: 'a Teams activity carries channelData',
  path: ['channelData'],
});

/** An activity that passed {@link incomingActivitySchema} (unknown fields kept). */
export type IncomingActivity = z.infer<typeof incomingActivitySchema>;

/**
 * Checks an incoming activity. On success, gives back the same object (not a copy: the SDK gets what the
 * channel sent); on failure, says which fields are wrong (paths only, never values).
 */
export function checkIncomingActivity(body: unknown): { ok: true; activity: IncomingActivity } | { ok: false; fields: string[] } {
  const result = incomingActivitySchema.safeParse(body);
  if (result.success) return { ok: true, activity: body as IncomingActivity };
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(body)'))].slice(0, 5);
  return { ok: false, fields };
}
