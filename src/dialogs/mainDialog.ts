import { ActivityTypes, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  DialogSet,
  ListStyle,
  WaterfallDialog,
  DialogTurnStatus,
  type Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogState,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Intent } from '../knowledge/vocabulary';
import type { Analysis } from '../nlp/types';
import { AftercareDialog } from './aftercareDialog';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { ChildDialog } from './childDialog';
import type { DialogDeps } from './deps';
import { findingsOf } from './findings';
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
import { OPTION_SUGGESTIONS, helpMessage, nothingToCancelMessage, redFlagAdvice } from './replies';
import { lastAssessmentAccessor } from './state';
import { INTAKE_PROMPT_IDS, SymptomTriageDialog } from './symptomTriageDialog';
import { TechniqueInfoDialog } from './techniqueInfoDialog';
import { muscleByName, namedMuscles, namedTechniques, techniqueByName } from './lookup';
import { analyzeTurn, incomingText, isDecline, isForgetMe, isLastTime, isQuestion, normalise } from './turn';

const CLARIFY_WATERFALL = 'clarifyWaterfall';
const CLARIFY_PROMPT = 'clarifyPrompt';

/** Below this confidence, or with the top two intents this close, MainDialog asks instead of guessing. */
export const MIN_CONFIDENCE = 0.5;
export const MIN_MARGIN = 0.1;

/** How sure the matcher must be that a message at an intake question is a side question (MainDialog.answerAside). */
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
 * message, so each one is routed like the bot's own buttons ("forget me" is handled before any routing).
 */
export const TEAMS_COMMANDS: ReadonlyArray<readonly [title: string, intent: Intent]> = [
  ['help', 'help'],
  ['check my symptoms', 'symptom'],
  ['aftercare', 'aftercare'],
];

/** The clarifying question's answer when the person typed something clear instead of picking an option. */
const REROUTE = '\u0000reroute';

/** A message the matcher was unsure about: the options to offer, and what the message said (IDs and capped findings). */
interface Clarify {
  choices: string[];
  pending: Pick<ChildDialogOptions, 'findings' | 'named'>;
}

/** What a fresh message starts: the child dialog to run, or a clarifying question. */
type MainStart = { child: string; options: ChildDialogOptions } | { clarify: Clarify };

/** A routing decision: which intent, plus anything a button already chose. */
interface Route extends ChildDialogOptions {
  intent: Intent;
}

/** The id the root dialog had when it was a ComponentDialog wrapping the stack (state saved before then). */
const LEGACY_ROOT_ID = 'mainDialog';

/**
 * The root dialog. Every message that arrives with no question open is routed by {@link MainDialog.run}:
 * red flags first, then "what did you suggest last time?", the bot's own buttons (by their exact text) and
 * the matcher's intent. Answers that need no question (small talk, a named muscle or technique) are sent at
 * once, without starting a dialog; the triage, a browse question or a clarifying question (when the matcher
 * is unsure) run in MainDialog's one dialog set, and its interruptions run before any of them sees a
 * message. "Forget me" works at any point.
 */
export class MainDialog extends CancelAndHelpDialog {
  /** One dialog set per state accessor (the bot passes the same one every turn). */
  private readonly dialogSets = new WeakMap<StatePropertyAccessor<DialogState>, DialogSet>();
  /** Every dialog and prompt that can be on the stack, all in one set (no nested components). */
  private readonly dialogs: Dialog[] = [];
  /** Our own buttons' texts, normalised, and where each leads. */
  private readonly fixedButtons: ReadonlyMap<string, Route>;
  private readonly children: ReadonlyMap<string, ChildDialog<ChildDialogOptions>>;

  constructor(deps: DialogDeps) {
    super(deps);
    const children = [new SymptomTriageDialog(deps), new MuscleInfoDialog(deps), new TechniqueInfoDialog(deps), new AftercareDialog(deps)];
    for (const child of children) this.dialogs.push(child, ...child.prompts);
    this.children = new Map(children.map((c) => [c.id, c]));
    this.dialogs.push(
      new ChoicePrompt(CLARIFY_PROMPT, this.clarifyValidator.bind(this)),
      new WaterfallDialog<Clarify>(CLARIFY_WATERFALL, [this.askClarifyStep.bind(this), this.clarifiedStep.bind(this)]),
    );
    this.fixedButtons = new Map<string, Route>([
      [normalise(INTENT_LABELS.symptom ?? ''), { intent: 'symptom' }],
      ['check another pain', { intent: 'symptom' }],
      ...TEAMS_COMMANDS.map(([title, intent]): [string, Route] => [normalise(title), { intent }]),
      [normalise(INTENT_LABELS.muscle_info ?? ''), { intent: 'muscle_info' }],
      [normalise(INTENT_LABELS.technique_info ?? ''), { intent: 'technique_info' }],
      [normalise(INTENT_LABELS.aftercare ?? ''), { intent: 'aftercare' }],
    ]);
  }

  /**
   * Run one turn: "forget me" first (it must work at any point), then continue the open dialog or route
   * the message afresh. The bot layer saves state after the turn.
   */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const isMessage = context.activity.type === ActivityTypes.Message;
    if (isMessage && isForgetMe(incomingText(context))) {
      if (this.deps.forgetUser) await this.deps.forgetUser(context);
      else await Promise.all([this.deps.userState.delete(context), dialogState.delete(context)]);
      await context.sendActivity(
        withSuggestions(
          message("Done: I've deleted everything I had saved about you, including my last suggestions. We can start afresh whenever you like."),
          OPTION_SUGGESTIONS,
        ),
      );
      return;
    }
    const dialogSet = this.dialogSetFor(dialogState);
    const state = await dialogState.get(context, { dialogStack: [] });
    liftLegacyStack(state);
    if ((state.dialogStack?.length ?? 0) > 0) {
      const dc = await dialogSet.createContext(context);
      if (await this.interrupt(dc)) return;
      await dc.continueDialog();
      return;
    }
    // Nothing open: most fresh messages are answered at once, so a dialog context is made only to begin one.
    const begin = async (start: MainStart): Promise<void> => {
      const dc = await dialogSet.createContext(context);
      if ('child' in start) await dc.beginDialog(start.child, start.options);
      else await dc.beginDialog(CLARIFY_WATERFALL, start.clarify);
    };
    if (isMessage) await this.routeFresh(context, begin);
  }

  private dialogSetFor(dialogState: StatePropertyAccessor<DialogState>): DialogSet {
    let dialogSet = this.dialogSets.get(dialogState);
    if (!dialogSet) {
      dialogSet = new DialogSet(dialogState);
      for (const dialog of this.dialogs) dialogSet.add(dialog);
      this.dialogSets.set(dialogState, dialogSet);
    }
    return dialogSet;
  }

  /** A message with no question open: red flags, last time, our buttons, then the matcher's intent (or ask). */
  private async routeFresh(context: TurnContext, begin: (start: MainStart) => Promise<void>): Promise<void> {
    const text = incomingText(context);
    if (text === '') {
      await context.sendActivity(withSuggestions(message('I can only read text messages. Try describing your pain in a few words.'), OPTION_SUGGESTIONS));
      return;
    }
    const analysis = analyzeTurn(context, this.deps.analyzer);
    if (analysis.redFlags.length > 0) {
      await context.sendActivity(redFlagAdvice(this.deps, analysis.redFlags));
      return;
    }
    if (isLastTime(text)) {
      await this.recallLastAssessment(context);
      return;
    }
    if (isDecline(text)) {
      await context.sendActivity(
        withSuggestions(message("All right. I'm here whenever you want to describe your pain, or ask about a muscle or a massage technique."), OPTION_SUGGESTIONS),
      );
      return;
    }
    let route = this.buttonRoute(text);
    if (!route) {
      const options = this.clarifyOptions(analysis);
      if (options.length > 0) {
        await begin({ clarify: { choices: [...options, SOMETHING_ELSE], pending: { findings: findingsOf(analysis), named: this.namedIn(analysis) } } });
        return;
      }
      route = { intent: analysis.intent, ...this.childOptions(analysis.intent, analysis) };
    }
    const start = await this.answer(context, route);
    if (start) await begin(start);
  }

  /** Ask which of the likely options the person meant. */
  private async askClarifyStep(step: WaterfallStepContext<Clarify>): Promise<DialogTurnResult> {
    return step.prompt(CLARIFY_PROMPT, {
      prompt: message("Sorry, I'm not sure I understood. What would you like to do?"),
      retryPrompt: message('Please pick one of these, or type "help".'),
      choices: step.options.choices,
      style: ListStyle.suggestedAction,
    });
  }

  /**
   * An option, or anything the bot can act on without asking again (one of its buttons, or an in-scope
   * message the matcher is sure about): "aftercare" typed at "What would you like to do?" is an answer.
   */
  private async clarifyValidator(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    const text = incomingText(prompt.context);
    if (text === '') return false;
    if (!this.buttonRoute(text)) {
      // Off-topic or still unclear: ask again with the options (an invalid answer gets a reprompt).
      const analysis = analyzeTurn(prompt.context, this.deps.analyzer);
      if (analysis.intent === 'out_of_scope' || this.clarifyOptions(analysis).length > 0) return false;
    }
    prompt.recognized.value = { value: REROUTE, index: -1, score: 1 };
    return true;
  }

  /** After a clarifying question: route to the chosen intent with what the original message said. */
  private async clarifiedStep(step: WaterfallStepContext<Clarify>): Promise<DialogTurnResult> {
    const choice = step.result as FoundChoice | undefined;
    if (!choice || typeof choice.value !== 'string') return step.endDialog();
    if (choice.value === REROUTE) {
      const analysis = analyzeTurn(step.context, this.deps.analyzer);
      const route = this.buttonRoute(incomingText(step.context)) ?? { intent: analysis.intent, ...this.childOptions(analysis.intent, analysis) };
      const start = await this.answer(step.context, route);
      if (start && 'child' in start) return step.replaceDialog(start.child, start.options);
      return step.endDialog();
    }
    const { pending } = step.options;
    const intent = (Object.keys(INTENT_LABELS) as Intent[]).find((i) => INTENT_LABELS[i] === choice.value) ?? 'help';
    const start = await this.answer(step.context, intent === 'symptom' ? { intent, findings: pending.findings } : { intent, named: pending.named });
    if (start && 'child' in start) return step.replaceDialog(start.child, start.options);
    return step.endDialog();
  }

  /** What a child dialog needs from the message that starts it: findings for the triage, names for the rest. */
  private childOptions(intent: Intent, analysis: Analysis): ChildDialogOptions {
    if (intent === 'symptom') return { findings: findingsOf(analysis) };
    if (intent === 'muscle_info' || intent === 'technique_info' || intent === 'aftercare') return { named: this.namedIn(analysis) };
    return {};
  }

  /** Muscles and techniques the message names or points to. */
  private namedIn(analysis: Analysis): NamedInMessage {
    const { knowledge } = this.deps;
    return {
      intent: analysis.intent,
      muscles: namedMuscles(knowledge, analysis.text),
      inferred: analysis.muscles.map((m) => m.id),
      techniques: [...new Set([...analysis.techniques, ...namedTechniques(knowledge, analysis.text)])],
    };
  }

  /**
   * Answer an intent: the small-talk intents and anything a child can answer at once (a named muscle or
   * technique) are sent now; otherwise the child dialog to start is returned.
   */
  private async answer(context: TurnContext, route: Route): Promise<MainStart | undefined> {
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
    const options = [...new Set([...labelled, ...Object.values(INTENT_LABELS)])];
    return options.slice(0, 2);
  }

  /** Exact texts of buttons the bot sends, routed without guessing. */
  private buttonRoute(text: string): Route | undefined {
    const n = normalise(text);
    const { knowledge } = this.deps;
    const hit = this.fixedButtons.get(n);
    if (hit) return { ...hit };
    const stretch = /^stretch(es)? for (?:the |my )?(.+)$/.exec(n);
    if (stretch?.[2]) {
      const muscle = muscleByName(knowledge, stretch[2]);
      if (muscle) return { intent: 'aftercare', muscle };
    }
    const about = /^(?:more )?about (?:the )?(.+)$/.exec(n);
    if (about?.[1]) {
      const muscle = muscleByName(knowledge, about[1]);
      if (muscle) return { intent: 'muscle_info', muscle };
      const technique = techniqueByName(knowledge, about[1]);
      if (technique) return { intent: 'technique_info', technique };
    }
    return undefined;
  }

  /**
   * "What is cupping?" asked at one of the triage's intake questions: the explainer, then the question
   * again, rather than "I didn't catch that". Only a confident question about a muscle or technique that
   * names one counts, so an answer that mentions a muscle ("my hamstring") stays an answer; the screening
   * questions are left alone (there "is cupping safe on blood thinners?" answers them).
   */
  protected override async answerAside(dc: DialogContext): Promise<DialogTurnResult | undefined> {
    if (dc.stack[0]?.id !== SYMPTOM_TRIAGE_DIALOG || !INTAKE_PROMPT_IDS.has(dc.activeDialog?.id ?? '')) return undefined;
    const analysis = analyzeTurn(dc.context, this.deps.analyzer);
    if ((analysis.intent !== 'muscle_info' && analysis.intent !== 'technique_info') || analysis.confidence < ASIDE_MIN_CONFIDENCE) return undefined;
    if (!isQuestion(incomingText(dc.context))) return undefined;
    const child = this.children.get(CHILD_FOR[analysis.intent] ?? '');
    if (!child || !(await child.answerAtOnce(dc.context, { named: this.namedIn(analysis) }))) return undefined;
    await dc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }

  /** "What did you suggest last time?": the saved summary, or say there is none (with options when nothing follows). */
  private async recallLastAssessment(context: TurnContext, withOptions = true): Promise<void> {
    const last = await lastAssessmentAccessor(this.deps.userState).get(context);
    const text = last
      ? `Last time (${formatDate(last.date)}) I suggested:\n\n${last.summary}\n\n${this.deps.knowledge.framing.disclaimer}`
      : "I don't have any earlier suggestions saved for you. Describe your pain and I'll suggest what may help.";
    await context.sendActivity(withOptions ? withSuggestions(message(text), OPTION_SUGGESTIONS) : message(text));
  }

  /**
   * Asked while a question is open: the saved suggestions, then the question again. At the bot's own
   * "what would you like to do?" the answer is what they wanted to do, so that question is closed instead.
   */
  protected override async answerLastTime(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.stack[0]?.id === CLARIFY_WATERFALL) {
      await this.recallLastAssessment(dc.context);
      return dc.cancelAllDialogs(true);
    }
    await this.recallLastAssessment(dc.context, false);
    await dc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }
}

/** The child dialog that handles each intent (the others are answered directly). */
const CHILD_FOR: Partial<Record<Intent, string>> = {
  symptom: SYMPTOM_TRIAGE_DIALOG,
  muscle_info: MUSCLE_INFO_DIALOG,
  technique_info: TECHNIQUE_INFO_DIALOG,
  aftercare: AFTERCARE_DIALOG,
};

/**
 * State saved while MainDialog was a ComponentDialog holds the real stack one level down, inside a
 * `mainDialog` instance; lift it to the root so a conversation open across an upgrade carries on.
 */
export function liftLegacyStack(state: DialogState): void {
  const [only, ...rest] = state.dialogStack ?? [];
  if (!only || rest.length > 0 || only.id !== LEGACY_ROOT_ID) return;
  const inner = (only.state as { dialogs?: { dialogStack?: unknown } } | undefined)?.dialogs?.dialogStack;
  state.dialogStack = Array.isArray(inner) ? (inner as DialogInstance[]) : [];
}

// Built once: toLocaleDateString builds a new Intl formatter on every call.
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "5 March 2025" from an ISO date; the raw value if it does not parse. */
function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return DATE_FORMAT.format(d);
}
