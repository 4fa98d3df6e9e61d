import { caseSnapshot } from '../shared/audit/case-snapshot';
import type { AuditPayload } from '../shared/audit/payloads';
import { disputeSchema, type Dispute } from '../shared/domain/model';
import { stampEvidenceLabel } from '../shared/domain/evidence-label';
import type { RefusalParams } from '../shared/domain/refusals';
import { describeIssues, echo, textRefusalOf } from '../shared/domain/text';
import { createLogger } from '../shared/logger';
import type { Actor, ParsedMutation } from '../shared/sync/apply';
import { applyMutation, mayRun, namedUsers, parseMutation } from '../shared/sync/apply';
import { boundRefusalParams, maxOutcomeMessage, mutationSchema, type MutationOutcome, type PullResponse, type PushedMutation, type PushResponse } from '../shared/sync/protocol';
import type { Database, Queryable } from './db/database';
import { findingsFor, lookUpFile, waitingFor, type DescribeBlob, type FileLookup } from './evidence-findings';
import { appendAudit, currentVersion, readDispute, recordOutcome, writeDispute } from './store';

const log = createLogger('sync');

/** A push the service cannot take at all; each mutation in a push that it can take gets an outcome. */
export class SyncRefusal extends Error {
  constructor(
    readonly code: 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

type RefusedCode = Extract<MutationOutcome, { status: 'rejected' }>['code'];

/** Finds or registers the client; a client id belongs to the user who first used it. */
async function claimClient(tx: Queryable, clientId: string, actor: Actor): Promise<number> {
  const lock = () =>
    tx.query<{ user_id: string; last_mutation_id: number }>('SELECT user_id, last_mutation_id FROM clients WHERE client_id = $1 FOR UPDATE', [clientId]);
  // A known client (every push but a desk's first) is one statement: each one a change waits on.
  let [row] = await lock();
  if (row === undefined) {
    await tx.query('INSERT INTO clients (client_id, user_id) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING', [clientId, actor.id]);
    [row] = await lock();
  }
  if (row!.user_id !== actor.id) {
    throw new SyncRefusal('forbidden', 'This client id belongs to another user. Sign in again on this computer to get a new one.');
  }
  return row!.last_mutation_id;
}

/**
 * Records a refusal: as the outcome, and in the audit log (team leads count refusals). Only the
 * mutation's name, cut short, our own message and the rule's bounded parameters are kept, never
 * what else the mutation carried.
 */
async function refuse(
  tx: Queryable,
  pushed: PushedMutation,
  actor: Actor,
  now: string,
  code: RefusedCode,
  message: string,
  disputeId?: string,
  params?: RefusalParams,
): Promise<MutationOutcome> {
  const bounded = echo(message, maxOutcomeMessage - 1);
  const worded = params === undefined ? {} : { params: boundRefusalParams(params) };
  await appendAudit(tx, {
    at: now,
    actor: actor.id,
    action: 'mutation.rejected',
    ...(disputeId === undefined ? {} : { disputeId }),
    payload: { mutation: echo(pushed.name), code, message: bounded, ...worded } satisfies AuditPayload<'mutation.rejected'>,
  });
  return { mutationId: pushed.mutationId, status: 'rejected', code, message: bounded, ...worded };
}

/** A user id the mutation names that is not a team member with a role it allows, in words. */
async function checkNamedUsers(tx: Queryable, mutation: ParsedMutation): Promise<string | undefined> {
  for (const named of namedUsers(mutation)) {
    const [user] = await tx.query<{ role: Actor['role'] }>('SELECT role FROM users WHERE id = $1', [named.userId]);
    if (!user) return `There is no team member ${echo(named.userId)} to be the ${named.as}. Choose someone on the team list.`;
    if (!named.roles.includes(user.role)) {
      return `${echo(named.userId)} is a ${user.role.replace('_', ' ')} and cannot be the ${named.as}. Choose a ${named.roles.map((role) => role.replace('_', ' ')).join(' or ')}.`;
    }
  }
  return undefined;
}

/** A change not run because the file it names is not in the store yet (decision 0021). */
type Waiting = { waiting: NonNullable<PushResponse['waiting']> };

/**
 * Runs one mutation's rule and, when it applies, writes its effect and its audit entry. An
 * `evidence.add` the rules would apply but whose file the store lacks (`lookup`) waits instead:
 * nothing is written. One that applies carries the service's own findings.
 */
async function runMutation(tx: Queryable, pushed: PushedMutation, actor: Actor, now: string, lookup: FileLookup): Promise<MutationOutcome | Waiting> {
  const refused = (code: RefusedCode, message: string, disputeId?: string, params?: RefusalParams) =>
    refuse(tx, pushed, actor, now, code, message, disputeId, params);
  const envelope = mutationSchema.safeParse(pushed);
  if (!envelope.success) return refused(textRefusalOf(envelope.error) ?? 'invalid_args', `This change cannot be read: ${describeIssues(envelope.error)}`);
  const mutation = envelope.data;
  const parsed = parseMutation(mutation.name, mutation.args);
  if (!parsed.ok) return refused(parsed.code, parsed.message);
  const { disputeId } = parsed.value.args;
  if (!mayRun(actor.role, parsed.value.name)) {
    return refused('not_allowed', `Your role (${actor.role.replace('_', ' ')}) may not ${parsed.value.name}.`, disputeId, { variant: 'role', role: actor.role, action: parsed.value.name });
  }
  const previous: Dispute | undefined = await readDispute(tx, disputeId, true);
  // A change based on a version the dispute never had would pass the new-evidence check for
  // evidence the user has not seen; only a desk that made its version up can send one.
  if (previous !== undefined && mutation.baseVersion > previous.version) {
    return refused(
      'base_version_ahead',
      `This change was made on version ${mutation.baseVersion} of dispute ${previous.id}, which is only at version ${previous.version}. Sync to reload the dispute, then make the change again.`,
      previous.id,
      {},
    );
  }
  const nobody = await checkNamedUsers(tx, parsed.value);
  if (nobody !== undefined) return refused('user_not_found', nobody, previous?.id);
  let result = applyMutation(previous, parsed.value, mutation.baseVersion, { actor, now });
  if (!result.ok) return refused(result.refusal.code, result.refusal.message, previous?.id, result.refusal.params);
  if (parsed.value.name === 'evidence.add') {
    if (lookup !== undefined && lookup.blob === undefined) return { waiting: waitingFor(mutation.mutationId, lookup.sha256) };
    const evidenceFindings = await findingsFor(tx, previous!, parsed.value, lookup, now);
    result = applyMutation(previous, parsed.value, mutation.baseVersion, { actor, now, evidenceFindings });
    if (!result.ok) return refused(result.refusal.code, result.refusal.message, previous?.id, result.refusal.params);
    // The service alone names new evidence, so two desks adding at once never share a label.
    result = { ok: true, value: { ...result.value, dispute: stampEvidenceLabel(result.value.dispute, parsed.value.args.item.id) } };
  }
  // What is stored is what every desk will pull and check: a dispute its schema refuses (a list
  // grown past its limit) would stop every desk's sync, so it is refused here instead.
  const storable = disputeSchema.safeParse(result.value.dispute);
  if (!storable.success) {
    return refused(textRefusalOf(storable.error) ?? 'invalid_args', `Dispute ${previous!.id} cannot take this change: ${describeIssues(storable.error)}`, previous?.id);
  }
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

/** The database refused a value (SQLSTATE class 22, or a size limit): retrying cannot help. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code === '54000');
}

/**
 * One mutation in its own transaction: its stored outcome, `out_of_order`, what running it gave,
 * or that it waits for its file. The file an `evidence.add` names is looked up first, outside
 * the transaction, so the evidence store is never read while the database holds locks.
 */
async function step(db: Database, actor: Actor, clientId: string, pushed: PushedMutation, now: () => string, describeBlob: DescribeBlob) {
  const parsed = typeof pushed.name === 'string' ? parseMutation(pushed.name, pushed.args) : undefined;
  const lookup = parsed?.ok ? await lookUpFile(parsed.value, describeBlob) : undefined;
  return db.transaction(async (tx) => {
    const last = await claimClient(tx, clientId, actor);
    if (pushed.mutationId <= last) {
      const [stored] = await tx.query<{ outcome: MutationOutcome }>('SELECT outcome FROM mutation_outcomes WHERE client_id = $1 AND mutation_id = $2', [
        clientId,
        pushed.mutationId,
      ]);
      return { outcome: stored!.outcome, last };
    }
    if (pushed.mutationId > last + 1) {
      const outcome: MutationOutcome = {
        mutationId: pushed.mutationId,
        status: 'rejected',
        code: 'out_of_order',
        message: `Change ${last + 1} has not arrived yet; send the changes in order.`,
      };
      return { outcome, last, stop: true };
    }
    const ran = await runMutation(tx, pushed, actor, now(), lookup);
    if ('waiting' in ran) return { waiting: ran.waiting, last };
    await recordOutcome(tx, clientId, ran);
    return { outcome: ran, last: pushed.mutationId };
  });
}

/**
 * The safety net under the schemas: a mutation whose values the database refused is refused as
 * its outcome, in a transaction of its own, so the desk's later changes are not stuck behind it.
 */
function refuseUnstorable(db: Database, actor: Actor, clientId: string, pushed: PushedMutation, now: () => string) {
  return db.transaction(async (tx) => {
    const last = await claimClient(tx, clientId, actor);
    if (pushed.mutationId !== last + 1) return undefined;
    const message = 'The case service could not store this change: one of its values cannot be kept. Change the text and try again.';
    const outcome = await refuse(tx, pushed, actor, now(), 'invalid_args', message);
    await recordOutcome(tx, clientId, outcome);
    return { outcome, last: pushed.mutationId };
  });
}

/**
 * Applies a client's mutations in order, each in its own transaction with its outcome and the
 * client's last mutation id: a mutation already seen returns its stored outcome; the next in line
 * runs; one further ahead stops the push (`out_of_order`, not recorded) so the client resends the
 * gap first. An `evidence.add` whose file the store lacks stops the push with `waiting`, recording
 * nothing for it, so the desk uploads the file and pushes again from there (decision 0021). A
 * mutation the database cannot store is refused as its outcome. Any other failure
 * of the database ends the push: thrown when nothing of it was recorded (the client retries it
 * all), else answered with the outcomes recorded so far (the client resends the rest).
 */
export async function push(
  db: Database,
  actor: Actor,
  clientId: string,
  mutations: PushedMutation[],
  now: () => string,
  describeBlob: DescribeBlob,
): Promise<PushResponse> {
  const outcomes: MutationOutcome[] = [];
  let lastMutationId = 0;
  // Checked before any is applied, so a refused push has changed nothing.
  if (mutations.some((pushed) => pushed.clientId !== clientId)) {
    throw new SyncRefusal('forbidden', 'Every mutation in a push must come from the client that pushes it.');
  }
  for (const pushed of mutations) {
    let done: Awaited<ReturnType<typeof step>> | undefined;
    try {
      done = await step(db, actor, clientId, pushed, now, describeBlob);
    } catch (error) {
      if (error instanceof SyncRefusal) throw error;
      log.error('a pushed change failed', { clientId, mutationId: pushed.mutationId, error: error instanceof Error ? error.message : String(error) });
      const refused = isDataError(error) ? await refuseUnstorable(db, actor, clientId, pushed, now).catch(() => undefined) : undefined;
      if (refused === undefined) {
        if (outcomes.length === 0) throw error;
        return { outcomes, lastMutationId };
      }
      done = refused;
    }
    if ('waiting' in done) return { outcomes, lastMutationId: done.last, waiting: done.waiting };
    outcomes.push(done.outcome);
    lastMutationId = done.last;
    if ('stop' in done) break;
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
): Promise<ReadableStream<Uint8Array>> {
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
    return jsonStream(['{"disputes":[', ...page.flatMap((row, index) => (index === 0 ? [row.doc] : [',', row.doc])), `],${JSON.stringify(rest).slice(1)}`]);
  });
}

/** How many bytes each piece of a streamed answer holds: the size a socket usually reads. */
const streamChunkBytes = 64 * 1024;

/**
 * `parts` one after another as UTF-8, encoded as the answer is sent, 64 KiB at a time. A page of
 * disputes is tens of megabytes of text: joining it into one string, then having the response copy
 * and encode that, made three fresh copies of it per pull (issue 20).
 */
export function jsonStream(parts: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  let rest = parts[0] ?? '';
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = new Uint8Array(streamChunkBytes);
      let used = 0;
      while (index < parts.length) {
        const { read, written } = encoder.encodeInto(rest, chunk.subarray(used));
        used += written;
        if (read < rest.length) {
          // The chunk is full: the rest of this text goes in the next one.
          rest = rest.slice(read);
          break;
        }
        index += 1;
        rest = parts[index] ?? '';
      }
      if (used > 0) controller.enqueue(chunk.subarray(0, used));
      if (index >= parts.length) controller.close();
    },
  });
}
