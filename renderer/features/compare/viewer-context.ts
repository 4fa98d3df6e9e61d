import { createContext, useContext } from 'react';
import type { MediaElements } from './media-elements';
import type { PlaybackSync } from './playback-sync';
import type { Point, Size, ViewTransform } from './view-transform';

/** A change to the shared view, computed in the pane where it happened (its picture and viewport). */
export type ViewUpdate = (view: ViewTransform, media: Size, viewport: Size) => ViewTransform;

/** What every pane of one viewer shares: the transport, the drawn elements, the view and the loupe. */
export interface ViewerShared {
  sync: PlaybackSync;
  elements: MediaElements;
  view: ViewTransform;
  /** Applies `update` as seen from a pane showing `media` in `viewport`. */
  changeView(update: ViewUpdate, media: Size, viewport: Size): void;
  loupeOn: boolean;
  /** The picture point under the pointer (fractions), shown magnified in every pane. */
  loupeAt: Point | null;
  setLoupeAt(at: Point | null): void;
}

/** The viewer's shared state, provided by the viewer to its panes. */
export const ViewerContext = createContext<ViewerShared | null>(null);

/** The shared state of the viewer a pane is in. */
export function useViewer(): ViewerShared {
  const shared = useContext(ViewerContext);
  if (!shared) throw new Error('useViewer needs the evidence viewer above it');
  return shared;
}
