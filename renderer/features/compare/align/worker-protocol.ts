// The messages between suggest-offset.ts and align.worker.ts. Plain data only: they are
// structured-cloned, and an Error subclass would arrive without its code.
import type { SuggestOffsetResult } from './align-result';
import type { AlignProgress, WindowRequest } from './hash-window';

/** One video to align: its media URL (as `openFrameSource` takes) and the frames to hash. */
export interface VideoToAlign {
  url: string;
  window?: WindowRequest;
}

/** From the page to the worker: start (once), or stop as soon as it can. */
export type ToAlignWorker = { kind: 'start'; a: VideoToAlign; b: VideoToAlign } | { kind: 'cancel' };

/** From the worker to the page: how far it is, then one answer. */
export type FromAlignWorker = { kind: 'progress'; progress: AlignProgress } | { kind: 'done'; result: SuggestOffsetResult };
