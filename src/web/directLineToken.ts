import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Direct Line's public endpoint; regional ones (e.g. `https://europe.directline.botframework.com/v3/directline`) also work. */
export const DEFAULT_DIRECT_LINE_ENDPOINT = 'https://directline.botframework.com/v3/directline';

/** What the page gets back: enough to start Web Chat, never the secret. */
export interface DirectLineToken {
  token: string;
  conversationId?: string;
  userId: string;
  expiresIn?: number;
  /** The Direct Line endpoint the token belongs to (Web Chat's `domain` option). */
  domain: string;
}

const generateResponseSchema = z.object({
  token: z.string().min(1),
  conversationId: z.string().optional(),
  expires_in: z.number().optional(),
});

/** Direct Line answered something other than a token; `status` is its HTTP status (0: no answer). */
export class DirectLineTokenError extends Error {
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DirectLineTokenError';
  }
}

/** A fresh `dl_` user id: Direct Line binds it into the token so the page cannot pose as someone else. */
export function newDirectLineUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

/**
 * Exchanges the Direct Line secret for a conversation token bound to a new user id
 * (`POST {endpoint}/tokens/generate`). The secret goes only into the Authorization header.
 *
 * @throws DirectLineTokenError when Direct Line is unreachable, slow (timeout) or answers without a token.
 */
export async function generateDirectLineToken(options: {
  secret: string;
  endpoint?: string;
  timeoutMs?: number;
  userId?: string;
}): Promise<DirectLineToken> {
  const endpoint = (options.endpoint ?? DEFAULT_DIRECT_LINE_ENDPOINT).replace(/\/+$/, '');
  const userId = options.userId ?? newDirectLineUserId();
  let response: Response;
  try {
    response = await fetch(`${endpoint}/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (cause) {
    throw new DirectLineTokenError('Direct Line could not be reached', 0, { cause });
  }
  if (!response.ok) {
    // Drain the body so the connection is released; its text is not logged (it may echo request data).
    await response.arrayBuffer().catch(() => undefined);
    throw new DirectLineTokenError(`Direct Line refused the token request (HTTP ${response.status})`, response.status);
  }
  const parsed = generateResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new DirectLineTokenError('Direct Line answered without a token', response.status);
  }
  const result: DirectLineToken = { token: parsed.data.token, userId, domain: endpoint };
  if (parsed.data.conversationId !== undefined) result.conversationId = parsed.data.conversationId;
  if (parsed.data.expires_in !== undefined) result.expiresIn = parsed.data.expires_in;
  return result;
}
