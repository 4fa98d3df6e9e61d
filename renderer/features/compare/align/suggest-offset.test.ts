import { describe, expect, it, vi } from 'vitest';
import type { SuggestOffsetResult } from './align-result';
import type { AlignProgress } from './hash-window';
import { suggestOffsetBetween } from './suggest-offset';
import type { FromAlignWorker, ToAlignWorker } from './worker-protocol';

/** A stand-in for the module worker: records what it is sent and answers what the test says. */
class FakeWorker extends EventTarget {
  sent: ToAlignWorker[] = [];
  terminated = false;
  postMessage(message: ToAlignWorker): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(message: FromAlignWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
}

const videos = [{ url: 'https://desk/media/a' }, { url: 'https://desk/media/b', window: { startFrame: 30 } }] as const;
const found: SuggestOffsetResult = {
  ok: true,
  suggestion: { offsetFrames: 37, meanDistance: 2, overlap: 800, margin: 20, confidence: 'high' },
  track: { startFrame: 0, distances: [null, 2] },
  cost: { framesHashed: 1_800, hashMilliseconds: 9_000 },
};

function start(options: { signal?: AbortSignal; onProgress?: (progress: AlignProgress) => void } = {}) {
  const worker = new FakeWorker();
  const answer = suggestOffsetBetween(videos[0], videos[1], { ...options, createWorker: () => worker as unknown as Worker });
  return { worker, answer };
}

describe('suggestOffsetBetween', () => {
  it('sends both videos to the worker, passes its progress on, answers its result and ends the worker', async () => {
    const seen: AlignProgress[] = [];
    const { worker, answer } = start({ onProgress: (progress) => seen.push(progress) });
    expect(worker.sent).toEqual([{ kind: 'start', a: videos[0], b: videos[1] }]);
    worker.answer({ kind: 'progress', progress: { stage: 'hashing', done: 10, total: 1_800 } });
    worker.answer({ kind: 'done', result: found });
    expect(await answer).toEqual(found);
    expect(seen).toEqual([{ stage: 'hashing', done: 10, total: 1_800 }]);
    expect(worker.terminated).toBe(true);
  });

  it('answers cancelled at once when the signal aborts, asks the worker to stop, and ends it soon after', async () => {
    vi.useFakeTimers();
    try {
      const abort = new AbortController();
      const { worker, answer } = start({ signal: abort.signal });
      abort.abort();
      expect(await answer).toEqual({ ok: false, problem: { code: 'cancelled' } });
      expect(worker.sent.at(-1)).toEqual({ kind: 'cancel' });
      // A late answer from the worker changes nothing.
      worker.answer({ kind: 'done', result: found });
      vi.advanceTimersByTime(1_000);
      expect(worker.terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not start a worker for a signal already aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    const createWorker = vi.fn();
    expect(await suggestOffsetBetween(videos[0], videos[1], { signal: abort.signal, createWorker })).toEqual({ ok: false, problem: { code: 'cancelled' } });
    expect(createWorker).not.toHaveBeenCalled();
  });

  it('answers worker_failed when the worker cannot be made or fails without answering', async () => {
    const refused = await suggestOffsetBetween(videos[0], videos[1], {
      createWorker: () => {
        throw new DOMException('refused by policy', 'SecurityError');
      },
    });
    expect(refused).toEqual({ ok: false, problem: { code: 'worker_failed' } });
    const { worker, answer } = start();
    worker.dispatchEvent(new Event('error'));
    expect(await answer).toEqual({ ok: false, problem: { code: 'worker_failed' } });
    expect(worker.terminated).toBe(true);
  });
});
