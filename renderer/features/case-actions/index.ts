// The case actions' public surface: the only file the shell imports from it.
export { AgreementForm } from './AgreementForm';
export { ExtendDueForm } from './ExtendDueForm';
export { InternalNoteForm } from './InternalNoteForm';
export { RequestEvidenceForm } from './RequestEvidenceForm';
