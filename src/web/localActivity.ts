import { randomUUID } from 'node:crypto';
import type { Activity, ChannelAccount } from 'botbuilder';
import { z } from 'zod';

/** Channel id the local route stamps on every activity (the same one Web Chat uses through Direct Line). */
export const LOCAL_CHANNEL_ID = 'webchat';

/**
 * Service URL stamped on local activities. `.invalid` never resolves, so a bot that tries to call back
 * out of band fails fast instead of reaching some real host.
 */
export const LOCAL_SERVICE_URL = 'https://webchat-local.invalid/';

/** Longest message text the local route accepts (a long paste is still fine; a novel is not). */
export const MAX_TEXT_LENGTH = 5_000;

/** Page-chosen conversation key: short, URL-safe, so it can go into ids and logs as is. */
export const pageIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'conversationId must be 8-64 characters of A-Z, a-z, 0-9, "-" or "_"');

const shortText = (max: number) => z.string().max(max);

/**
 * What the page may send. Everything else on an activity (channel, service URL, sender, recipient,
 * conversation, delivery mode) is set by the server; unknown keys are dropped.
 */
export const localActivitySchema = z.object({
  type: z.enum(['message', 'event', 'conversationUpdate']),
  text: shortText(MAX_TEXT_LENGTH).optional(),
  /** Card submits and postBacks carry data here; its size is bounded by the body limit. */
  value: z.unknown().optional(),
  name: shortText(100).optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/)
    .optional()
    .catch(undefined),
  localTimezone: shortText(64).optional().catch(undefined),
  localTimestamp: shortText(64).optional().catch(undefined),
  channelData: z
    .object({
      clientActivityID: shortText(100).optional(),
      postBack: z.boolean().optional(),
      messageBack: z.object({ displayText: shortText(MAX_TEXT_LENGTH).optional() }).optional(),
    })
    .optional()
    .catch(undefined),
});

/** Request body of `POST /api/local/messages`. */
export const localRequestSchema = z.object({
  conversationId: pageIdSchema,
  /**
   * The page's own user id, kept in the browser with the conversation id so a reload continues the same
   * conversation. Optional for older pages: without it the user id is derived from the conversation id.
   */
  userId: pageIdSchema.optional(),
  activity: localActivitySchema,
});

/** A validated request body. */
export type LocalRequest = z.infer<typeof localRequestSchema>;

/** The bot's account as the page sees it. */
export interface BotAccount {
  id: string;
  name: string;
}

/** Conversation id for a page id (what the bot and its state storage see). */
export function conversationIdFor(pageId: string): string {
  return `webchat-local-${pageId}`;
}

/**
 * User id for a page: its own user id when it sent one, else one derived from the page id. `dl_` marks
 * ids the server vouches for, as Direct Line does for token-bound ids.
 */
export function userIdFor(pageId: string, pageUserId?: string): string {
  return `dl_${pageUserId ?? pageId}`;
}

/**
 * Builds the activity the bot receives from a validated request: the server sets channel, service URL,
 * sender, recipient, conversation, id, timestamp and `expectReplies`, whatever the page sent.
 */
export function buildIncomingActivity(request: LocalRequest, bot: BotAccount, now: Date = new Date()): Activity {
  const { conversationId: pageId, activity: input } = request;
  const user: ChannelAccount = { id: userIdFor(pageId, request.userId), name: 'User', role: 'user' };
  const conversationId = conversationIdFor(pageId);
  const activity: Partial<Activity> = {
    type: input.type,
    id: `${conversationId}|${randomUUID()}`,
    timestamp: now,
    channelId: LOCAL_CHANNEL_ID,
    serviceUrl: LOCAL_SERVICE_URL,
    deliveryMode: 'expectReplies',
    from: user,
    recipient: { id: bot.id, name: bot.name, role: 'bot' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  };
  if (input.locale !== undefined) activity.locale = input.locale;
  if (input.localTimezone !== undefined) activity.localTimezone = input.localTimezone;
  if (input.channelData !== undefined) activity.channelData = input.channelData;
  if (input.type === 'conversationUpdate') {
    // The page opening is the user joining; the bot's welcome keys off this.
    activity.membersAdded = [{ id: user.id, name: user.name }];
  } else {
    if (input.text !== undefined) activity.text = input.text;
    if (input.value !== undefined) activity.value = withoutCardId(input.value);
    if (input.type === 'event' && input.name !== undefined) activity.name = input.name;
    if (input.type === 'message') activity.textFormat = 'plain';
  }
  return activity as Activity;
}

/** Reply types the page shows; trace, delay and invoke responses stay on the server. */
const VISIBLE_REPLY_TYPES = new Set(['message', 'typing', 'event', 'endOfConversation']);

/** Whether a buffered reply should reach the page. */
export function isVisibleReply(activity: Partial<Activity>): boolean {
  return typeof activity.type === 'string' && VISIBLE_REPLY_TYPES.has(activity.type);
}

/**
 * Shapes an activity for the page the way Direct Line does: an id and a timestamp on every one, the
 * sender's role set, and no server-side routing fields (service URL, delivery mode, caller id).
 */
export function toClientActivity(
  activity: Partial<Activity>,
  options: { id: string; timestamp: Date; role: 'user' | 'bot' },
): Record<string, unknown> {
  const {
    serviceUrl: _serviceUrl,
    deliveryMode: _deliveryMode,
    callerId: _callerId,
    relatesTo: _relatesTo,
    ...rest
  } = activity;
  return {
    ...rest,
    id: options.id,
    timestamp: options.timestamp.toISOString(),
    from: { ...(activity.from ?? { id: '' }), role: options.role },
  };
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * Stamps `cardId` into the data of every Action.Submit on the reply's Adaptive Cards (nested ones too), so
 * the page's submit says which card it answers. Returns a copy; the bot's own objects are not changed.
 */
export function stampCardIds(activity: Partial<Activity>, cardId: string): Partial<Activity> {
  if (!activity.attachments?.some((a) => a.contentType === ADAPTIVE_CARD)) return activity;
  const stamp = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(stamp);
    if (typeof node !== 'object' || node === null) return node;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) copy[key] = key === 'data' ? value : stamp(value);
    if (copy.type === 'Action.Submit' && typeof copy.data === 'object' && copy.data !== null && !Array.isArray(copy.data)) {
      copy.data = { ...(copy.data as Record<string, unknown>), cardId };
    }
    return copy;
  };
  return {
    ...activity,
    attachments: activity.attachments.map((a) => (a.contentType === ADAPTIVE_CARD ? { ...a, content: stamp(a.content) } : a)),
  };
}

/** The card id a submit carries (see {@link stampCardIds}), if any. */
export function submittedCardId(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { cardId?: unknown }).cardId : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}

/** The submit value as the bot should see it: without the route's own `cardId`. */
export function withoutCardId(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('cardId' in value)) return value;
  const { cardId: _cardId, ...rest } = value as Record<string, unknown>;
  return rest;
}
