import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  WaterfallDialog,
  type DialogContext,
  type DialogInstance,
  type DialogState,
  type DialogStateManagerConfiguration,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Intent } from '../knowledge/vocabulary';
import type { Analysis } from '../nlp/types';
import { anotherPain, changesAdvice, emptyCase, restartCase, updateCase, type Case } from '../triage/case';
import { answerFollowUp } from '../triage/followUp';
import { doctorFirst, recommend, revisionNote } from '../triage/policy';
import { sendAdvice } from './advice';
import { AftercareDialog } from './aftercareDialog';
import type { ChildDialog } from './childDialog';
import type { DialogDeps } from './deps';
import { titles } from './lookup';
import { message, withSuggestions } from './messages';
import { MuscleInfoDialog } from './muscleInfoDialog';
import {
  AFTERCARE_DIALOG,
  MUSCLE_INFO_DIALOG,
  SYMPTOM_TRIAGE_DIALOG,
  TECHNIQUE_INFO_DIALOG,
  type ChildDialogOptions,
  type NamedInMessage,
} from './options';
import {
  OPTION_SUGGESTIONS,
  cancelledMessage,
  explainRedFlags,
  helpMessage,
  lastTimeOnHold,
  lostTrackMessage,
  oldQuestionMessage,
  noProblemLine,
  nothingToCancelMessage,
  redFlagAdvice,
  redFlagReminder,
  safeToBrowseMessage,
  unsureRedFlagAdvice,
} from './replies';
import { lastAssessmentAccessor } from './state';
import { INTAKE_PROMPT_IDS, SymptomTriageDialog, type TriageOutcome } from './symptomTriageDialog';
import { TechniqueInfoDialog } from './techniqueInfoDialog';
import { OptionTable, type Aside, caseIn, notedAside, turnCase, isButtonText, keepAside, keepCase, readTurn, setTurnCase, setTurnChange, takeAside, turnReading, type TurnReading } from './turn';

export const MAIN_DIALOG = 'mainDialog';
const CLARIFY_WATERFALL = 'clarifyWaterfall';
const CLARIFY_PROMPT = 'clarifyPrompt';

/** Below this confidence, or with the top two intents this close, MainDialog asks instead of guessing. */
export const MIN_CONFIDENCE = 0.5;
export const MIN_MARGIN = 0.1;

/** How sure the matcher must be that a message at an intake question is a side question about a muscle or technique. */
const ASIDE_MIN_CONFIDENCE = 0.7;

/** Labels for the intents a clarifying question can offer, and for the general option buttons. */
const INTENT_LABELS: Partial<Record<Intent, string>> = {
  symptom: 'Describe my pain',
  muscle_info: 'Tell me about a muscle',
  technique_info: 'Tell me about a technique',
  aftercare: 'Care before and after massage',
};
const SOMETHING_ELSE = 'Something else';

/**
 * The Teams command list (deploy/teams/manifest.template.json): Teams sends a command's title as the
 * message, so each one is routed like the bot's own buttons ("forget me" is a command).
 */
export const TEAMS_COMMANDS: ReadonlyArray<readonly [title: string, intent: Intent]> = [
  ['help', 'help'],
  ['check my symptoms', 'symptom'],
  ['aftercare', 'aftercare'],
];

/** Our own answers to the triage's questions: tapped with nothing open, they answer a question the bot lost. */
const ANSWER_BUTTONS = new OptionTable(
  ['None of these', 'Yes, one of these', 'Yes, one or more', 'Not sure', 'Yes, with numbness or tingling', 'Yes, just pain', 'No, it stays above', 'Sitting or driving', 'Standing or walking', 'Bending or lifting'].map((t) => [t, true] as const),
);

/** The clarifying question's answer when the person typed something clear instead of picking an option. */
const REROUTE = '\u0000reroute';

/** A message the matcher was unsure about: the options to offer, and what the message named. */
interface Clarify {
  choices: string[];
  named: NamedInMessage;
}

/** What MainDialog starts inside itself: a child dialog with its options, or a clarifying question. */
type Start = { child: string; options: ChildDialogOptions } | { clarify: Clarify };

/** A routing decision: which intent, plus anything a button already chose. */
interface Route extends ChildDialogOptions {
  intent: Intent;
}

/** One message, as every route sees it. */
interface Turn {
  context: TurnContext;
  /** The root dialog context, made on first use (most fresh messages are answered without one). */
  dc: () => Promise<DialogContext>;
  reading: TurnReading;
  analysis: Analysis;
  case: Case;
  /** The id of the innermost open dialog or prompt, when a question is open. */
  open: string | undefined;
  /** The child dialog at the bottom of the open stack (the triage, a browse dialog, the clarifying question). */
  openChild: string | undefined;
  /** The bot's last reply was an aside (help, an explanation, a follow-up answer), and which follow-up it answered. */
  afterAside: Aside | undefined;
  /** Set when this turn's reply is an aside (kept for the next turn). */
  aside: { sent: Aside | undefined };
}

/** One row of the route table: when it applies, and what it does. */
interface RouteRow {
  name: string;
  when: (t: Turn) => boolean;
  run: (t: Turn) => Promise<void>;
}

/**
 * The root dialog. {@link MainDialog.run} reads the message once, folds it into the person's case, then
 * walks one route table, the same whether a question is open or not: commands first (forget me, start
 * over, cancel, help, last time), then red flags (advice from one place), questions about a flag, the bot's
 * own options, follow-up questions, late facts that revise the advice, and finally the open question or a
 * fresh route by intent. The children (triage, muscle, technique, aftercare, clarifying question) run
 * inside this component; they ask, show and store, and src/triage decides.
 */
export class MainDialog extends ComponentDialog {
  private readonly dialogSets = new WeakMap<StatePropertyAccessor<DialogState>, DialogSet>();
  private readonly children: ReadonlyMap<string, ChildDialog<ChildDialogOptions>>;
  private readonly fixedButtons: OptionTable<Route>;
  private readonly routes: readonly RouteRow[];
  /**
   * The dialog memory's scopes and path resolvers, built on the first turn and handed to every later one, as
   * botbuilder's own DialogManager does (`stateConfiguration`): otherwise every turn's first DialogContext builds
   * them again (a service collection, a dependency graph, a zod parse of the settings and nine scope objects).
   */
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(private readonly deps: DialogDeps) {
    super(MAIN_DIALOG);
    const children = [new SymptomTriageDialog(deps), new MuscleInfoDialog(deps), new TechniqueInfoDialog(deps), new AftercareDialog(deps)];
    for (const child of children) {
      this.addDialog(child);
      for (const prompt of child.prompts) this.addDialog(prompt);
    }
    this.children = new Map(children.map((c) => [c.id, c]));
    this.addDialog(new ChoicePrompt(CLARIFY_PROMPT, this.clarifyValidator.bind(this)));
    this.addDialog(new WaterfallDialog<Clarify>(CLARIFY_WATERFALL, [this.askWhatTheyMeantStep.bind(this), this.routeWhatTheyMeantStep.bind(this)]));
    this.fixedButtons = new OptionTable<Route>([
      [INTENT_LABELS.symptom ?? '', { intent: 'symptom' }],
      ['Check another pain', { intent: 'symptom' }],
      ...TEAMS_COMMANDS.map(([title, intent]): [string, Route] => [title, { intent }]),
      [INTENT_LABELS.muscle_info ?? '', { intent: 'muscle_info' }],
      [INTENT_LABELS.technique_info ?? '', { intent: 'technique_info' }],
      [INTENT_LABELS.aftercare ?? '', { intent: 'aftercare' }],
    ]);
    this.routes = this.routeTable();
  }

  /** Run one turn: read the message, fold it into the case, take the first route that applies. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    if (context.activity.type !== 'message') return;
    const reading = readTurn(context, this.deps.analyzer);
    const state = await dialogState.get(context, { dialogStack: [] });
    dropOldStack(state);
    const c = caseIn(state);
    setTurnCase(context, c);
    // A card's typed value and our own button texts carry no facts of their own: only typed words are read.
    if (!reading.card && !isButtonText(reading.text)) setTurnChange(context, updateCase(c, reading.analysis));
    const inner = innerStack(state);
    let dc: Promise<DialogContext> | undefined;
    const dcOf = (): Promise<DialogContext> => (dc ??= this.dialogSetFor(dialogState).createContext(context));
    const aside: Turn['aside'] = { sent: undefined };
    const turn: Turn = { context, dc: dcOf, reading, analysis: reading.analysis, case: c, open: inner.at(-1)?.id, openChild: inner[0]?.id, afterAside: takeAside(state), aside };
    const route = this.routes.find((r) => r.when(turn));
    if (this.stateConfiguration) context.turnState.set(STATE_CONFIGURATION_KEY, this.stateConfiguration);
    try {
      if (route) await route.run(turn);
    } finally {
      keepCase(state, c);
      keepAside(state, aside.sent ?? (notedAside(context) ? true : undefined));
      this.stateConfiguration ??= context.turnState.get(STATE_CONFIGURATION_KEY) as DialogStateManagerConfiguration | undefined;
    }
  }

  /** The route table: the first row whose `when` holds answers the message. */
  private routeTable(): RouteRow[] {
    const command = (t: Turn) => (t.reading.card ? null : t.analysis.command);
    return [
      { name: 'forget me', when: (t) => command(t) === 'forget-me', run: (t) => this.forgetMe(t) },
      { name: 'start over', when: (t) => command(t) === 'start-over', run: (t) => this.startOver(t) },
      { name: 'cancel', when: (t) => command(t) === 'cancel', run: (t) => this.cancel(t) },
      { name: 'help', when: (t) => command(t) === 'help', run: (t) => this.afterAside(t, helpMessage(this.deps, t.open !== undefined)) },
      { name: 'last time', when: (t) => command(t) === 'last-time', run: (t) => this.lastTime(t) },
      { name: 'new red flag', when: (t) => t.reading.change.redFlags.length > 0, run: (t) => this.endWithRedFlagAdvice(t) },
      { name: 'question about a flag', when: (t) => t.analysis.askedAboutRedFlags.length > 0, run: (t) => this.afterAside(t, message(explainRedFlags(this.deps, t.analysis.askedAboutRedFlags))) },
      { name: 'nothing new after an aside', when: (t) => t.afterAside !== undefined && !t.reading.card && !isButtonText(t.reading.text) && saysNothingNew(t.analysis), run: (t) => this.noProblem(t) },
      { name: 'lost question', when: (t) => t.open === undefined && this.answersALostQuestion(t), run: (t) => t.context.sendActivity(t.case.recommended ? oldQuestionMessage() : lostTrackMessage()).then(() => undefined) },
      { name: 'possible red flag', when: (t) => t.reading.change.possibleRedFlags.length > 0 && t.openChild !== SYMPTOM_TRIAGE_DIALOG, run: (t) => this.restart(t, { child: SYMPTOM_TRIAGE_DIALOG, options: {} }) },
      { name: 'follow-up question', when: (t) => !t.reading.card && (t.analysis.ask !== null || this.asksTheSameAbout(t)), run: (t) => this.followUp(t) },
      { name: 'late fact', when: (t) => t.case.recommended !== undefined && t.openChild !== SYMPTOM_TRIAGE_DIALOG && (changesAdvice(t.reading.change) || t.reading.change.symptoms), run: (t) => (doctorFirst(t.case) ? this.notedWithRedFlag(t) : this.revise(t)) },
      { name: 'a known fact again', when: (t) => t.open === undefined && t.analysis.contraindications.length > 0 && !changesAdvice(t.reading.change) && !t.reading.change.symptoms, run: (t) => this.knownAlready(t) },
      { name: 'massage advice with a red flag on the case', when: (t) => this.asksAdviceDespiteRedFlag(t), run: (t) => this.remindOfRedFlag(t) },
      { name: 'side question at an intake question', when: (t) => this.isAside(t), run: (t) => this.answerAside(t) },
      { name: 'open question', when: (t) => t.open !== undefined, run: async (t) => this.afterChild(t, await (await t.dc()).continueDialog()) },
      { name: 'decline', when: (t) => command(t) === 'decline' || this.isBareNo(t), run: (t) => this.decline(t) },
      { name: 'fresh message', when: () => true, run: (t) => this.routeFresh(t) },
    ];
  }

  // ---- commands ----

  private async forgetMe(t: Turn): Promise<void> {
    await this.closeAll(t);
    resetCase(t.case, emptyCase());
    // Last, so nothing of this turn is written back: with a store behind it, every conversation of this
    // person goes too (src/storage privacy index).
    if (this.deps.forgetUser) await this.deps.forgetUser(t.context);
    else await this.deps.userState.delete(t.context);
    await t.context.sendActivity(
      withSuggestions(message("Done: I've deleted everything I had saved about you, including my last suggestions. We can start afresh whenever you like."), OPTION_SUGGESTIONS),
    );
  }

  /** Start over: the pain and the answers are forgotten (red flags are kept), every question closed. */
  private async startOver(t: Turn): Promise<void> {
    resetCase(t.case, restartCase(t.case));
    await this.closeAll(t);
    await t.context.sendActivity(cancelledMessage());
  }

  private async cancel(t: Turn): Promise<void> {
    if (t.open === undefined) {
      await t.context.sendActivity(nothingToCancelMessage());
      return;
    }
    await this.closeAll(t);
    await t.context.sendActivity(cancelledMessage());
  }

  /** "What did you suggest last time?": the saved (revised) summary. At the bot's own "what would you like to do?" that question closes. */
  private async lastTime(t: Turn): Promise<void> {
    const last = await lastAssessmentAccessor(this.deps.userState).get(t.context);
    const onHold = doctorFirst(t.case) !== undefined;
    // With a red flag on the case the earlier suggestions are not repeated: they are on hold until a doctor has checked it.
    const text = onHold
      ? lastTimeOnHold(last ? formatDate(last.date) : undefined)
      : last
        ? `Last time (${formatDate(last.date)}) I suggested:\n\n${last.summary}\n\n${this.deps.knowledge.framing.disclaimer}`
        : "I don't have any earlier suggestions saved for you. Describe your pain and I'll suggest what may help.";
    if (onHold) await t.context.sendActivity(message(redFlagReminder(this.deps, t.case)));
    if (t.openChild === CLARIFY_WATERFALL) await this.closeAll(t);
    await this.afterAside({ ...t, open: t.openChild === CLARIFY_WATERFALL ? undefined : t.open }, message(text));
  }

  /** Close every open question (nothing to do when none is open). */
  private async closeAll(t: Turn): Promise<void> {
    if (t.open !== undefined) await (await t.dc()).cancelAllDialogs(true);
  }

  // ---- red flags: advice is sent from here only ----

  /** A red flag on the case: urgent advice (no massage advice), every question closed. */
  private async endWithRedFlagAdvice(t: Turn): Promise<void> {
    await this.closeAll(t);
    await t.context.sendActivity(redFlagAdvice(this.deps, t.case.redFlags ?? []));
    // A plan given before the flag is on hold: "last time" in a later conversation must not bring it back.
    if (t.case.recommended && t.case.recommended.techniques.length > 0) {
      const saved = lastAssessmentAccessor(this.deps.userState);
      const last = await saved.get(t.context);
      if (last) await saved.set(t.context, { ...last, techniques: [], excluded: [...new Set([...last.excluded, ...last.techniques])], summary: ON_HOLD_SUMMARY });
      t.case.recommended = { techniques: [] };
    }
  }

  /** After a child dialog: a triage that ended on a red flag gets the advice here. */
  private async afterChild(t: Turn, result: DialogTurnResult): Promise<void> {
    if (result.status !== DialogTurnStatus.complete) return;
    const outcome = (result.result as TriageOutcome | undefined)?.outcome;
    if (outcome === 'red-flag') await this.endWithRedFlagAdvice(t);
    else if (outcome === 'unsure-red-flag') await t.context.sendActivity(unsureRedFlagAdvice(this.deps));
  }

  /**
   * Pain described, advice, stretches or aftercare asked for, or the flag waved away ("it's probably nothing,
   * just give me some stretches"), with a red flag already on the case, outside a triage. Asking about a muscle
   * or a technique by name is browsing and stays open; so are commands, follow-up questions and our own buttons
   * (routed by what they mean).
   */
  private asksAdviceDespiteRedFlag(t: Turn): boolean {
    if (!doctorFirst(t.case) || t.openChild === SYMPTOM_TRIAGE_DIALOG || t.reading.card || isButtonText(t.reading.text)) return false;
    const { analysis } = t;
    if (analysis.command !== null) return false;
    const confident = analysis.confidence >= MIN_CONFIDENCE;
    if (confident && (analysis.intent === 'muscle_info' || analysis.intent === 'technique_info' || analysis.intent === 'greeting' || analysis.intent === 'thanks')) return false;
    if (analysis.intent === 'symptom' || analysis.intent === 'aftercare') return true;
    return this.clarifyOptions(analysis).some((o) => o === INTENT_LABELS.symptom || o === INTENT_LABELS.aftercare);
  }

  /** The red flag again, briefly, instead of massage advice; information stays open to browse. */
  private async remindOfRedFlag(t: Turn): Promise<void> {
    await this.closeAll(t);
    await this.sendRedFlagReminder(t.context, t.case, true);
  }

  private async sendRedFlagReminder(context: TurnContext, c: Case, insteadOfAdvice: boolean): Promise<void> {
    await context.sendActivity(message(redFlagReminder(this.deps, c)));
    if (insteadOfAdvice) await context.sendActivity(safeToBrowseMessage());
  }

  /**
   * A red flag stays on the case: a route to massage advice, stretches or aftercare gets the reminder and what
   * is safe to browse instead (true: answered; the reminder is not said twice when it was just said).
   */
  private async redFlagFirst(context: TurnContext, c: Case, route: Route, justReminded: boolean): Promise<boolean> {
    if (!doctorFirst(c)) return false;
    if (route.intent !== 'symptom' && route.intent !== 'aftercare') return false;
    if (justReminded) await context.sendActivity(safeToBrowseMessage());
    else await this.sendRedFlagReminder(context, c, true);
    return true;
  }

  /** A late contraindication or symptom with a red flag on the case: noted, no plan (the flag comes first). */
  private async notedWithRedFlag(t: Turn): Promise<void> {
    await this.closeAll(t);
    await t.context.sendActivity(message(redFlagReminder(this.deps, t.case)));
    await t.context.sendActivity(withSuggestions(message("Thanks, I've noted what you just told me: it will matter once a doctor has checked you. I can still tell you about a muscle or a massage technique in general."), OPTION_SUGGESTIONS.slice(1)));
  }

  /** "I was just asking" after an aside: a friendly line and back to where we were, never "please answer". */
  private async noProblem(t: Turn): Promise<void> {
    if (t.open === undefined) {
      await t.context.sendActivity(withSuggestions(message(noProblemLine(false)), OPTION_SUGGESTIONS));
      return;
    }
    await t.context.sendActivity(message(noProblemLine(true)));
    await (await t.dc()).repromptDialog();
  }

  // ---- asides: answered, then the open question again ----

  /** Send a reply; with a question open, ask it again; with none, offer options. */
  private async afterAside(t: Turn, reply: Partial<Activity>): Promise<void> {
    t.aside.sent ??= true;
    if (t.open === undefined) {
      await t.context.sendActivity(reply.suggestedActions ? reply : withSuggestions(reply, OPTION_SUGGESTIONS));
      return;
    }
    await t.context.sendActivity(reply);
    await (await t.dc()).repromptDialog();
  }

  /**
   * "What about myofascial release?" straight after "would trigger point be ok for me?" was answered: the same
   * question about another technique (a question naming only techniques, with no question of its own).
   */
  private asksTheSameAbout(t: Turn): boolean {
    const { analysis } = t;
    return t.afterAside === 'technique-safety' && analysis.isQuestion && analysis.techniques.length > 0 && analysis.muscles.length === 0 && analysis.intent === 'technique_info';
  }

  /** A follow-up about their own care, answered from the case: the direct answer first, then the detail. */
  private async followUp(t: Turn): Promise<void> {
    const { analysis } = t;
    const ask = analysis.ask ?? 'technique-safety';
    const { answer, detail } = answerFollowUp(t.case, ask, analysis.techniques, this.deps.knowledge);
    t.aside.sent = ask;
    // A browse menu or the clarifying question left open is not asked again after the answer: the person moved on.
    if (t.open !== undefined && t.openChild !== SYMPTOM_TRIAGE_DIALOG) {
      await this.closeAll(t);
      t = { ...t, open: undefined, openChild: undefined };
    }
    // A red flag stays on the case: advice about massage hears it again first.
    if (doctorFirst(t.case)) await t.context.sendActivity(message(redFlagReminder(this.deps, t.case)));
    const reply = message([answer, ...detail].join('\n\n'));
    if (this.describesPainToCheck(t)) {
      // "…worse when I sit at work or drive… what massage should I get?": the check that leads to a plan is the
      // answer (its screens ask what the generic answer would list); a named technique or another question is
      // answered first, then the check begins with what the message already said.
      if (ask !== 'technique-safety' || analysis.techniques.length > 0) await t.context.sendActivity(reply);
      t.aside.sent = undefined;
      await this.begin(t, { child: SYMPTOM_TRIAGE_DIALOG, options: {} });
      return;
    }
    // "I just remembered I'm on apixaban, can I still have the trigger point?" after a plan: the answer, then the plan
    // revised and saved (so "last time" shows it), as for any late fact.
    if (t.case.recommended !== undefined && t.openChild !== SYMPTOM_TRIAGE_DIALOG && !doctorFirst(t.case) && (changesAdvice(t.reading.change) || t.reading.change.symptoms)) {
      await t.context.sendActivity(reply);
      await this.revise(t);
      return;
    }
    // "Is cupping safe if I'm on blood thinners?" at the contraindication question answers it too: the question goes on.
    if (t.open !== undefined && t.reading.change.contraindications.length > 0) {
      await t.context.sendActivity(reply);
      await this.afterChild(t, await (await t.dc()).continueDialog());
      return;
    }
    await this.afterAside(t, reply);
  }

  /** "Sorry, it's clopidogrel, not warfarin" with nothing open: the same as the bot already has, said so (not "I can only help with…"). */
  private async knownAlready(t: Turn): Promise<void> {
    const ids = t.analysis.contraindications.map((x) => x.id);
    const labels = this.deps.knowledge.contraindications.filter((x) => ids.includes(x.id)).map((x) => x.label.toLowerCase());
    const after = t.case.recommended ? 'so what I suggested stays as it was' : "and I'll keep it in mind";
    // If the reading was wrong ("I'm not on it any more"), the person sees what the bot has and how to put it right.
    const fix = "If that's not right, tell me, for example \"I don't take blood thinners\" or \"I'm not pregnant\".";
    await t.context.sendActivity(withSuggestions(message(`Thanks, I have that already (${labels.join('; ')}), ${after}. ${fix}`), OPTION_SUGGESTIONS));
  }

  /** A question that came with a description of the pain, before any plan, with nothing open: the check should follow. */
  private describesPainToCheck(t: Turn): boolean {
    const { change } = t.reading;
    return t.open === undefined && t.case.recommended === undefined && !doctorFirst(t.case) && (change.symptoms || change.muscles.length > 0);
  }

  /** A late contraindication or new symptom after a recommendation: acknowledge it and show the revised plan. */
  private async revise(t: Turn): Promise<void> {
    const before = t.case.recommended;
    const advice = recommend(t.case, this.deps.knowledge);
    const note = before ? revisionNote(before, advice, t.case, this.deps.knowledge) : undefined;
    const same = before !== undefined && sameList(before.techniques, advice.ids.techniques);
    const lead = `Thanks for telling me. ${note ?? (same ? "That doesn't change which massage I'd suggest." : 'Here is my suggestion again with that taken into account.')} Here is the revised plan:`;
    await sendAdvice(t.context, this.deps, t.case, advice, lead);
    if (t.open !== undefined) await (await t.dc()).repromptDialog();
    else await t.context.sendActivity(withSuggestions(message('Anything else you would like to know?'), advice.next.slice(0, 3).map((n) => n.title)));
  }

  /**
   * "What is cupping?" asked at one of the triage's intake questions: the explainer, then the question
   * again. Only a confident question about a muscle or technique that names one counts, so an answer that
   * mentions a muscle ("my hamstring") stays an answer.
   */
  private isAside(t: Turn): boolean {
    if (t.openChild !== SYMPTOM_TRIAGE_DIALOG || !INTAKE_PROMPT_IDS.has(t.open ?? '')) return false;
    const { analysis } = t;
    return (analysis.intent === 'muscle_info' || analysis.intent === 'technique_info') && analysis.confidence >= ASIDE_MIN_CONFIDENCE && analysis.isQuestion;
  }

  private async answerAside(t: Turn): Promise<void> {
    const child = this.children.get(CHILD_FOR[t.analysis.intent] ?? '');
    if (child && (await child.answerAtOnce(t.context, { named: namedIn(t.analysis) }))) {
      await (await t.dc()).repromptDialog();
      return;
    }
    await this.afterChild(t, await (await t.dc()).continueDialog());
  }

  // ---- nothing open ----

  /** A typed answer or card submit for a question the bot no longer has (state lost after a restart, an old card). */
  private answersALostQuestion(t: Turn): boolean {
    const { card } = t.reading;
    if (card) return card.action !== 'go';
    return ANSWER_BUTTONS.get(t.reading.text) === true;
  }

  /** A bare "no" / "nope" with nothing open: it turns down "what would you like next?", it is no description. */
  private isBareNo(t: Turn): boolean {
    const { analysis } = t;
    return analysis.answer.yesNo === 'no' && !analysis.isQuestion && analysis.muscles.length === 0 && analysis.techniques.length === 0 && analysis.features.locations.length === 0;
  }

  private async decline(t: Turn): Promise<void> {
    await t.context.sendActivity(
      withSuggestions(message("All right. I'm here whenever you want to describe your pain, or ask about a muscle or a massage technique."), OPTION_SUGGESTIONS),
    );
  }

  /** A message with nothing open: our buttons, then the matcher's intent (or a clarifying question); a red flag on the case is recalled first. */
  private async routeFresh(t: Turn): Promise<void> {
    if (t.reading.text === '' && !t.reading.card) {
      await t.context.sendActivity(withSuggestions(message('I can only read text messages. Try describing your pain in a few words.'), OPTION_SUGGESTIONS));
      return;
    }
    const goTo = t.reading.card?.action === 'go' ? t.reading.card.route : t.reading.text;
    let route = this.buttonRoute(goTo);
    if (!route) {
      const options = this.clarifyOptions(t.analysis);
      if (options.length > 0) {
        // (With a red flag on the case, a request that may be for advice or stretches never gets here: see asksAdviceDespiteRedFlag.)
        await this.begin(t, { clarify: { choices: [...options, SOMETHING_ELSE], named: namedIn(t.analysis) } });
        return;
      }
      route = { intent: t.analysis.intent, ...this.childOptions(t.analysis.intent, t.analysis) };
    }
    if (await this.redFlagFirst(t.context, t.case, route, false)) return;
    if (route.intent === 'symptom' && t.case.recommended) {
      // After a recommendation, a description or "Check another pain" is a new check: what is known about the person stays.
      resetCase(t.case, anotherPain(t.case));
      if (!t.reading.card && !isButtonText(t.reading.text)) updateCase(t.case, t.analysis);
    }
    const start = await this.answer(t.context, route);
    if (start) await this.begin(t, start);
  }

  /** Begin a child (or the clarifying question) inside this component. */
  private async begin(t: Turn, start: Start): Promise<void> {
    await this.afterChild(t, await (await t.dc()).beginDialog(MAIN_DIALOG, start));
  }

  /** Close whatever is open and begin something else. */
  private async restart(t: Turn, start: Start): Promise<void> {
    await this.closeAll(t);
    await this.begin(t, start);
  }

  protected override async onBeginDialog(inner: DialogContext, start?: Start): Promise<DialogTurnResult> {
    if (!start) return inner.endDialog();
    if ('child' in start) return inner.beginDialog(start.child, start.options);
    return inner.beginDialog(CLARIFY_WATERFALL, start.clarify);
  }

  /** Ask which of the likely options the person meant. */
  private async askWhatTheyMeantStep(step: WaterfallStepContext<Clarify>): Promise<DialogTurnResult> {
    return step.prompt(CLARIFY_PROMPT, {
      prompt: message("Sorry, I'm not sure I understood. What would you like to do?"),
      retryPrompt: message('Please pick one of these, or type "help".'),
      choices: step.options.choices,
      style: ListStyle.suggestedAction,
    });
  }

  /** An option, or anything the bot can act on without asking again: "aftercare" typed at "What would you like to do?" is an answer. */
  private async clarifyValidator(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    const reading = turnReading(prompt.context);
    if (reading.text === '') return false;
    if (!this.buttonRoute(reading.text)) {
      // Off-topic or still unclear: ask again with the options (an invalid answer gets a reprompt).
      if (reading.analysis.intent === 'out_of_scope' || this.clarifyOptions(reading.analysis).length > 0) return false;
    }
    prompt.recognized.value = { value: REROUTE, index: -1, score: 1 };
    return true;
  }

  /** After a clarifying question: route to the chosen intent with what the original message named. */
  private async routeWhatTheyMeantStep(step: WaterfallStepContext<Clarify>): Promise<DialogTurnResult> {
    const choice = step.result as FoundChoice | undefined;
    if (!choice || typeof choice.value !== 'string') return step.endDialog();
    let route: Route;
    if (choice.value === REROUTE) {
      const reading = turnReading(step.context);
      route = this.buttonRoute(reading.text) ?? { intent: reading.analysis.intent, ...this.childOptions(reading.analysis.intent, reading.analysis) };
    } else {
      const intent = (Object.keys(INTENT_LABELS) as Intent[]).find((i) => INTENT_LABELS[i] === choice.value) ?? 'help';
      route = intent === 'symptom' ? { intent } : { intent, named: step.options.named };
    }
    // The question itself came after the reminder when it offered advice or aftercare; a typed answer did not.
    if (await this.redFlagFirst(step.context, turnCase(step.context), route, choice.value !== REROUTE)) return step.endDialog();
    const start = await this.answer(step.context, route);
    if (start && 'child' in start) return step.replaceDialog(start.child, start.options);
    return step.endDialog();
  }

  /** What a child dialog needs from the message that starts it: names for the browse dialogs. */
  private childOptions(intent: Intent, analysis: Analysis): ChildDialogOptions {
    if (intent === 'muscle_info' || intent === 'technique_info' || intent === 'aftercare') return { named: namedIn(analysis) };
    return {};
  }

  /** Answer an intent: small talk and anything a child can answer at once are sent now; otherwise the child to start. */
  private async answer(context: TurnContext, route: Route): Promise<Start | undefined> {
    const { intent, ...options } = route;
    const childId = CHILD_FOR[intent];
    if (childId) {
      const child = this.children.get(childId);
      if (child && (await child.answerAtOnce(context, options))) return undefined;
      return { child: childId, options };
    }
    await context.sendActivity(this.smallTalk(intent));
    return undefined;
  }

  /** Replies that need no dialog: greeting, thanks, help, "cancel" with nothing open, out of scope. */
  private smallTalk(intent: Intent): Partial<Activity> {
    switch (intent) {
      case 'greeting':
        return withSuggestions(
          message(`Hello! Tell me where it hurts and what makes it worse, or ask about a muscle or a massage technique.\n\n${this.deps.knowledge.framing.disclaimer}`),
          OPTION_SUGGESTIONS,
        );
      case 'thanks':
        return withSuggestions(message("You're welcome. I hope you feel better soon. Anything else I can help with?"), OPTION_SUGGESTIONS);
      case 'help':
        return helpMessage(this.deps, false);
      case 'cancel':
        return nothingToCancelMessage();
      case 'out_of_scope':
      default:
        return withSuggestions(
          message("Sorry, I can only help with buttock, leg and low-back (sciatica-type) pain and massage for it. You could describe your pain, or ask about a muscle or a massage technique."),
          OPTION_SUGGESTIONS,
        );
    }
  }

  /** The options a clarifying question offers, or none when the matcher is sure enough. */
  private clarifyOptions(analysis: Analysis): string[] {
    const [first, second] = analysis.ranking;
    const confident = analysis.confidence >= MIN_CONFIDENCE && (!second || !first || first.confidence - second.confidence >= MIN_MARGIN);
    if (confident) return [];
    const labelled = analysis.ranking.map((r) => INTENT_LABELS[r.intent]).filter((l): l is string => l !== undefined);
    return [...new Set([...labelled, ...Object.values(INTENT_LABELS)])].slice(0, 2);
  }

  /** The bot's own option titles (and card "go" values), routed by the whole title: our options, not free text. */
  private buttonRoute(text: string): Route | undefined {
    const hit = this.fixedButtons.get(text);
    if (hit) return { ...hit };
    const t = titles(this.deps.knowledge);
    const next = t.nextSteps.get(text);
    if (!next) {
      // A muscle or technique button of an earlier list, tapped with nothing open.
      const muscle = t.muscles.get(text);
      if (muscle) return { intent: 'muscle_info', muscle };
      const technique = t.techniques.get(text);
      return technique ? { intent: 'technique_info', technique } : undefined;
    }
    if ('technique' in next) return { intent: 'technique_info', technique: next.technique };
    return next.stretches ? { intent: 'aftercare', muscle: next.muscle } : { intent: 'muscle_info', muscle: next.muscle };
  }

  private dialogSetFor(dialogState: StatePropertyAccessor<DialogState>): DialogSet {
    let dialogSet = this.dialogSets.get(dialogState);
    if (!dialogSet) {
      dialogSet = new DialogSet(dialogState);
      dialogSet.add(this);
      this.dialogSets.set(dialogState, dialogSet);
    }
    return dialogSet;
  }
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** What a plan given before a red flag becomes in "last time": on hold, nothing to book. */
const ON_HOLD_SUMMARY = 'On hold: no massage until a doctor has checked what you told me.';

/**
 * A message with nothing in it for the bot to act on ("I was just asking", "ok", "just curious"): not a question,
 * and no command, answer, flag, contraindication, muscle, technique or symptom, and no request of its own.
 */
function saysNothingNew(a: Analysis): boolean {
  const { answer, features } = a;
  return (
    a.command === null &&
    !a.isQuestion &&
    a.ask === null &&
    a.redFlags.length === 0 &&
    a.possibleRedFlags.length === 0 &&
    a.askedAboutRedFlags.length === 0 &&
    a.contraindications.length === 0 &&
    a.deniedContraindications.length === 0 &&
    answer.yesNo === null &&
    answer.screening === null &&
    !answer.alreadyTold &&
    answer.picks === undefined &&
    a.muscles.length === 0 &&
    a.techniques.length === 0 &&
    features.locations.length === 0 &&
    features.spreadsTo.length === 0 &&
    features.aggravators.length === 0 &&
    // A request the matcher is unsure of ("ok fine, just give me some stretches then") is still a request.
    (a.intent === 'out_of_scope' || a.intent === 'thanks' || a.intent === 'greeting' || (a.intent === 'cancel' && a.confidence < MIN_CONFIDENCE))
  );
}

/** Muscles and techniques the message names or points to. */
function namedIn(analysis: Analysis): NamedInMessage {
  return { intent: analysis.intent, muscles: analysis.namedMuscles ?? [], inferred: analysis.muscles.map((m) => m.id), techniques: analysis.techniques };
}

/** Where botbuilder-dialogs' DialogStateManager looks for (and keeps) its configuration on the turn. */
const STATE_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

/** The child dialog that handles each intent (the others are answered directly). */
const CHILD_FOR: Partial<Record<Intent, string>> = {
  symptom: SYMPTOM_TRIAGE_DIALOG,
  muscle_info: MUSCLE_INFO_DIALOG,
  technique_info: TECHNIQUE_INFO_DIALOG,
  aftercare: AFTERCARE_DIALOG,
};

/** Replace what a case holds, in place (it is the object kept in conversation state). */
function resetCase(c: Case, to: Case): void {
  for (const key of Object.keys(c)) delete (c as unknown as Record<string, unknown>)[key];
  Object.assign(c, to);
}

/** The stack inside MainDialog (what is open), innermost last. */
function innerStack(state: DialogState): DialogInstance[] {
  const main = state.dialogStack?.[0];
  if (main?.id !== MAIN_DIALOG) return [];
  return ((main.state as { dialogs?: DialogState } | undefined)?.dialogs?.dialogStack ?? []) as DialogInstance[];
}

/**
 * State saved before this version ran the dialogs flat in the root set, with a triage of different steps:
 * it cannot be resumed, so it is dropped, and an answer to its question gets "I lost track of where we were".
 */
export function dropOldStack(state: DialogState): void {
  const stack = state.dialogStack ?? [];
  if (stack.length > 0 && stack[0]?.id !== MAIN_DIALOG) state.dialogStack = [];
}

// Built once: toLocaleDateString builds a new Intl formatter on every call.
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "5 March 2025" from an ISO date; the raw value if it does not parse. */
function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return DATE_FORMAT.format(d);
}
