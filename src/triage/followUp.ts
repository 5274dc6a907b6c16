import type { KnowledgeBase } from '../knowledge/types';
import type { ContraindicationId, TechniqueId } from '../knowledge/vocabulary';
import type { FollowUpAsk } from '../nlp/types';
import type { Case } from './case';
import { isNerveRoot } from './findings';
import { listNames, lowerFirst, unknownContraindications } from './policy';

/**
 * Follow-up questions about a person's own care, answered from their case: a direct, personal answer
 * first, then the detail. Facts come from the knowledge (with their sources); only the framing is here.
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
      return techniques.length > 0 ? techniqueSafety(c, techniques, knowledge) : massageSafety(c, knowledge);
    case 'pregnancy-massage':
      return pregnancyMassage(c, knowledge);
    case 'frequency':
      return frequency(c, knowledge);
    case 'heat-or-ice':
      return heatOrIce(c, knowledge);
    case 'soreness-after':
      return sorenessAfter(c, knowledge);
    case 'compare':
      return compare(c, techniques, knowledge);
    case 'worth-it':
      return worthIt(techniques, knowledge);
  }
}

/** Why a technique is not for this person now, or undefined when nothing on the case rules it out. */
export function reasonAgainst(c: Case, technique: TechniqueId, knowledge: KnowledgeBase): string | undefined {
  if (c.redFlags && c.redFlags.length > 0) return 'what you told me needs a doctor first';
  const stated = knowledge.contraindications.filter((x) => (c.contraindications ?? []).includes(x.id) && x.excludes.includes(technique));
  if (stated.length > 0) return `you told me about ${listNames(stated.map((x) => x.label.toLowerCase()))}`;
  if (isNerveRoot(c.symptoms) && knowledge.needsScreening(technique)) return 'your symptoms may come from a nerve root, so gentle massage only until a clinician has checked you';
  if (c.contraScreen === 'unsure' && knowledge.needsScreening(technique)) return "you weren't sure about some of the health questions";
  return undefined;
}

function techniqueSafety(c: Case, techniques: readonly TechniqueId[], knowledge: KnowledgeBase): FollowUpAnswer {
  const [first] = techniques;
  const t = knowledge.technique(first!);
  const name = lowerFirst(t.name);
  const against = reasonAgainst(c, t.id, knowledge);
  const advice = adviceFor(c, t.id, knowledge);
  if (against) return { answer: `No, not for you at the moment: ${against}, so leave out ${name}.`, detail: [...advice, gentlerOption(c, knowledge)].filter(nonEmpty) };
  const unknown = unknownContraindications(c).filter((id) => knowledge.contraindicationsFor(t.id).some((x) => x.id === id));
  if (unknown.length > 0 && knowledge.needsScreening(t.id)) {
    return {
      answer: `Possibly, but first check that none of these apply to you, because each rules out ${name}: ${listNames(unknown.map((id) => label(knowledge, id)))}.`,
      detail: [`${t.name}: ${t.what}`, `Who should avoid it: ${t.avoidIf.join(' ')}`],
    };
  }
  return {
    answer: `Yes, from what you've told me ${name} may suit you.`,
    detail: [`${t.name}: ${t.what} ${t.does}`, `Afterwards: ${t.afterwards}`, knowledge.framing.disclaimer],
  };
}

function massageSafety(c: Case, knowledge: KnowledgeBase): FollowUpAnswer {
  if (c.redFlags && c.redFlags.length > 0) return { answer: 'Not for now: what you told me needs a doctor first.', detail: [] };
  const stated = knowledge.contraindications.filter((x) => (c.contraindications ?? []).includes(x.id));
  if (stated.length > 0) {
    return {
      answer: `Only gentle massage, and only if your clinician agrees, because you told me about ${listNames(stated.map((x) => x.label.toLowerCase()))}.`,
      detail: stated.map((x) => x.advice),
    };
  }
  return { answer: 'Gentle massage is fine for most people, but check these first.', detail: knowledge.contraindications.map((x) => `- ${x.question}`) };
}

function pregnancyMassage(c: Case, knowledge: KnowledgeBase): FollowUpAnswer {
  const pregnancy = knowledge.contraindications.find((x) => x.id === 'pregnancy');
  const leaveOut = (pregnancy?.excludes ?? []).map((id) => lowerFirst(knowledge.technique(id).name));
  const gentle = knowledge.techniques.filter((t) => !(pregnancy?.excludes ?? []).includes(t.id)).map((t) => lowerFirst(t.name));
  const yours = c.contraindications?.includes('pregnancy') ? 'In your pregnancy, yes' : 'Yes';
  return {
    answer: `${yours}, but only gentle massage, only if your maternity provider agrees, and with a therapist trained in pregnancy massage.`,
    detail: [
      pregnancy?.advice ?? '',
      gentle.length > 0 ? `Gentle options: ${listNames(gentle)}. Leave out ${listNames(leaveOut)}.` : '',
      ...(c.contraindications ?? []).filter((id) => id !== 'pregnancy').map((id) => knowledge.contraindications.find((x) => x.id === id)?.advice ?? ''),
    ].filter(nonEmpty),
  };
}

function frequency(c: Case, knowledge: KnowledgeBase): FollowUpAnswer {
  const keepMoving = knowledge.aftercare.find((t) => t.id === 'stay-active');
  const soreness = knowledge.aftercare.find((t) => t.id === 'soreness-after-deep');
  return {
    answer: 'There is no proven schedule, so let how you feel guide it: book the next session once any soreness from the last one has settled, and keep moving in between.',
    detail: [
      soreness ? soreness.text : '',
      keepMoving ? `${keepMoving.title}: ${keepMoving.text}` : '',
      knowledge.framing.evidence,
      hasCaution(c) ? 'With what you told me, ask your clinician before booking regular sessions.' : '',
    ].filter(nonEmpty),
  };
}

function heatOrIce(c: Case, knowledge: KnowledgeBase): FollowUpAnswer {
  const heat = knowledge.aftercare.find((t) => t.id === 'heat-before');
  const numb = c.symptoms.numbness === true || c.contraindications?.includes('diabetes-numbness');
  return {
    answer: numb
      ? 'Heat is the one with evidence, but not on skin that feels numb: you told me about numbness, so only where the skin feels normal.'
      : 'Heat: it is the one with evidence for back pain, and it helps the muscles loosen before a massage.',
    detail: [heat ? `${heat.text}` : '', ...(heat?.cautions ?? [])].filter(nonEmpty),
  };
}

function sorenessAfter(c: Case, knowledge: KnowledgeBase): FollowUpAnswer {
  const tip = knowledge.aftercare.find((t) => t.id === 'soreness-after-deep');
  const nerve = isNerveRoot(c.symptoms) || c.symptoms.numbness === true || c.symptoms.tingling === true;
  return {
    answer: 'Yes, some soreness for a day or two after a massage, especially deeper work, is common and normal.',
    detail: [
      tip?.text ?? '',
      ...(tip?.cautions ?? []),
      nerve ? 'But if leg symptoms spread, or numbness, tingling or weakness grows, stop and see a clinician.' : '',
    ].filter(nonEmpty),
  };
}

function compare(c: Case, techniques: readonly TechniqueId[], knowledge: KnowledgeBase): FollowUpAnswer {
  const [a, b] = techniques;
  if (!a || !b) return a ? techniqueSafety(c, [a], knowledge) : massageSafety(c, knowledge);
  const ta = knowledge.technique(a);
  const tb = knowledge.technique(b);
  const againstA = reasonAgainst(c, a, knowledge);
  const againstB = reasonAgainst(c, b, knowledge);
  const describe = [`${ta.name} (${ta.pressure} pressure): ${ta.what}`, `${tb.name} (${tb.pressure} pressure): ${tb.what}`];
  if (againstA && !againstB) return { answer: `For you, ${lowerFirst(tb.name)} rather than ${lowerFirst(ta.name)}: ${againstA}.`, detail: describe };
  if (againstB && !againstA) return { answer: `For you, ${lowerFirst(ta.name)} rather than ${lowerFirst(tb.name)}: ${againstB}.`, detail: describe };
  if (againstA && againstB) return { answer: `Neither for now: ${againstA}.`, detail: describe };
  const lighter = PRESSURE[ta.pressure] <= PRESSURE[tb.pressure] ? ta : tb;
  const firmer = lighter === ta ? tb : ta;
  return {
    answer: `${firmer.name} works firmer and deeper; ${lowerFirst(lighter.name)} is lighter and gentler. Nothing you've told me rules either out.`,
    detail: [...describe, `Afterwards: ${firmer.name}: ${firmer.afterwards} ${lighter.name}: ${lighter.afterwards}`],
  };
}

function worthIt(techniques: readonly TechniqueId[], knowledge: KnowledgeBase): FollowUpAnswer {
  const [first] = techniques;
  if (first) {
    const t = knowledge.technique(first);
    const note = t.evidenceNote ?? knowledge.framing.evidence;
    return { answer: `It may help some people, but the evidence is weak: ${lowerFirst(note)}`, detail: [`${t.name}: ${t.what}`, `Afterwards: ${t.afterwards}`, knowledge.framing.evidence] };
  }
  return { answer: 'It may ease symptoms for some people, but it is not a cure and the evidence is low quality.', detail: [knowledge.framing.evidence] };
}

const PRESSURE = { light: 0, moderate: 1, deep: 2 } as const;

function adviceFor(c: Case, technique: TechniqueId, knowledge: KnowledgeBase): string[] {
  return knowledge.contraindications.filter((x) => (c.contraindications ?? []).includes(x.id) && x.excludes.includes(technique)).map((x) => x.advice);
}

function gentlerOption(c: Case, knowledge: KnowledgeBase): string {
  if ((c.redFlags?.length ?? 0) > 0) return '';
  const ruled = new Set(knowledge.contraindications.filter((x) => (c.contraindications ?? []).includes(x.id)).flatMap((x) => x.excludes));
  const gentle = knowledge.techniques.filter((t) => t.pressure === 'light' && !ruled.has(t.id)).map((t) => lowerFirst(t.name));
  return gentle.length > 0 ? `A gentler option such as ${listNames(gentle)} may be fine if your clinician agrees.` : '';
}

function hasCaution(c: Case): boolean {
  return (c.contraindications?.length ?? 0) > 0 || isNerveRoot(c.symptoms);
}

function label(knowledge: KnowledgeBase, id: ContraindicationId): string {
  return knowledge.contraindications.find((x) => x.id === id)?.label.toLowerCase() ?? id;
}


function nonEmpty(s: string): boolean {
  return s !== '';
}
