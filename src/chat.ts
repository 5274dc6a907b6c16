import { createInterface } from 'node:readline';
import type { Activity } from 'botbuilder';
import { createTurnErrorHandler } from './bot/adapter';
import { InProcessAdapter } from './bot/inProcessAdapter';
import { formatTurn, pickOption, renderTurn, type TextOption } from './bot/textRendering';
import { configOrExit, createBotParts } from './index';
import { createLogger } from './logger';

/**
 * `npm run chat`: talk to the same bot (same dialogs, same state store) in the terminal. Cards print
 * as text (markdown rendered for the terminal); buttons, suggested actions and pick lists print as numbered
 * options, numbered once per turn: type the number to pick one, or "1, 3" to tick several.
 * Works piped too (`printf 'hi\nquit\n' | npm run --silent chat`). "quit" or "exit" (or Ctrl+D) ends it.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  // Logs go to stderr so the conversation on stdout stays readable; only warnings unless asked.
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', (line) => process.stderr.write(line + '\n'));
  const { bot, conversationState, privacy, storage } = createBotParts(config, logger);
  const adapter = new InProcessAdapter();
  // The same privacy index as the server: "forget me" here also deletes this person's earlier terminal chats.
  adapter.use(privacy.middleware());
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState);
  const logic = (context: Parameters<typeof bot.run>[0]) => bot.run(context);

  const interactive = process.stdin.isTTY === true;
  // Bold only on a real terminal that has not asked for no colour (https://no-color.org).
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const write = (text: string) => process.stdout.write(text + '\n');
  let options: TextOption[] = [];
  const show = (replies: Array<Partial<Activity>>) => {
    const turn = renderTurn(replies);
    options = turn.options;
    if (turn.lines.length > 0 || turn.options.length > 0) write(indent('Bot: ', formatTurn(turn, { color })) + '\n');
  };

  write('Sciatica massage-advice bot (terminal). Type a number to pick an option; "quit" to leave.\n');
  show(await adapter.join(logic));

  const rl = createInterface({ input: process.stdin, terminal: interactive });
  if (interactive) {
    rl.setPrompt('You: ');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (/^(quit|exit)$/i.test(line)) break;
    if (!interactive) write(`You: ${line}\n`);
    // "2" picks an option; "1, 3" picks several from a tick list.
    const picked = pickOption(options, line);
    const message: Partial<Activity> = picked
      ? { text: picked.text ?? '', ...(picked.value ? { value: picked.value } : {}) }
      : { text: line };
    show(await adapter.send(message, logic));
    if (interactive) rl.prompt();
  }
  rl.close();
  await storage.close?.();
  write('Bye. Take care.');
}

function indent(first: string, text: string): string {
  const pad = ' '.repeat(first.length);
  return text
    .split('\n')
    .map((l, i) => (i === 0 ? first : pad) + l)
    .join('\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`The chat stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
