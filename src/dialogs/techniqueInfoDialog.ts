import type { Activity, TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { isTechniqueId, type TechniqueId } from '../knowledge/vocabulary';
import { AskPrompt, frozenOnce } from './askPrompt';
import { ChildDialog } from './childDialog';
import { choiceButtonsCard } from './cards/choices';
import { shortName } from './cards/common';
import { techniqueCard, techniquesOverviewText } from './cards/technique';
import type { DialogDeps } from './deps';
import { titles } from './lookup';
import { cardMessage, message, withSuggestions } from './messages';
import { TECHNIQUE_INFO_DIALOG, type ChildDialogOptions } from './options';
import { OPTION_SUGGESTIONS } from './replies';
import { turnReading, type TurnReading } from './turn';

const WHICH_TECHNIQUE_PROMPT = 'whichTechniquePrompt';
const MAX_ATTEMPTS = 2;

/**
 * "What is cupping?": answers directly with the technique's explainer card (what it is, does, suits,
 * feels like, afterwards, who should avoid it, evidence) when the message names one (two at most, for
 * comparisons); otherwise lists the techniques and asks which.
 */
export class TechniqueInfoDialog extends ChildDialog<ChildDialogOptions> {
  /** Each technique's explainer message, built on first use (it depends only on the knowledge). */
  private readonly replies = new Map<TechniqueId, Partial<Activity>>();

  constructor(deps: DialogDeps) {
    super(TECHNIQUE_INFO_DIALOG, deps);
    this.addPrompt(
      new AskPrompt(WHICH_TECHNIQUE_PROMPT, () => this.whichTechniqueQuestion(), async (p) => {
        const ids = this.resolve(turnReading(p.context));
        if (ids.length > 0) {
          p.recognized.value = ids.join(',');
          return true;
        }
        return p.attemptCount >= MAX_ATTEMPTS;
      }),
    );
    this.addSteps([this.chooseTechniqueStep.bind(this), this.showTechniqueStep.bind(this)]);
  }

  /** The technique(s) the message names, or the list of techniques and "which one?". */
  private async chooseTechniqueStep(step: WaterfallStepContext<ChildDialogOptions>): Promise<DialogTurnResult> {
    const named = chosen(step.options);
    // Answered at once (not via the next step): each extra step costs a dialog context.
    if (named.length > 0) return this.show(step, named);
    return step.prompt(WHICH_TECHNIQUE_PROMPT, {});
  }

  /** A button or message that names a technique gets its card at once, with no dialog. */
  override async answerAtOnce(context: TurnContext, options: ChildDialogOptions): Promise<boolean> {
    const named = chosen(options);
    if (named.length === 0) return false;
    for (const id of named.slice(0, 2)) await context.sendActivity({ ...this.techniqueReply(id) });
    return true;
  }

  /** Show the chosen technique's explainer card, or let go after unclear answers. */
  private async showTechniqueStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // The validator's picks; after unclear answers, the unclear text itself, which names none.
    const ids = typeof step.result === 'string' ? step.result.split(',').filter(isTechniqueId) : [];
    if (ids.length === 0) {
      await step.context.sendActivity(withSuggestions(message('No problem. What else can I help with?'), OPTION_SUGGESTIONS));
      return step.endDialog();
    }
    return this.show(step, ids);
  }

  /** The explainer card for each technique named (two at most, for comparisons), then end. */
  private async show(step: WaterfallStepContext, ids: readonly TechniqueId[]): Promise<DialogTurnResult> {
    for (const id of ids.slice(0, 2)) await step.context.sendActivity({ ...this.techniqueReply(id) });
    return step.endDialog(ids[0]);
  }

  private techniqueReply(id: TechniqueId): Partial<Activity> {
    return frozenOnce(this.replies, id, () => cardMessage(`Here's what I know about ${this.deps.knowledge.technique(id).name.toLowerCase()}.`, techniqueCard(this.deps.knowledge, id).attachment));
  }

  private whichTechniqueQuestion() {
    const { knowledge } = this.deps;
    const titles = knowledge.techniques.map((t) => shortName(t.name));
    const question = 'Which technique would you like to know about?';
    return {
      prompt: cardMessage(techniquesOverviewText(knowledge), choiceButtonsCard(question, titles)),
      retry: cardMessage("Sorry, I didn't catch which technique. Pick one, or type its name.", choiceButtonsCard(question, titles)),
    };
  }

  /** The techniques picked: one of our buttons by its title, or those the message names. */
  private resolve(reading: TurnReading): TechniqueId[] {
    const exact = titles(this.deps.knowledge).techniques.get(reading.text);
    return exact ? [exact] : reading.analysis.techniques;
  }
}

/** The techniques already chosen: by a button, or named in the message. */
function chosen({ technique, named }: ChildDialogOptions): TechniqueId[] {
  return technique ? [technique] : (named?.techniques ?? []);
}
