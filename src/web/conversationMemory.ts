/**
 * What the local route remembers about each web chat conversation, in this process only, bounded:
 * - its owner (the page's user id), so a page can continue its own conversation after a reload and no
 *   other page can post into it;
 * - the answers to recently posted client activity ids, so a retried post (the page retries while the
 *   server is unreachable) gets the same answer instead of a second turn and a duplicate bubble;
 * - the cards that were already answered, so a second submit of the same card is politely ignored.
 *
 * Memory only: after a restart the first page to come back claims its conversation again (the ids are
 * 128-bit random values only that page knows), and cards answered before the restart can be submitted
 * once more (the page disables them too).
 */
export class ConversationMemory<Answer> {
  private readonly conversations = new Map<string, Remembered<Answer>>();

  constructor(private readonly options: { maxConversations: number; maxAnswersPerConversation: number; maxCardsPerConversation: number }) {}

  /** Claims the conversation for `userId`, or says it belongs to someone else. */
  claim(conversationId: string, userId: string): 'ok' | 'taken' {
    const entry = this.touch(conversationId, userId);
    return entry.owner === userId ? 'ok' : 'taken';
  }

  /** The answer already given (or being worked out) for this client activity id, if any. */
  answerFor(conversationId: string, clientActivityId: string): Promise<Answer> | undefined {
    return this.conversations.get(conversationId)?.answers.get(clientActivityId);
  }

  /** Keeps the answer for a client activity id; a failed answer is forgotten so a retry runs the turn. */
  rememberAnswer(conversationId: string, clientActivityId: string, answer: Promise<Answer>): void {
    const entry = this.conversations.get(conversationId);
    if (!entry) return;
    bounded(entry.answers, clientActivityId, answer, this.options.maxAnswersPerConversation);
    answer.catch(() => {
      if (entry.answers.get(clientActivityId) === answer) entry.answers.delete(clientActivityId);
    });
  }

  /** Marks a card answered; false when it already was. */
  answerCard(conversationId: string, cardId: string): boolean {
    const entry = this.conversations.get(conversationId);
    if (!entry) return true;
    if (entry.cards.has(cardId)) return false;
    bounded(entry.cards, cardId, true, this.options.maxCardsPerConversation);
    return true;
  }

  /** Forgets that a card was answered (its turn failed, so the person may press it again). */
  forgetCard(conversationId: string, cardId: string): void {
    this.conversations.get(conversationId)?.cards.delete(cardId);
  }

  private touch(conversationId: string, userId: string): Remembered<Answer> {
    let entry = this.conversations.get(conversationId);
    if (entry) this.conversations.delete(conversationId);
    else entry = { owner: userId, answers: new Map(), cards: new Map() };
    bounded(this.conversations, conversationId, entry, this.options.maxConversations);
    return entry;
  }
}

interface Remembered<Answer> {
  owner: string;
  answers: Map<string, Promise<Answer>>;
  cards: Map<string, true>;
}

/** Sets `key` as the newest entry and drops the oldest ones beyond `max` (Map keeps insertion order). */
function bounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
}
