import { layoutOfKey, type Layout } from './layouts';

/** Something a key asks the viewer to do. */
export type ViewerCommand =
  | { name: 'togglePlay' | 'slower' | 'faster' | 'zoomIn' | 'zoomOut' | 'fit' | 'loupe' | 'note' | 'snapshot' | 'swap' | 'help' }
  | { name: 'step'; frames: number }
  | { name: 'layout'; layout: Layout };

/** The parts of a keyboard event a shortcut depends on. */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * The command a key press means in the viewer. The arrow keys step a frame (ten with Shift), as
 * in most video tools; comma and full stop do the same, and Shift with them types `<` and `>` on
 * most layouts, so both spellings step ten frames.
 */
export function commandOfKey(press: KeyPress): ViewerCommand | undefined {
  if (press.ctrlKey || press.metaKey || press.altKey) return undefined;
  const layout = layoutOfKey(press.key);
  if (layout) return { name: 'layout', layout };
  switch (press.key) {
    case ' ':
      return { name: 'togglePlay' };
    case 'ArrowLeft':
    case ',':
      return { name: 'step', frames: press.shiftKey ? -10 : -1 };
    case 'ArrowRight':
    case '.':
      return { name: 'step', frames: press.shiftKey ? 10 : 1 };
    case '<':
      return { name: 'step', frames: -10 };
    case '>':
      return { name: 'step', frames: 10 };
    case '[':
      return { name: 'slower' };
    case ']':
      return { name: 'faster' };
    case '+':
    case '=':
      return { name: 'zoomIn' };
    case '-':
    case '_':
      return { name: 'zoomOut' };
    case '0':
      return { name: 'fit' };
    case 'l':
    case 'L':
      return { name: 'loupe' };
    case 'n':
    case 'N':
      return { name: 'note' };
    case 's':
    case 'S':
      return { name: 'snapshot' };
    case 'x':
    case 'X':
      return { name: 'swap' };
    case '?':
      return { name: 'help' };
    default:
      return undefined;
  }
}

/** The viewer's shortcut sheet: keys as shown, and the i18n key of what they do. */
export const viewerShortcuts: readonly (readonly [string, string])[] = [
  ['Space', 'compare.shortcuts.play'],
  ['←  /  →   or   ,  /  .', 'compare.shortcuts.step'],
  ['Shift+←  /  Shift+→   or   Shift+,  /  Shift+.', 'compare.shortcuts.step10'],
  ['[  /  ]', 'compare.shortcuts.speed'],
  ['1 – 5', 'compare.shortcuts.layouts'],
  ['+  /  -', 'compare.shortcuts.zoom'],
  ['0', 'compare.shortcuts.fit'],
  ['l', 'compare.shortcuts.loupe'],
  ['n', 'compare.shortcuts.note'],
  ['s', 'compare.shortcuts.snapshot'],
  ['x', 'compare.shortcuts.swap'],
  ['?', 'compare.shortcuts.help'],
];
