// "Suggest offset" for the viewer: the engine behind the button (issue 19). Two videos of the same
// event are hashed frame by frame in a worker and lined up by align.ts; the answer is an offset in
// frames with how sure it is, and the difference track for a timeline strip (decision 0026).
import type { SuggestOffsetResult } from './align-result';
import type { AlignProgress } from './hash-window';
import type { FromAlignWorker, ToAlignWorker, VideoToAlign } from './worker-protocol';

/** What a suggestion needs from its caller; all optional. */
export interface SuggestOffsetOptions {
  /** Aborting answers `cancelled` at once and stops the worker. */
  signal?: AbortSignal;
  /** Called as the worker opens, hashes and aligns (see `progressFraction` for a bar). */
  onProgress?: (progress: AlignProgress) => void;
  /** Makes the worker; the app's own module worker by default (tests give a stand-in). */
  createWorker?: () => Worker;
}

/**
 * How long a cancelled worker is given to stop by itself (closing its decoder and reads) before it
 * is terminated anyway. The caller has had its answer already.
 */
const stopGraceMs = 250;

function appWorker(): Worker {
  // Vite (electron-vite's renderer build) bundles the worker from this exact form as its own
  // chunk on the app's origin, which the CSP's `script-src 'self'` allows.
  return new Worker(new URL('./align.worker.ts', import.meta.url), { type: 'module', name: 'suggest-offset' });
}

/**
 * Suggests the offset between video `a` and video `b`: hashes a window of each (by default their
 * first 900 frames; `window` chooses others) and finds where `b`'s frames best match `a`'s.
 *
 * Sign: on success `suggestion.offsetFrames` is such that frame `f` of `b` shows what `a` shows at
 * frame `f + offsetFrames`. With the viewer's per-pane offsets (a pane shows timeline frame + its
 * `offsetFrames`), panes A and B line up when A's offsetFrames − B's offsetFrames = offsetFrames;
 * keeping A's, set B's to A's − offsetFrames. A copy that starts 37 frames into the original, as
 * `b`, gets 37 (B's pane −37 against A's 0).
 *
 * `track.distances[k]` is how different `b`'s frame `track.startFrame + k` is from the frame of `a`
 * it lines up with (0–64 bits; null outside the overlap): flat and low for a re-encoded copy, a run
 * of high values where one was edited. Never rejects: bad input, cancelling and a failed worker are
 * answers (`ok: false`) with a typed problem.
 */
export function suggestOffsetBetween(a: VideoToAlign, b: VideoToAlign, options: SuggestOffsetOptions = {}): Promise<SuggestOffsetResult> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.resolve({ ok: false, problem: { code: 'cancelled' } });
  let worker: Worker;
  try {
    worker = (options.createWorker ?? appWorker)();
  } catch {
    return Promise.resolve({ ok: false, problem: { code: 'worker_failed' } });
  }
  return new Promise<SuggestOffsetResult>((resolve) => {
    let answered = false;
    const finish = (result: SuggestOffsetResult) => {
      if (answered) return;
      answered = true;
      signal?.removeEventListener('abort', cancel);
      resolve(result);
    };
    const send = (message: ToAlignWorker) => worker.postMessage(message);
    const cancel = () => {
      send({ kind: 'cancel' });
      setTimeout(() => worker.terminate(), stopGraceMs);
      finish({ ok: false, problem: { code: 'cancelled' } });
    };
    const fail = () => {
      worker.terminate();
      finish({ ok: false, problem: { code: 'worker_failed' } });
    };
    worker.addEventListener('message', (event: MessageEvent<FromAlignWorker>) => {
      if (answered) return;
      const message = event.data;
      if (message.kind === 'progress') {
        onProgress?.(message.progress);
        return;
      }
      worker.terminate();
      finish(message.result);
    });
    // A worker script that does not load, or an error nothing in the worker caught.
    worker.addEventListener('error', fail);
    worker.addEventListener('messageerror', fail);
    signal?.addEventListener('abort', cancel, { once: true });
    send({ kind: 'start', a, b });
  });
}
