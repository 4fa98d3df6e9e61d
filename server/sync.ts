import { caseSnapshot } from '../shared/audit/case-snapshot';
import type { Actor } from '../shared/sync/apply';
import { applyMutation, mayRun, parseMutation } from '../shared/sync/apply';
import type { Dispute } from '../shared/domain/model';
import type { Mutation, MutationOutcome, PullResponse, PushResponse } from '../shared/sync/protocol';
import type { Database, Queryable } from './db/database';
import { appendAudit, currentVersion, readDispute, recordOutcome, writeDispute } from './store';

/** A push the service cannot take at all; each mutation in a push that it can take gets an outcome. */
export class SyncRefusal extends Error {
  constructor(
    readonly code: 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

/** Finds or registers the client; a client id belongs to the user who first used it. */
async function claimClient(tx: Queryable, clientId: string, actor: Actor): Promise<number> {
  await tx.query('INSERT INTO clients (client_id, user_id) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING', [clientId, actor.id]);
  const [row] = await tx.query<{ user_id: string; last_mutation_id: number }>(
    'SELECT user_id, last_mutation_id FROM clients WHERE client_id = $1 FOR UPDATE',
    [clientId],
  );
  if (row!.user_id !== actor.id) {
    throw new SyncRefusal('forbidden', 'This client id belongs to another user. Sign in again on this computer to get a new one.');
  }
  return row!.last_mutation_id;
}

/** Runs one mutation's rule and, when it applies, writes its effect and its audit entry. */
async function runMutation(tx: Queryable, mutation: Mutation, actor: Actor, now: string): Promise<MutationOutcome> {
  type RefusedCode = Extract<MutationOutcome, { status: 'rejected' }>['code'];
  const refused = async (code: RefusedCode, message: string, disputeId?: string): Promise<MutationOutcome> => {
    // A refusal is a decision too: team leads count them, so it is written to the log.
    await appendAudit(tx, {
      at: now,
      actor: actor.id,
      action: 'mutation.rejected',
      ...(disputeId === undefined ? {} : { disputeId }),
      payload: { mutation: mutation.name, code, message },
    });
    return { mutationId: mutation.mutationId, status: 'rejected', code, message };
  };
  const parsed = parseMutation(mutation.name, mutation.args);
  if (!parsed.ok) return refused(parsed.code, parsed.message);
  if (!mayRun(actor.role, parsed.value.name)) {
    return refused('not_allowed', `Your role (${actor.role.replace('_', ' ')}) may not ${parsed.value.name}.`, parsed.value.args.disputeId);
  }
  const previous: Dispute | undefined = await readDispute(tx, parsed.value.args.disputeId, true);
  const result = applyMutation(previous, parsed.value, mutation.baseVersion, { actor, now });
  if (!result.ok) return refused(result.refusal.code, result.refusal.message, previous?.id);
  const written = await writeDispute(tx, result.value.dispute, previous, now);
  await appendAudit(tx, {
    at: now,
    actor: actor.id,
    action: result.value.audit.action,
    disputeId: previous?.id,
    payload: { ...result.value.audit.payload, before: caseSnapshot(previous!), after: caseSnapshot(written) },
  });
  return { mutationId: mutation.mutationId, status: 'applied' };
}

/**
 * Applies a client's mutations in order, each in its own transaction with its outcome and the
 * client's last mutation id: a mutation already seen returns its stored outcome; the next in line
 * runs; one further ahead stops the push (`out_of_order`, not recorded) so the client resends the
 * gap first. A database failure throws: nothing of that mutation was recorded, and the client
 * retries it.
 */
export async function push(db: Database, actor: Actor, clientId: string, mutations: Mutation[], now: () => string): Promise<PushResponse> {
  const outcomes: MutationOutcome[] = [];
  let lastMutationId = 0;
  for (const mutation of mutations) {
    if (mutation.clientId !== clientId) {
      throw new SyncRefusal('forbidden', 'Every mutation in a push must come from the client that pushes it.');
    }
    const step = await db.transaction(async (tx) => {
      const last = await claimClient(tx, clientId, actor);
      if (mutation.mutationId <= last) {
        const [stored] = await tx.query<{ outcome: MutationOutcome }>(
          'SELECT outcome FROM mutation_outcomes WHERE client_id = $1 AND mutation_id = $2',
          [clientId, mutation.mutationId],
        );
        return { outcome: stored!.outcome, last };
      }
      if (mutation.mutationId > last + 1) {
        const outcome: MutationOutcome = {
          mutationId: mutation.mutationId,
          status: 'rejected',
          code: 'out_of_order',
          message: `Change ${last + 1} has not arrived yet; send the changes in order.`,
        };
        return { outcome, last, stop: true };
      }
      const outcome = await runMutation(tx, mutation, actor, now());
      await recordOutcome(tx, clientId, outcome);
      return { outcome, last: mutation.mutationId };
    });
    outcomes.push(step.outcome);
    lastMutationId = step.last;
    if ('stop' in step) break;
  }
  return { outcomes, lastMutationId };
}

/**
 * What changed after `cookie`, at most `limit` disputes in version order; `more` says another
 * pull will bring the rest. Rows are read inside one transaction so the page and the cookie agree.
 * Disputes are stored as the JSON the client receives, so they travel as text: parsing and
 * re-serialising every document was most of a pull's cost.
 */
export async function pull(
  db: Database,
  actor: Actor,
  request: { clientId: string; cookie: number | null; ackedMutationId: number; limit: number },
): Promise<string> {
  return db.transaction(async (tx) => {
    const last = await claimClient(tx, request.clientId, actor);
    const since = request.cookie ?? 0;
    const head = await currentVersion(tx);
    // The page is chosen first and only its rows become text: with the cast in the outer query,
    // a plan that sorts before limiting cannot convert every document in the table.
    const rows = await tx.query<{ doc: string; version: number }>(
      `SELECT doc::text AS doc, version FROM
         (SELECT doc, version FROM disputes WHERE version > $1 AND version <= $2 ORDER BY version LIMIT $3) AS page
       ORDER BY version`,
      [since, head, request.limit + 1],
    );
    const more = rows.length > request.limit;
    const page = more ? rows.slice(0, request.limit) : rows;
    const cookie = more ? page[page.length - 1]!.version : head;
    const deleted = await tx.query<{ id: string }>('SELECT id FROM deleted_disputes WHERE version > $1 AND version <= $2', [since, cookie]);
    const outcomes = await tx.query<{ outcome: MutationOutcome }>(
      'SELECT outcome FROM mutation_outcomes WHERE client_id = $1 AND mutation_id > $2 ORDER BY mutation_id',
      [request.clientId, request.ackedMutationId],
    );
    const rest: Omit<PullResponse, 'disputes'> = {
      cookie,
      more,
      deletedDisputeIds: deleted.map((row) => row.id),
      lastMutationId: last,
      outcomes: outcomes.map((row) => row.outcome),
    };
    return `{"disputes":[${page.map((row) => row.doc).join(',')}],${JSON.stringify(rest).slice(1)}`;
  });
}
