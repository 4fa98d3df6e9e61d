// Promises the frame source lets run on without waiting for them: a cancelled answer's body, the
// decode queue's link to a run whose caller hears its failure itself, a prefetch whose failure the
// frame that needs it reports. Their failures change nothing for the reviewer, but they are logged
// (at info) rather than dropped, so a pattern of them can still be found.
import { createLogger } from '../../../../shared/logger';

const log = createLogger('frame-source');

/** Lets `promise` run on; a failure is logged as `what`, and the answer is undefined. */
export function letGo(promise: Promise<unknown> | undefined, what: string): Promise<void> {
  return (promise ?? Promise.resolve()).then(
    () => undefined,
    (error: unknown) => log.info(what, { error: String(error) }),
  );
}
