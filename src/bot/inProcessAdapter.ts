import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

/** The terminal's made-up channel: the dialogs treat it as a plain-text channel. */
export const IN_PROCESS_CHANNEL = 'terminal';

/**
 * A Bot Framework adapter with no transport: each turn runs in this process and the bot's replies
 * are returned to the caller (the terminal chat). One conversation between one user and the bot.
 */
export class InProcessAdapter extends BotAdapter {
  private nextId = 1;
  private replies: Array<Partial<Activity>> = [];

  constructor(
    private readonly reference: ConversationReference = {
      channelId: IN_PROCESS_CHANNEL,
      serviceUrl: 'http://localhost/in-process',
      conversation: { id: `terminal-${Date.now()}`, isGroup: false, conversationType: 'personal', name: 'terminal' },
      user: { id: 'terminal-user', name: 'You' },
      bot: { id: 'sciatica-bot', name: 'Sciatica Helper' },
      locale: 'en-GB',
    },
  ) {
    super();
  }

  /** Sends one activity from the user (a message unless `type` says otherwise); resolves with the bot's replies. */
  async send(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<Array<Partial<Activity>>> {
    const incoming: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: String(this.nextId++),
      timestamp: new Date(),
      channelId: this.reference.channelId,
      serviceUrl: this.reference.serviceUrl,
      conversation: this.reference.conversation,
      from: this.reference.user,
      recipient: this.reference.bot,
      locale: this.reference.locale,
      ...activity,
    };
    this.replies = [];
    await this.runMiddleware(new TurnContext(this, incoming), logic);
    return this.replies.splice(0);
  }

  /** Sends the conversationUpdate a channel sends when the person joins (the bot welcomes them). */
  join(logic: (context: TurnContext) => Promise<void>): Promise<Array<Partial<Activity>>> {
    return this.send(
      { type: ActivityTypes.ConversationUpdate, membersAdded: [this.reference.user, this.reference.bot].filter((m): m is ChannelAccount => !!m) },
      logic,
    );
  }

  override async sendActivities(_context: TurnContext, activities: Array<Partial<Activity>>): Promise<ResourceResponse[]> {
    return activities.map((activity) => {
      // Delays pace a real chat; traces are for the Emulator. Neither belongs in a terminal.
      if (activity.type !== 'delay' && activity.type !== ActivityTypes.Trace) this.replies.push(activity);
      return { id: String(this.nextId++) };
    });
  }

  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<void> {
    this.replies.push(activity);
  }

  override async deleteActivity(): Promise<void> {
    // Nothing already printed can be taken back.
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
