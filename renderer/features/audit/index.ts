// The audit feature's public surface: the only file the shell imports from it.
export { AuditScreen } from './AuditScreen';
export type { SecondReviewSlot } from './CaseHistory';
