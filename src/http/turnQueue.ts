/**
 * Runs the turns of one conversation one at a time on this instance: a turn reads the dialog state at
 * its start and writes it at its end, so two turns of one conversation at once would each read the same
 * state and the later write would silently drop the earlier turn. Turns of different conversations run
 * concurrently. Used by every route that runs turns (`/api/messages` and the web chat's local route).
 */
export class TurnQueue {
  private readonly tails = new Map<string, { tail: Promise<void>; waiting: number }>();

  /** @param maxWaiting turns one conversation may have queued behind the running one before {@link run} refuses. */
  constructor(private readonly maxWaiting = 16) {}

  /** Conversations with a turn running or queued (bounded by the traffic in flight, never by history). */
  get size(): number {
    return this.tails.size;
  }

  /**
   * Runs `task` after every earlier task queued under `key` has settled. Resolves or rejects as `task`
   * does; throws {@link TurnQueueFullError} at once when `maxWaiting` turns are already queued.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const entry = this.tails.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    if (entry.waiting > this.maxWaiting) return Promise.reject(new TurnQueueFullError(key));
    entry.waiting += 1;
    const result = entry.tail.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    entry.tail = tail;
    this.tails.set(key, entry);
    void tail.then(() => {
      entry.waiting -= 1;
      if (entry.waiting === 0 && this.tails.get(key) === entry) this.tails.delete(key);
    });
    return result;
  }
}

/** Too many turns of one conversation are already waiting: the client should slow down (429). */
export class TurnQueueFullError extends Error {
  constructor(readonly key: string) {
    super('too many turns of this conversation are waiting');
    this.name = 'TurnQueueFullError';
  }
}

/** The queue key of a conversation: its state is kept per channel and conversation id. */
export function conversationKey(channelId: string, conversationId: string): string {
  return `${channelId}/${conversationId}`;
}
