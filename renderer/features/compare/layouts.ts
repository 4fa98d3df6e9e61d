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

/**
 * Where the panes go for one layout: a grid template and each pane's area. Each pane's card (its
 * facts, flags and notes) is not in this grid: the cards stand in a column beside it, so a note is
 * in sight next to the video it is about rather than below it.
 */
export interface Arrangement {
  layout: Layout;
  /** CSS grid-template-areas rows, one string per row. */
  areas: string[];
  rows: string[];
  columns: string;
  /** The grid area of pane `index`. Panes 0 and 1 share `stage` when layered. */
  paneArea(index: number): string;
  /** Whether pane 1 is drawn over pane 0 (swipe, overlay). */
  layered: boolean;
}

// The height the panes share: the window's, less the title, toolbar and transport above them
// (about 240 px together at 1280×720), never less than a usable picture.
const stageHeight = 'calc(100vh - 240px)';
const paneRow = `minmax(240px, ${stageHeight})`;

function repeatColumns(count: number): string {
  return `repeat(${count}, minmax(0, 1fr))`;
}

/** The grid for `count` panes (1 to 4) in `chosen`. */
export function arrangement(chosen: Layout, count: number): Arrangement {
  const layout = effectiveLayout(chosen, count);
  const indices = Array.from({ length: count }, (_, index) => index);
  const pane = (index: number) => `p${index}`;
  switch (layout) {
    case 'side':
      return { layout, areas: [indices.map(pane).join(' ')], rows: [paneRow], columns: repeatColumns(count), paneArea: pane, layered: false };
    case 'stacked':
      return {
        layout,
        areas: indices.map(pane),
        rows: indices.map(() => `minmax(160px, calc(${stageHeight} / ${count}))`),
        columns: 'minmax(0, 1fr)',
        paneArea: pane,
        layered: false,
      };
    case 'swipe':
    case 'overlay': {
      // The stage is two columns wide; a third and fourth pane stand beside it, one column each.
      const extra = indices.slice(2);
      return {
        layout,
        areas: [['stage', 'stage', ...extra.map(pane)].join(' ')],
        rows: [paneRow],
        columns: repeatColumns(count),
        paneArea: (index) => (index < 2 ? 'stage' : pane(index)),
        layered: true,
      };
    }
    case 'difference':
      return {
        layout,
        areas: [indices.map(() => 'difference').join(' '), indices.map(pane).join(' ')],
        rows: [`minmax(200px, calc(${stageHeight} * 0.6))`, `minmax(120px, calc(${stageHeight} * 0.4))`],
        columns: repeatColumns(count),
        paneArea: pane,
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
