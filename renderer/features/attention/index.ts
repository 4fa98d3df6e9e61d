// Needs attention and a dispute's changes: the only file the shell imports from this feature.
export { ChangeList } from './ChangeList';
export { NeedsAttention } from './NeedsAttention';
