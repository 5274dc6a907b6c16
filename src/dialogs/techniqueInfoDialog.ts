import { TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { TechniqueId } from '../knowledge/vocabulary';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { choiceButtonsCard } from './cards/choices';
import { shortName } from './cards/common';
import { techniqueCard, techniquesOverviewText } from './cards/technique';
import type { DialogDeps } from './deps';
import { namedTechniques, techniqueByName } from './lookup';
import { cardMessage, message, withSuggestions } from './messages';
import { TECHNIQUE_INFO_DIALOG, type ChildDialogOptions } from './options';
import { OPTION_SUGGESTIONS } from './replies';
import { incomingText } from './turn';

const TECHNIQUE_WATERFALL = 'techniqueWaterfall';
const WHICH_TECHNIQUE_PROMPT = 'whichTechniquePrompt';
const MAX_ATTEMPTS = 2;

/**
 * "What is cupping?": answers directly with the technique's explainer card (what it is, does, suits,
 * feels like, afterwards, who should avoid it, evidence) when the message names one (two at most, for
 * comparisons); otherwise lists the techniques and asks which.
 */
export class TechniqueInfoDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(TECHNIQUE_INFO_DIALOG, deps);
    this.addDialog(
      new TextPrompt(WHICH_TECHNIQUE_PROMPT, async (p) => {
        const text = incomingText(p.context);
        if (this.resolve(text).length > 0) {
          p.recognized.value = text;
          return true;
        }
        return p.attemptCount >= MAX_ATTEMPTS;
      }),
    );
    this.addDialog(new WaterfallDialog(TECHNIQUE_WATERFALL, [this.chooseTechniqueStep.bind(this), this.showTechniqueStep.bind(this)]));
    this.initialDialogId = TECHNIQUE_WATERFALL;
  }

  /** The technique(s) the message names, or the list of techniques and "which one?". */
  private async chooseTechniqueStep(step: WaterfallStepContext<ChildDialogOptions>): Promise<DialogTurnResult> {
    const { technique, analysis } = step.options;
    const named = technique
      ? [technique]
      : analysis
        ? [...new Set([...analysis.techniques, ...namedTechniques(this.deps.knowledge, analysis.text)])]
        : [];
    if (named.length > 0) return step.next(named);
    const { knowledge } = this.deps;
    const titles = knowledge.techniques.map((t) => shortName(t.name));
    const question = 'Which technique would you like to know about?';
    return step.prompt(WHICH_TECHNIQUE_PROMPT, {
      prompt: cardMessage(techniquesOverviewText(knowledge), choiceButtonsCard(question, titles)),
      retryPrompt: cardMessage("Sorry, I didn't catch which technique. Pick one, or type its name.", choiceButtonsCard(question, titles)),
    });
  }

  /** Show the explainer card for each technique named (plain-text fallback included). */
  private async showTechniqueStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const ids = Array.isArray(step.result)
      ? (step.result as TechniqueId[])
      : typeof step.result === 'string'
        ? this.resolve(step.result)
        : [];
    if (ids.length === 0) {
      await step.context.sendActivity(withSuggestions(message('No problem. What else can I help with?'), OPTION_SUGGESTIONS));
      return step.endDialog();
    }
    for (const id of ids.slice(0, 2)) {
      const { attachment } = techniqueCard(this.deps.knowledge, id);
      await step.context.sendActivity(cardMessage(`Here's what I know about ${this.deps.knowledge.technique(id).name.toLowerCase()}.`, attachment));
    }
    return step.endDialog(ids[0]);
  }

  private resolve(text: string): TechniqueId[] {
    const exact = techniqueByName(this.deps.knowledge, text);
    return exact ? [exact] : namedTechniques(this.deps.knowledge, text);
  }
}
