import { PUNCTUATION } from './text';

/** Scope marks per token: whether a negation cue or another person governs it. */
export interface Scopes {
  /** negated[i]: a negation cue earlier in the clause governs token i. */
  negated: Uint8Array;
  /** other[i]: token i is in a clause about someone else ("my mum had cancer", "she fell"). */
  other: Uint8Array;
}

const CUES = new Set(['no', 'not', 'never', 'without', 'none', 'nor', 'neither', 'deny', 'denies', 'denied', 'denying', 'nothing', 'nope', 'nah']);
/** Words after a cue that make it something other than a denial ("no longer", "not sure"). */
const CUE_BREAKERS = new Set(['longer', 'sure', 'certain', 'idea', 'only', 'doubt', 'just', 'quite', 'matter', 'better', 'improving', 'getting', 'until', 'that']);
/** "not" after these is inability ("can not pee"), which asserts. */
const INABILITY = new Set(['can', 'could', 'cannot']);
/** Words that end a negation scope: a new clause starts. */
const TERMINATORS = new Set([
  'but', 'however', 'although', 'though', 'except', 'apart', 'yet', 'still', 'just', 'only', 'now', 'since', 'because', 'after',
  'until', 'so', 'then', 'which', 'whereas', 'while', 'when', 'unfortunately', 'sadly', 'plus', 'also', 'i', 'it', 'he', 'she', 'they',
  'we', 'you', 'recently', 'lately', 'today', 'yesterday',
]);
/** After "and", these start a new clause ("no fever and my bladder..."). */
const CLAUSE_STARTERS = new Set(['i', 'my', 'it', 'the', 'now', 'then', 'also', 'yet', 'still', 'this', 'that', 'have', 'has', 'am', 'is', 'was', 'he', 'she', 'recently', 'lately']);
const OTHERS = new Set([
  'mom', 'mother', 'dad', 'father', 'wife', 'husband', 'partner', 'boyfriend', 'girlfriend', 'son', 'daughter', 'kid', 'kids', 'child',
  'children', 'brother', 'sister', 'friend', 'friends', 'colleague', 'coworker', 'boss', 'neighbor', 'grandma', 'grandmother', 'grandad',
  'granddad', 'grandfather', 'grandpa', 'nan', 'nana', 'gran', 'aunt', 'auntie', 'uncle', 'cousin', 'family', 'dog', 'cat', 'he', 'she',
  'they', 'him', 'her', 'patient', 'patients', 'client', 'clients', 'relatives', 'relative', 'baby',
  'boy', 'girl', 'toddler', 'hubby', 'grandson', 'granddaughter', 'niece', 'nephew', 'fiance', 'fiancee', 'flatmate',
  'roommate', 'housemate', 'teammate', 'puppy', 'horse',
]);
const SELF = new Set(['i', 'me', 'myself']);

/** Body words the bot covers, as owned by the writer: "my back", "my own hip", "my bad leg". */
const MY_BODY =
  'my (?:own )?(?:(?:lower|low|left|right|upper|bad|sore) )?(?:back|bum|butt|bottom|backside|arse|ass|legs?|hips?|buttocks?|thighs?|groin|waist|knees?|foot|feet|calf|calves|spine|sciatica|hamstrings?|glutes?|piriformis|side)';
/** The writer's own body is the subject ("my back", "my sciatica"). */
export const OWN_BODY = new RegExp(`(?<![a-z])${MY_BODY}(?![a-z])`);
/** The writer's own pain: their body, or "I have a sore bum", "I just get this ache". */
export const OWN_PAIN = new RegExp(
  `(?<![a-z])(?:${MY_BODY}|i(?: (?:just|only|also|still|really|now|do|too|myself))? (?:have|am|get|got|feel|keep getting|have got|have had|suffer)(?: [a-z]+){0,6} (?:pain|pains|ache|aches|aching|sore|sciatica|stiff|tight))(?![a-z])`,
);
/** Pets and other animals: their aches are a vet's business, never the writer's red flag. */
export const ANIMAL_WORDS = '(?:dog|puppy|cat|kitten|pet|horse|pony|rabbit)s?';
const ANIMAL = new RegExp(`(?<![a-z])${ANIMAL_WORDS}(?![a-z])`);
/** Another person's back, leg, sciatica, waist-down or bladder trouble, or their walking, is what the message is about. */
const OTHERS_PAIN = /(?<![a-z])(?:sciatica|back|legs?|hips?|buttocks?|bottom|bum|spine|foot|feet|waist|bladder|bowels?|walk|walking)(?![a-z])/;
/** A relative who died of something is family history, not someone the writer looks after ("my nan died of cancer"). */
const DECEASED = /(?<![a-z])(?:died|passed away|passed on|lost (?:my|our) [a-z]+ to)(?![a-z])/;

/** The people a carer writes about, as the subject of a clause ("my husband", "mum", "he"). */
const CARED_FOR =
  '(?:he|she|hes|shes|(?:my |our )?(?:[a-z]+ )?(?:mom|mum|mother|dad|father|husband|wife|partner|hubby|son|daughter|grandma|grandmother|grandad|granddad|grandfather|grandpa|nan|nana|gran|brother|sister|boyfriend|girlfriend|fiance|fiancee|uncle|aunt|auntie|patient|client))';
/**
 * The writer asks on the other person's behalf ("does he need checking", "should I take her in", "she says her
 * hip hurts", "just found out mum had a fall"): what follows is that person's trouble now, whatever the body part.
 */
const ON_BEHALF = new RegExp(
  `(?<![a-z])(?:(?:does|do|should|would|will|could|can|must) (?:he|she) (?:need|have to|go|see|be seen)|(?:should|do|can|must|shall) (?:i|we) (?:take|bring|get|call an ambulance for|ring someone for|phone someone for) (?:him|her)|worried about (?:him|her|${CARED_FOR})|(?:just )?found out (?:that )?${CARED_FOR}|on (?:his|her) behalf)(?![a-z])`,
);
/**
 * The other person's trouble told as happening now ("my husband is having night fevers again", "now hes wet the
 * bed", "dad has just had a fall"); "mum has MS", "my dad had cancer", "he had a fall in his twenties" (history, a
 * standing diagnosis) are not.
 */
/** The person's own words passed on ("she says her hip hurts"); not when a clinician is named, who is the likelier speaker. */
const SAYS = /(?<![a-z])(?:(?:he|she) (?:says|said|keeps saying|tells me|told me|complains|complained)|(?:hes|shes|he is|she is|he has been|she has been) (?:complaining|saying))(?![a-z])/;
const CLINICIAN =
  /(?<![a-z])(?:doctor|doc|gp|dr|physio|physiotherapist|nurse|consultant|surgeon|specialist|therapist|masseuse|masseur|chiropractor|chiro|osteo|osteopath|paramedic|neurologist|radiologist|trainer|coach|pharmacist)s?(?![a-z])/;
const OTHER_NOW = new RegExp(
  `(?<![a-z])(?:${CARED_FOR} (?:is|has been|keeps|has started|started) (?:having|losing|wetting|falling|going numb|sweating|shivering|burning up|running a (?:fever|temperature|temp)|off (?:his|her) food)|(?:now|again|today|tonight|last night|this morning) (?:hes|shes|he is|she is|he has|she has) (?:wet|soiled|lost|losing|fallen|had a fall|collapsed|burning|running|got a (?:fever|temperature))|${CARED_FOR} has (?:just )?had (?:a )?(?:hard |bad |nasty |big |another )?(?:fall|tumble|collapse)(?: (?:today|yesterday|last night|this morning|this week|again))?)(?![a-z])`,
);

/**
 * A carer or relative writing about the person they look after ("Mum's leg has become so weak she can't
 * stand", "writing on behalf of my father, whose sciatica is now in both legs"): that person's red flags
 * need the same urgent answer. Only when the writer describes no pain of their own, the other person's
 * back or leg is the subject, and it is not an animal; "my mum had cancer, I just have a sore bum" stays
 * someone else's history.
 */
export function isCarerReport(norm: string): boolean {
  return !OWN_PAIN.test(norm) && (OTHERS_PAIN.test(norm) || ON_BEHALF.test(norm) || OTHER_NOW.test(norm) || (SAYS.test(norm) && !CLINICIAN.test(norm))) && !ANIMAL.test(norm) && !DECEASED.test(norm);
}
/** "I don't think I have a fever": after these the denial reaches past the next "i". */
const BRIDGES = new Set(['think', 'believe', 'reckon', 'suppose', 'remember', 'recall', 'feel', 'imagine', 'say', 'notice', 'noticed']);
const MAX_SCOPE = 9;

// Which of the word lists above a token is in, as bits: one lookup per token instead of one per list and question.
const F_PUNCTUATION = 1;
const F_TERMINATOR = 2;
const F_CLAUSE_STARTER = 4;
const F_SELF = 8;
const F_OTHER = 16;
const F_BRIDGE = 32;
const F_CUE = 64;
const F_CUE_BREAKER = 128;
const F_INABILITY = 256;
const WORD_FLAGS = new Map<string, number>();
for (const [list, flag] of [
  [PUNCTUATION, F_PUNCTUATION],
  [TERMINATORS, F_TERMINATOR],
  [CLAUSE_STARTERS, F_CLAUSE_STARTER],
  [SELF, F_SELF],
  [OTHERS, F_OTHER],
  [BRIDGES, F_BRIDGE],
  [CUES, F_CUE],
  [CUE_BREAKERS, F_CUE_BREAKER],
  [INABILITY, F_INABILITY],
] as const) {
  for (const w of list) WORD_FLAGS.set(w, (WORD_FLAGS.get(w) ?? 0) | flag);
}

/** The word lists the scope rules read (the tests check `computeScopes` against the rules written over these sets). */
export const SCOPE_WORDS = {
  punctuation: PUNCTUATION,
  cues: CUES,
  cueBreakers: CUE_BREAKERS,
  inability: INABILITY,
  terminators: TERMINATORS,
  clauseStarters: CLAUSE_STARTERS,
  others: OTHERS,
  self: SELF,
  bridges: BRIDGES,
} as const satisfies Record<string, ReadonlySet<string>>;

/** `flags` holds WORD_FLAGS of each token; out of range reads as 0, like the empty string. */
function isClauseEnd(tokens: readonly string[], flags: Uint16Array, i: number): boolean {
  const f = flags[i] as number;
  if (f & F_PUNCTUATION && tokens[i] !== ',') return true;
  if (f & F_TERMINATOR) return true;
  if (tokens[i] === 'and' && ((flags[i + 1] ?? 0) & F_CLAUSE_STARTER) !== 0) return true;
  return false;
}

/** A comma inside "no fever, chills or sweats" continues the list; any other comma ends the scope. */
function commaContinuesList(tokens: readonly string[], flags: Uint16Array, i: number): boolean {
  for (let k = i + 1; k < tokens.length && k <= i + 4; k++) {
    const t = tokens[k] as string;
    if (t === 'or' || t === 'nor') return true;
    if ((flags[k] as number) & (F_PUNCTUATION | F_TERMINATOR) || t === 'and') return false;
  }
  return false;
}

function isCue(tokens: readonly string[], flags: Uint16Array, i: number): boolean {
  if (((flags[i] as number) & F_CUE) === 0) return false;
  if ((flags[i + 1] ?? 0) & F_CUE_BREAKER) return false;
  const t = tokens[i] as string;
  if (t === 'not' && (flags[i - 1] ?? 0) & F_INABILITY) return false;
  // "nothing but", "none other": not denials.
  if ((t === 'nothing' || t === 'none') && (tokens[i + 1] === 'but' || tokens[i + 1] === 'other')) return false;
  return true;
}

/**
 * Marks which tokens a negation cue governs (forward, to the clause end or nine tokens, lists "no X, Y or Z"
 * included) and which sit in a clause about another person. "can not" is inability and asserts.
 */
export function computeScopes(tokens: readonly string[]): Scopes {
  const n = tokens.length;
  const negated = new Uint8Array(n);
  const other = new Uint8Array(n);
  const flags = new Uint16Array(n);
  for (let i = 0; i < n; i++) flags[i] = WORD_FLAGS.get(tokens[i] as string) ?? 0;
  let scopeLeft = 0;
  let otherActive = false;
  let bridged = false;
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as string;
    if (scopeLeft > 0 && t === 'i' && bridged) {
      negated[i] = 1;
      scopeLeft--;
      bridged = false;
      continue;
    }
    if (t === ',') {
      if (scopeLeft > 0 && !commaContinuesList(tokens, flags, i)) scopeLeft = 0;
      otherActive = false;
      continue;
    }
    const f = flags[i] as number;
    if (isClauseEnd(tokens, flags, i)) {
      scopeLeft = 0;
      otherActive = false;
    }
    if (f & F_SELF || (t === 'my' && ((flags[i + 1] ?? 0) & F_OTHER) === 0)) otherActive = false;
    if (f & F_OTHER && !(t === 'her' && tokens[i - 1] === 'with')) otherActive = true;
    if (scopeLeft > 0) {
      negated[i] = 1;
      scopeLeft--;
      if (f & F_BRIDGE) bridged = true;
    }
    if (otherActive) other[i] = 1;
    if (isCue(tokens, flags, i)) {
      scopeLeft = MAX_SCOPE;
      bridged = false;
    }
  }
  return { negated, other };
}
