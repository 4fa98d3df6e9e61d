// Evidence intake's public surface: the only file the shell imports from it.
export { EvidenceIntake } from './EvidenceIntake';
