import { InputHints, type Activity, type TurnContext } from 'botbuilder';
import { TextPrompt, type PromptOptions, type PromptValidator } from 'botbuilder-dialogs';

/** A question as the person sees it: first time, and after an answer the validator did not accept. */
export interface Question {
  prompt: Partial<Activity>;
  retry: Partial<Activity>;
}

/** A question worded for this person (from their case), or undefined for the shared wording. */
export type PersonalQuestion = (context: TurnContext) => Question | undefined;

/**
 * What to say before asking again when the message did not answer but told the bot something ("Thanks, noted:
 * blood thinners."), or undefined: then the question is asked as at first, instead of "Sorry, I didn't catch that".
 */
export type NotedLead = (context: TurnContext) => string | undefined;

/**
 * A text prompt that knows its own question. Botbuilder's prompts keep the whole prompt activity (cards
 * included) in the PromptOptions, which live in conversation state and are serialised and hashed several
 * times a turn; this prompt is started with empty options (`step.prompt(id, {})`), so the state holds only
 * its id. The question is built once, on first use, by `build` (it may depend only on the knowledge and
 * the settings), then frozen and shared: each send is a shallow copy. `personal`, when given, words the
 * question for this person instead (asking only what their case leaves open).
 */
export class AskPrompt extends TextPrompt {
  private question?: Question;

  constructor(
    dialogId: string,
    private readonly build: () => Question,
    validator?: PromptValidator<string>,
    private readonly personal?: PersonalQuestion,
    private readonly noted?: NotedLead,
  ) {
    super(dialogId, validator);
  }

  /** Sends the question (or its retry wording), marked as expecting input like any botbuilder prompt. */
  protected override async onPrompt(context: TurnContext, _state: object, _options: PromptOptions, isRetry: boolean): Promise<void> {
    const question = this.personal?.(context) ?? (this.question ??= deepFreeze(this.build()));
    const lead = isRetry ? this.noted?.(context) : undefined;
    if (lead) await context.sendActivity({ type: 'message', text: lead });
    const activity = isRetry && !lead ? question.retry : question.prompt;
    await context.sendActivity({ ...activity, inputHint: InputHints.ExpectingInput });
  }
}

/** Freezes a value and everything in it: shared replies must never be changed by one turn for the next. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The cached reply for `key`, built and deep-frozen on first use. For messages that depend only on the
 * knowledge (explainer and stretch cards): callers send a shallow copy, so the cached one is never changed.
 */
export function frozenOnce<K, V>(cache: Map<K, V>, key: K, build: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = deepFreeze(build());
    cache.set(key, value);
  }
  return value;
}
