import type { z } from 'zod';
import type { MutationName, mutationArgs } from '../../shared/sync/protocol';
import type { EnqueueResult } from './outbox';

/**
 * Queues one change through the outbox (its optimistic effect and the mutation in one
 * transaction); the shell provides it with the session. Refused at once when the rules say no.
 */
export type QueueChange = <N extends MutationName>(name: N, args: z.input<(typeof mutationArgs)[N]>) => Promise<EnqueueResult>;

/** A short unique id for something this desk creates on a dispute, such as a request or a note. */
export function newId(disputeId: string, kind: 'R' | 'N'): string {
  return `${disputeId}-${kind}-${crypto.randomUUID().slice(0, 8)}`;
}
