import { missingCaseError } from '../../../shared/contract/errors';

// How the viewer arranges its panes. Every layout places the same pane elements in one CSS grid,
// so switching layouts moves them instead of re-creating them: a video keeps its place and its
// buffered bytes.

/** The viewer's layouts, in the order of their number keys (1 to 5). */
export const layouts = ['side', 'stacked', 'swipe', 'overlay', 'difference'] as const;

/** One of the viewer's layouts. */
export type Layout = (typeof layouts)[number];

/** The layout a number key chooses, if any. */
export function layoutOfKey(key: string): Layout | undefined {
  const index = Number(key) - 1;
  return Number.isInteger(index) && index >= 0 ? layouts[index] : undefined;
}

/** Narrows a string (a radio's value) to a layout. */
export function isLayout(value: string): value is Layout {
  return (layouts as readonly string[]).includes(value);
}

/**
 * Whether a layout lays the first two panes over each other (swipe and overlay) or compares them
 * pixel by pixel; those need two panes and fall back to side by side with fewer.
 */
function comparesFirstTwo(layout: Layout): boolean {
  return layout === 'swipe' || layout === 'overlay' || layout === 'difference';
}

/** The layout actually shown for `count` panes: one pane has nothing to swipe over or subtract. */
export function effectiveLayout(layout: Layout, count: number): Layout {
  return count < 2 && comparesFirstTwo(layout) ? 'side' : layout;
}

/** Where everything goes for one layout: a grid template and each pane's and info card's area. */
export interface Arrangement {
  layout: Layout;
  /** CSS grid-template-areas rows, one string per row. */
  areas: string[];
  rows: string[];
  columns: string;
  /** The grid area of pane `index`. Panes 0 and 1 share `stage` when layered. */
  paneArea(index: number): string;
  infoArea(index: number): string;
  /** Whether pane 1 is drawn over pane 0 (swipe, overlay). */
  layered: boolean;
}

const paneRow = 'minmax(240px, 62vh)';
const stackedRow = 'minmax(200px, 44vh)';
const smallPaneRow = 'minmax(160px, 28vh)';
const differenceRow = 'minmax(240px, 52vh)';

function repeatColumns(count: number): string {
  return `repeat(${count}, minmax(0, 1fr))`;
}

/** The grid for `count` panes (1 to 4) in `chosen`. */
export function arrangement(chosen: Layout, count: number): Arrangement {
  const layout = effectiveLayout(chosen, count);
  const indices = Array.from({ length: count }, (_, index) => index);
  const pane = (index: number) => `p${index}`;
  const info = (index: number) => `i${index}`;
  switch (layout) {
    case 'side':
      return {
        layout,
        areas: [indices.map(pane).join(' '), indices.map(info).join(' ')],
        rows: [paneRow, 'auto'],
        columns: repeatColumns(count),
        paneArea: pane,
        infoArea: info,
        layered: false,
      };
    case 'stacked':
      return {
        layout,
        areas: indices.map((index) => `${pane(index)} ${info(index)}`),
        rows: indices.map(() => stackedRow),
        columns: 'minmax(0, 3fr) minmax(240px, 1fr)',
        paneArea: pane,
        infoArea: info,
        layered: false,
      };
    case 'swipe':
    case 'overlay': {
      // The stage is two columns wide; a third and fourth pane stand beside it, one column each.
      const extra = indices.slice(2);
      return {
        layout,
        areas: [['stage', 'stage', ...extra.map(pane)].join(' '), [info(0), info(1), ...extra.map(info)].join(' ')],
        rows: [paneRow, 'auto'],
        columns: repeatColumns(count),
        paneArea: (index) => (index < 2 ? 'stage' : pane(index)),
        infoArea: info,
        layered: true,
      };
    }
    case 'difference':
      return {
        layout,
        areas: [indices.map(() => 'difference').join(' '), indices.map(pane).join(' '), indices.map(info).join(' ')],
        rows: [differenceRow, smallPaneRow, 'auto'],
        columns: repeatColumns(count),
        paneArea: pane,
        infoArea: info,
        layered: false,
      };
    default:
      throw missingCaseError(layout);
  }
}

/** Moves the first pane to the end: with two panes, a swap; with more, each moves one place left. */
export function rotatePanes<T>(panes: readonly T[]): T[] {
  return panes.length < 2 ? [...panes] : [...panes.slice(1), panes[0]!];
}
