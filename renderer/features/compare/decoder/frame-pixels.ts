// A decoded frame's pixels, for a canvas. Chromium converts a VideoFrame to RGB when it is drawn
// (`drawImage`, `createImageBitmap`), and in the Chromium our tests run (software, no GPU) each
// such conversion kept 3.6 MB of shared memory for a 720p frame that was never given back: the
// viewer grew by that much with every frame it showed. `copyTo` with `format: 'RGBA'` converts
// into a buffer of ours instead, 1–2 ms for 720p into a reused ImageData, and keeps nothing
// (decision 0028).

/** Whether `frame` can be copied out as it is shown: square pixels, no rotation or mirroring to apply. */
function copiesAsShown(frame: VideoFrame): boolean {
  const shown = frame as VideoFrame & { rotation?: number; flip?: boolean };
  const rect = frame.visibleRect;
  return !!rect && rect.width === frame.displayWidth && rect.height === frame.displayHeight && !shown.rotation && !shown.flip;
}

/**
 * `frame`'s pixels as RGBA, into `reuse` when it is the right size (one buffer per pane, not one
 * per frame), or null when the frame cannot be copied as it is shown (the caller draws it).
 */
export async function framePixels(frame: VideoFrame, reuse?: ImageData): Promise<ImageData | null> {
  if (!copiesAsShown(frame)) return null;
  const { displayWidth: width, displayHeight: height } = frame;
  const pixels = reuse && reuse.width === width && reuse.height === height ? reuse : new ImageData(width, height);
  try {
    await frame.copyTo(pixels.data, { format: 'RGBA', colorSpace: 'srgb' });
  } catch (error) {
    // A browser without RGBA conversion in copyTo refuses the option outright; it draws instead.
    if (error instanceof TypeError || (error instanceof DOMException && error.name === 'NotSupportedError')) return null;
    throw error;
  }
  return pixels;
}
