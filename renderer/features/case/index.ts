// The case view's public surface: the only file the shell imports from it.
export { CaseView, type CasePlace } from './CaseView';
export type { CaseAction } from './case-facts';
export { CaseActions } from './CaseActions';
