import type { Activity } from 'botbuilder';
import {
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import {
  EMERGENCY_RED_FLAGS,
  RED_FLAG_IDS,
  TECHNIQUE_IDS,
  type ContraindicationId,
  type MuscleId,
  type TechniqueId,
} from '../knowledge/vocabulary';
import type { Analysis } from '../nlp/types';
import { parseContraindications, parseRedFlagChoice, parseScreening, parseYesNo, redFlagLabel } from './answers';
import { AskPrompt, type Question } from './askPrompt';
import { ChildDialog } from './childDialog';
import { choiceButtonsCard, choiceSetCard } from './cards/choices';
import { shortName } from './cards/common';
import { recommendationCard, type Recommendation } from './cards/recommendation';
import type { DialogDeps } from './deps';
import { addFindings, emptyFindings, isNerveRoot, rankedMuscles, type Findings } from './findings';
import { cardMessage, cardQuestion, message, withSuggestions } from './messages';
import { SYMPTOM_TRIAGE_DIALOG, type ChildDialogOptions } from './options';
import { fillPlaceholders, redFlagAdvice } from './replies';
import { namedMuscles } from './lookup';
import { lastAssessmentAccessor, type LastAssessment } from './state';
import { analyzeTurn, incomingText, normalise } from './turn';

/** Turn-state key: this turn's free-text answer has been folded into the findings. */
const FREE_TEXT_RECORDED = Symbol('freeTextRecorded');

const DESCRIPTION_PROMPT = 'descriptionPrompt';
const RED_FLAG_PROMPT = 'redFlagPrompt';
const WHICH_RED_FLAG_PROMPT = 'whichRedFlagPrompt';
const WHERE_PROMPT = 'wherePrompt';
const SPREAD_PROMPT = 'spreadPrompt';
const WORSE_PROMPT = 'worsePrompt';
const CONTRA_PROMPT = 'contraPrompt';
const WHICH_CONTRA_PROMPT = 'whichContraPrompt';

/**
 * The triage's intake questions (where, spread, what makes it worse): an aside about a named muscle or
 * technique asked at one of these is answered, then the question is asked again (MainDialog.answerAside).
 */
export const INTAKE_PROMPT_IDS: ReadonlySet<string> = new Set([WHERE_PROMPT, SPREAD_PROMPT, WORSE_PROMPT]);

/** After this many unclear answers to one question the triage moves on (safely) instead of asking again. */
const MAX_ATTEMPTS = 3;

/** An intake choice: the button, and the sentence the matcher reads for it. */
interface IntakeChoice {
  title: string;
  says: string;
  /** The title as {@link normalise} leaves it, to compare typed answers. */
  normalised: string;
}

const choice = (title: string, says: string): IntakeChoice => ({ title, says, normalised: normalise(title) });

// The sentences are what a person would say when tapping the button; the matcher reads them like any
// other message, so intake answers and typed answers go through the same analysis.
const WHERE_CHOICES: IntakeChoice[] = [
  choice('Buttock', 'the pain is in my buttock'),
  choice('Back of thigh', 'the pain is in the back of my thigh'),
  choice('Low back', 'the pain is in my low back'),
  choice('Hip or groin', 'the pain is in the front of my hip and groin'),
];
const SPREAD_CHOICES: IntakeChoice[] = [
  choice('Yes, with numbness or tingling', 'it spreads below my knee into my calf with pins and needles'),
  choice('Yes, just pain', 'the pain spreads below my knee into my calf'),
  choice('No, it stays above', 'the pain does not go below my knee'),
];
const WORSE_CHOICES: IntakeChoice[] = [
  choice('Sitting or driving', 'it is worse when sitting or driving'),
  choice('Standing or walking', 'it is worse when standing or walking'),
  choice('Bending or lifting', 'it is worse when bending or lifting'),
];

/** What a plain "yes" or "no" means at a yes/no intake question. */
type YesNoChoices = Record<'yes' | 'no', IntakeChoice>;
// "Yes" alone says nothing about numbness: it reads as "Yes, just pain".
const SPREAD_YES_NO: YesNoChoices = { yes: SPREAD_CHOICES[1]!, no: SPREAD_CHOICES[2]! };

const SCREENING_CHOICES = {
  redFlags: ['None of these', 'Yes, one of these', 'Not sure'],
  contra: ['None of these', 'Yes, one or more', 'Not sure'],
} as const;
const NONE_OF_THEM = 'None of them';
const NOT_SURE = 'Not sure';

/** What the triage keeps between turns (JSON in conversation state: IDs, flags and capped quotes only). */
interface TriageValues {
  findings: Findings;
}

/** The part of a recommendation that depends only on the knowledge and the muscles, exclusions and answers (shared). */
interface Plan {
  shown: Omit<Recommendation, 'muscles'>;
  techniqueIds: TechniqueId[];
  excluded: TechniqueId[];
  summary: string;
  next: Array<{ title: string; text: string }>;
}

/** Plans kept at most (each is a few KB); the cache starts afresh when full. */
const MAX_CACHED_PLANS = 256;

/** Next-step buttons, and what was saved, handed from the recommendation to the last step. */
interface Recommended {
  next: Array<{ title: string; text: string }>;
  assessment: LastAssessment;
}

/**
 * The heart of the bot: from a description of pain to a recommendation. It asks for a description if
 * there is none, checks for red flags (in the text, then by asking), asks only the intake questions the
 * text left open, screens for contraindications, then recommends muscles, techniques, what to avoid and
 * aftercare, all from the knowledge module. Every question can be interrupted (red flag, help, cancel):
 * MainDialog checks each message before any step or prompt here sees it.
 */
export class SymptomTriageDialog extends ChildDialog<ChildDialogOptions> {
  /** Analyses of the fixed sentences behind the intake buttons (the matcher is pure: analyse each once). */
  private readonly sentences = new Map<string, Analysis>();
  /** Recommendation plans by muscles, nerve root and answers (see {@link SymptomTriageDialog.plan}). */
  private readonly plans = new Map<string, Plan>();

  constructor(deps: DialogDeps) {
    super(SYMPTOM_TRIAGE_DIALOG, deps);
    const { knowledge } = deps;
    this.addPrompt(new AskPrompt(DESCRIPTION_PROMPT, () => this.descriptionQuestion(), async (p) => p.recognized.succeeded && (p.recognized.value ?? '').trim() !== ''));
    this.addPrompt(new AskPrompt(RED_FLAG_PROMPT, () => this.redFlagsQuestion(), this.validator((t) => parseScreening(t) !== undefined)));
    this.addPrompt(new AskPrompt(WHICH_RED_FLAG_PROMPT, () => this.whichRedFlagQuestion(), this.validator((t) => parseRedFlagChoice(knowledge, t) !== undefined)));
    this.addPrompt(new AskPrompt(WHERE_PROMPT, () => intakeQuestion('Where does it hurt most?', WHERE_CHOICES, true), this.intakeValidator(WHERE_CHOICES, (a) => a.features.locations.length > 0 || a.features.spreadsTo.length > 0 || a.muscles.length > 0)));
    this.addPrompt(new AskPrompt(SPREAD_PROMPT, () => intakeQuestion('Does it spread below the knee, into the calf or foot?', SPREAD_CHOICES, false), this.intakeValidator(SPREAD_CHOICES, (a, t) => a.features.belowKnee !== null || a.features.spreadsTo.length > 0 || parseYesNo(t) !== undefined)));
    this.addPrompt(new AskPrompt(WORSE_PROMPT, () => intakeQuestion('What makes it worse?', WORSE_CHOICES, false), this.intakeValidator(WORSE_CHOICES, (a) => a.features.aggravators.length > 0)));
    this.addPrompt(new AskPrompt(CONTRA_PROMPT, () => this.contraQuestion(), this.validator((t) => parseContraindications(knowledge, t) !== undefined || parseScreening(t) !== undefined)));
    this.addPrompt(new AskPrompt(WHICH_CONTRA_PROMPT, () => this.whichContraQuestion(), this.validator((t) => parseContraindications(knowledge, t) !== undefined)));
    this.addSteps([
      this.askDescriptionStep.bind(this),
      this.checkTextRedFlagsStep.bind(this),
      this.askRedFlagsStep.bind(this),
      this.askWhichRedFlagStep.bind(this),
      this.askWhereStep.bind(this),
      this.askSpreadStep.bind(this),
      this.askWorseStep.bind(this),
      this.screenContraindicationsStep.bind(this),
      this.askWhichContraindicationsStep.bind(this),
      this.recommendStep.bind(this),
      this.nextStepsStep.bind(this),
    ]);
  }

  /** Ask for a description in the person's own words when the first message gives nothing to go on. */
  private async askDescriptionStep(step: WaterfallStepContext<ChildDialogOptions>): Promise<DialogTurnResult> {
    const first = step.options.findings;
    // Kept once, in the values: the options stay in state for the whole triage.
    delete step.options.findings;
    this.values(step).findings = first ?? emptyFindings();
    const usable = first !== undefined && (first.locations !== undefined || first.spreadsTo !== undefined || first.aggravators !== undefined || first.muscles.length > 0);
    if (usable) return step.next();
    return step.prompt(DESCRIPTION_PROMPT, {});
  }

  /** Red flags in anything said so far: urgent advice at once, no massage advice, end. */
  private async checkTextRedFlagsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { findings } = this.values(step);
    if (typeof step.result === 'string') addFindings(findings, analyzeTurn(step.context, this.deps.analyzer));
    if (findings.redFlags) {
      await step.context.sendActivity(redFlagAdvice(this.deps, findings.redFlags));
      return step.endDialog();
    }
    return step.next();
  }

  /** Ask the red-flag questions explicitly, in one message (people may not mention them unless asked). */
  private async askRedFlagsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(RED_FLAG_PROMPT, {});
  }

  /** "Yes" or "not sure" to the red flags: ask which one, as a list to pick from. */
  private async askWhichRedFlagStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = parseScreening(String(step.result ?? '')) ?? 'unsure';
    if (answer === 'none') return step.next({ screening: 'none' });
    return step.prompt(WHICH_RED_FLAG_PROMPT, {});
  }

  /** Act on the red-flag answer (advice and end, or carry on), then ask where it hurts if still open. */
  private async askWhereStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (typeof step.result === 'string') {
      const parsed = parseRedFlagChoice(this.deps.knowledge, step.result);
      if (parsed !== undefined && typeof parsed === 'object') {
        await step.context.sendActivity(redFlagAdvice(this.deps, parsed.flags));
        return step.endDialog();
      }
      if (parsed !== 'none') {
        await step.context.sendActivity(this.unsureRedFlagAdvice());
        return step.endDialog();
      }
    }
    const { findings } = this.values(step);
    // "A tight hamstring" says where as plainly as "the back of my thigh".
    const namedAMuscle = findings.muscles.some((m) => m.evidence.some((phrase) => namedMuscles(this.deps.knowledge, phrase).length > 0));
    if (findings.locations || findings.spreadsTo || namedAMuscle) return step.next();
    return step.prompt(WHERE_PROMPT, {});
  }

  /** Record where it hurts; ask whether it spreads below the knee if the text left that open. */
  private async askSpreadStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.recordIntake(step, WHERE_CHOICES);
    const { findings } = this.values(step);
    if (findings.belowKnee !== undefined || findings.spreadsTo?.some((a) => ['calf', 'shin', 'ankle', 'foot'].includes(a))) return step.next();
    return step.prompt(SPREAD_PROMPT, {});
  }

  /** Record the spread (a plain yes or no counts); ask what makes it worse if the text left that open. */
  private async askWorseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.recordIntake(step, SPREAD_CHOICES, SPREAD_YES_NO);
    if (this.values(step).findings.aggravators) return step.next();
    return step.prompt(WORSE_PROMPT, {});
  }

  /** Before any deep pressure or cupping: ask the contraindication questions in one message. */
  private async screenContraindicationsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.recordIntake(step, WORSE_CHOICES);
    const { findings } = this.values(step);
    // The answers together can add up to a red flag that no single answer showed.
    if (findings.redFlags) {
      await step.context.sendActivity(redFlagAdvice(this.deps, findings.redFlags));
      return step.endDialog();
    }
    return step.prompt(CONTRA_PROMPT, {});
  }

  /** "Yes" or "not sure": ask which, as a list to tick (several allowed). */
  private async askWhichContraindicationsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.recordFreeText(step);
    const answer = String(step.result ?? '');
    const named = parseContraindications(this.deps.knowledge, answer);
    if (named !== undefined && typeof named === 'object') return step.next(answer);
    if (parseScreening(answer) === 'none') return step.next(answer);
    return step.prompt(WHICH_CONTRA_PROMPT, {});
  }

  /** Muscles that may be involved (with the person's words), techniques, what to avoid, aftercare, framing. */
  private async recommendStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.recordFreeText(step);
    const { findings } = this.values(step);
    const parsed = parseContraindications(this.deps.knowledge, String(step.result ?? ''));
    // What they said in passing counts even after "none of these" (they may have meant "none of the others").
    const contraindications: ContraindicationId[] = [
      ...new Set([...(parsed !== undefined && typeof parsed === 'object' ? parsed.yes : []), ...(findings.contraindications ?? [])]),
    ];
    const contraUnsure = typeof parsed !== 'object' && parsed !== 'none';

    if (findings.redFlags) {
      await step.context.sendActivity(redFlagAdvice(this.deps, findings.redFlags));
      return step.endDialog();
    }
    const { recommendation, assessment, next } = this.buildRecommendation(findings, contraindications, contraUnsure);
    const { attachment } = recommendationCard(recommendation, {
      more: next.slice(3),
      ...(this.deps.settings.bookingUrl ? { bookingUrl: this.deps.settings.bookingUrl } : {}),
    });
    // The card opens with the disclaimer and carries the details (its fallbackText has them all in plain
    // text for channels without cards), so the lead only introduces it: Web Chat and Teams show both.
    const lead = "Thanks, that's all I need. Based on what you told me:";
    await step.context.sendActivity(cardMessage(lead, attachment));
    await lastAssessmentAccessor(this.deps.userState).set(step.context, assessment);
    return step.next({ next, assessment } satisfies Recommended);
  }

  /** Offer next steps (three suggested actions; more are buttons on the card), then end. */
  private async nextStepsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { next, assessment } = step.result as Recommended;
    const activity: Partial<Activity> = withSuggestions(
      message('What would you like next? You can also ask me about any muscle or technique, or say "forget me" to delete what I saved.'),
      next.slice(0, 3).map((n) => n.text),
    );
    await step.context.sendActivity(activity);
    return step.endDialog(assessment);
  }

  // ---- helpers ----

  private values(step: WaterfallStepContext): TriageValues {
    return step.values as TriageValues;
  }

  /** Accepts answers the check recognises; after MAX_ATTEMPTS unclear answers, accepts anyway (read as "not sure"). */
  private validator(check: (text: string, prompt: PromptValidatorContext<string>) => boolean) {
    return async (prompt: PromptValidatorContext<string>): Promise<boolean> => {
      const text = incomingText(prompt.context);
      if (text !== '' && check(text, prompt)) {
        prompt.recognized.value = text;
        return true;
      }
      return prompt.attemptCount >= MAX_ATTEMPTS;
    };
  }

  /** Intake answers: a tapped choice, "not sure", or free text that tells the matcher something relevant. */
  private intakeValidator(choices: readonly IntakeChoice[], informative: (a: Analysis, text: string) => boolean) {
    return this.validator((text, prompt) => {
      if (matchChoice(choices, text) || /\b(not sure|unsure|dont know|idk|none|nothing|neither|no idea)\b/.test(normalise(text))) return true;
      return informative(analyzeTurn(prompt.context, this.deps.analyzer), text);
    });
  }

  /**
   * Add an intake answer to the findings: a tapped choice as its sentence, free text as typed. For a yes/no
   * question, a plain "yes" / "no" that tells the matcher nothing reads as the matching choice.
   */
  private recordIntake(step: WaterfallStepContext, choices: readonly IntakeChoice[], yesNo?: YesNoChoices): void {
    if (typeof step.result !== 'string') return;
    const { findings } = this.values(step);
    const choice = matchChoice(choices, step.result);
    if (choice) {
      addFindings(findings, this.sentence(choice.says));
      return;
    }
    const typed = analyzeTurn(step.context, this.deps.analyzer);
    addFindings(findings, typed);
    const answer = yesNo && typed.features.belowKnee === null && typed.features.spreadsTo.length === 0 ? parseYesNo(step.result) : undefined;
    if (answer && yesNo) addFindings(findings, this.sentence(yesNo[answer].says));
  }

  /**
   * People often say more than the question asked ("I take warfarin, and my hamstrings are tight too"):
   * fold what a screening answer says about the pain into the findings, once per turn (folding is not
   * idempotent: scores combine).
   */
  private recordFreeText(step: WaterfallStepContext): void {
    if (typeof step.result !== 'string' || step.context.turnState.get(FREE_TEXT_RECORDED)) return;
    step.context.turnState.set(FREE_TEXT_RECORDED, true);
    addFindings(this.values(step).findings, analyzeTurn(step.context, this.deps.analyzer));
  }

  /** The analysis of one of our own fixed sentences (the intake buttons' meanings), made once. */
  private sentence(says: string): Analysis {
    let analysis = this.sentences.get(says);
    if (!analysis) {
      analysis = this.deps.analyzer.analyze(says);
      this.sentences.set(says, analysis);
    }
    return analysis;
  }

  // ---- questions (built once per prompt, on first use: they depend only on the knowledge and settings) ----

  private descriptionQuestion(): Question {
    const ask = 'Tell me in your own words: where does it hurt, and what makes it worse?';
    return { prompt: message(ask), retry: message(`Please describe it in a few words. ${ask}`) };
  }

  private redFlagsQuestion(): Question {
    const { knowledge } = this.deps;
    const urgent = RED_FLAG_IDS.filter((id) => !EMERGENCY_RED_FLAGS.includes(id));
    // Blank lines between blocks: a heading right after a list item renders glued to that item.
    const text = [
      'Thanks. Before I suggest anything, I need to check a few things that need a doctor rather than massage. Do you have any of these?',
      '**Needs help now:**',
      EMERGENCY_RED_FLAGS.map((id) => `- ${redFlagLabel(knowledge, id)}`).join('\n'),
      '**Needs a doctor today:**',
      urgent.map((id) => `- ${redFlagLabel(knowledge, id)}`).join('\n'),
    ].join('\n\n');
    return {
      prompt: withSuggestions(message(text), SCREENING_CHOICES.redFlags),
      retry: withSuggestions(message(`Please answer "None of these", "Yes, one of these" or "Not sure".\n\n${text}`), SCREENING_CHOICES.redFlags),
    };
  }

  private whichRedFlagQuestion(): Question {
    const { knowledge } = this.deps;
    const choices = [
      ...RED_FLAG_IDS.map((id) => ({ title: redFlagLabel(knowledge, id), value: redFlagLabel(knowledge, id) })),
      { title: NONE_OF_THEM, value: NONE_OF_THEM },
      { title: NOT_SURE, value: NOT_SURE },
    ];
    const question = 'Which one fits best? Pick it, or "None of them" or "Not sure", then press Send.';
    const card = choiceSetCard(question, choices, { multiSelect: false, submitTitle: 'Send', emptyText: NOT_SURE });
    return {
      prompt: cardQuestion(question, card),
      retry: cardMessage('Please pick one from the list (or type its number), or say "none of them" or "not sure".', card),
    };
  }

  private contraQuestion(): Question {
    const text = [
      'Last question. Some massage (firm pressure or cupping) is not safe for everyone. Do any of these apply to you?',
      ...this.deps.knowledge.contraindications.map((c) => `- ${c.label}`),
    ].join('\n');
    return {
      prompt: withSuggestions(message(text), SCREENING_CHOICES.contra),
      retry: withSuggestions(message(`Please answer "None of these", "Yes, one or more" or "Not sure".\n\n${text}`), SCREENING_CHOICES.contra),
    };
  }

  private whichContraQuestion(): Question {
    const choices = [
      ...this.deps.knowledge.contraindications.map((c) => ({ title: c.label, value: c.label })),
      { title: NOT_SURE, value: NOT_SURE },
    ];
    const question = 'Which ones? Tick all that apply, then press Send.';
    const card = choiceSetCard(question, choices, { multiSelect: true, submitTitle: 'Send', emptyText: NOT_SURE });
    return {
      prompt: cardQuestion(question, card),
      retry: cardMessage('Please tick the ones that apply (or type them, e.g. "blood thinners, pregnancy"), or say "not sure".', card),
    };
  }

  /** "Not sure" about the red flags after seeing them: see a clinician first, emergency route spelled out. */
  private unsureRedFlagAdvice(): Partial<Activity> {
    const { knowledge, settings } = this.deps;
    const emergency = EMERGENCY_RED_FLAGS.map((id) => `- ${redFlagLabel(knowledge, id)}`).join('\n');
    return message(
      [
        "If you're not sure, it's safest to speak to a doctor or urgent care **today**, before trying any massage.",
        `If any of these might be happening, go to ${settings.emergencyServiceName} or call ${settings.emergencyNumber} now:\n${emergency}`,
        "I won't suggest massage until you've been checked. You can come back and describe your pain any time.",
      ].join('\n\n'),
    );
  }

  /** Decide what to show: muscles (with the person's words), then the plan for them (see {@link plan}). */
  private buildRecommendation(
    findings: Findings,
    contraindications: readonly ContraindicationId[],
    contraUnsure: boolean,
  ): { recommendation: Recommendation; assessment: LastAssessment; next: Array<{ title: string; text: string }> } {
    const { knowledge } = this.deps;
    const ranked = rankedMuscles(findings);
    const top = ranked[0]?.score ?? 0;
    const matches = ranked.filter((m) => m.score >= top * 0.5).slice(0, 3);
    const muscleIds = matches.map((m) => m.id);
    const p = this.plan(muscleIds, isNerveRoot(findings), contraindications, contraUnsure);
    const recommendation: Recommendation = {
      muscles: matches.map((m) => ({
        id: m.id,
        name: knowledge.muscle(m.id).name,
        evidence: m.evidence,
        reasons: m.reasons,
        sciaticLink: knowledge.muscle(m.id).sciaticLink,
      })),
      ...p.shown,
    };
    const assessment: LastAssessment = {
      date: new Date().toISOString(),
      muscles: muscleIds,
      techniques: [...p.techniqueIds],
      excluded: [...p.excluded],
      summary: p.summary,
    };
    return { recommendation, assessment, next: [...p.next] };
  }

  /**
   * Everything a recommendation shows beyond the person's own words: techniques, exclusions (contraindications,
   * nerve root), warnings, aftercare, the saved summary and the next steps. It depends only on the knowledge and
   * on these four inputs, so it is worked out once per combination (bounded) and shared, frozen.
   */
  private plan(muscleIds: readonly MuscleId[], nerveRoot: boolean, contraindications: readonly ContraindicationId[], contraUnsure: boolean): Plan {
    const key = `${muscleIds.join(',')}|${nerveRoot ? 1 : 0}|${[...contraindications].sort().join(',')}|${contraUnsure ? 1 : 0}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const built = freezePlan(this.buildPlan(muscleIds, nerveRoot, contraindications, contraUnsure));
    if (this.plans.size >= MAX_CACHED_PLANS) this.plans.clear();
    this.plans.set(key, built);
    return built;
  }

  private buildPlan(muscleIds: readonly MuscleId[], nerveRoot: boolean, contraindications: readonly ContraindicationId[], contraUnsure: boolean): Plan {
    const { knowledge, settings } = this.deps;
    const screened = TECHNIQUE_IDS.filter((t) => knowledge.needsScreening(t));
    const why = new Map<TechniqueId, string[]>();
    const leaveOut = (t: TechniqueId, reason: string): void => {
      why.set(t, [...(why.get(t) ?? []), reason]);
    };
    for (const c of knowledge.contraindications.filter((x) => contraindications.includes(x.id))) {
      for (const t of c.excludes) leaveOut(t, c.label.toLowerCase());
    }
    if (contraUnsure) for (const t of screened) leaveOut(t, 'not sure about the health questions');
    if (nerveRoot) for (const t of screened) leaveOut(t, 'possible nerve-root symptoms: gentle massage only');
    const excluded = [...why.keys()];

    const all = knowledge.techniquesFor([...muscleIds]);
    const suggestions = knowledge.techniquesFor([...muscleIds], excluded).slice(0, 4);
    const noMassage = muscleIds.length > 0 && suggestions.length === 0 && all.length > 0;
    const avoid = all
      .filter((s) => why.has(s.technique.id))
      .map((s) => ({ id: s.technique.id, name: s.technique.name, why: `left out because of what you told me (${unique(why.get(s.technique.id) ?? []).join('; ')}).` }));

    const warnings: string[] = [];
    if (nerveRoot) warnings.push(knowledge.framing.nerveRoot);
    for (const c of knowledge.contraindications.filter((x) => contraindications.includes(x.id))) {
      warnings.push(fillPlaceholders(c.advice, settings));
    }
    if (contraUnsure) {
      warnings.push("You weren't sure about some of the health questions, so I've left out firm pressure and cupping. Please check with your clinician before any massage.");
    }
    const conditional = nerveRoot || contraindications.length > 0 || contraUnsure;
    const shown = suggestions.map((s) => s.technique.id);

    const summary = [
      muscleIds.length > 0 ? `Muscles that may be involved: ${muscleIds.map((id) => knowledge.muscle(id).name).join(', ')}.` : 'I could not tell which muscles may be involved.',
      noMassage
        ? 'No massage for now, until a clinician has checked you.'
        : shown.length > 0
          ? `${conditional ? 'Gentle options, only if your clinician agrees' : 'Techniques that target them'}: ${shown.map((id) => knowledge.technique(id).name).join(', ')}.`
          : '',
      avoid.length > 0 ? `Left out for you: ${avoid.map((a) => a.name).join(', ')}.` : '',
      nerveRoot ? 'Please see a clinician about the nerve symptoms.' : '',
    ]
      .filter((l) => l !== '')
      .join(' ');

    const next: Array<{ title: string; text: string }> = [];
    const firstMuscle = muscleIds[0];
    if (firstMuscle && knowledge.stretchesFor(firstMuscle).length > 0 && !noMassage) {
      const n = shortName(knowledge.muscle(firstMuscle).name);
      next.push({ title: `Stretches for ${n}`, text: `Stretches for ${n}` });
    }
    const firstTechnique = shown[0];
    if (firstTechnique) {
      const n = shortName(knowledge.technique(firstTechnique).name);
      next.push({ title: `About ${n}`, text: `About ${n}` });
    } else if (firstMuscle) {
      const n = shortName(knowledge.muscle(firstMuscle).name);
      next.push({ title: `About ${n}`, text: `About ${n}` });
    }
    next.push({ title: 'Check another pain', text: 'Check another pain' });
    for (const id of muscleIds.slice(1)) {
      const n = shortName(knowledge.muscle(id).name);
      if (knowledge.stretchesFor(id).length > 0 && !noMassage) next.push({ title: `Stretches for ${n}`, text: `Stretches for ${n}` });
    }
    for (const id of shown.slice(1, 3)) {
      const n = shortName(knowledge.technique(id).name);
      next.push({ title: `About ${n}`, text: `About ${n}` });
    }
    return {
      shown: {
        techniques: suggestions.map((s) => ({ id: s.technique.id, name: s.technique.name, reason: s.reason })),
        avoid,
        warnings,
        conditional,
        noMassage,
        aftercare: noMassage ? [] : knowledge.aftercareFor([...muscleIds], shown),
        disclaimer: knowledge.framing.disclaimer,
        evidence: knowledge.framing.evidence,
      },
      techniqueIds: shown,
      excluded,
      summary,
      next,
    };
  }
}

/** Freezes what a plan built (never the knowledge's own objects it points to): shared plans must not change. */
function freezePlan(plan: Plan): Plan {
  const { shown } = plan;
  for (const list of [shown.techniques, shown.avoid, plan.next]) list.forEach((item) => Object.freeze(item));
  for (const list of [shown.techniques, shown.avoid, shown.warnings, shown.aftercare, plan.techniqueIds, plan.excluded, plan.next]) Object.freeze(list);
  Object.freeze(shown);
  return Object.freeze(plan);
}

function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}

function matchChoice(choices: readonly IntakeChoice[], text: string): IntakeChoice | undefined {
  const n = normalise(text);
  return choices.find((c) => c.normalised === n);
}

/** An intake question: a card with buttons (more than three answers) or suggested actions. */
function intakeQuestion(question: string, choices: readonly IntakeChoice[], asCard: boolean): Question {
  const titles = choices.map((c) => c.title);
  const retryText = `Sorry, I didn't catch that. ${question} Pick one, or describe it in your own words.`;
  if (asCard) {
    return {
      prompt: cardQuestion(question, choiceButtonsCard(question, titles)),
      retry: cardMessage(retryText, choiceButtonsCard(question, titles)),
    };
  }
  return { prompt: withSuggestions(message(question), titles), retry: withSuggestions(message(retryText), titles) };
}

