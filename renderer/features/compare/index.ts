// The viewer's public surface: the only file the shell imports from it.
export { CompareScreen } from './CompareScreen';
export type { ViewerItemRef } from './pane-sources';
