import type { KnowledgeBase } from '../knowledge/types';
import { CONTRAINDICATION_IDS, type ContraindicationId, type RedFlagId } from '../knowledge/vocabulary';
import { normalise } from './turn';

/**
 * The dialogs' old patterns for contraindications said in passing, used only by legacyReading.ts to fill
 * what the analyzer leaves neutral. What an answer means clinically is decided in src/triage.
 */

/** The short label the bot uses for a red flag in lists and buttons (the knowledge's `meaning`). */
export function redFlagLabel(knowledge: KnowledgeBase, id: RedFlagId): string {
  return knowledge.redFlag(id).meaning;
}

// Ways people name each contraindication when they type instead of ticking. Matching only: the advice
// for each comes from the knowledge module.
// Global flag: asserted() walks every occurrence.
const CONTRA_WORDS: Record<ContraindicationId, RegExp> = {
  'blood-thinners': /blood thin|anticoag|antiplatelet|warfarin|apixaban|rivaroxaban|edoxaban|dabigatran|heparin|clopidogrel|aspirin|bleed|h(a)?emophilia|platelet|bruise easily/g,
  'blood-clot': /\bclot|\bdvt\b|thrombo|swollen calf|calf (is )?swollen|embolism/g,
  pregnancy: /pregnan|expecting a baby|having a baby/g,
  'cancer-history': /cancer|tumou?r|chemo|radiotherapy|lymphoma|leuk(a)?emia/g,
  'osteoporosis-fracture-surgery': /osteopo|brittle bone|fracture|broken (a )?bone|broke my|surgery|operation|operated/g,
  'fever-unwell-skin': /fever|temperature|unwell|\bill\b|infection|infected|rash|wound|burn|eczema|psoriasis|skin/g,
  'diabetes-numbness': /diabet/g,
};

// Said in passing in a description or an intake answer ("I'm 6 months pregnant and my bum hurts"), these are
// kept even if the screening answer later says "none". Fever, unwell and skin are read more narrowly there:
// in a pain description "burning" and "skin" describe the pain, and fever is a red flag the matcher catches.
const IN_PASSING: Record<ContraindicationId, RegExp> = {
  ...CONTRA_WORDS,
  'fever-unwell-skin': /\b(?:rash|rashes|wound|eczema|psoriasis|cellulitis|blisters?|broken skin|skin infection|infected)\b/g,
};
// Someone else's condition ("my wife is pregnant") is not the person's. Deliberately narrower than the matcher's
// list of other people (negation.ts SCOPE_WORDS.others, which has "they" and "family"): a word wrongly read as
// someone else here drops a safety fact ("they told me I'm pregnant").
const SOMEONE_ELSE = new Set(['she', 'he', 'her', 'his', 'hes', 'shes', 'wife', 'husband', 'partner', 'girlfriend', 'boyfriend', 'mum', 'mom', 'mother', 'dad', 'father', 'sister', 'brother', 'daughter', 'son', 'friend', 'wifes', 'husbands', 'partners']);

// Any of them at all: most messages name none, and one test settles it.
const ANY_IN_PASSING = new RegExp(Object.values(IN_PASSING).map((r) => r.source).join('|'));

/** Contraindications a free-text message states about the person, in passing (never "not pregnant", never someone else's). */
export function mentionedContraindications(text: string): ContraindicationId[] {
  const n = normalise(text);
  if (n === '' || !ANY_IN_PASSING.test(n)) return [];
  return CONTRAINDICATION_IDS.filter((id) => asserted(IN_PASSING[id], n, SOMEONE_ELSE));
}

/** Contraindications a message denies outright ("I'm not pregnant", "I don't take blood thinners"). */
export function deniedContraindications(text: string): ContraindicationId[] {
  const n = normalise(text);
  if (n === '' || !ANY_IN_PASSING.test(n) || !n.split(' ').some((w) => NEGATORS.has(w))) return [];
  return CONTRAINDICATION_IDS.filter((id) => [...n.matchAll(IN_PASSING[id])].some((m) => negated(n, m.index)));
}

const NEGATORS = new Set(['no', 'not', 'never', 'nor', 'dont', 'havent', 'hasnt', 'isnt', 'arent', 'without', 'neither']);

/**
 * True when the (global) pattern occurs and is not negated by one of the three words before it ("not
 * pregnant"), nor, with `others`, about someone else named in the four words before it ("my wife is pregnant").
 */
function asserted(pattern: RegExp, text: string, others?: ReadonlySet<string>): boolean {
  for (const m of text.matchAll(pattern)) {
    if (negated(text, m.index)) continue;
    if (others && text.slice(0, m.index).trim().split(' ').slice(-4).some((w) => others.has(w))) continue;
    return true;
  }
  return false;
}


/** One of the three words before `index` negates what follows ("not pregnant", "dont take warfarin"). */
function negated(text: string, index: number): boolean {
  return text.slice(0, index).trim().split(' ').slice(-3).some((w) => NEGATORS.has(w));
}
