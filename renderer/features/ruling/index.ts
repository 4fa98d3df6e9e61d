// The ruling feature's public surface: the only file the shell imports from it.
export { RulingForm } from './RulingForm';
export { rulingDrafts } from './draft-storage';
