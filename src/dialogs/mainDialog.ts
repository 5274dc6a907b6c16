import { ActivityTypes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  WaterfallDialog,
  type DialogState,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Intent } from '../knowledge/vocabulary';
import type { Analysis } from '../nlp/types';
import { AftercareDialog } from './aftercareDialog';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { DialogDeps } from './deps';
import { message, withSuggestions } from './messages';
import { MuscleInfoDialog } from './muscleInfoDialog';
import {
  AFTERCARE_DIALOG,
  MUSCLE_INFO_DIALOG,
  SYMPTOM_TRIAGE_DIALOG,
  TECHNIQUE_INFO_DIALOG,
  type ChildDialogOptions,
} from './options';
import { OPTION_SUGGESTIONS, helpMessage, nothingToCancelMessage } from './replies';
import { lastAssessmentAccessor } from './state';
import { SymptomTriageDialog } from './symptomTriageDialog';
import { TechniqueInfoDialog } from './techniqueInfoDialog';
import { muscleByName, techniqueByName } from './lookup';
import { analyzeTurn, incomingText, isForgetMe, isLastTime, normalise } from './turn';

const MAIN_WATERFALL = 'mainWaterfall';
const CLARIFY_PROMPT = 'clarifyPrompt';

/** Below this confidence, or with the top two intents this close, MainDialog asks instead of guessing. */
export const MIN_CONFIDENCE = 0.5;
export const MIN_MARGIN = 0.1;

/** Labels for the intents a clarifying question can offer, and for the general option buttons. */
const INTENT_LABELS: Partial<Record<Intent, string>> = {
  symptom: 'Describe my pain',
  muscle_info: 'Tell me about a muscle',
  technique_info: 'Tell me about a technique',
  aftercare: 'Care before and after massage',
};
const SOMETHING_ELSE = 'Something else';

/** What the main waterfall keeps between its steps. */
interface MainValues {
  analysis?: Analysis;
}

/** A routing decision: which intent, plus anything a button already chose. */
interface Route extends ChildDialogOptions {
  intent: Intent;
}

/**
 * The root dialog. Every message that arrives with no question open is routed here by the matcher's
 * intent (with a clarifying question when the matcher is unsure); buttons the bot itself sends are routed
 * by their exact text. "Forget me" and "what did you suggest last time?" are handled here too.
 */
export class MainDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super('mainDialog', deps);
    this.addDialog(new SymptomTriageDialog(deps));
    this.addDialog(new MuscleInfoDialog(deps));
    this.addDialog(new TechniqueInfoDialog(deps));
    this.addDialog(new AftercareDialog(deps));
    this.addDialog(new ChoicePrompt(CLARIFY_PROMPT));
    this.addDialog(
      new WaterfallDialog(MAIN_WATERFALL, [
        this.routeStep.bind(this),
        this.clarifiedStep.bind(this),
        this.finalStep.bind(this),
      ]),
    );
    this.initialDialogId = MAIN_WATERFALL;
  }

  /**
   * Run one turn: "forget me" first (it must work at any point), then continue the open dialog or route
   * the message afresh. The bot layer saves state after the turn.
   */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    if (context.activity.type === ActivityTypes.Message && isForgetMe(incomingText(context))) {
      await this.deps.userState.delete(context);
      await dialogState.delete(context);
      await context.sendActivity(
        withSuggestions(
          message("Done: I've deleted everything I had saved about you, including my last suggestions. We can start afresh whenever you like."),
          OPTION_SUGGESTIONS,
        ),
      );
      return;
    }
    const dialogSet = new DialogSet(dialogState);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const results = await dialogContext.continueDialog();
    if (results.status === DialogTurnStatus.empty && context.activity.type === ActivityTypes.Message) {
      await dialogContext.beginDialog(this.id);
    }
  }

  /** Route the message: remembered assessment, our own buttons, then the matcher's intent (or ask). */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = incomingText(step.context);
    if (text === '') {
      await step.context.sendActivity(
        withSuggestions(message('I can only read text messages. Try describing your pain in a few words.'), OPTION_SUGGESTIONS),
      );
      return step.endDialog();
    }
    if (isLastTime(text)) return this.recallLastAssessment(step);
    const button = this.buttonRoute(text);
    if (button) return this.route(step, button);

    const analysis = analyzeTurn(step.context, this.deps.analyzer);
    const options = this.clarifyOptions(analysis);
    if (options.length === 0) return this.route(step, { intent: analysis.intent, analysis });
    (step.values as MainValues).analysis = analysis;
    return step.prompt(CLARIFY_PROMPT, {
      prompt: message("Sorry, I'm not sure I understood. What would you like to do?"),
      retryPrompt: message('Please pick one of these, or type "help".'),
      choices: [...options, SOMETHING_ELSE],
      style: ListStyle.suggestedAction,
    });
  }

  /** After a clarifying question: route to the chosen intent with the original message's analysis. */
  private async clarifiedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const choice = step.result as FoundChoice | undefined;
    const { analysis } = step.values as MainValues;
    if (!choice || typeof choice.value !== 'string' || !analysis) return step.next(step.result);
    const intent = (Object.keys(INTENT_LABELS) as Intent[]).find((i) => INTENT_LABELS[i] === choice.value);
    if (!intent) return this.route(step, { intent: 'help' });
    return this.route(step, { intent, analysis });
  }

  /** Nothing more to do this turn: the next message starts a new route. */
  private async finalStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }

  /** Start the child dialog for an intent, or answer the small-talk intents directly. */
  private async route(step: WaterfallStepContext, route: Route): Promise<DialogTurnResult> {
    const { intent, ...options } = route;
    switch (intent) {
      case 'symptom':
        return step.beginDialog(SYMPTOM_TRIAGE_DIALOG, options);
      case 'muscle_info':
        return step.beginDialog(MUSCLE_INFO_DIALOG, options);
      case 'technique_info':
        return step.beginDialog(TECHNIQUE_INFO_DIALOG, options);
      case 'aftercare':
        return step.beginDialog(AFTERCARE_DIALOG, options);
      case 'greeting':
        await step.context.sendActivity(
          withSuggestions(
            message(`Hello! Tell me where it hurts and what makes it worse, or ask about a muscle or a massage technique.\n\n${this.deps.knowledge.framing.disclaimer}`),
            OPTION_SUGGESTIONS,
          ),
        );
        return step.endDialog();
      case 'thanks':
        await step.context.sendActivity(
          withSuggestions(message("You're welcome. I hope you feel better soon. Anything else I can help with?"), OPTION_SUGGESTIONS),
        );
        return step.endDialog();
      case 'help':
        await step.context.sendActivity(helpMessage(this.deps, false));
        return step.endDialog();
      case 'cancel':
        await step.context.sendActivity(nothingToCancelMessage());
        return step.endDialog();
      case 'out_of_scope':
      default:
        await step.context.sendActivity(
          withSuggestions(
            message("Sorry, I can only help with buttock, leg and low-back (sciatica-type) pain and massage for it. You could describe your pain, or ask about a muscle or a massage technique."),
            OPTION_SUGGESTIONS,
          ),
        );
        return step.endDialog();
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
    const fixed: Record<string, Route> = {
      [normalise(INTENT_LABELS.symptom ?? '')]: { intent: 'symptom' },
      'check another pain': { intent: 'symptom' },
      [normalise(INTENT_LABELS.muscle_info ?? '')]: { intent: 'muscle_info' },
      [normalise(INTENT_LABELS.technique_info ?? '')]: { intent: 'technique_info' },
      [normalise(INTENT_LABELS.aftercare ?? '')]: { intent: 'aftercare' },
    };
    const hit = fixed[n];
    if (hit) return hit;
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

  /** "What did you suggest last time?": the saved summary, or say there is none. */
  private async recallLastAssessment(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const last = await lastAssessmentAccessor(this.deps.userState).get(step.context);
    const text = last
      ? `Last time (${formatDate(last.date)}) I suggested:\n\n${last.summary}\n\n${this.deps.knowledge.framing.disclaimer}`
      : "I don't have any earlier suggestions saved for you. Describe your pain and I'll suggest what may help.";
    await step.context.sendActivity(withSuggestions(message(text), OPTION_SUGGESTIONS));
    return step.endDialog();
  }
}

/** "5 March 2025" from an ISO date; the raw value if it does not parse. */
function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
