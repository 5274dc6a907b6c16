import type { MuscleId, TechniqueId } from '../knowledge/vocabulary';
import type { Scopes } from './negation';
import { SpellingCorrector } from './spelling';
import { PUNCTUATION, type PreparedText } from './text';
import type { AnswerReading, Command, FollowUpAsk } from './types';
import realWordsJson from './data/realWords.json';

/**
 * The dialogue reader: what a message does in the conversation rather than what it says about the person's
 * body. It reads the command a message gives ("never mind, cancel"), how it answers a closed question
 * ("nope", "I already told you, none"), whether it is a question, and which follow-up question about the
 * person's own care it asks ("I'm on warfarin, is cupping ok?"). It also hands the dialogs what they would otherwise read
 * from the raw text themselves: the muscles a message names outright, and items picked by number from a list.
 *
 * It runs over the language layer's own normalised text (`prepare`: lower case, contractions split, slang
 * rewritten, so "pls stop" is "please stop" and "doesn't" is "does not") and its negation scopes ("please don't
 * delete my data" is no command). Patterns sit on word edges with only bounded repetition, and a family of patterns
 * runs only when one of its key words is in the message, so the reader costs little and stays linear in the length.
 */
export interface DialogueReading {
  command: Command | null;
  answer: AnswerReading;
  isQuestion: boolean;
  ask: FollowUpAsk | null;
  /** Muscles named outright, in the order named; absent when none. */
  namedMuscles?: MuscleId[];
}

/** No command, no answer, no ask. */
export const NEUTRAL_ANSWER: AnswerReading = Object.freeze({ yesNo: null, screening: null, alreadyTold: false }) as AnswerReading;

/** Above this many tokens a message is not a bare command (cancel, help, start over, decline): those are short. */
const COMMAND_TOKENS = 24;

const w = (body: string, flags = ''): RegExp => new RegExp(`(?<![a-z])(?:${body})(?![a-z])`, flags);
const whole = (body: string): RegExp => new RegExp(`^(?:${body})$`);
const start = (body: string): RegExp => new RegExp(`^(?:${body})(?![a-z])`);

// ---------------------------------------------------------------------------------------------
// Wrappers: what people put around a command or an answer ("ok", "please", "can we", "thanks").

/** Said before a command, an answer or a question and meaning nothing by itself. */
const LEAD_FILLERS = [
  'oh my god', 'oh god', 'oh dear', 'oh no', 'hang on', 'hold on', 'to be honest', 'you know what', 'i mean',
  'ok', 'oh', 'ah', 'ahh', 'um', 'umm', 'erm', 'er', 'uh', 'hmm', 'hm', 'well', 'so', 'and', 'but', 'then', 'actually', 'sorry',
  'wait', 'look', 'listen', 'honestly', 'hey', 'hi', 'hello', 'also', 'anyway', 'anyways', 'again', 'ugh', 'urgh', 'argh', 'meh', 'oops',
];
/** Around a command only: politeness and "can we", "I want to" (never part of an answer). */
const COMMAND_LEAD = [
  'i would like you to', 'i would like to', 'i want you to', 'i need you to', 'i want to', 'i need to', 'i wish to', 'i would love to',
  'could you please', 'can you please', 'would you please', 'will you please', 'could you', 'can you', 'would you', 'will you',
  'could we', 'can we', 'shall we', 'should we', 'could i', 'can i', 'may i', 'let us', 'lets', 'i will', 'we will',
  'please', 'just', 'no', 'nope', 'nah', 'yes', 'yeah', 'yep', 'thanks', 'thank you', 'cheers', 'ta', 'bot', 'mate', 'now', 'kindly',
  'right', 'alright', 'fine',
];
const COMMAND_TRAIL = [
  'thank you so much', 'thank you', 'thanks a lot', 'thanks', 'cheers', 'ta', 'please', 'now', 'right now', 'then', 'mate', 'bot',
  'for now', 'for today', 'instead', 'for me', 'already', 'it', 'this', 'that', 'all this', 'all that', 'all of this', 'all of that',
  'the whole thing', 'everything', 'all', 'as well', 'too',
];
/** Wrapper phrases indexed by their first (or last) word, longest first: one map lookup per step of `strip`. */
class Wrappers {
  private readonly byFirst = new Map<string, string[]>();
  private readonly byLast = new Map<string, string[]>();

  constructor(leads: readonly string[], trails: readonly string[]) {
    for (const [list, map, edge] of [
      [leads, this.byFirst, (p: string) => p.slice(0, (p.indexOf(' ') + 1 || p.length + 1) - 1)],
      [trails, this.byLast, (p: string) => p.slice(p.lastIndexOf(' ') + 1)],
    ] as const) {
      for (const p of list) map.set(edge(p), [...(map.get(edge(p)) ?? []), p].sort((a, b) => b.length - a.length));
    }
  }

  /** Strips leading and trailing wrapper phrases, repeatedly: "ok so can we just stop now please" -> "stop". */
  strip(clause: string): string {
    let s = clause;
    for (let changed = true; changed && s !== ''; ) {
      changed = false;
      const space = s.indexOf(' ');
      for (const p of this.byFirst.get(space < 0 ? s : s.slice(0, space)) ?? []) {
        if (s === p) return '';
        if (s.startsWith(p) && s.charCodeAt(p.length) === 32) {
          s = s.slice(p.length + 1);
          changed = true;
          break;
        }
      }
      if (changed) continue;
      for (const p of this.byLast.get(s.slice(s.lastIndexOf(' ') + 1)) ?? []) {
        if (s === p) return '';
        if (s.endsWith(p) && s.charCodeAt(s.length - p.length - 1) === 32) {
          s = s.slice(0, s.length - p.length - 1);
          changed = true;
          break;
        }
      }
    }
    return s;
  }
}

/** Around a command. */
const COMMAND_WRAPPERS = new Wrappers([...LEAD_FILLERS, ...COMMAND_LEAD], COMMAND_TRAIL);
/** Around an answer or a question: fillers only ("no" and "yes" are the answer). */
const ANSWER_WRAPPERS = new Wrappers(LEAD_FILLERS, []);
/** Around a decline: "that's all for now", "I'm good, thanks". */
const DECLINE_TRAIL = ['for now', 'for today', 'then', 'please', 'thanks', 'thank you', 'cheers', 'ta', 'mate'];
const DECLINE_WRAPPERS = new Wrappers(LEAD_FILLERS, DECLINE_TRAIL);

// ---------------------------------------------------------------------------------------------
// Commands

const CANCEL = whole(
  [
    'cancel', 'stop', 'quit', 'forget', 'bye', 'bye bye', 'goodbye', 'good bye', 'see you', 'see ya', 'stop asking (?:me )?(?:questions|all these questions|so many questions)', 'exit', 'abort', 'end', 'never mind', 'forget it', 'forget that', 'forget about it', 'leave it', 'drop it',
    'scrap that', 'scrap it', 'enough', 'that is enough', 'i have had enough', 'i am done', 'we are done', 'i am finished',
    'i give up', 'stop (?:asking|asking me|the questions|asking questions|talking)', 'cancel (?:the questions|the assessment|everything)',
    'no more questions please', 'end (?:the|this) (?:chat|conversation|session)', 'go away', 'shut up', 'forget (?:about )?(?:it|that|this)',
    'stop (?:it|that|this)', 'cancel (?:it|that|this)', 'i want to stop',
    'i do not want to (?:do (?:this|it|that)|continue|carry on|go on|answer(?: (?:that|this|it|these|them|any more|the questions|questions))?)(?: any more| anymore| right now| now)?',
    'stop here', 'i will stop here', 'leave it (?:there|here|for now|at that)', 'enough (?:questions|of this|of that|already)',
    '(?:not|do not) (?:do|doing)(?: this| it| that)?(?: right now| now| today)?',
    'drop', 'scrap', 'ignore', 'ignore (?:that|this|it|me)', 'i (?:have )?changed my mind',
    // Leaving: "I'll come back later", "gotta go", "talk later" (a person going away is cancelling what was open).
    '(?:i )?(?:have|need|got) to (?:go|run|dash|leave)', 'gotta (?:go|run|dash)', 'i must (?:go|run|dash)', '(?:i am|im) (?:off|leaving)',
    '(?:come|check) back (?:to (?:this|it|you) )?(?:later|another time|some other time|tomorrow|another day)',
    '(?:talk|speak|chat) (?:to you )?(?:later|another time|tomorrow|soon)', 'another time', 'some other time',
  ].join('|'),
);
const START_OVER = whole(
  [
    'start (?:over|again|afresh|fresh|anew|from (?:the )?(?:start|beginning|scratch|the top))', 'restart', 'reset', 'begin again',
    '(?:go )?back to (?:the )?(?:start|beginning)', 'from the (?:start|top|beginning)', 'start (?:a )?new (?:one|chat|conversation|assessment|session)',
    'new (?:chat|conversation|assessment|session)', 'take it from the top', 'start (?:the whole thing|everything|it all) (?:over|again)',
    '(?:start|do) (?:this|it|the questions) (?:over|again)', 'clear (?:the chat|it all)', 'redo (?:it|this|the questions|everything)',
    '(?:reset|restart|clear) (?:the |this )?(?:chat|conversation|everything)',
  ].join('|'),
);
const HELP = whole(
  [
    'help', 'help me', 'help please', 'i need help', 'need help', 'what can you do', 'what can i (?:say|ask|do|type)',
    'what (?:do|should) i (?:say|type|ask|do now)', 'options', 'what are (?:my|the) options', 'menu', 'show (?:me )?the menu',
    'how does this work', 'how do i use (?:this|you|it)', 'what do you do', 'what are you', 'who are you', 'what is this',
    'instructions', 'commands', 'i am (?:confused|lost|stuck)', 'i do not understand', 'what now', 'examples',
    'i do not know what to (?:say|do|ask|type)', 'how can you help(?: me)?', 'what can you help (?:me )?with',
    'what (?:is|are) (?:this|you)(?: (?:bot|chat|chatbot|thing|app))?(?: for)?',
    'what (?:can|do|should) i (?:say|ask|type|write|do)(?: (?:you|here|now|to you))*',
    'what (?:sort|kind|type)s? of (?:things|stuff|questions) (?:can|do|should) (?:i|you) (?:ask|answer|say|do|help with|know about)(?: you)?',
    'what (?:kind|sort) of (?:stuff|things) do you know about', 'what (?:are|is) (?:my|the) (?:options|choices)(?: here)?',
    'what options (?:do i have|are there)', 'show (?:me )?(?:the |my )?options', 'options please',
    'what (?:can|do) (?:you|this (?:bot|chat|chatbot|thing)) (?:do|help with|cover|know about)(?: exactly)?',
    'what are you able to do', 'what topics do you cover', 'what do you (?:know|cover)(?: about)?',
    'how (?:does|do) (?:this|it|you|the bot|the chat|this chat|this thing|this bot) work', 'how do i (?:use|talk to|start)(?: (?:this|you|it|this chat|this bot))?',
    'where do i start', 'how do i get started', 'are you (?:a )?(?:bot|robot|human|person|real person|doctor|real doctor|ai)',
    'is this (?:a )?(?:bot|robot|human|real person|real doctor|doctor)', 'give me (?:some )?examples', 'examples please',
    'i am not sure what to (?:ask|say|do|type)(?: you)?', 'not sure what to (?:ask|say|type)(?: you)?',
    'can you (?:tell me|explain) what you (?:do|can do)', 'huh', 'what can you tell me(?: about)?',
  ].join('|'),
);
/** A whole message turning down "anything else?": "no thanks", "that's all", "I'm good, thanks". */
const DECLINE = whole(
  [
    'no thanks?', 'no thank you', 'nah thanks', 'nope thanks', 'no ta', 'no cheers', 'nothing else', 'nothing more', 'nothing for now',
    'that is (?:all|it|everything)', 'thats (?:all|it)', 'that will be all', 'not now', 'not today', 'maybe later', 'later',
    'no more questions', 'i am all set', 'all set', 'i do not need anything (?:else|more)', 'i am good for now', 'i am done for now',
  ].join('|'),
);
/** "I'm good" / "I'm fine" decline only with thanks: at a screening question "I'm fine" answers it. */
const FINE = whole('(?:no )?(?:i am|i am all) (?:good|fine|ok|alright)');
const THANKS = w('thanks|thank you|cheers|ta');
const BARE_NO = /^(?:no|nope|nah)$/;

/** "forget me", "delete my data", "please forget everything about me", "erase everything you know about me". */
const FORGET_ME = w(
  [
    'forget (?:about )?me',
    'forget (?:everything|all|what) (?:about me|i (?:have )?(?:told|said|wrote|typed)|you know)',
    '(?:delete|erase|remove|wipe|clear|purge|destroy|get rid of) (?:all )?(?:of )?(?:my|me|the) (?:personal )?(?:data|details|information|info|history|records?|conversation history|chat history|account|profile|messages|answers|stuff)',
    '(?:delete|erase|remove|wipe|clear|purge) (?:everything|all|anything|what) (?:you (?:have|know|saved|stored|hold|kept|remember)|about me|i (?:have )?(?:told|said|gave))',
    '(?:do not|stop) (?:keep|keeping|store|storing|save|saving|hold|holding) (?:my|any of my|anything about me|any) (?:data|details|information|info)',
    'right to be forgotten', 'i want to be forgotten', 'forget who i am',
  ].join('|'),
  'g',
);
/** Negations that deny a verb ("don't delete my data", "I never said that"), unlike a leading "no" that answers. */
const VERB_NEGATIONS = new Set(['not', 'never', 'without']);

/**
 * True when the words matched at `offset` of `m.text` are denied: a "not" or "never" governs them in the negation
 * scopes ("please don't forget me", "I haven't told you"). A leading "no," ("no, delete my data") answers, it denies nothing.
 */
function denied({ scopes, tokens }: Message, offset: number): boolean {
  // The token at `offset`: `text` is the non-punctuation tokens joined by single spaces.
  let at = -1;
  for (let i = 0, chars = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (PUNCTUATION.has(t)) continue;
    if (chars > offset) break;
    at = i;
    chars += t.length + 1;
  }
  if (at < 0 || scopes.negated[at] !== 1) return false;
  for (let i = at - 1; i >= 0 && i >= at - 10; i--) {
    const t = tokens[i] as string;
    if (PUNCTUATION.has(t)) return false;
    if (VERB_NEGATIONS.has(t)) return true;
  }
  return false;
}

/** The first match of the global `pattern` in the words that no negation denies, or null. */
function assertedMatch(pattern: RegExp, message: Message): RegExpExecArray | null {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(message.text); m !== null; m = pattern.exec(message.text)) {
    if (!denied(message, m.index)) return m;
  }
  return null;
}

/** The bot's own earlier advice, named. */
const EARLIER = '(?:the |my |your )?(?:last|previous|earlier|old) (?:session|chat|conversation|assessment|advice|results?|suggestions?|recommendations?|plan)';
/**
 * A question about the bot's own earlier advice. Not any message with "last time" in it: "the last time I ran
 * my bum ached" describes pain, "tell me why my last massage hurt" asks about massage.
 */
const LAST_TIME = new RegExp(
  [
    `^(?:and |so |ok |please )?(?:last time|${EARLIER})(?: please)?$`,
    '(?<![a-z])what (?:did|were|was|have) you (?:suggest|suggested|recommend|recommended|tell me|told me|advise|advised|come up with)(?![a-z])',
    '(?<![a-z])what (?:did|have) you (?:say|said) (?:last time|before|earlier|previously|the other day|yesterday)(?![a-z])',
    '(?<![a-z])(?:you (?:suggested|recommended|said|told me|advised|gave me)|your (?:suggestions?|advice|recommendations?))(?: [a-z]+){0,8} (?:last time|previously)(?![a-z])',
    `(?<![a-z])(?:remind me|show me|tell me|give me|what (?:was|were|is|are)|can i (?:see|have|get)|see|repeat|go over|recap)(?: [a-z]+){0,6} ${EARLIER}(?![a-z])`,
    '(?<![a-z])(?:my|your) (?:last|previous|earlier) (?:assessment|results?|suggestions?|advice|recommendations?|plan)(?![a-z])',
    '(?<![a-z])(?:remind me|repeat|recap|go over) (?:of )?(?:what you (?:said|suggested|recommended|advised)|your (?:advice|suggestions|recommendations|plan)|my plan|the plan)(?![a-z])',
    '(?<![a-z])what (?:was|is) (?:my|the) plan(?: again)?(?![a-z])',
    // "what do you recommend for me?", "what's the best massage for me then?": the person's own plan, asked for whole.
    '^(?:so |ok |and |then )?what (?:do|would|will) you (?:recommend|suggest|advise)(?: for me)?(?: then| now| again)?$',
    '^(?:so |ok |and |then )?(?:what is|what s|whats|which is|which) (?:the |my )?best (?:massage|technique|treatment|option) for me(?: then| now)?$',
    '(?<![a-z])show (?:me )?my plan(?: again)?(?![a-z])',
    '(?<![a-z])(?:show|tell|remind) me what you (?:suggested|recommended|said|advised)(?: before| last time| earlier| previously)(?![a-z])',
    '(?<![a-z])(?:repeat|recap|go over) (?:your|the) (?:advice|suggestions|recommendations|plan)(?![a-z])',
  ].join('|'),
);

// ---------------------------------------------------------------------------------------------
// Key words: a pattern family runs only when one of its words is in the message (most messages have none).

const K_FORGET = 1;
const K_LAST = 2;
const K_TOLD = 4;
const K_PREGNANT = 8;
const K_MASSAGE = 16;
const K_HEAT = 32;
const K_SORE = 64;
const K_FREQUENCY = 128;
const K_WORTH = 256;
const K_NONE = 512;
const K_SOME = 1024;
const K_CARE = 2048;
const K_ELSE = 4096;
const KEY_WORDS: ReadonlyArray<readonly [number, string]> = [
  [K_FORGET, 'forget forgotten delete erase remove wipe clear purge destroy rid keep keeping store storing save saving hold holding'],
  [K_LAST, 'last previous previously earlier old suggest suggested recommend recommended tell told advise advised say said come plan advice repeat remind recap suggestions recommendations results assessment best'],
  [K_TOLD, 'told said mentioned answered explained wrote asked above up through over already'],
  [K_PREGNANT, 'pregnant pregnancy prenatal antenatal natal expecting trimester gone maternity bump child'],
  [K_MASSAGE, 'massage massages masseuse masseur session sessions treatment treatments bodywork rub rubdown therapist appointment appointments'],
  [K_HEAT, 'heat heating hot warm wheat ice icing cold frozen'],
  [K_SORE, 'sore soreness ache aches aching achy achey hurt hurts hurting painful pain tender tenderness bruised bruise bruises bruising stiff stiffness tight tightness marks worse rough battered beaten discomfort uncomfortable'],
  [K_FREQUENCY, 'often frequently regularly many soon long much once twice three every daily weekly fortnightly monthly too another'],
  [K_NONE, 'none nothing no not any clear good fine ok'],
  [K_SOME, 'one some couple both all first second third last'],
  [K_ELSE, 'else others other rest only just all it more'],
  [K_CARE, 'after afterwards before between following post prior ahead since during'],
  [K_WORTH, 'worth worthwhile good waste scam placebo evidence proof research science studies effective proven work works help helps cure fix heal rid difference anything'],
];
const KEYS = new Map<string, number>();
for (const [bit, list] of KEY_WORDS) for (const word of list.split(' ')) KEYS.set(word, (KEYS.get(word) ?? 0) | bit);

/**
 * Every word a bare command or decline can be made of (the literal words of those patterns and the wrappers around
 * them). A message with any other word cannot be one, so those patterns are not even tried: most messages skip them.
 */
const COMMAND_VOCABULARY = new Set(
  [CANCEL, START_OVER, HELP, DECLINE, FINE, BARE_NO]
    .flatMap((re) => re.source.match(/[a-z]+/g) ?? [])
    .concat([...LEAD_FILLERS, ...COMMAND_LEAD, ...COMMAND_TRAIL, ...DECLINE_TRAIL].flatMap((p) => p.split(' '))),
);

/** One message as the reader sees it. */
interface Message {
  tokens: readonly string[];
  scopes: Scopes;
  /** The words (punctuation left out) joined by single spaces: what the search patterns run over. */
  text: string;
  /** Clauses (split at clause punctuation), each as its words joined by single spaces. */
  clauses: string[];
  /** Each clause with the filler words around it stripped ("ok so no" -> "no"), empty ones left out. */
  cores: string[];
  /** The K_* families whose key words occur. */
  keys: number;
  /** True when every word is in COMMAND_VOCABULARY: only then can the message be a bare command or a decline. */
  commandWords: boolean;
}

function messageOf({ tokens, norm }: PreparedText, scopes: Scopes): Message {
  let keys = 0;
  let punctuation = false;
  let commandWords = true;
  for (const t of tokens) {
    keys |= KEYS.get(t) ?? 0;
    if (PUNCTUATION.has(t)) punctuation = true;
    else if (commandWords && !COMMAND_VOCABULARY.has(t)) commandWords = false;
  }
  // Most messages are one clause with no punctuation: the normalised text is then the clause itself.
  if (!punctuation) {
    const core = ANSWER_WRAPPERS.strip(norm);
    return { tokens, scopes, text: norm, clauses: norm === '' ? [] : [norm], cores: core === '' ? [] : [core], keys, commandWords };
  }
  let text = '';
  let clause = '';
  const clauses: string[] = [];
  for (const t of tokens) {
    if (PUNCTUATION.has(t)) {
      if (clause !== '') clauses.push(clause);
      clause = '';
      continue;
    }
    text = text === '' ? t : `${text} ${t}`;
    clause = clause === '' ? t : `${clause} ${t}`;
  }
  if (clause !== '') clauses.push(clause);
  const cores: string[] = [];
  for (const c of clauses) {
    const core = ANSWER_WRAPPERS.strip(c);
    if (core !== '') cores.push(core);
  }
  return { tokens, scopes, text, clauses, cores, keys, commandWords };
}

function readCommand(m: Message): Command | null {
  const short = m.commandWords && m.tokens.length <= COMMAND_TOKENS;
  if (m.keys & K_FORGET && assertedMatch(FORGET_ME, m) !== null) return 'forget-me';
  if (short) {
    // The whole message, clause by clause: each a command or politeness only ("no, cancel that"; not "stop, my legs are numb").
    let command: BareCommand | null = null;
    for (const clause of m.clauses) {
      const kind = commandKind(COMMAND_WRAPPERS.strip(clause)) ?? commandKind(ANSWER_WRAPPERS.strip(clause));
      if (kind === null) {
        command = null;
        break;
      }
      // "never mind, start again": starting over is the more specific wish; help only when nothing else is asked.
      if (kind !== '' && (command === null || COMMAND_RANK[kind] > COMMAND_RANK[command])) command = kind;
    }
    if (command !== null) return command;
  }
  if (m.keys & K_LAST && LAST_TIME.test(m.text)) return 'last-time';
  if (short && isDecline(m)) return 'decline';
  return null;
}

type BareCommand = 'start-over' | 'cancel' | 'help';
const COMMAND_RANK: Record<BareCommand, number> = { help: 1, cancel: 2, 'start-over': 3 };

/** The command one stripped clause gives, '' for politeness only, null for anything else. */
function commandKind(core: string): BareCommand | '' | null {
  if (core === '') return '';
  if (START_OVER.test(core)) return 'start-over';
  if (CANCEL.test(core)) return 'cancel';
  if (HELP.test(core)) return 'help';
  return null;
}

/** One clause of a decline: "no", "that's all", "I'm fine". */
function isRefusal(clause: string): boolean {
  return DECLINE.test(clause) || BARE_NO.test(clause) || FINE.test(clause);
}

function isDecline(m: Message): boolean {
  const cores = m.clauses.map((c) => DECLINE_WRAPPERS.strip(c)).filter((c) => c !== '');
  if (cores.length === 0) return false;
  if (DECLINE.test(cores.join(' '))) return true;
  // "no, thanks", "no, that's all", "I'm fine, thank you": every clause a refusal (thanks are stripped), with thanks or a
  // clear decline somewhere, so a bare "no" or "I'm fine" stays an answer.
  return cores.every(isRefusal) && (THANKS.test(m.text) || cores.some((c) => DECLINE.test(c)));
}

// ---------------------------------------------------------------------------------------------
// Answers

/** "I already told you", "as I said", "you asked me that already": the answer is already known. */
const ALREADY_TOLD = w(
  `(?:${[
    'i (?:have |had )?(?:already |just )?(?:told|answered|explained) (?:you|that|this|it)',
    'i (?:have )?(?:already |just )?(?:said|mentioned|answered|explained)(?: (?:that|this|it|so))?(?: already| before| earlier| above)',
    '(?:as|like) i (?:already |just )?(?:said|told you|mentioned|explained|wrote|answered)',
    'i already (?:said|mentioned|answered|wrote)',
    // "I said none": the answer follows, so "I said my bum hurts" is no such claim.
    'i (?:just )?said(?= (?:no|none|nope|nothing|neither|not really|not any)(?![a-z]))',
    'already (?:told|answered|said)(?: you| that| this)?',
    'told you (?:already|before|earlier)',
    'you (?:already |just )?asked (?:me )?(?:that|this)(?: already| before)?',
    'you already asked',
    'see above', 'scroll up', 'read (?:what i wrote|above|my (?:last )?message)', 'we (?:have )?(?:already )?(?:been|went) (?:through|over) (?:this|that)',
  ].join('|')})(?: (?:already|before|earlier|above|previously|twice))?`,
  'g',
);

const UNSURE = start(
  [
    'not (?:sure|certain|too sure|really sure|100 percent sure)', 'unsure', 'i am (?:not )?(?:sure|certain)(?: if| whether)?',
    'i (?:do not|really do not) know', 'do not know', 'i have no idea', 'no idea', 'no clue', 'idk', 'i can not (?:say|tell|remember)',
    'can not (?:say|tell|remember)', 'i do not remember', 'hard to say', 'difficult to say', 'who knows', 'maybe', 'possibly', 'perhaps',
    'might be', 'could be', 'kind of', 'sort of', 'i guess', 'it depends', 'depends',
  ].join('|'),
);
/**
 * "skip", "skip this one", "I'd rather not say": passing on a question. Not a command (nothing is cancelled) but an answer
 * that gives nothing, read as the safe one, "not sure" (a whole clause only: "skip the stretches" is something else).
 */
const SKIP = whole(
  [
    'skip', 'skip (?:it|this|that|this one|that one|this question|that question|the question|that bit|this bit)', 'pass', 'i will pass', 'next question',
    '(?:i would |i d )?(?:rather|prefer) not (?:to )?(?:say|answer|tell)(?: (?:that|you))?', 'no comment',
  ]
    .map((p) => `(?:${p})(?: please| thanks| thank you)?`)
    .join('|'),
);
/** "not sure" said at the end of an answer ("pregnant, maybe", "a rash I think, not sure"). */
const UNSURE_END = /(?<![a-z])(?:not sure|maybe|possibly|perhaps|i do not know|i am not sure|unsure|idk)$/;
/** Leading words of a yes; what follows may be anything ("yes, into my calf"). */
const YES = start(
  'yes|yeah|yep|yup|yea|yeh|yas|y|aye|yes please|definitely|absolutely|of course|certainly|indeed|sure|that is right|that is correct|correct|i think so|i believe so|probably|affirmative',
);
/**
 * A yes said with a pronoun and an auxiliary ("it does", "I do", "does a bit"): only as the whole answer, because "is
 * cupping safe ...?" and "I have pain in my bum only" start the same way.
 */
const YES_WHOLE = whole(
  '(?:it |i |they |she |he )?(?:does|do|is|did|am|have|has|are|can|will)(?: (?:it|yes|indeed|really|too|actually|now|definitely|unfortunately|sometimes|a bit|a little|a little bit|a tiny bit|slightly|all the time|quite a bit|a lot))?|' +
    // A degree is a yes, however small ("a little bit", "just a tad", "only slightly"): the safe reading at a check.
    '(?:just |only |maybe )?(?:a (?:little |tiny |teeny |small )?bit|a little|a tad|a touch|a smidge|slightly|mildly|somewhat|a fair bit|quite a bit)(?: yes| yeah| i think)?|sometimes|now and then|now and again|on and off|a lot|true|right|i have one|there is one',
);
/** Leading words of a no ("no, it does not stop me sleeping", "never", "it does not go past my knee"). */
const NO = start(
  [
    'no', 'nope', 'nah', 'na', 'n', 'never', 'negative', 'not really', 'not at all', 'not that i know of', 'not as far as i know',
    'not any more', 'not anymore', 'none', 'nothing', 'neither', 'i do not think so', 'do not think so', 'probably not', 'i doubt it', 'no way',
    '(?:it|that|they|she|he) (?:does|do|is|are|did|has|was|were) not', 'i (?:do|have|am|did|have never|had) not',
  ].join('|'),
);
/** "I don't feel my foot", "I can't lift it": a pronoun negation that reports a symptom is no "no". */
const NOT_A_NO = start('i (?:do|did) not (?:feel|notice|know|remember)|i am not (?:sure|certain)|i have not (?:got|been) (?:a |much )?(?:clue|idea)');
/** "none of these", "no to all of them", "nothing like that", said anywhere in a screening answer. */
const NONE_ANYWHERE = w(
  'none of (?:these|them|those|the above|that|this)|no to (?:all|everything|both|any|each)|not any of (?:these|them|those)|nothing like that|none apply|none of them apply|i have none|i do not have any(?: of (?:these|them|those))?|i have not got any|all clear|all good|i am (?:fine|ok|good) on (?:that|those|all)',
);
const YES_ANYWHERE = w('one of (?:these|them|those)|some of (?:these|them|those)|one or more|a couple(?: of (?:these|them|those))?|both(?: of (?:these|them|those))?|all of (?:these|them|those)|the (?:first|second|third|last) one');
/**
 * Nothing else applies, said beside named items or after them ("aspirin, that's all", "only that", "and none of the
 * others", "I don't have any of the others"): a whole clause, or the end of the last one.
 */
const NOTHING_ELSE_PHRASE =
  '(?:it is |that is )?(?:only|just) (?:that|this|that one|this one|those|these|those two|these two|them|it)|that is (?:all|it|everything)|(?:there is )?nothing (?:else|more)|(?:i have )?none of the (?:others|other ones|rest)|no (?:others|other ones)|(?:i do not have|i have not got|not) any of the (?:others|other ones|rest)|not the others';
const NOTHING_ELSE = whole(`(?:(?:and|but|so) )?(?:${NOTHING_ELSE_PHRASE})(?: (?:apply|applies|thanks|thank you|really|at all))?`);
const NOTHING_ELSE_END = new RegExp(`(?<![a-z])(?:and|but|so|with) (?:${NOTHING_ELSE_PHRASE})$`);
/** A "none" that is then taken back ("none, except I'm pregnant"): unclear, the dialogs read the stated conditions. */
const EXCEPTION = w('but|except|apart from|other than|besides|however|although|though|unless|aside from');

/** The words commands and answers are made of: a short message of only these (after respelling) is read as one. */
const RESPELL_VOCABULARY = new Set([
  ...COMMAND_VOCABULARY,
  ...[FORGET_ME, LAST_TIME, ALREADY_TOLD, UNSURE, SKIP, YES, YES_WHOLE, NO, NONE_ANYWHERE, YES_ANYWHERE].flatMap((re) => re.source.match(/[a-z]+/g) ?? []),
]);
/** Command words long enough for the speller ("cancle", "strat again", "delet my data", "forgt me"). */
const COMMAND_SPELLER = new SpellingCorrector(
  ['cancel', 'restart', 'start', 'again', 'delete', 'forget', 'never', 'please', 'thanks', 'reset', 'nevermind', 'sure'],
  new Set([...RESPELL_VOCABULARY, ...realWordsJson.words]),
);
/** Slips in short answer and command words, which the speller leaves alone (too many real words lie one edit away). */
const SHORT_SLIPS = new Map(Object.entries({ stpo: 'stop', sotp: 'stop', hlep: 'help', hepl: 'help', halp: 'help', nver: 'never', yse: 'yes', yess: 'yes', yh: 'yes', noo: 'no', nopee: 'nope', nop: 'nope' }));
/** Above this many words a misspelt message is not respelt: bare commands and answers are short. */
const RESPELL_WORDS = 8;

/**
 * The tokens with misspelt command and answer words fixed, when that makes every word one a bare command or answer
 * is made of ("cancle" -> "cancel", "noo" -> "no"); null when the message is something else.
 */
function respelt(tokens: readonly string[]): string[] | null {
  let words = 0;
  let changed = false;
  const out: string[] = [];
  for (const t of tokens) {
    if (PUNCTUATION.has(t)) {
      out.push(t);
      continue;
    }
    if (++words > RESPELL_WORDS) return null;
    if (RESPELL_VOCABULARY.has(t)) {
      out.push(t);
      continue;
    }
    const fixed = SHORT_SLIPS.get(t) ?? COMMAND_SPELLER.correct(t);
    if (fixed === null) return null;
    out.push(fixed);
    changed = true;
  }
  return changed ? out : null;
}

/** One item picked from a numbered list: "2", "number 2", "2nd", "the second one". */
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ONE_PICK = `(?:(?:number|option|item|choice) )?\\d{1,2}(?:st|nd|rd|th)?|(?:the )?(?:${ORDINALS.join('|')})(?: one| option)?`;
/** A clause made only of picks ("1 and 3", "2 or 4", "1 3"). */
const PICKS = whole(`(?:${ONE_PICK})(?:(?: and| or| &| plus)? (?:${ONE_PICK}))*`);
const PICK_NUMBER = /\d{1,2}|[a-z]+/g;

/** The items picked by number when every clause of the answer is only picks, else undefined. */
function readPicks(cores: readonly string[]): number[] | undefined {
  if (cores.length === 0 || !cores.every((c) => PICKS.test(c))) return undefined;
  const picks: number[] = [];
  for (const c of cores) {
    for (const [word] of c.matchAll(PICK_NUMBER)) {
      const n = /^\d/.test(word) ? Number.parseInt(word, 10) : ORDINALS.indexOf(word) + 1;
      if (n >= 1 && !picks.includes(n)) picks.push(n);
    }
  }
  return picks.length > 0 ? picks : undefined;
}

/** Clauses an answer is read from: answers are short, a long message's answer is at its start. */
const ANSWER_CLAUSES = 6;

function readAnswer(m: Message, isQuestion: boolean): AnswerReading {
  const alreadyTold = (m.keys & K_TOLD) !== 0 && assertedMatch(ALREADY_TOLD, m) !== null;
  // The reading proper, with "I already told you" taken out: "I already told you, none" answers none.
  let cores = m.cores.slice(0, ANSWER_CLAUSES);
  if (alreadyTold) {
    cores = [];
    for (const c of m.clauses.slice(0, ANSWER_CLAUSES)) {
      const core = ANSWER_WRAPPERS.strip(c.replace(ALREADY_TOLD, ' ').replace(/ {2,}/g, ' ').trim());
      if (core !== '') cores.push(core);
    }
  }
  const first = cores[0];
  if (first === undefined) return { yesNo: null, screening: null, alreadyTold };
  const said = cores.join(' , ');
  const last = cores[cores.length - 1] as string;

  if (cores.some((c) => UNSURE.test(c) || SKIP.test(c)) || UNSURE_END.test(last.slice(-24))) return { yesNo: null, screening: 'unsure', alreadyTold };

  let yesNo: AnswerReading['yesNo'] = null;
  if (NO.test(first) && !NOT_A_NO.test(first)) yesNo = 'no';
  else if (YES.test(first) || YES_WHOLE.test(first)) yesNo = 'yes';

  let screening: AnswerReading['screening'] = null;
  const none = (m.keys & K_NONE) !== 0 && NONE_ANYWHERE.test(said);
  if ((m.keys & K_SOME) !== 0 && !none && YES_ANYWHERE.test(said)) screening = 'yes';
  else if (yesNo === 'no' || none) screening = EXCEPTION.test(said) ? null : 'none';
  else if (yesNo === 'yes') screening = 'yes';

  // A question that only starts like an answer ("do you do home visits?") answers nothing.
  if (isQuestion && !YES.test(first) && !NO.test(first)) return { yesNo: null, screening: null, alreadyTold };
  const picks = readPicks(cores);
  const reading: AnswerReading = picks ? { yesNo, screening, alreadyTold, picks } : { yesNo, screening, alreadyTold };
  if ((m.keys & K_ELSE) !== 0 && (cores.some((c) => NOTHING_ELSE.test(c)) || NOTHING_ELSE_END.test(last))) reading.nothingElse = true;
  return reading;
}

// ---------------------------------------------------------------------------------------------
// Questions

/** Auxiliaries that start a question before anything but "not" ("is it ...", "does massage ...", "do stretches ..."). */
const AUX = 'is|are|am|does|do';
/** Modals that also start statements with the subject left out ("can feel it in my calf", "should be fine"). */
const MODAL = 'can|could|should|would|will|shall|may|might|must';
/** Past and perfect auxiliaries start statements with a noun after them too ("had a fall on the ice", "was the worst night"). */
const AUX_PAST = 'was|were|have|has|had';
const PRONOUN = 'i|you|we|it|he|she|they|this|that|there|these|those|anyone|anybody|someone|somebody|massage|cupping';
const SUBJECT = [
  PRONOUN, 'people', 'women', 'my', 'your', 'the', 'a', 'an', 'massages', 'sciatica', 'heat', 'ice', 'stretching', 'stretches',
  'exercise', 'exercises', 'deep', 'trigger', 'swedish', 'myofascial', 'neuromuscular', 'nmt', 'mfr', 'sports', 'pregnant', 'physio', 'one',
].join('|');
const QUESTION_START = start(
  [
    `(?:${AUX}) (?!not(?![a-z]))[a-z]+`,
    `(?:${MODAL}) (?:${SUBJECT})`,
    `(?:${AUX_PAST}) (?:${PRONOUN})`,
    `did (?:${PRONOUN}|my|your|the|a)`,
    'what (?!i |it |you said|he |she |they )[a-z]+', 'how (?!it |i )[a-z]+', 'why', 'which', 'who', 'whose', 'whom',
    '(?:when|where) (?:is|are|do|does|did|can|could|should|would|will|was|were|am|might|may|shall)',
    'any (?:tips|advice|ideas|suggestions|thoughts|recommendations|chance|idea|point|good|risk|danger|evidence)', 'anything (?:i|to|that|else)',
    'tell me', 'explain', 'please explain', 'i (?:was )?(?:wonder|wondering)', 'wondering', 'do you know', 'i would like to know', 'i want to know',
    'can you (?:tell|explain|say)', 'is there', 'are there', 'ok to', 'safe to', 'normal to', 'worth (?:it|trying|a try)', 'should i',
  ].join('|'),
);

function readIsQuestion(m: Message): boolean {
  if (m.tokens.includes('?')) return true;
  // "does a bit", "it is": a whole short answer, not a question.
  return m.cores.some((c) => QUESTION_START.test(c) && !YES_WHOLE.test(c));
}

// ---------------------------------------------------------------------------------------------
// Follow-up asks

/** Massage named in general: "a massage", "a session", "bodywork". */
const MASSAGE = w('massage|massages|masseuse|masseur|session|sessions|treatment|treatments|bodywork|rub|rubdown|therapist|appointment|appointments');
const PREGNANT = w('pregnant|pregnancy|prenatal|antenatal|pre natal|ante natal|expecting(?: a baby)?|trimester|weeks gone|maternity|baby bump|with child');
/** What a permission question is about: a massage, a named technique (its head word), or "it" / "one" after one was named. */
const TREATMENT = '(?:massage|massages|session|sessions|treatment|treatments|appointment|cupping|cups|tissue|trigger|point|swedish|myofascial|mfr|neuromuscular|nmt|sports|bodywork|it|one|that|this|them)';
/** A massage or technique named as a noun (no "it" or "that"). */
const TREATMENT_NOUN = w(TREATMENT.replace('|it|one|that|this|them)', ')'));
/** A massage named after a care word: "after a massage", "before my first session", "between sessions". */
const AROUND_MASSAGE = w(`(?:after|afterwards|before|between|following|post|prior to|ahead of|since|during) (?:[a-z]+ ){0,3}?${TREATMENT}(?: ${TREATMENT}){0,3}`, 'g');
/** A safety or permission frame: "can I (still) have", "is it ok", "safe for me", "should I avoid". */
const SAFETY = w(
  [
    `(?:can|could|may) i (?:still |even |also |safely )?(?:have|get|try|do|book|go for|use|receive|go to|keep|carry on with|continue with) (?:[a-z]+ ){0,3}${TREATMENT}`,
    // "so what kind of massage CAN I have", "which treatments am I allowed": which ones suit them, asked as a whole.
    '(?:what|which) (?:(?:kind|kinds|sort|sorts|type|types) of )?(?:massage|massages|treatment|treatments|technique|techniques|bodywork) (?:can|could|may|should) i (?:still |even |safely |actually )?(?:have|get|try|do|book|go for|receive)(?: then| now| instead)?$',
    '(?:what|which) (?:(?:kind|kinds|sort|sorts|type|types) of )?(?:massage|massages|treatment|treatments|technique|techniques) (?:am i allowed|is ok for me|are ok for me|is safe for me|are safe for me)',
    'am i (?:still )?(?:allowed|ok|able)', 'is it (?:ok|safe|alright|fine|wise|advisable|a good idea|dangerous|risky|bad)',
    '(?:is|are|would|will|could) (?:[a-z]+ ){0,3}(?:ok|safe|safer|alright|fine|suitable|dangerous|risky|a problem|harmful|advisable|too much|too strong|too deep|bad|allowed|a good idea|good for me|right for me)',
    '(?:ok|safe|alright|fine|suitable|good|right) for me', 'should i (?:avoid|have|get(?! ready)|try|skip|stay away from|still|go for|be careful)',
    'any (?:risks?|dangers?|problems?|side effects?)', 'safe (?:to|with|if|while|on|during)', 'ok (?:to|with|if|while|on|during)',
    '(?:ok|okay|safe|alright|fine|allowed|suitable|advisable|dangerous|risky)$',
    '(?:with|on|while on|if i am on|if i have|given) (?:my )?(?:warfarin|blood thinners?|anticoagulants?|clopidogrel|apixaban|rivaroxaban|aspirin|osteoporosis|diabetes|a dvt|dvt|a clot|cancer|a rash|eczema|psoriasis)',
  ].join('|'),
);
const FREQUENCY = w(
  [
    'how (?:often|frequently|regularly|many times|soon)', 'how many (?:sessions|massages|massage|treatments|appointments|times)',
    'how long (?:between|should i wait|do i wait|until|before (?:my |the )?next)', 'how much massage',
    '(?:once|twice|three times) (?:a|per|every) (?:week|month|fortnight|day)', 'every (?:day|week|other week|fortnight|month)',
    '(?:daily|weekly|fortnightly|monthly) (?:massage|massages|sessions?|treatments?)', 'too (?:often|much|many)',
    '(?:when|how soon) (?:should|can|could) i (?:have|get|book|go for|come back for) (?:another|the next|my next|a second|more)',
    '(?:have|get|book) (?:another|one)(?: massage| session| one)? (?:so soon|straight away|next week|this week|tomorrow|the next day|the day after)',
    '(?:go|come|have one|have it|have them|get one|get it|get them|book one|book them) (?:weekly|monthly|fortnightly|daily|every (?:day|week|month|fortnight))',
  ].join('|'),
);
/** What "how often ...?" may be about without a massage word: "how often should I get one". */
const FREQUENCY_GENERIC = new Set(
  'how often frequently regularly many times soon long between should would could can do does i we you get have go book one it them this that these a an the do need to come back in for is best ideal ok fine be having getting going more another next my of per week month day fortnight every once twice recommend recommended suggest advise usually normally ideally really weekly monthly fortnightly daily regularly wait between massage massages session sessions treatment treatments appointment appointments'.split(' '),
);
const HEAT_OR_ICE = w(
  [
    'heat', 'heating', 'heat pack', 'heat pad', 'heating pad', 'hot water bottle', 'hot bath', 'warm bath', 'hot shower', 'warm shower', 'wheat bag',
    'hot compress', 'warm compress', 'ice', 'icing', 'ice pack', 'ice it', 'cold pack', 'cold compress', 'frozen peas', 'hot or cold',
    'cold or hot', 'warm or cold', 'cold or warm', 'cold therapy', 'heat therapy', 'deep heat', 'heat rub', 'ice bath',
  ].join('|'),
);
/** Heat or ice that is no remedy: a sensation ("a burning heat down my leg") or a surface ("a fall on the ice"). */
const HEAT_SENSATION = w(
  '(?:hot|cold)(?: (?:or|and) (?:hot|cold))? (?:flush|flushes|flashes|sweats|spells|shivers|chills)|(?:burning|feels?|feeling|sensation of|like) (?:a )?heat|heat (?:in|down|going|shooting|running|spreading) (?:my|the|down|into)|(?:on|onto|across|over) (?:the |some |black )?ice(?! pack)|icy',
);
const SORE = w('sore|soreness|ache|aches|aching|achy|achey|hurt|hurts|hurting|painful|pain|tender|tenderness|bruised|bruise|bruises|bruising|stiff|stiffness|tight|tightness|marks|worse|rough|battered|beaten up|discomfort|uncomfortable');
const AFTER_MASSAGE = w(
  [
    '(?:after|since|following|from|post) (?:a |my |the |that |this |your |last |yesterday s |today s )?(?:[a-z]+ ){0,2}(?:massage|session|treatment|cupping|deep tissue|appointment|trigger point|sports massage|therapy)',
    '(?:massage|session|treatment|cupping|deep tissue|appointment)(?: [a-z]+){0,4} (?:after|afterwards|the day after|the next day|next day|since|yesterday|the following day)',
    'post massage', 'afterwards', 'the (?:day|morning) after', 'the next (?:day|morning)', 'next day', 'day after',
  ].join('|'),
);
const NORMAL_Q = w('normal|expected|to be expected|ok|okay|alright|fine|worry|worried|concerned|common|usual|supposed to|meant to|should i|why|is that|is it|how long');
const COMPARE = w('vs|versus|v|compared (?:to|with)|compare|comparison|difference|differences|different|better|best|which|rather|or|instead of|over');
const COMPARE_STRONG = w('vs|versus|compared (?:to|with)|compare|comparison|difference|differences|which is better|which one|better than|same as|similar to|different from|different to');
const WORTH = w(
  [
    'worth (?:it|the money|the cost|trying|a try|a go|doing|having|getting|paying)', 'worthwhile', 'any good', 'waste of (?:money|time)',
    'scam', 'placebo', '(?:is there|any|what is the|what s the) (?:any |real |good )?(?:evidence|proof|research|science|studies)',
    'evidence (?:for|that|behind|on)', 'effective', 'proven', '(?:actually|really|even) (?:work|works|help|helps|do anything)',
    '(?:does|do|will|would|can|could) (?:it|they|massage|massages|cupping|this|that|these|deep tissue|trigger point|swedish|myofascial release|neuromuscular|it all)(?: [a-z]+){0,2} (?:work|help|fix|cure|heal|get rid of|make a difference|do anything|do any good)',
    '(?:cure|fix|heal|get rid of) (?:my |the )?sciatica', 'good for sciatica', 'does it work', 'do they work',
  ].join('|'),
);
const AFTER_IT = w('afterwards|after it');
/**
 * The day after, said without naming what it came after ("sore the next day, normal?", "stiff the morning after"): it
 * ends its clause, so "sore the next day after gardening" is not one. In a massage chat, the day after is the massage's.
 */
const NEXT_DAY = new RegExp(
  '(?<![a-z])(?:(?:the )?(?:next|following) (?:day|morning)|the (?:day|morning) after(?: it| that)?|(?:a|one) day later|day after|next day)' +
    // ... or followed only by the question about it ("sore the day after - is that normal?").
    '(?: (?:is|was|normal|ok|okay|alright|fine|expected|should|do|does|am|are|why)(?: [a-z]+)*)?$',
);
/**
 * Soreness ahead, in a massage chat the massage's: "will I be sore tomorrow?", "am I going to feel stiff afterwards?",
 * "will it ache later?" (the person or "it" as the subject; "will the pain be gone tomorrow" asks about the pain).
 */
const SORE_LATER = w(
  '(?:will|would|might|could|am|is|are) (?:i|it|my [a-z]+|you) (?:be|feel|get|going to be|going to feel|gonna be|likely to be) (?:[a-z]+ )?(?:sore|stiff|achy|achey|tender|bruised|battered)(?: [a-z]+){0,3}? (?:tomorrow|tonight|later|afterwards|after|the next day|the day after|next day|for days)' +
    '|(?:will|would|might|is) (?:it|that|this|my [a-z]+) (?:hurt|ache|bruise|be painful)(?: [a-z]+){0,2}? (?:tomorrow|tonight|later|afterwards|the next day|the day after|next day|for days)',
);
/** A choice between heat and cold, which asks with or without a question mark ("ice or heat for the pain"). */
const HEAT_CHOICE = w(
  // A remedy word on one side at least: "hot or cold" alone is as often a feeling ("I can't feel hot or cold on my shin").
  '(?:heat|ice|icing)(?: it| pack| packs)? (?:or|vs|versus) (?:heat|hot|warm|warmth|ice|icing|cold)|(?:hot|warm|warmth|cold) (?:or|vs|versus) (?:heat|ice|icing)',
);
/** Soreness that comes back every day, or after everyday things, is the pain itself, not a reaction to a treatment. */
const HABITUAL = w('always|every|usually|each|whenever|most days|constantly|all the time');
/** A question asking for something other than whether soreness is normal. */
const OTHER_QUESTION = start('what|which|how (?!long)|where|when|can|could|should|do|does');
const STRETCHING = w('stretch|stretches|stretching|exercise|exercises');
/** "what helps ...", "how does cupping work": asking for a recommendation or how it works, not whether it works. */
const WHAT_HELPS = start('what|which|anything|how(?! (?:effective|good|useful|well|likely|much (?:does|will|would|can)))');

function readAsk(m: Message, techniques: readonly TechniqueId[], isQuestion: boolean): FollowUpAsk | null {
  const norm = m.text;
  if (techniques.length >= 2) {
    // "deep tissue vs Swedish" asks with or without a question mark.
    if (COMPARE_STRONG.test(norm)) return 'compare';
    // "should I go for Swedish or sports massage?", "can I have deep tissue or Swedish?": a choice between the two.
    if (isQuestion && COMPARE.test(norm) && !(m.keys & K_PREGNANT && PREGNANT.test(norm))) return 'compare';
  }
  const lastClause = m.cores[m.cores.length - 1] ?? '';
  if (!isQuestion && !NORMAL_Q.test(lastClause)) return m.keys & K_HEAT && HEAT_CHOICE.test(norm) && !HEAT_SENSATION.test(norm) ? 'heat-or-ice' : null;
  const massage = techniques.length > 0 || ((m.keys & K_MASSAGE) !== 0 && MASSAGE.test(norm));
  if (m.keys & K_PREGNANT && PREGNANT.test(norm) && (massage || SAFETY.test(norm))) return 'pregnancy-massage';
  if (m.keys & K_SORE && SORE.test(norm) && ((AFTER_MASSAGE.test(norm) && (massage || AFTER_IT.test(norm))) || soreTheDayAfter(m))) {
    // "sore the day after, normal?", "feeling worse after the massage?"; not "sore after my massage, what stretches help?".
    if (NORMAL_Q.test(norm) || !m.cores.some((c) => OTHER_QUESTION.test(c))) return 'soreness-after';
  }
  // "will I be sore tomorrow?"; not when the message asks something else too ("what happens in an NMT session, will I be sore after?").
  if (m.keys & K_SORE && isQuestion && SORE_LATER.test(norm) && !HABITUAL.test(norm) && (NORMAL_Q.test(norm) || !m.cores.some((c) => OTHER_QUESTION.test(c)))) return 'soreness-after';
  if (m.keys & K_HEAT && HEAT_OR_ICE.test(norm) && !HEAT_SENSATION.test(norm)) return 'heat-or-ice';
  if (!isQuestion) return null;
  // "can I have a shower after a massage?", "what can I do between sessions?": care around a massage, not the massage.
  const object = massage && m.keys & K_CARE ? TREATMENT_NOUN.test(norm.replace(AROUND_MASSAGE, ' ')) : massage;
  if (m.keys & K_FREQUENCY && isFrequencyAsk(m, object)) return 'frequency';
  if (!massage) return null;
  if (m.keys & K_WORTH && WORTH.test(norm) && !m.cores.every((c) => WHAT_HELPS.test(c))) return 'worth-it';
  if (object && SAFETY.test(norm)) return 'technique-safety';
  return null;
}

/** "sore the next day, normal?": soreness in a clause that ends with the day after, asked about as normal or not. */
function soreTheDayAfter(m: Message): boolean {
  return NORMAL_Q.test(m.text) && !HABITUAL.test(m.text) && m.clauses.some((c) => NEXT_DAY.test(c) && SORE.test(c));
}

function isFrequencyAsk(m: Message, massage: boolean): boolean {
  if (!FREQUENCY.test(m.text)) return false;
  if (massage) return !STRETCHING.test(m.text);
  // No massage word: only the frequency clause's generic words ("how often should I get one").
  const clause = m.clauses.find((c) => FREQUENCY.test(c));
  return clause !== undefined && clause.split(' ').every((t) => FREQUENCY_GENERIC.has(t));
}

// ---------------------------------------------------------------------------------------------

/**
 * Reads a prepared message's command, answer, question form and follow-up ask. `techniques` are the techniques
 * the analyzer found (aliases and typos resolved); `scopes` the negation scopes over `text.tokens`. A command
 * other than `decline` leaves the answer neutral, so "no, cancel that" is never read as "no".
 */
export function readDialogue(
  text: PreparedText,
  scopes: Scopes,
  techniques: readonly TechniqueId[],
  muscleNames: ReadonlyArray<{ id: MuscleId }> = [],
): DialogueReading {
  const named = namedOnce(muscleNames);
  const reading = readMessage(text, scopes, techniques);
  return named ? { ...reading, namedMuscles: named } : reading;
}

/** Each muscle the lexicon's name patterns found, once, in the order named. */
function namedOnce(hits: ReadonlyArray<{ id: MuscleId }>): MuscleId[] | undefined {
  if (hits.length === 0) return undefined;
  const ids: MuscleId[] = [];
  for (const h of hits) if (!ids.includes(h.id)) ids.push(h.id);
  return ids;
}

function readMessage(text: PreparedText, scopes: Scopes, techniques: readonly TechniqueId[]): DialogueReading {
  let m = messageOf(text, scopes);
  if (!m.commandWords && text.tokens.length <= COMMAND_TOKENS) {
    const fixed = respelt(text.tokens);
    if (fixed !== null) m = messageOf({ tokens: fixed, norm: fixed.join(' '), starts: text.starts }, scopes);
  }
  const isQuestion = readIsQuestion(m);
  const command = readCommand(m);
  if (command !== null && command !== 'decline') return { command, answer: { ...NEUTRAL_ANSWER }, isQuestion, ask: null };
  const answer = readAnswer(m, isQuestion);
  const ask = command === null ? readAsk(m, techniques, isQuestion) : null;
  return { command, answer, isQuestion, ask };
}
