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
import { readTeamSettings } from './team-settings';
import { currentVersion, holdingCounters, lockDisputes, recordOutcomes, writeDispute, type HeldCounters } from './store';

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
  counters: HeldCounters,
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
  await counters.appendAudit({
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

/** What a push's changes run against: its transaction, the counters it holds, and the disputes it locked. */
interface Ledger {
  tx: Queryable;
  counters: HeldCounters;
  disputes: Map<string, Dispute>;
}

/**
 * Runs one mutation's rule and, when it applies, writes its effect and its audit entry. An
 * `evidence.add` the rules would apply but whose file the store lacks (`lookup`) waits instead:
 * nothing is written. One that applies carries the service's own findings.
 */
async function runMutation(ledger: Ledger, pushed: PushedMutation, actor: Actor, now: string, lookup: FileLookup): Promise<MutationOutcome | Waiting> {
  const { tx, counters } = ledger;
  const refused = (code: RefusedCode, message: string, disputeId?: string, params?: RefusalParams) =>
    refuse(counters, pushed, actor, now, code, message, disputeId, params);
  const envelope = mutationSchema.safeParse(pushed);
  if (!envelope.success) return refused(textRefusalOf(envelope.error) ?? 'invalid_args', `This change cannot be read: ${describeIssues(envelope.error)}`);
  const mutation = envelope.data;
  const parsed = parseMutation(mutation.name, mutation.args);
  if (!parsed.ok) return refused(parsed.code, parsed.message);
  const { disputeId } = parsed.value.args;
  if (!mayRun(actor.role, parsed.value.name)) {
    return refused('not_allowed', `Your role (${actor.role.replace('_', ' ')}) may not ${parsed.value.name}.`, disputeId, { variant: 'role', role: actor.role, action: parsed.value.name });
  }
  const previous: Dispute | undefined = ledger.disputes.get(disputeId);
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
  const written = await writeDispute(tx, result.value.dispute, previous, now, counters);
  ledger.disputes.set(written.id, written);
  await counters.appendAudit({
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

/** What a push reads of each change before its transaction: the dispute it names and its file in the store. */
interface Prepared {
  disputeId: string | undefined;
  lookup: FileLookup;
}

/** How far a run of changes got: their outcomes, the client's last mutation id, and why it stopped early. */
interface Taken {
  outcomes: MutationOutcome[];
  last: number;
  waiting?: Waiting['waiting'];
  stopped?: true;
}

/**
 * Runs `mutations` in order in one transaction, with their outcomes and the client's last mutation
 * id: a mutation already seen gives its stored outcome; the next in line runs; one further ahead
 * stops the run (`out_of_order`, not recorded) so the client resends the gap first; an
 * `evidence.add` waiting for its file stops it with nothing recorded for it. The disputes they
 * name are locked first, in one statement, and the counters held (`holdingCounters`). The files
 * were looked up before (`prepared`), so the evidence store is never read while the database
 * holds locks.
 */
function takeTogether(db: Database, actor: Actor, clientId: string, mutations: readonly PushedMutation[], prepared: readonly Prepared[], now: () => string): Promise<Taken> {
  return db.transaction((tx) =>
    holdingCounters(tx, async (counters) => {
      let last = await claimClient(tx, clientId, actor);
      const named = prepared.map((change) => change.disputeId).filter((id): id is string => id !== undefined);
      const ledger: Ledger = { tx, counters, disputes: named.length === 0 ? new Map() : await lockDisputes(tx, named) };
      const taken: Taken = { outcomes: [], last };
      // Outcomes are recorded together at the end; a change pushed twice in one push finds its first here.
      const recorded = new Map<number, MutationOutcome>();
      for (const [index, pushed] of mutations.entries()) {
        if (pushed.mutationId <= last) {
          const stored =
            recorded.get(pushed.mutationId) ??
            (await tx.query<{ outcome: MutationOutcome }>('SELECT outcome FROM mutation_outcomes WHERE client_id = $1 AND mutation_id = $2', [clientId, pushed.mutationId]))[0]!.outcome;
          taken.outcomes.push(stored);
          continue;
        }
        if (pushed.mutationId > last + 1) {
          const message = `Change ${last + 1} has not arrived yet; send the changes in order.`;
          taken.outcomes.push({ mutationId: pushed.mutationId, status: 'rejected', code: 'out_of_order', message });
          taken.stopped = true;
          break;
        }
        const ran = await runMutation(ledger, pushed, actor, now(), prepared[index]!.lookup);
        if ('waiting' in ran) {
          taken.waiting = ran.waiting;
          break;
        }
        recorded.set(ran.mutationId, ran);
        taken.outcomes.push(ran);
        last = pushed.mutationId;
        taken.last = last;
      }
      await recordOutcomes(tx, clientId, [...recorded.values()]);
      return taken;
    }),
  );
}

/**
 * The safety net under the schemas: a mutation whose values the database refused is refused as
 * its outcome, in a transaction of its own, so the desk's later changes are not stuck behind it.
 */
function refuseUnstorable(db: Database, actor: Actor, clientId: string, pushed: PushedMutation, now: () => string): Promise<Taken | undefined> {
  return db.transaction((tx) =>
    holdingCounters(tx, async (counters) => {
      const last = await claimClient(tx, clientId, actor);
      if (pushed.mutationId !== last + 1) return undefined;
      const message = 'The case service could not store this change: one of its values cannot be kept. Change the text and try again.';
      const outcome = await refuse(counters, pushed, actor, now(), 'invalid_args', message);
      await recordOutcomes(tx, clientId, [outcome]);
      return { outcomes: [outcome], last: pushed.mutationId };
    }),
  );
}

/**
 * Applies a client's mutations in order (`takeTogether`), all in one transaction: a push's round
 * trips to the database were most of its cost (issue 20). Should that transaction fail, nothing of
 * it was kept, and the mutations are taken again one transaction each, so the one that failed is
 * found: a mutation the database cannot store is refused as its outcome; any other failure of the
 * database ends the push, thrown when nothing of it was recorded (the client retries it all), else
 * answered with the outcomes recorded so far (the client resends the rest).
 */
export async function push(
  db: Database,
  actor: Actor,
  clientId: string,
  mutations: PushedMutation[],
  now: () => string,
  describeBlob: DescribeBlob,
): Promise<PushResponse> {
  // Checked before any is applied, so a refused push has changed nothing.
  if (mutations.some((pushed) => pushed.clientId !== clientId)) {
    throw new SyncRefusal('forbidden', 'Every mutation in a push must come from the client that pushes it.');
  }
  const prepared: Prepared[] = [];
  for (const pushed of mutations) {
    const parsed = typeof pushed.name === 'string' ? parseMutation(pushed.name, pushed.args) : undefined;
    prepared.push(parsed?.ok ? { disputeId: parsed.value.args.disputeId, lookup: await lookUpFile(parsed.value, describeBlob) } : { disputeId: undefined, lookup: undefined });
  }
  const answer = (taken: Taken): PushResponse => ({ outcomes: taken.outcomes, lastMutationId: taken.last, ...(taken.waiting ? { waiting: taken.waiting } : {}) });
  if (mutations.length > 1) {
    try {
      return answer(await takeTogether(db, actor, clientId, mutations, prepared, now));
    } catch (error) {
      if (error instanceof SyncRefusal) throw error;
      log.warn('a push failed in one transaction; taking its changes one at a time', { clientId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const outcomes: MutationOutcome[] = [];
  let lastMutationId = 0;
  for (const [index, pushed] of mutations.entries()) {
    let done: Taken | undefined;
    try {
      done = await takeTogether(db, actor, clientId, [pushed], [prepared[index]!], now);
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
    outcomes.push(...done.outcomes);
    lastMutationId = done.last;
    if (done.waiting) return { outcomes, lastMutationId, waiting: done.waiting };
    if (done.stopped) break;
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
      retentionDays: (await readTeamSettings(tx)).retentionDays,
    };
    const docs = page.map((row) => asciiJson(row.doc));
    return jsonStream(['{"disputes":[', ...docs.flatMap((doc, index) => (index === 0 ? [doc] : [',', doc])), `],${asciiJson(JSON.stringify(rest)).slice(1)}`]);
  });
}

const nonAscii = /[\u0080-\uffff]+/g;
/** Each character's escape, made once: at most one per UTF-16 code unit. */
const escapes = new Map<number, string>();

function escapeRun(run: string): string {
  let escaped = '';
  for (let index = 0; index < run.length; index += 1) {
    const code = run.charCodeAt(index);
    let escape = escapes.get(code);
    if (escape === undefined) {
      escape = `\\u${code.toString(16).padStart(4, '0')}`;
      escapes.set(code, escape);
    }
    escaped += escape;
  }
  return escaped;
}

/**
 * JSON text with every character outside ASCII written as a `\u` escape: the same value once
 * parsed. A browser decodes an ASCII answer about four times faster than one with a few names in
 * other scripts, which makes the whole page’s text two bytes a character (issue 20). About 6 µs a
 * demo dispute here.
 */
export function asciiJson(json: string): string {
  nonAscii.lastIndex = 0;
  if (!nonAscii.test(json)) return json;
  return json.replace(nonAscii, escapeRun);
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
