import type { ContraindicationId, Intent, MuscleId, RedFlagId, TechniqueId } from '../../src/knowledge/vocabulary';
import type { Aggravator, AnswerReading, Analysis, Analyzer, BodyArea, Command, ContraindicationMatch, FollowUpAsk, MuscleMatch, RedFlagMatch } from '../../src/nlp/types';

/**
 * A small keyword analyzer for the dialog tests: predictable, so each test controls what the dialogs
 * receive (intent, confidence, muscles, red flags, features). The real matcher is tested in tests/nlp and
 * used with the dialogs in mainDialog.real.test.ts.
 */

const RED_FLAGS: Array<[RedFlagId, RegExp]> = [
  ['bilateral', /\bboth (legs|sides)\b/],
  ['leg-weakness', /\b(foot drop|leg (keeps )?giv(es|ing) way|legs? (are|is) getting weak)/],
  ['saddle-numbness', /\bnumb(ness)? (around|between|in) (my )?(groin|genitals|back passage|saddle|private)/],
  ['bladder-bowel', /\bcan'?t (control|hold) (my )?(bladder|bowels?|pee)|\bcan'?t pee\b/],
  ['fever', /\b(fever|night sweats)\b/],
  ['trauma', /\b(fell|fall|crash|car accident)\b/],
  ['cancer', /\b(had|have|history of) (breast |prostate |lung )?cancer\b/],
  ['weight-loss', /\b(los(t|ing) (a lot of )?weight)\b/],
];

const POSSIBLE_RED_FLAGS: Array<[RedFlagId, RegExp]> = [
  ['leg-weakness', /\bleg feels (a bit |a little )?(numb|weak)\b/],
  ['bladder-bowel', /\bpeeing'?s? (has )?been (a bit )?odd\b/],
];

const ASKED_ABOUT: Array<[RedFlagId, RegExp]> = [
  ['saddle-numbness', /\bsaddle (area|numbness)\b/],
  ['bilateral', /\bboth legs\b.*\?/],
];

const CONTRAINDICATIONS: Array<[ContraindicationId, RegExp]> = [
  ['blood-thinners', /\b(blood thinners?|warfarin|clopidogrel|apixaban)\b/],
  ['blood-clot', /\b(dvt|blood clot)\b/],
  ['pregnancy', /\bpregnan/],
  ['cancer-history', /\bcancer\b/],
  ['osteoporosis-fracture-surgery', /\b(osteoporosis|fracture|surgery)\b/],
  ['fever-unwell-skin', /\b(rash|eczema|wound)\b/],
  ['diabetes-numbness', /\bdiabet/],
];

const COMMANDS: Array<[Command, RegExp]> = [
  ['forget-me', /\b(forget me|delete my data)\b/],
  ['start-over', /^(start over|start again|restart)$/],
  ['cancel', /^(never ?mind,? )?(cancel|stop|quit)( that| it)?$|^no,? cancel( that)?$|^never ?mind$/],
  ['help', /^(help|what can you do)$/],
  ['last-time', /\b(what did you (suggest|recommend)|last time\?|remind me what you said)/],
  ['decline', /^(no thanks|nothing else|that'?s all|i'?m good,? thanks|not now|not today|maybe later)$/],
];

const ASKS: Array<[FollowUpAsk, RegExp]> = [
  ['pregnancy-massage', /\b(massage|safe)\b.*\b(while |in )?pregnan|pregnan.*\bcan i (have|get) (a )?massage\b/],
  ['heat-or-ice', /\bheat or ice\b|\bice or heat\b/],
  ['compare', /\b(vs|versus|or)\b.*\?$/],
  ['worth-it', /\bworth it\b|\bdoes (massage|it) (even )?work\b/],
  ['frequency', /\bhow often\b/],
  ['soreness-after', /\bsore (the )?(next day|day after)\b/],
  ['technique-safety', /\b(can i (still )?have|is .+ (ok|okay|safe) for me)\b/],
];

function answerOf(t: string): AnswerReading {
  const yes = /^(yes|yeah|yep|yup|it does)\b/.test(t);
  const no = /^(no|nope|nah|not really|it doesn'?t)\b|^none\b|none of (these|them)/.test(t);
  const unsure = /\b(not sure|unsure)\b/.test(t);
  return {
    yesNo: yes ? 'yes' : no ? 'no' : null,
    screening: unsure ? 'unsure' : no ? 'none' : yes ? 'yes' : null,
    alreadyTold: /\b(already told you|as i said)\b/.test(t),
    ...(/^\d{1,2}$/.test(t) ? { picks: [Number(t)] } : {}),
  };
}

const LOCATIONS: Array<[BodyArea, RegExp]> = [
  ['buttock', /\b(buttock|bum|butt)\b/],
  ['thigh-back', /\bback of (my |the )?thigh\b/],
  ['low-back', /\b(low(er)? back)\b/],
  ['hip-front', /\bfront of (my |the )?hip\b/],
  ['groin', /\bgroin\b/],
  ['calf', /\bcalf\b/],
  ['foot', /\bfoot\b/],
];

const AGGRAVATORS: Array<[Aggravator, RegExp]> = [
  ['sitting', /\bsit(ting)?\b/],
  ['driving', /\bdriv(e|ing)\b/],
  ['standing', /\bstanding\b/],
  ['walking', /\bwalk(ing)?\b/],
  ['bending', /\bbend(ing)?\b/],
  ['coughing-sneezing', /\b(cough|sneez)/],
];

const MUSCLES: Array<[MuscleId, RegExp, string]> = [
  ['piriformis', /\b(piriformis|sit(ting)?|driv(e|ing))\b/, 'long sitting loads the piriformis'],
  ['glutes', /\b(glutes?|buttock|bum|butt)\b/, 'buttock pain often comes from the glutes'],
  ['hamstrings', /\b(hamstrings?|back of (my |the )?thigh)\b/, 'the hamstrings run down the back of the thigh'],
  ['quadratus-lumborum', /\b(ql|quadratus lumborum|low(er)? back)\b/, 'the QL sits in the low back'],
  ['hip-flexors', /\b(hip flexors?|psoas|groin|front of (my |the )?hip)\b/, 'the hip flexors sit at the front of the hip'],
];

/** Muscles named outright (no symptom cues). */
const NAMED_MUSCLES: Array<[MuscleId, RegExp]> = [
  ['piriformis', /\bpiriformis\b/],
  ['glutes', /\bglutes?\b/],
  ['hamstrings', /\bhamstrings?\b/],
  ['quadratus-lumborum', /\b(ql|quadratus lumborum)\b/],
  ['hip-flexors', /\b(hip flexors?|psoas)\b/],
];

const TECHNIQUES: Array<[TechniqueId, RegExp]> = [
  ['trigger-point', /\btrigger point/],
  ['deep-tissue', /\bdeep tissue/],
  ['myofascial-release', /\bmyofascial/],
  ['swedish', /\bswedish/],
  ['neuromuscular', /\b(neuromuscular|nmt)\b/],
  ['cupping', /\bcup+ing\b/],
];

function negated(text: string, index: number): boolean {
  return /\b(no|not|never|haven'?t|didn'?t|don'?t|without)\b(\s+\S+){0,2}\s*$/.test(text.slice(0, index));
}

function intentOf(t: string, muscles: MuscleMatch[], techniques: TechniqueId[]): [Intent, number] {
  if (/^(hi|hello|hey)\b/.test(t)) return ['greeting', 0.95];
  if (/\bthank/.test(t)) return ['thanks', 0.95];
  if (/^help\b/.test(t)) return ['help', 0.9];
  if (/^(stop|cancel|quit)\b/.test(t)) return ['cancel', 0.9];
  if (/\b(stretch|heat|after (a|my|the) massage|before (a|my|the) massage|sore)/.test(t)) return ['aftercare', 0.85];
  if ((techniques.length > 0 && /\b(what|how|tell me)\b/.test(t)) || /\btechniques?\b/.test(t)) return ['technique_info', 0.85];
  if (/\b(tell me about|what is|what are|which muscles?)\b/.test(t) && (muscles.length > 0 || /muscle/.test(t))) return ['muscle_info', 0.85];
  if (/\b(hurts?|pain|ache|aches|sciatica|sore|tight)\b/.test(t)) return ['symptom', 0.9];
  if (/\bmassage\b/.test(t)) return ['technique_info', 0.4];
  return ['out_of_scope', 0.8];
}

/** Build the fake. */
export function fakeAnalyzer(): Analyzer {
  return {
    analyze(input: string): Analysis {
      const text = input.trim().slice(0, 2000);
      const t = text.toLowerCase();
      const isQuestion = /\?\s*$/.test(text) || /^(what|how|is|can|does|should)\b/.test(t);
      const askedAboutRedFlags = ASKED_ABOUT.filter(([, re]) => re.test(t)).map(([id]) => id);
      const redFlags: RedFlagMatch[] = [];
      for (const [id, re] of RED_FLAGS) {
        const m = re.exec(t);
        if (m && !negated(t, m.index) && !askedAboutRedFlags.includes(id)) redFlags.push({ id, evidence: m[0] });
      }
      const possibleRedFlags: RedFlagMatch[] = POSSIBLE_RED_FLAGS.flatMap(([id, re]) => {
        const m = re.exec(t);
        return m && !redFlags.some((r) => r.id === id) ? [{ id, evidence: m[0] }] : [];
      });
      const contraindications: ContraindicationMatch[] = [];
      const deniedContraindications: ContraindicationId[] = [];
      if (!isQuestion || /\b(i'?m|i am|i take|i have)\b/.test(t)) {
        for (const [id, re] of CONTRAINDICATIONS) {
          const m = re.exec(t);
          if (!m) continue;
          if (negated(t, m.index)) deniedContraindications.push(id);
          else contraindications.push({ id, evidence: m[0] });
        }
      }
      const command = COMMANDS.find(([, re]) => re.test(t))?.[0] ?? null;
      const ask = isQuestion ? (ASKS.find(([, re]) => re.test(t))?.[0] ?? null) : null;
      const locations = LOCATIONS.filter(([, re]) => re.test(t)).map(([a]) => a);
      const aggravators = AGGRAVATORS.filter(([, re]) => re.test(t)).map(([a]) => a);
      const muscles: MuscleMatch[] = MUSCLES.flatMap(([id, re, reason], i) => {
        const m = re.exec(t);
        return m ? [{ id, score: 0.9 - i * 0.1, evidence: [m[0]], reasons: [reason] }] : [];
      });
      const techniques = TECHNIQUES.filter(([, re]) => re.test(t)).map(([id]) => id);
      const namedMuscles = NAMED_MUSCLES.filter(([, re]) => re.test(t)).map(([id]) => id);
      const belowKnee = /\b(does not|doesn'?t) go below (my |the )?knee\b/.test(t)
        ? false
        : /\b(below (my |the )?knee|calf|foot)\b/.test(t)
          ? true
          : null;
      const tingling = /\b(pins and needles|tingl)/.test(t) ? true : null;
      const numbness = /\bnumb/.test(t) && !/no numb/.test(t) ? true : null;
      const [intent, confidence] = intentOf(t, muscles, techniques);
      const nerveRootPattern = (belowKnee === true && (tingling === true || numbness === true)) || aggravators.includes('coughing-sneezing');
      return {
        text,
        intent,
        confidence,
        ranking: [
          { intent, confidence },
          { intent: intent === 'symptom' ? 'muscle_info' : 'symptom', confidence: confidence < 0.5 ? confidence - 0.05 : 0.05 },
        ],
        muscles,
        techniques,
        ...(namedMuscles.length > 0 ? { namedMuscles } : {}),
        redFlags,
        possibleRedFlags,
        askedAboutRedFlags,
        contraindications,
        deniedContraindications,
        command,
        answer: answerOf(t),
        isQuestion,
        ask,
        explanations: [],
        negated: [],
        features: {
          locations,
          spreadsTo: belowKnee ? ['calf'] : [],
          belowKnee,
          aggravators,
          relievers: [],
          quality: [],
          numbness,
          tingling,
          weakness: null,
          side: null,
          duration: null,
        },
        nerveRootPattern,
      };
    },
  };
}
