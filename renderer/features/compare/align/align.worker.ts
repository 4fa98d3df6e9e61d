// The module worker behind "Suggest offset": opens both videos, hashes a window of each, aligns
// the hashes and answers once. Decoding and hashing a thousand frames keeps a core busy for
// seconds; here it does not hold up the viewer's playback or the page.
import { isFrameSourceError } from '../decoder/frame-source-error';
import { alignWindows, type AlignProblem, type SuggestOffsetResult, type WhichVideo } from './align-result';
import { frameRatesDiffer, windowFrameRate } from './frame-rates';
import { chooseWindow, type AlignProgress } from './hash-window';
import { hashVideoWindow, indexVideo, type VideoHashes } from './hash-video';
import type { FromAlignWorker, ToAlignWorker, VideoToAlign } from './worker-protocol';

/** Progress is posted at most this often, in frames: enough for a bar, few enough messages. */
const progressEvery = 10;

const abort = new AbortController();

function post(message: FromAlignWorker): void {
  self.postMessage(message);
}

function problemOf(error: unknown, video: WhichVideo): AlignProblem {
  if (abort.signal.aborted) return { code: 'cancelled' };
  if (isFrameSourceError(error)) return { code: error.code, video, params: error.params, offerPlayableCopy: error.offerPlayableCopy };
  return { code: 'worker_failed' };
}

async function align(a: VideoToAlign, b: VideoToAlign): Promise<SuggestOffsetResult> {
  post({ kind: 'progress', progress: { stage: 'opening', done: 0, total: 0 } });
  // Both open before either is hashed, so a file that cannot be read is said at once.
  const [indexA, indexB] = await Promise.all([indexVideo(a.url), indexVideo(b.url)]);
  if (abort.signal.aborted) return { ok: false, problem: { code: 'cancelled' } };
  if (!indexA.ok) return { ok: false, problem: problemOf(indexA.error, 'a') };
  if (!indexB.ok) return { ok: false, problem: problemOf(indexB.error, 'b') };
  const windowA = chooseWindow(indexA.index.frames.length, a.window);
  const windowB = chooseWindow(indexB.index.frames.length, b.window);
  const [rateA, rateB] = [windowFrameRate(indexA.index, windowA), windowFrameRate(indexB.index, windowB)];
  if (frameRatesDiffer(rateA, rateB)) {
    // Said before hashing: no wait for an answer that could not be right.
    const rounded = (rate: number | null) => Math.round((rate ?? 0) * 100) / 100;
    return { ok: false, problem: { code: 'frame_rates_differ', a: rounded(rateA), b: rounded(rateB) } };
  }
  const progress: AlignProgress = { stage: 'hashing', done: 0, total: windowA.frames + windowB.frames };
  post({ kind: 'progress', progress: { ...progress } });
  const started = performance.now();
  const hashed: VideoHashes[] = [];
  // One video after the other: one decoder at a time beside the viewer's own.
  for (const [which, video, index, window] of [['a', a, indexA.index, windowA], ['b', b, indexB.index, windowB]] as const) {
    const before = progress.done;
    try {
      hashed.push(
        await hashVideoWindow(video.url, index, window, {
          signal: abort.signal,
          onFrame: (done) => {
            progress.done = before + done;
            if (done % progressEvery === 0 || done === window.frames) post({ kind: 'progress', progress: { ...progress } });
          },
        }),
      );
    } catch (error) {
      return { ok: false, problem: problemOf(error, which) };
    }
  }
  const hashMilliseconds = performance.now() - started;
  post({ kind: 'progress', progress: { ...progress, stage: 'aligning' } });
  return alignWindows(hashed[0]!, hashed[1]!, { framesHashed: progress.done, hashMilliseconds });
}

let started = false;

self.addEventListener('message', (event: MessageEvent<ToAlignWorker>) => {
  const message = event.data;
  if (message.kind === 'cancel') {
    abort.abort();
    return;
  }
  // One suggestion per worker: the page makes a new worker for the next.
  if (started) return;
  started = true;
  align(message.a, message.b)
    .catch((): SuggestOffsetResult => ({ ok: false, problem: problemOf(undefined, 'a') }))
    .then((result) => post({ kind: 'done', result }));
});
