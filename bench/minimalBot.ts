import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import * as restify from 'restify';

/** The baseline bot's turn logic, without a transport (bench/turns.ts drives it in-process). */
export function createMinimalBotLogic(storage: MemoryStorage = new MemoryStorage()): {
  conversationState: ConversationState;
  run: (context: TurnContext) => Promise<void>;
} {
  const conversationState = new ConversationState(storage);
  const dialogState = conversationState.createProperty('DialogState');
  const dialogs = new DialogSet(dialogState);
  dialogs.add(new TextPrompt('text'));
  dialogs.add(
    new WaterfallDialog('intake', [
      async (step: WaterfallStepContext) => step.prompt('text', 'Hi! Where does it hurt?'),
      async (step: WaterfallStepContext) => {
        (step.values as Record<string, unknown>).where = step.result;
        return step.prompt('text', 'What makes it worse?');
      },
      async (step: WaterfallStepContext) => {
        await step.context.sendActivity(`Thanks: pain in ${String((step.values as Record<string, unknown>).where).length} characters of text, worse with ${String(step.result).length}.`);
        return step.endDialog();
      },
    ]),
  );

  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog('intake');
    await next();
  });
  const run = async (context: TurnContext) => {
    await bot.run(context);
    await conversationState.saveChanges(context, false);
  };
  return { conversationState, run };
}

/** The baseline bot as an activity handler whose `run` also saves its state, as our bot's does. */
export function createMinimalBot(): { bot: ActivityHandler; conversationState: ConversationState } {
  const { conversationState, run } = createMinimalBotLogic();
  const bot = new (class extends ActivityHandler {
    override run(context: TurnContext): Promise<void> {
      return run(context);
    }
  })();
  return { bot, conversationState };
}

/**
 * The benchmark's baseline: the smallest sensible botbuilder bot on the same stack as ours (restify,
 * CloudAdapter, MemoryStorage, a dialog set), a three-step waterfall with text prompts, served the way
 * botbuilder's samples do (`adapter.process`, stock authentication). Whatever our bot costs beyond this
 * is the price of the matcher, the knowledge, the dialogs and our server.
 */
export function createMinimalBotServer(): restify.Server {
  const { bot, conversationState } = createMinimalBot();

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    process.stderr.write(`minimal bot turn failed: ${error.message}\n`);
    await context.sendActivity('Sorry, something went wrong.');
    await conversationState.delete(context);
  };

  const server = restify.createServer({ name: 'minimal-bot' });
  server.post('/api/messages', restify.plugins.bodyParser({ mapParams: false }), async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  return server;
}
