// For the frame source's tests: what a promise settles to — the FrameSourceError's code it rejects
// with, `resolved`, or a line saying it rejected with something else (a bug, not a refusal).
import { FrameSourceError } from './frame-source-error';

export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof FrameSourceError ? error.code : `not a FrameSourceError: ${String(error)}`;
  }
}
