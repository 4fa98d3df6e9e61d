import type { Size } from './view-transform';

/**
 * A pane's drawn element and the picture's own size in pixels: a decoded video's canvas, a
 * <video> where the file could not be decoded, or a photo's <img>.
 */
export interface PaneElement {
  element: HTMLCanvasElement | HTMLVideoElement | HTMLImageElement;
  size: Size;
}

/**
 * The elements the panes draw, by pane key, for what reads pixels from them: the difference view,
 * the loupe and snapshots. Panes add their element once its size is known.
 */
export class MediaElements {
  private readonly elements = new Map<string, PaneElement>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  /** Subscribes to additions and removals (useSyncExternalStore's subscribe). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A number that changes whenever an element is added or removed (useSyncExternalStore's snapshot). */
  readonly getVersion = (): number => this.version;

  /** The element pane `key` draws, once loaded. */
  get(key: string): PaneElement | undefined {
    return this.elements.get(key);
  }

  /** Records pane `key`'s loaded element; answers the function that removes it again. */
  set(key: string, entry: PaneElement): () => void {
    this.elements.set(key, entry);
    this.changed();
    return () => {
      if (this.elements.get(key)?.element !== entry.element) return;
      this.elements.delete(key);
      this.changed();
    };
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
