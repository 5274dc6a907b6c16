import type { UserState } from 'botbuilder';
import type { KnowledgeBase } from '../knowledge/types';
import type { Analyzer } from '../nlp/types';

/** Everything the dialogs need, built once by the composition root and passed in (tests pass fakes). */
export interface DialogDeps {
  knowledge: KnowledgeBase;
  analyzer: Analyzer;
  userState: UserState;
  settings: {
    /** Number to call in an emergency: 999 (UK), 911 (US), 112 (EU), 111 (NZ ambulance). */
    emergencyNumber: string;
    /** What the local emergency department is called, e.g. "A&E" or "the emergency department". */
    emergencyServiceName: string;
    /** Optional booking page; the "Book with a therapist" button appears only when set. */
    bookingUrl?: string;
  };
}
