import { ActivityTypes } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { BOT_REPLIES, MAX_TEXT_LENGTH, normaliseMessageText } from '../../src/bot/sciaticaBot';
import { botHarness, WELCOME_TEXT } from './fakes';

const bot = { id: 'bot-id', name: 'Sciatica Helper' };
const alice = { id: 'alice', name: 'Alice' };
const sam = { id: 'sam', name: 'Sam' };

describe('SciaticaBot: welcome', () => {
  it.each([
    ['the bot and one person', [bot, alice], 1],
    ['two people', [alice, sam], 2],
    ['only the bot', [bot], 0],
    ['nobody', [], 0],
    ['malformed members (null, a number id) and one person', [null, { id: 5 }, alice] as never[], 1],
  ])('welcomes each human when %s join', async (_label, membersAdded, welcomes) => {
    const h = botHarness();
    const replies = await h.say({ type: ActivityTypes.ConversationUpdate, membersAdded, recipient: bot });
    expect(replies.map((r) => r.text)).toEqual(Array(welcomes).fill(WELCOME_TEXT));
    expect(h.dialog.texts).toEqual([]);
  });

  it('welcomes a person added in Teams (teamMemberAdded event) without calling Teams back', async () => {
    const h = botHarness({ channelId: 'msteams' });
    const replies = await h.say({
      type: ActivityTypes.ConversationUpdate,
      channelId: 'msteams',
      membersAdded: [alice],
      recipient: bot,
      channelData: { eventType: 'teamMemberAdded', tenant: { id: 't1' } },
    });
    expect(replies.map((r) => r.text)).toEqual([WELCOME_TEXT]);
  });

  it.each([
    ['only the bot (what installing the app for personal chat sends)', [bot], 'personal', 1],
    ['the bot and the person', [bot, alice], 'personal', 1],
    ['only the bot, in a group chat', [bot], 'groupChat', 0],
  ])('in Teams, welcomes once when %s is added (%s)', async (_label, membersAdded, conversationType, welcomes) => {
    const h = botHarness({ channelId: 'msteams' });
    const replies = await h.say({
      type: ActivityTypes.ConversationUpdate,
      channelId: 'msteams',
      membersAdded,
      recipient: bot,
      conversation: { id: 'a:1', conversationType, isGroup: conversationType !== 'personal', name: '' },
      channelData: { tenant: { id: 't1' } },
    });
    expect(replies.map((r) => r.text)).toEqual(Array(welcomes).fill(WELCOME_TEXT));
  });

  it('says nothing on a conversationUpdate without members', async () => {
    const h = botHarness();
    expect(await h.say({ type: ActivityTypes.ConversationUpdate, recipient: bot })).toEqual([]);
  });
});

describe('SciaticaBot: what the dialogs receive', () => {
  it.each([
    ['plain text', { text: 'my buttock hurts' }, 'my buttock hurts'],
    ['a card submit with text', { text: '', value: { text: 'help' } }, 'help'],
    ['a card submit without a text field', { value: { text: '  What is cupping? ', action: 'x' } }, 'What is cupping?'],
    ['a Teams messageBack (text and value)', { text: 'start over', value: { text: 'start over', msteams: {} } }, 'start over'],
    ['text at the length limit', { text: 'a'.repeat(MAX_TEXT_LENGTH) }, 'a'.repeat(MAX_TEXT_LENGTH)],
    ['a card submit with a typed answer and no text (the dialogs route it by value)', { value: { action: 'screening', contraindications: 'pregnancy' } }, ''],
  ])('passes %s on as text', async (_label, activity, expected) => {
    const h = botHarness();
    await h.say({ type: ActivityTypes.Message, ...activity });
    expect(h.dialog.texts).toEqual([expected]);
  });

  it.each([
    [
      'the mention entity text',
      '<at>Sciatica Helper</at> hi',
      [{ type: 'mention', text: '<at>Sciatica Helper</at>', mentioned: bot }],
      'hi',
    ],
    [
      'a leftover tag encoded differently',
      '<at>Sciatica&nbsp;Helper</at> what is cupping',
      [{ type: 'mention', text: '<at>Sciatica Helper</at>', mentioned: bot }],
      'what is cupping',
    ],
    ['a tag without an entity', 'hello <at>Sciatica Helper</at>', [], 'hello'],
    [
      "someone else's mention (kept as a name)",
      '<at>Sciatica Helper</at> <at>Sam</at> has buttock pain',
      [
        { type: 'mention', text: '<at>Sciatica Helper</at>', mentioned: bot },
        { type: 'mention', text: '<at>Sam</at>', mentioned: sam },
      ],
      'Sam has buttock pain',
    ],
  ])('strips the bot @mention in Teams: %s', async (_label, text, entities, expected) => {
    const h = botHarness({ channelId: 'msteams' });
    await h.say({ type: ActivityTypes.Message, channelId: 'msteams', text, entities, recipient: bot });
    expect(h.dialog.texts).toEqual([expected]);
  });
});

describe('SciaticaBot: messages the dialogs cannot read', () => {
  it.each([
    ['empty text', { text: '' }, BOT_REPLIES.notCaught],
    ['whitespace', { text: ' \n\t ' }, BOT_REPLIES.notCaught],
    ['no text at all', {}, BOT_REPLIES.notCaught],
    ['a card submit without usable text', { value: {} }, BOT_REPLIES.notCaught],
    ['a card submit with a non-string text', { value: { text: 42 } }, BOT_REPLIES.notCaught],
    ['a string value', { value: 'help' }, BOT_REPLIES.notCaught],
    ['a mention and nothing else', { text: '<at>Sciatica Helper</at>' }, BOT_REPLIES.notCaught],
    [
      'an attachment only',
      { attachments: [{ contentType: 'image/png', contentUrl: 'https://example.org/x.png' }] },
      BOT_REPLIES.attachmentOnly,
    ],
    ['text over the limit', { text: 'pain '.repeat(20_000) }, BOT_REPLIES.tooLong],
  ])('answers %s politely with options, without calling the dialogs', async (_label, activity, reply) => {
    const h = botHarness();
    const replies = await h.say({ type: ActivityTypes.Message, ...activity });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe(reply);
    expect(replies[0]?.suggestedActions?.actions.map((a) => a.value)).toEqual(['My buttock hurts when I sit']);
    expect(h.dialog.texts).toEqual([]);
  });

  it('keeps the conversation where it was (a later message still reaches the dialogs)', async () => {
    const h = botHarness();
    await h.say({ type: ActivityTypes.Message, text: 'first' });
    await h.say({ type: ActivityTypes.Message, value: {} });
    await h.say({ type: ActivityTypes.Message, text: 'second' });
    expect(h.dialog.texts).toEqual(['first', 'second']);
  });
});

describe('SciaticaBot: other activity types', () => {
  it.each([
    [{ type: ActivityTypes.MessageReaction, reactionsAdded: [{ type: 'like' }] }],
    [{ type: ActivityTypes.Typing }],
    [{ type: ActivityTypes.EndOfConversation }],
    [{ type: ActivityTypes.Event, name: 'webchat/join' }],
    [{ type: 'somethingNew' }],
  ])('ignores %o quietly', async (activity) => {
    const h = botHarness();
    await expect(h.say(activity)).resolves.toEqual([]);
    expect(h.dialog.texts).toEqual([]);
  });
});

describe('SciaticaBot: invokes', () => {
  it.each([
    ['an unknown invoke', { type: ActivityTypes.Invoke, name: 'something/new', value: {} }, 501],
    ['a malformed adaptiveCard/action (botbuilder itself throws on it)', { type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: {} }, 400],
  ])('answers %s with an invoke response and keeps the conversation', async (_label, activity, status) => {
    const h = botHarness();
    let turnErrors = 0;
    h.adapter.onTurnError = async () => {
      turnErrors += 1;
    };
    await h.say('one');
    const replies = await h.say(activity);
    expect(replies).toEqual([expect.objectContaining({ type: 'invokeResponse', value: expect.objectContaining({ status }) })]);
    expect(turnErrors).toBe(0);
    await h.say('two');
    expect(JSON.stringify(await h.storage.read(['test/conversations/Convo1/']))).toContain('step-2');
  });
});

describe('SciaticaBot: state', () => {
  it('saves conversation state after every turn', async () => {
    const h = botHarness();
    await h.say('one');
    await h.say('two');
    const saved = JSON.stringify(await h.storage.read(['test/conversations/Convo1/']));
    expect(saved).toContain('step-2');
  });

  it('saves state even when the dialog throws', async () => {
    const h = botHarness();
    h.dialog.failWith = new Error('dialog broke');
    h.adapter.onTurnError = async () => {
      // Swallow: the adapter's real handler is tested in adapter.test.ts.
    };
    await h.say('one');
    const saved = JSON.stringify(await h.storage.read(['test/conversations/Convo1/']));
    expect(saved).toContain('step-1');
  });

  it('logs message metadata, never the words', async () => {
    const h = botHarness();
    await h.say('my very private words');
    const logged = JSON.stringify(h.logger.lines);
    expect(logged).toContain('textLength');
    expect(logged).not.toContain('private');
  });
});

describe('normaliseMessageText', () => {
  it('leaves non-message activities alone', () => {
    const activity = { type: ActivityTypes.Event, text: '<at>x</at>', value: { text: 'y' } };
    expect(normaliseMessageText({ ...activity })).toEqual(activity);
  });
});
