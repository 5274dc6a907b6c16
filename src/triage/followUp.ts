import type { KnowledgeBase, FollowUpFacts } from '../knowledge/types';
import type { ContraindicationId, TechniqueId } from '../knowledge/vocabulary';
import type { FollowUpAsk } from '../nlp/types';
import type { Case } from './case';
import { isNerveRoot } from './findings';
import { doctorFirst, listNames, lowerFirst, mentionOf, screenLeftOpen, unknownContraindications } from './policy';

/**
 * Follow-up questions about a person's own care, answered from their case: a direct, personal answer
 * first, then the detail. The facts and the safety verdicts come from the knowledge (data/followUps.json and
 * the lookups derived from techniques and contraindications, each with its source); this module only
 * puts the person's case into the first sentence.
 */

/** A follow-up answer: `answer` is the first sentence, `detail` the paragraphs after it. */
export interface FollowUpAnswer {
  answer: string;
  detail: string[];
}

/** Answer a follow-up question from the case. `techniques` are those the question names. */
export function answerFollowUp(c: Case, ask: FollowUpAsk, techniques: readonly TechniqueId[], knowledge: KnowledgeBase): FollowUpAnswer {
  switch (ask) {
    case 'technique-safety':
      return techniques.length > 0 ? techniqueSafety(c, techniques[0]!, knowledge) : massageSafety(c, knowledge);
    case 'pregnancy-massage':
      return pregnancyMassage(c, knowledge);
    case 'frequency':
      return withFacts(knowledge.followUp('frequency'), hasCaution(c) ? 'With what you told me, ask your clinician before booking regular sessions.' : undefined);
    case 'heat-or-ice':
      return heatOrIce(c, knowledge);
    case 'soreness-after':
      return sorenessAfter(c, knowledge);
    case 'compare':
      return compare(c, techniques, knowledge);
    case 'worth-it':
      return worthIt(c, techniques[0], knowledge);
  }
}

/** Why a technique is not for this person now beyond their contraindications (red flag, nerve root, unsure), or undefined. */
function caseReasonAgainst(c: Case, technique: TechniqueId, knowledge: KnowledgeBase): string | undefined {
  if (doctorFirst(c)) return 'what you told me needs a doctor first';
  if (isNerveRoot(c.symptoms) && knowledge.needsScreening(technique)) return 'your symptoms may come from a nerve root, so gentle massage only until a clinician has checked you';
  if (c.contraScreen === 'unsure' && knowledge.needsScreening(technique)) return "you weren't sure about some of the health questions";
  return undefined;
}

/** Why a technique is not for this person now, or undefined when nothing on the case rules it out. */
export function reasonAgainst(c: Case, technique: TechniqueId, knowledge: KnowledgeBase): string | undefined {
  const safety = knowledge.techniqueSafety(technique, screeningOf(c));
  if (doctorFirst(c)) return caseReasonAgainst(c, technique, knowledge);
  if (safety.verdict === 'avoid') return `you told me about ${labels(safety.ruledOutBy.map((x) => x.id), knowledge)}`;
  return caseReasonAgainst(c, technique, knowledge);
}

function screeningOf(c: Case) {
  return { yes: c.contraindications ?? [], screened: c.contraScreen === 'none' || c.contraScreen === 'yes' || c.contraScreen === 'unsure' || (c.contraScreen === 'some' && screenLeftOpen(c).length === 0) };
}

function techniqueSafety(c: Case, id: TechniqueId, knowledge: KnowledgeBase): FollowUpAnswer {
  const t = knowledge.technique(id);
  const name = lowerFirst(t.name);
  const safety = knowledge.techniqueSafety(id, screeningOf(c));
  const against = reasonAgainst(c, id, knowledge);
  const alternatives = safety.noMassage || doctorFirst(c) ? [] : safety.alternatives.filter((a) => !knowledge.needsScreening(a) || !caseReasonAgainst(c, a, knowledge));
  const instead = alternatives.length > 0 ? `If your clinician agrees, a gentler option such as ${listNames(alternatives.map((a) => lowerFirst(knowledge.technique(a).name)))} may be fine.` : '';
  if (against) {
    return { answer: `No, not for you at the moment: ${against}, so leave out ${name}.`, detail: [...safety.ruledOutBy.map((x) => x.advice), instead].filter(nonEmpty) };
  }
  if (safety.verdict === 'screen-first') {
    const open = safety.wouldBeRuledOutBy.map((x) => x.id).filter((x) => unknownContraindications(c).includes(x));
    return {
      answer: `Possibly, but first check that none of these apply to you, because each rules out ${name}: ${labels(open, knowledge)}.`,
      detail: [`${t.name}: ${t.what}`, `Who should avoid it: ${t.avoidIf.join(' ')}`],
    };
  }
  if (safety.verdict === 'clinician-first') {
    return { answer: `Only if your clinician agrees: nothing you told me rules ${name} out, but you told me about ${labels(c.contraindications ?? [], knowledge)}.`, detail: [`${t.name}: ${t.what}`] };
  }
  return { answer: `Yes, from what you've told me ${name} may suit you.`, detail: [`${t.name}: ${t.what} ${t.does}`, `Afterwards: ${t.afterwards}`, knowledge.framing.disclaimer] };
}

function massageSafety(c: Case, knowledge: KnowledgeBase): FollowUpAnswer {
  if (doctorFirst(c)) return { answer: 'Not for now: what you told me needs a doctor first.', detail: [] };
  const stated = knowledge.contraindications.filter((x) => (c.contraindications ?? []).includes(x.id));
  if (stated.length > 0) {
    return { answer: `Only gentle massage, and only if your clinician agrees, because you told me about ${labels(stated.map((x) => x.id), knowledge)}.`, detail: stated.map((x) => x.advice) };
  }
  if (c.contraScreen === 'none') {
    // Screened, nothing against it: what was suggested is the answer ("so which massage should I get?").
    const suggested = (c.recommended?.techniques ?? []).map((id) => lowerFirst(knowledge.technique(id).name));
    if (suggested.length > 0) return { answer: `For you, ${listNames(suggested)}: that is what I suggested, and nothing you told me rules ${suggested.length === 1 ? 'it' : 'them'} out.`, detail: [] };
    return { answer: 'Yes: nothing you told me rules massage out.', detail: [] };
  }
  return { answer: 'Gentle massage is fine for most people, but check these first.', detail: knowledge.contraindications.map((x) => `- ${x.question}`) };
}

function pregnancyMassage(c: Case, knowledge: KnowledgeBase): FollowUpAnswer {
  const p = knowledge.pregnancyMassage();
  const name = (id: TechniqueId) => lowerFirst(knowledge.technique(id).name);
  const yours = c.contraindications?.includes('pregnancy') ? 'In your pregnancy, yes' : 'Yes';
  return {
    answer: `${yours}, but only gentle massage: ${lowerFirst(p.facts.answer)}`,
    detail: [
      ...p.facts.points,
      `Gentle options: ${listNames(p.gentle.map(name))}. Leave out ${listNames(p.excluded.map(name))}.`,
      ...p.facts.cautions,
      ...(c.contraindications ?? []).filter((id) => id !== 'pregnancy').map((id) => knowledge.contraindications.find((x) => x.id === id)?.advice ?? ''),
    ].filter(nonEmpty),
  };
}

function heatOrIce(c: Case, knowledge: KnowledgeBase): FollowUpAnswer {
  const facts = knowledge.followUp('heat-or-ice');
  const numb = c.symptoms.numbness === true || c.contraindications?.includes('diabetes-numbness');
  if (!numb) return withFacts(facts);
  return { answer: 'Heat is the one with evidence, but not on skin that feels numb: you told me about numbness, so only where the skin feels normal.', detail: [...facts.points, ...facts.cautions] };
}

function sorenessAfter(c: Case, knowledge: KnowledgeBase): FollowUpAnswer {
  const had = c.recommended?.techniques ?? [];
  const s = knowledge.sorenessAfter(had);
  const nerve = isNerveRoot(c.symptoms) || c.symptoms.numbness === true || c.symptoms.tingling === true;
  return {
    answer: `Yes, that is normal: ${lowerFirst(s.facts.answer)}`,
    detail: [...s.facts.points, ...s.tips.map((t) => t.text), ...s.facts.cautions, nerve ? 'With the nerve symptoms you told me about, stop and see a clinician if they spread or grow.' : ''].filter(nonEmpty),
  };
}

function compare(c: Case, techniques: readonly TechniqueId[], knowledge: KnowledgeBase): FollowUpAnswer {
  const [a, b] = techniques;
  if (!a || !b) return a ? techniqueSafety(c, a, knowledge) : massageSafety(c, knowledge);
  const cmp = knowledge.compareTechniques(a, b);
  const [sa, sb] = cmp.sides;
  const againstA = reasonAgainst(c, a, knowledge);
  const againstB = reasonAgainst(c, b, knowledge);
  const describe = cmp.sides.map((s) => `${s.technique.name} (${s.technique.pressure} pressure): ${s.technique.what} ${s.evidence.text}`);
  const lower = (t: { name: string }) => lowerFirst(t.name);
  if (againstA && !againstB) return { answer: `For you, ${lower(sb.technique)} rather than ${lower(sa.technique)}: ${againstA}.`, detail: describe };
  if (againstB && !againstA) return { answer: `For you, ${lower(sa.technique)} rather than ${lower(sb.technique)}: ${againstB}.`, detail: describe };
  if (againstA && againstB) return { answer: `Neither for now: ${againstA}.`, detail: describe };
  if (!cmp.lighter) return { answer: `Both work at about the same pressure, and nothing you've told me rules either out.`, detail: describe };
  const lighter = cmp.lighter === a ? sa.technique : sb.technique;
  const firmer = lighter === sa.technique ? sb.technique : sa.technique;
  return { answer: `${firmer.name} works firmer and deeper; ${lower(lighter)} is lighter and gentler. Nothing you've told me rules either out.`, detail: describe };
}

function worthIt(c: Case, technique: TechniqueId | undefined, knowledge: KnowledgeBase): FollowUpAnswer {
  const w = knowledge.worthIt(technique);
  const subject = technique ? knowledge.technique(technique).name : 'Massage';
  const detail = [...(technique ? [`${subject}: ${knowledge.technique(technique).what}`] : []), ...w.facts.points, ...w.facts.cautions];
  // Worth it or not, a technique the case rules out is not for this person now: that comes first.
  const against = technique ? reasonAgainst(c, technique, knowledge) : doctorFirst(c) ? 'what you told me needs a doctor first' : undefined;
  if (against) return { answer: `Not for you at the moment: ${against}. In general, the evidence is weak: ${lowerFirst(w.evidence.text)}`, detail };
  return { answer: `It may help some people, but the evidence is weak: ${lowerFirst(w.evidence.text)}`, detail };
}

function withFacts(facts: FollowUpFacts, personal?: string): FollowUpAnswer {
  return { answer: facts.answer, detail: [...(personal ? [personal] : []), ...facts.points, ...facts.cautions] };
}

function hasCaution(c: Case): boolean {
  return (c.contraindications?.length ?? 0) > 0 || isNerveRoot(c.symptoms);
}

function labels(ids: readonly ContraindicationId[], knowledge: KnowledgeBase): string {
  return listNames(knowledge.contraindications.filter((x) => ids.includes(x.id)).map(mentionOf));
}


function nonEmpty(s: string): boolean {
  return s !== '';
}
