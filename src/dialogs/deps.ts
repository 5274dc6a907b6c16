import type { TurnContext, UserState } from 'botbuilder';
import type { KnowledgeBase } from '../knowledge/types';
import type { Analyzer } from '../nlp/types';

/** Everything the dialogs need, built once by the composition root and passed in (tests pass fakes). */
export interface DialogDeps {
  knowledge: KnowledgeBase;
  analyzer: Analyzer;
  userState: UserState;
  /**
   * "Forget me": deletes the person's user state and every conversation of theirs in the store
   * (src/storage/privacy.ts). Unset (unit tests): this conversation's dialog state and the user state only.
   */
  forgetUser?: (context: TurnContext) => Promise<void>;
  settings: {
    /** Number to call in an emergency: 999 (UK), 911 (US), 112 (EU), 111 (NZ ambulance). */
    emergencyNumber: string;
    /** What the local emergency department is called, e.g. "A&E" or "the emergency department". */
    emergencyServiceName: string;
    /** Optional booking page; the "Book with a therapist" button appears only when set. */
    bookingUrl?: string;
  };
}
