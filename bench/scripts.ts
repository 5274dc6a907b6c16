/** Which bot a benchmark drives: ours, or bench/minimalBot.ts's baseline. */
export type BenchBot = 'ours' | 'minimal';

/**
 * What each simulated person says, one conversation after another: the same eight turns for both bots,
 * shared by bench:http and bench/turns.ts so their figures describe the same conversations.
 */
export const SCRIPTS: Readonly<Record<BenchBot, readonly string[]>> = {
  ours: [
    'hi',
    'My buttock hurts when I sit for a long time and it goes down the back of my thigh',
    'None of these',
    'No, it stays above',
    'no',
    'what is the piriformis',
    'tell me about cupping',
    'thanks',
  ],
  // Two passes through the three-step waterfall, plus one more start: eight turns.
  minimal: ['hi', 'my buttock', 'sitting', 'hi again', 'the back of my thigh', 'driving', 'hello', 'thanks'],
};

/** One message of a benchmark conversation, as a channel posts it, asking for the replies in the response. */
export function benchMessage(conversationId: string, i: number, text: string, userId: string): Record<string, unknown> {
  return {
    type: 'message',
    id: `${conversationId}-${i}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    conversation: { id: conversationId },
    from: { id: userId },
    recipient: { id: 'bot' },
    text,
  };
}
