import {
  ActivityTypes,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type CardAction,
  type ConversationState,
  type InvokeResponse,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { KnowledgeBase } from '../knowledge/types';
import type { Logger } from '../logger';

/** Longer messages get a friendly request to shorten them instead of going to the dialogs. */
export const MAX_TEXT_LENGTH = 10_000;

/** The root dialog as the bot sees it: MainDialog satisfies this. */
export interface RootDialog {
  run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void>;
}

/** What {@link SciaticaBot} needs; the composition root (src/index.ts) builds it. */
export interface SciaticaBotDeps {
  conversationState: ConversationState;
  userState: UserState;
  dialog: RootDialog;
  knowledge: KnowledgeBase;
  logger: Logger;
  /** The welcome message (src/dialogs/cards/welcome.ts `welcomeActivity`). */
  welcome: (knowledge: KnowledgeBase) => Partial<Activity>;
}

/** What the bot says when it can't pass a message on to the dialogs. */
export const BOT_REPLIES = {
  notCaught: "Sorry, I didn't catch that. Tell me in your own words where it hurts, or pick one of the options.",
  attachmentOnly:
    "I can only read text, so I can't open files, pictures or voice notes. Tell me in words where it hurts and what makes it worse, or pick one of the options.",
  tooLong:
    "That's a lot for me to read in one go. Could you shorten it to a few sentences: where it hurts, where it spreads, and what makes it worse?",
} as const;

const FALLBACK_ACTIONS: CardAction[] = [
  { type: 'imBack', title: 'Help', value: 'help' },
  { type: 'imBack', title: 'Start over', value: 'start over' },
];

/**
 * The bot's activity handler: welcomes people, turns Teams mentions and card submits into plain text
 * turns, answers what the dialogs can't read (attachments, empty or huge messages), and hands every
 * other message to the root dialog. Conversation and user state are saved after every turn.
 */
export class SciaticaBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(private readonly deps: SciaticaBotDeps) {
    super();
    this.dialogState = deps.conversationState.createProperty<DialogState>('DialogState');

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const { activity } = context;
      const botId = activity.recipient?.id;
      const members: unknown = activity.membersAdded;
      const ids = (Array.isArray(members) ? members : [])
        .map((member) => (member as { id?: unknown } | null)?.id)
        .filter((id): id is string => typeof id === 'string' && id !== '');
      const people = ids.filter((id) => id !== botId).length;
      // Installing the app for personal chat in Teams adds only the bot: the person is the other party.
      const teamsPersonalInstall = activity.channelId === 'msteams' && activity.conversation?.conversationType === 'personal' && ids.includes(botId ?? '');
      const welcomes = people > 0 ? people : teamsPersonalInstall ? 1 : 0;
      for (let i = 0; i < welcomes; i++) await context.sendActivity(deps.welcome(deps.knowledge));
      await next();
    });
  }

  /** Runs the turn, then saves conversation and user state whatever happened. */
  override async run(context: TurnContext): Promise<void> {
    let failed = false;
    try {
      await super.run(context);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      try {
        await this.deps.conversationState.saveChanges(context, false);
        await this.deps.userState.saveChanges(context, false);
      } catch (saveErr) {
        // The turn's own error matters more; onTurnError reports it.
        if (!failed) throw saveErr;
        this.deps.logger.warn('state save failed after a turn error', {
          conversationId: context.activity.conversation?.id,
          error: saveErr,
        });
      }
    }
  }

  /**
   * The bot uses no invokes (its cards submit messages), so botbuilder answers them (501 for most). A
   * malformed one can make botbuilder's own handling throw, and a thrown error would reach onTurnError,
   * which clears the conversation: answer 400 instead, and the person's conversation stays where it was.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    try {
      return await super.onInvokeActivity(context);
    } catch (err) {
      this.deps.logger.warn('invoke could not be handled', {
        conversationId: context.activity.conversation?.id,
        name: context.activity.name,
        error: err,
      });
      return { status: 400 };
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    normaliseMessageText(activity);
    const text = activity.text ?? '';
    // The fields are gathered only when they will be written (every message passes here).
    if (this.deps.logger.level === 'debug') {
      this.deps.logger.debug('message', {
        conversationId: activity.conversation?.id,
        channelId: activity.channelId,
        textLength: text.length,
        hasValue: activity.value !== undefined,
        attachments: activity.attachments?.length ?? 0,
      });
    }

    // A card submit with a typed answer (`value.action`) goes to the dialogs even without text: they route it by value.
    if (text.trim() === '' && !hasTypedAction(activity.value)) {
      const reply = (activity.attachments?.length ?? 0) > 0 ? BOT_REPLIES.attachmentOnly : BOT_REPLIES.notCaught;
      await context.sendActivity(this.withOptions(reply));
      return;
    }
    if (text.length > MAX_TEXT_LENGTH) {
      await context.sendActivity(this.withOptions(BOT_REPLIES.tooLong));
      return;
    }
    await this.deps.dialog.run(context, this.dialogState);
  }

  /** A reply with the welcome message's suggested actions (or help / start over), so nobody is stuck. */
  private withOptions(text: string): Partial<Activity> {
    let actions: CardAction[] = FALLBACK_ACTIONS;
    try {
      const suggested = this.deps.welcome(this.deps.knowledge).suggestedActions?.actions;
      if (suggested && suggested.length > 0) actions = suggested;
    } catch {
      // The fallback actions are good enough.
    }
    const reply = MessageFactory.text(text);
    reply.suggestedActions = { actions, to: [] };
    return reply;
  }
}

/**
 * Makes a message's `text` what the person meant: strips the bot's own Teams @mention (and any
 * `<at>` tags left over), and takes the text of an Adaptive Card submit (`value.text`) when the
 * message has none. Mutates and returns the activity.
 */
export function normaliseMessageText(activity: Partial<Activity>): Partial<Activity> {
  if (activity.type !== ActivityTypes.Message) return activity;
  if (typeof activity.text !== 'string') activity.text = '';
  if (activity.text.includes('<at')) stripMentions(activity);
  if (activity.text.trim() === '') {
    const submitted = submittedText(activity.value);
    if (submitted !== undefined) activity.text = submitted;
  }
  return activity;
}

function stripMentions(activity: Partial<Activity>): void {
  const botId = activity.recipient?.id;
  const mentions = (activity.entities ?? []).filter(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId,
  );
  const botNames = new Set<string>();
  if (activity.recipient?.name) botNames.add(comparableName(activity.recipient.name));
  let text = activity.text ?? '';
  for (const mention of mentions) {
    const m = mention as { text?: unknown; mentioned?: { name?: unknown } };
    if (typeof m.mentioned?.name === 'string') botNames.add(comparableName(m.mentioned.name));
    if (typeof m.text === 'string' && m.text !== '') {
      botNames.add(comparableName(m.text.replace(/<\/?at[^>]*>/gi, '')));
      text = text.split(m.text).join(' ');
    }
  }
  // Teams sometimes encodes the tag differently from the entity's text: drop the bot's own leftover
  // tags, keep other people's names as plain words.
  text = text.replace(/<at[^>]*>([\s\S]*?)<\/at>/gi, (_m, name: string) => (botNames.has(comparableName(name)) ? ' ' : name));
  activity.text = text.replace(/\s+/g, ' ').trim();
}

function comparableName(name: string): string {
  return name.replace(/&nbsp;|\u00a0/gi, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The `text` of a card submit: `{ text: '...' }` (Teams messageBack puts it in `text` too). */
function submittedText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const text = (value as { text?: unknown }).text;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

/** A card submit that carries one of our typed answers (`{ action: '…' }`); the dialogs validate the rest. */
function hasTypedAction(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { action?: unknown }).action === 'string';
}
