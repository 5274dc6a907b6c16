import type { Activity, TurnContext } from 'botbuilder';
import type { DialogTurnResult, PromptValidatorContext, WaterfallStepContext } from 'botbuilder-dialogs';
import { CONTRAINDICATION_IDS, EMERGENCY_RED_FLAGS, RED_FLAG_IDS, type ContraindicationId, type RedFlagId } from '../knowledge/vocabulary';
import type { Analysis } from '../nlp/types';
import { markAsked, recordContraScreen, recordPossibleRedFlag, recordRedFlagScreen, updateCase, type Case } from '../triage/case';
import { nextQuestion, recommend, screenLeftOpen, unknownContraindications, type Question as TriageQuestion } from '../triage/policy';
import { sendAdvice } from './advice';
import { AskPrompt, type PersonalQuestion, type Question } from './askPrompt';
import { ChildDialog } from './childDialog';
import { choiceButtonsCard, choiceSetCard } from './cards/choices';
import type { DialogDeps } from './deps';
import { cardMessage, cardQuestion, message, withSuggestions } from './messages';
import { SYMPTOM_TRIAGE_DIALOG, type ChildDialogOptions } from './options';
import { cardAnswer, noteAside, OptionTable, turnCase, turnReading, type TurnReading } from './turn';

/** How a triage ends when the case needs a clinician rather than massage advice: MainDialog gives that advice. */
export type TriageOutcome = { outcome: 'red-flag' } | { outcome: 'unsure-red-flag' };

export const RED_FLAG_OUTCOME: TriageOutcome = Object.freeze({ outcome: 'red-flag' });
export const UNSURE_RED_FLAG_OUTCOME: TriageOutcome = Object.freeze({ outcome: 'unsure-red-flag' });

/** Each triage question's prompt id. */
const PROMPT_FOR: Record<TriageQuestion, string> = {
  description: 'descriptionPrompt',
  'red-flag-screen': 'redFlagPrompt',
  'which-red-flag': 'whichRedFlagPrompt',
  where: 'wherePrompt',
  spread: 'spreadPrompt',
  worse: 'worsePrompt',
  'contra-screen': 'contraPrompt',
  'other-contra': 'otherContraPrompt',
  'which-contra': 'whichContraPrompt',
};
const possiblePrompt = (id: RedFlagId): string => `possibleRedFlagPrompt.${id}`;

/**
 * The triage's intake questions (where, spread, what makes it worse): an aside about a named muscle or
 * technique asked at one of these is answered, then the question is asked again (MainDialog).
 */
export const INTAKE_PROMPT_IDS: ReadonlySet<string> = new Set([PROMPT_FOR.where, PROMPT_FOR.spread, PROMPT_FOR.worse]);

/** After this many unclear answers to one question the triage moves on (safely) instead of asking again. */
const MAX_ATTEMPTS = 3;

/** An intake choice: the button, and the sentence the matcher reads for it. */
interface IntakeChoice {
  title: string;
  says: string;
}

const choice = (title: string, says: string): IntakeChoice => ({ title, says });

// The sentences are what a person would say when tapping the button; the matcher reads them like any
// other message, so intake answers and typed answers go through the same analysis.
const INTAKE_CHOICES: Record<'where' | 'spread' | 'worse', IntakeChoice[]> = {
  where: [
    choice('Buttock', 'the pain is in my buttock'),
    choice('Back of thigh', 'the pain is in the back of my thigh'),
    choice('Low back', 'the pain is in my low back'),
    choice('Hip or groin', 'the pain is in the front of my hip and groin'),
  ],
  spread: [
    choice('Yes, with numbness or tingling', 'it spreads below my knee into my calf with pins and needles'),
    choice('Yes, just pain', 'the pain spreads below my knee into my calf'),
    choice('No, it stays above', 'the pain does not go below my knee'),
  ],
  worse: [
    choice('Sitting or driving', 'it is worse when sitting or driving'),
    choice('Standing or walking', 'it is worse when standing or walking'),
    choice('Bending or lifting', 'it is worse when bending or lifting'),
  ],
};
/** Each intake question's buttons by title (sent as text where a channel has no cards, or typed exactly). */
const INTAKE_TITLES = {
  where: new OptionTable(INTAKE_CHOICES.where.map((c) => [c.title, c] as const)),
  spread: new OptionTable(INTAKE_CHOICES.spread.map((c) => [c.title, c] as const)),
  worse: new OptionTable(INTAKE_CHOICES.worse.map((c) => [c.title, c] as const)),
};
// "Yes" alone says nothing about numbness: it reads as "Yes, just pain".
const SPREAD_YES_NO = { yes: 1, no: 2 } as const;

const SCREENING_CHOICES = {
  redFlags: ['None of these', 'Yes, one of these', 'Not sure'],
  contra: ['None of these', 'Yes, one or more', 'Not sure'],
} as const;
const NONE_OF_THEM = 'None of them';
const NONE_OF_THE_OTHERS = 'None of the others';
const NOT_SURE = 'Not sure';

/** What the triage keeps between turns: only which question is open (the case holds everything said). */
interface TriageValues {
  asking?: TriageQuestion | { possible: RedFlagId };
}

/** Question-and-answer rounds laid out as waterfall steps (see the constructor). */
const MAX_ROUNDS = 12;

/**
 * The heart of the bot: from a description of pain to a recommendation. Each round asks the clinical
 * policy what to ask next (src/triage/policy.ts `nextQuestion`), asks it (`askNextQuestionStep`) and
 * records the answer in the case (`recordAnswerStep`); when nothing is left to ask it shows what the
 * policy recommends. A red flag ends
 * it with an outcome MainDialog acts on. Every message is folded into the case by MainDialog before any
 * step here sees it, so nothing already known is asked.
 */
export class SymptomTriageDialog extends ChildDialog<ChildDialogOptions> {
  /** Analyses of the fixed sentences behind the intake buttons (the matcher is pure: analyse each once). */
  private readonly sentences = new Map<string, Analysis>();

  constructor(deps: DialogDeps) {
    super(SYMPTOM_TRIAGE_DIALOG, deps);
    const noted = (context: TurnContext) => this.noted(context);
    const ask = (q: TriageQuestion, build: () => Question, personal?: PersonalQuestion) =>
      this.addPrompt(new AskPrompt(PROMPT_FOR[q], build, this.validator(q), personal, noted));
    ask('description', () => descriptionQuestion());
    ask('red-flag-screen', () => this.redFlagsQuestion());
    ask('which-red-flag', () => this.whichRedFlagQuestion());
    ask('where', () => this.intakeQuestion('where', 'Where does it hurt most?', true));
    ask('spread', () => this.intakeQuestion('spread', 'Does it spread below the knee, into the calf or foot?', false));
    ask('worse', () => this.intakeQuestion('worse', 'What makes it worse?', false));
    ask('contra-screen', () => this.contraQuestion(CONTRAINDICATION_IDS), (context) => this.personalContraQuestion(turnCase(context)));
    ask('other-contra', () => this.otherContraQuestion(CONTRAINDICATION_IDS, []), (context) => this.personalOtherContraQuestion(turnCase(context)));
    ask('which-contra', () => this.whichContraQuestion(CONTRAINDICATION_IDS), (context) => this.personalWhichContraQuestion(turnCase(context)));
    for (const id of RED_FLAG_IDS) {
      this.addPrompt(new AskPrompt(possiblePrompt(id), () => this.possibleRedFlagQuestion(id), this.possibleValidator()));
    }
    // One round is a question and its answer. The rounds are laid out as steps rather than restarting the
    // dialog after each answer: a restart costs a new dialog instance every turn. Few cases need more than ten.
    const round = [this.askNextQuestionStep.bind(this), this.recordAnswerStep.bind(this)];
    this.addSteps([...Array.from({ length: MAX_ROUNDS }, () => round).flat(), this.startMoreRoundsStep.bind(this)]);
  }

  /** Ask what the policy says to ask next; end with an outcome on a red flag; go on to recommend when nothing is left. */
  private async askNextQuestionStep(step: WaterfallStepContext<ChildDialogOptions>): Promise<DialogTurnResult> {
    const next = nextQuestion(turnCase(step.context));
    const values = step.values as TriageValues;
    switch (next.kind) {
      case 'possible-red-flag':
        values.asking = { possible: next.flag };
        return step.prompt(possiblePrompt(next.flag), {});
      case 'red-flag':
        return step.endDialog(RED_FLAG_OUTCOME);
      case 'unsure-red-flag':
        return step.endDialog(UNSURE_RED_FLAG_OUTCOME);
      case 'ask':
        values.asking = next.question;
        return step.prompt(PROMPT_FOR[next.question], {});
      case 'recommend':
        return this.recommend(step);
    }
  }

  /** Record the answer to the question just asked in the case, then go on to the next round. */
  private async recordAnswerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { asking } = step.values as TriageValues;
    const c = turnCase(step.context);
    const reading = turnReading(step.context);
    if (typeof asking === 'object') recordPossibleRedFlag(c, asking.possible, possibleAnswer(reading));
    // Let through only for the hint of a red flag ("is numbness in my foot serious?" at the health questions): no
    // answer to this question, which is asked again after the pointed one.
    else if (asking && reading.change.possibleRedFlags.length > 0 && !accepts(asking, reading, this.sentenceChoice(asking, reading))) return step.next();
    // A tick list sent from a card (seen and ticked whole), not an item of it typed back.
    else if (asking) this.record(c, asking, reading, cardAnswer(step.context) !== undefined);
    if (isIntake(asking) && reading.analysis.answer.alreadyTold && !this.sentenceChoice(asking, reading)) {
      await step.context.sendActivity(message("Sorry, you did tell me. I'll go on with what you've said."));
    }
    return step.next();
  }

  /** After {@link MAX_ROUNDS} rounds (a long case with several possible flags): begin again, with everything kept in the case. */
  private async startMoreRoundsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.replaceDialog(this.id);
  }

  /** Show what the policy recommends (muscles with the person's words, techniques, what to leave out, aftercare, framing), offer next steps, end. */
  private async recommend(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const c = turnCase(step.context);
    const advice = recommend(c, this.deps.knowledge);
    await sendAdvice(step.context, this.deps, c, advice, "Thanks, that's all I need. Based on what you told me:");
    // Three suggested actions; more are buttons on the card.
    const next: Partial<Activity> = withSuggestions(
      message('What would you like next? You can also ask me about any muscle or technique, or say "forget me" to delete what I saved.'),
      advice.next.slice(0, 3).map((n) => n.title),
    );
    await step.context.sendActivity(next);
    return step.endDialog();
  }

  // ---- answers ----

  /**
   * A message that answered nothing but told us something ("hang on, I'm on warfarin" at "does it spread below the
   * knee?"): it is in the case already, so it is acknowledged before the question again, not met with "Sorry, I
   * didn't catch that".
   */
  private noted(context: TurnContext): string | undefined {
    const { change } = turnReading(context);
    const labels = this.deps.knowledge.contraindications.filter((x) => change.contraindications.includes(x.id)).map((x) => x.label.toLowerCase());
    if (labels.length > 0) return `Thanks, noted: ${labels.join('; ')}. I'll keep that in mind.`;
    if (change.withdrawn.length > 0 || change.symptoms || change.muscles.length > 0) return "Thanks, I've noted that.";
    const { analysis } = turnReading(context);
    if (analysis.isQuestion && analysis.command === null) {
      // A question the bot has no answer for here ("what does cauda equina mean?"): said so, not "Please answer".
      noteAside(context);
      return "Sorry, I can't answer that one here. Back to my question:";
    }
    return undefined;
  }

  /** Answers each question accepts; after MAX_ATTEMPTS unclear answers, accepts anyway (read as "not sure"). */
  private validator(q: TriageQuestion) {
    return async (prompt: PromptValidatorContext<string>): Promise<boolean> => {
      const reading = turnReading(prompt.context);
      // A hint of a red flag in the answer: the pointed question about it comes next.
      if (reading.change.possibleRedFlags.length > 0 || accepts(q, reading, this.sentenceChoice(q, reading))) return true;
      return prompt.attemptCount >= MAX_ATTEMPTS;
    };
  }

  private possibleValidator() {
    return async (prompt: PromptValidatorContext<string>): Promise<boolean> => {
      const { answer } = turnReading(prompt.context).analysis;
      return answer.yesNo !== null || answer.screening !== null || prompt.attemptCount >= MAX_ATTEMPTS;
    };
  }

  /** Record an answer in the case: typed card values first, then our own button texts, then the analysis. */
  private record(c: Case, q: TriageQuestion, reading: TurnReading, fromCard: boolean): void {
    const { analysis, card } = reading;
    const { answer } = analysis;
    switch (q) {
      case 'description':
        markAsked(c, 'description');
        return;
      case 'red-flag-screen': {
        const screening = answer.screening ?? (answer.yesNo === 'yes' ? 'yes' : answer.yesNo === 'no' ? 'none' : 'unsure');
        recordRedFlagScreen(c, screening, 'list');
        return;
      }
      case 'which-red-flag': {
        if (card?.action === 'red-flags') {
          recordRedFlagScreen(c, card.flags.length > 0 ? { flags: card.flags } : card.none ? 'none' : 'unsure', 'which');
          return;
        }
        const picked = byNumber(answer, RED_FLAG_IDS)[0];
        recordRedFlagScreen(c, picked ? { flags: [picked] } : answer.screening === 'none' ? 'none' : 'unsure', 'which');
        return;
      }
      case 'where':
      case 'spread':
      case 'worse': {
        markAsked(c, q);
        const chosen = this.sentenceChoice(q, reading);
        if (chosen) updateCase(c, this.sentence(chosen.says));
        return;
      }
      case 'contra-screen':
      case 'other-contra':
      case 'which-contra':
        this.recordContra(c, q, reading, fromCard);
        return;
    }
  }

  /**
   * The contraindication screen's answers. A tick list from a card is complete (the whole list was seen and
   * ticked). Typed words naming some items at the first screen ("I'm on aspirin daily") leave the rest open
   * (asked once more: "do any of the others apply?") unless they say nothing else applies ("only that").
   */
  private recordContra(c: Case, q: 'contra-screen' | 'other-contra' | 'which-contra', reading: TurnReading, fromCard: boolean): void {
    const { analysis, card } = reading;
    const { answer } = analysis;
    const stage = q === 'which-contra' ? 'which' : 'list';
    // Numbers pick from the list just shown (nothing typed is folded in before: a bare number states nothing);
    // the follow-up's list ends with "None of the others" and "Not sure".
    const shown = q === 'other-contra' ? screenLeftOpen(c) : unknownContraindications(c);
    const picks = q === 'contra-screen' ? [] : (answer.picks ?? []);
    const pickedNone = q === 'other-contra' && picks.includes(shown.length + 1);
    const unsure = answer.screening === 'unsure' || (q === 'other-contra' && picks.includes(shown.length + 2));
    const nothingElse = answer.nothingElse === true || answer.screening === 'none' || pickedNone;
    const rest = nothingElse ? 'denied' : unsure ? 'unsure' : q === 'contra-screen' ? 'open' : undefined;
    if (card?.action === 'screening') {
      // Items ticked with "Not sure" beside them: those items, and not sure about the rest (gentle options only).
      const ticked = card.contraindications.length > 0 ? { yes: card.contraindications, ...(card.unsure ? { rest: 'unsure' as const } : {}) } : undefined;
      if (fromCard || q !== 'contra-screen') recordContraScreen(c, ticked ?? (card.unsure ? 'unsure' : 'none'), 'which');
      else recordContraScreen(c, { yes: card.contraindications, rest: 'open' }, stage);
      return;
    }
    const named = analysis.contraindications.map((x) => x.id);
    named.push(...byNumber({ ...answer, picks }, shown).filter((id) => !named.includes(id)));
    if (named.length > 0) recordContraScreen(c, { yes: named, ...(rest ? { rest } : {}) }, stage);
    else if (nothingElse || answer.yesNo === 'no') recordContraScreen(c, 'none', stage);
    else if (answer.alreadyTold && (c.contraindications?.length ?? 0) > 0) recordContraScreen(c, { yes: c.contraindications ?? [] }, stage);
    else if (q === 'other-contra' && unsure) recordContraScreen(c, 'unsure', 'which');
    else if (analysis.deniedContraindications.length === 0) recordContraScreen(c, answer.screening === 'yes' || answer.yesNo === 'yes' ? 'yes' : 'unsure', stage);
    // Only some denied ("I'm not pregnant"): the rest are asked about again, the known ones left out.
  }

  /** The intake choice an answer picks: a card button's typed value, our own button text, or a plain yes/no to "spread". */
  private sentenceChoice(q: TriageQuestion, reading: TurnReading): IntakeChoice | undefined {
    if (q !== 'where' && q !== 'spread' && q !== 'worse') return undefined;
    const choices = INTAKE_CHOICES[q];
    if (reading.card?.action === 'intake' && reading.card.question === q) return choices[reading.card.choice];
    const typed = INTAKE_TITLES[q].get(reading.text);
    if (typed) return typed;
    const { features, answer } = reading.analysis;
    if (q === 'spread' && features.belowKnee === null && features.spreadsTo.length === 0 && answer.yesNo) return choices[SPREAD_YES_NO[answer.yesNo]];
    return undefined;
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
      ...RED_FLAG_IDS.map((id) => ({ title: redFlagLabel(knowledge, id), value: id })),
      { title: NONE_OF_THEM, value: 'none' },
      { title: NOT_SURE, value: 'unsure' },
    ];
    const question = 'Which one fits best? Pick it, or "None of them" or "Not sure", then press Send.';
    const card = choiceSetCard(question, choices, { multiSelect: false, submitTitle: 'Send', emptyText: NOT_SURE, inputId: 'redFlags', action: { action: 'red-flags' } });
    return {
      prompt: cardQuestion(question, card),
      retry: cardMessage('Please pick one from the list (or type its number), or say "none of them" or "not sure".', card),
    };
  }

  private possibleRedFlagQuestion(id: RedFlagId): Question {
    const { question } = this.deps.knowledge.redFlag(id);
    const text = `Before anything else, one quick check about what you said. ${question}`;
    const answers = ['Yes', 'No', 'Not sure'];
    return { prompt: withSuggestions(message(text), answers), retry: withSuggestions(message(`Please answer yes, no or not sure. ${question}`), answers) };
  }

  private contraQuestion(ids: readonly ContraindicationId[], known = ''): Question {
    const { knowledge } = this.deps;
    const text = [
      `${known}Some massage (firm pressure or cupping) is not safe for everyone. Do any of these apply to you?`,
      ...knowledge.contraindications.filter((c) => ids.includes(c.id)).map((c) => `- ${c.label}`),
    ].join('\n');
    return {
      prompt: withSuggestions(message(text), SCREENING_CHOICES.contra),
      retry: withSuggestions(message(`Please answer "None of these", "Yes, one or more" or "Not sure".\n\n${text}`), SCREENING_CHOICES.contra),
    };
  }

  /** The screen asks only about what is not yet known, and says what it already knows. */
  private personalContraQuestion(c: Case): Question | undefined {
    const unknown = unknownContraindications(c);
    if (unknown.length === CONTRAINDICATION_IDS.length) return undefined;
    const stated = this.deps.knowledge.contraindications.filter((x) => c.contraindications?.includes(x.id)).map((x) => x.label.toLowerCase());
    const known = stated.length > 0 ? `You've told me about: ${stated.join('; ')}. I'll keep that in mind. ` : '';
    return this.contraQuestion(unknown, known);
  }

  private whichContraQuestion(ids: readonly ContraindicationId[]): Question {
    const choices = [
      ...this.deps.knowledge.contraindications.filter((c) => ids.includes(c.id)).map((c) => ({ title: c.label, value: c.id })),
      { title: NOT_SURE, value: 'unsure' },
    ];
    const question = 'Which ones? Tick all that apply, then press Send.';
    const card = choiceSetCard(question, choices, { multiSelect: true, submitTitle: 'Send', emptyText: NOT_SURE, inputId: 'contraindications', action: { action: 'screening' } });
    return {
      prompt: cardQuestion(question, card),
      retry: cardMessage('Please tick the ones that apply (or type them, e.g. "blood thinners, pregnancy"), or say "not sure".', card),
    };
  }

  /** After a typed answer that named some: "Thanks, noted: blood thinners. Do any of the others apply?", the others as a tick list. */
  private otherContraQuestion(ids: readonly ContraindicationId[], noted: readonly ContraindicationId[]): Question {
    const { knowledge } = this.deps;
    const labels = knowledge.contraindications.filter((x) => noted.includes(x.id)).map((x) => x.label.toLowerCase());
    const choices = [
      ...knowledge.contraindications.filter((x) => ids.includes(x.id)).map((x) => ({ title: x.label, value: x.id })),
      { title: NONE_OF_THE_OTHERS, value: 'none' },
      { title: NOT_SURE, value: 'unsure' },
    ];
    const question = `${labels.length > 0 ? `Thanks, noted: ${labels.join('; ')}. ` : ''}Do any of the others apply? Tick them, or "${NONE_OF_THE_OTHERS}", then press Send.`;
    const card = choiceSetCard(question, choices, { multiSelect: true, submitTitle: 'Send', emptyText: NOT_SURE, inputId: 'contraindications', action: { action: 'screening' } });
    return {
      prompt: cardQuestion(question, card),
      retry: cardMessage('Please tick the others that apply (or type them), or say "none of the others" or "not sure".', card),
    };
  }

  private personalOtherContraQuestion(c: Case): Question | undefined {
    const open = screenLeftOpen(c);
    return open.length > 0 ? this.otherContraQuestion(open, c.contraindications ?? []) : undefined;
  }

  private personalWhichContraQuestion(c: Case): Question | undefined {
    const unknown = unknownContraindications(c);
    return unknown.length === CONTRAINDICATION_IDS.length ? undefined : this.whichContraQuestion(unknown);
  }

  /** An intake question: a card with buttons carrying typed values (more than three answers) or suggested actions. */
  private intakeQuestion(q: 'where' | 'spread' | 'worse', question: string, asCard: boolean): Question {
    const titles = INTAKE_CHOICES[q].map((c) => c.title);
    const retryText = `Sorry, I didn't catch that. ${question} Pick one, or describe it in your own words.`;
    if (asCard) {
      const card = choiceButtonsCard(question, titles, (i) => ({ action: 'intake', question: q, choice: i }));
      return { prompt: cardQuestion(question, card), retry: cardMessage(retryText, card) };
    }
    return { prompt: withSuggestions(message(question), titles), retry: withSuggestions(message(retryText), titles) };
  }
}

function descriptionQuestion(): Question {
  const ask = 'Tell me in your own words: where does it hurt, and what makes it worse?';
  return { prompt: message(ask), retry: message(`Please describe it in a few words. ${ask}`) };
}

function isIntake(q: TriageValues['asking']): q is 'where' | 'spread' | 'worse' {
  return q === 'where' || q === 'spread' || q === 'worse';
}

/** Whether a reading answers a question (it is then recorded by {@link SymptomTriageDialog.record}). */
function accepts(q: TriageQuestion, reading: TurnReading, intakeChoice: IntakeChoice | undefined): boolean {
  const { analysis, card, text } = reading;
  const { answer, features } = analysis;
  const unsure = answer.screening === 'unsure' || answer.screening === 'none';
  switch (q) {
    case 'description':
      return text !== '';
    case 'red-flag-screen':
      return answer.screening !== null || answer.yesNo !== null;
    case 'which-red-flag':
      return card?.action === 'red-flags' || unsure || byNumber(answer, RED_FLAG_IDS).length > 0;
    // "I already told you" at an intake question: what they said is in the case; the question is not pressed.
    case 'where':
      return intakeChoice !== undefined || unsure || answer.alreadyTold || features.locations.length > 0 || features.spreadsTo.length > 0 || analysis.muscles.length > 0;
    case 'spread':
      return intakeChoice !== undefined || unsure || answer.alreadyTold || features.belowKnee !== null || features.spreadsTo.length > 0;
    case 'worse':
      return intakeChoice !== undefined || unsure || answer.alreadyTold || features.aggravators.length > 0;
    case 'contra-screen':
    case 'other-contra':
    case 'which-contra':
      return (
        card?.action === 'screening' ||
        analysis.contraindications.length > 0 ||
        analysis.deniedContraindications.length > 0 ||
        answer.screening !== null ||
        answer.yesNo !== null ||
        answer.alreadyTold ||
        answer.nothingElse === true ||
        (q !== 'contra-screen' && (answer.picks?.length ?? 0) > 0)
      );
  }
}

/** The answer to the one question about a possible red flag. */
function possibleAnswer({ analysis }: TurnReading): 'yes' | 'no' | 'unsure' {
  const { yesNo, screening } = analysis.answer;
  if (yesNo === 'yes' || screening === 'yes') return 'yes';
  if (yesNo === 'no' || screening === 'none') return 'no';
  return 'unsure';
}

/** List items picked by their number in our own numbered list (channels without cards show the list numbered). */
function byNumber<T>(answer: Analysis['answer'], items: readonly T[]): T[] {
  return (answer.picks ?? []).flatMap((n) => (n <= items.length ? [items[n - 1] as T] : []));
}

/** The short label the bot uses for a red flag in its lists (the knowledge's `meaning`). */
function redFlagLabel(knowledge: DialogDeps['knowledge'], id: RedFlagId): string {
  return knowledge.redFlag(id).meaning;
}
