// One press on the timeline, from pointer down to release. Its first change (a click, an arrow key)
// seeks exactly; the changes after it are a drag, shown by keyframes until the release. A change to
// the value the press already holds is no drag: Chromium sends a mouse move under a pointer that
// has not moved when the page moves beneath it (the thumb jumping to the click), and taking that
// for a drag showed the keyframe before the frame clicked, with the readout naming it meanwhile.

/** The seek a change of the timeline asks for. */
export interface TimelineSeek {
  /** Whether the pane may show a keyframe for now (a drag under way). */
  preview: boolean;
}

export class TimelinePress {
  #held: number | undefined;

  /** The seek `value` asks for, or null when the press already holds it. */
  change(value: number): TimelineSeek | null {
    if (this.#held === value) return null;
    const preview = this.#held !== undefined;
    this.#held = value;
    return { preview };
  }

  /** The press is over: the next change starts another. */
  end(): void {
    this.#held = undefined;
  }
}
