import { Hono, type Context } from 'hono';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getConnInfo } from '@hono/node-server/conninfo';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { sha256Schema } from '../shared/domain/model';
import { boundedText, describeIssues, echo, textLimits } from '../shared/domain/text';
import { parseByteRange } from '../shared/http/byte-range';
import { createLogger } from '../shared/logger';
import {
  loginRequestSchema,
  pullRequestSchema,
  pushRequestSchema,
  syncSchemaVersion,
  teamSettingsRequestSchema,
  type HealthResponse,
  type ServiceErrorCode,
  type TeamResponse,
  type User,
} from '../shared/sync/protocol';
import { defaultMaxUploadBytes, defaultPartBytes, uploadRequestSchema, type StoreHealth } from '../shared/sync/transfer-protocol';
import { presenceReportSchema } from '../shared/sync/presence';
import { signInLocksResponseSchema, unlockRequestSchema, type ReadinessResponse, type SignInLocksResponse } from '../shared/sync/sign-in-locks';
import { authenticate, checkLogin, createSession, revokeSession } from './auth';
import { maxAuditPage, readAuditPage } from './audit';
import { blobDescriber, blobRecord, storeBlob, storeHealth } from './blobs';
import type { Database } from './db/database';
import { pendingMigrations } from './db/migrate';
import { currentRequestId, requestLog } from './request-log';
import {
  defaultSignInLimits,
  forgiveSignInAttempt,
  lockedAccounts,
  pruneSignInThrottle,
  reserveSignInAttempt,
  unlockUsername,
  type SignInLimits,
} from './sign-in-guard';
import { defaultPokeLimits, pokeChannel, PokeHub, type PokeLimits } from './pokes';
import { PresenceRelay, reportPresence } from './presence';
import { pull, push, SyncRefusal } from './sync';
import { changeTeamSettings, readTeamSettings } from './team-settings';
import { openFolderStore } from './evidence-store/folder';
import { StoreUnavailable, type EvidenceStore } from './evidence-store/store';
import { createUploadService, type UploadResult } from './uploads';

const log = createLogger('case-service');

/** How long `/health` reuses its reading of the evidence store. */
const storeHealthTtlMs = 5_000;

const statusOf: Record<ServiceErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  token_expired: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  hash_mismatch: 422,
  schema_version_unsupported: 426,
  range_not_satisfiable: 416,
  too_many_attempts: 429,
  unavailable: 503,
  part_mismatch: 422,
  upload_incomplete: 409,
  store_unavailable: 503,
};

/** What the case service needs to answer. */
export interface CaseServiceOptions {
  db: Database;
  /** The clock; tests move it to expire tokens. The service stamps every time it stores. */
  now?: () => Date;
  /**
   * Where evidence bytes live (decision 0020). Without one, a folder store of its own in the
   * system's temporary folder: for tests and tools that start the service in-process.
   */
  store?: EvidenceStore;
  /** The largest evidence file accepted sent whole (`PUT /blobs/<sha256>`), in bytes; larger files go in parts. */
  maxBlobBytes?: number;
  /** The largest evidence file accepted by `POST /uploads`, in bytes (default 20 GiB). */
  maxUploadBytes?: number;
  /** A part size smaller than the protocol's default, for tests that want many parts from small files. */
  uploadPartBytes?: number;
  /** One JSON log line per request answered (the service's main turns it on; tests keep quiet). */
  accessLog?: boolean;
  /** How many sign-in attempts a username and an address get (decision 0018); tests lower them. */
  signInLimits?: SignInLimits;
  /**
   * The address a request came from, for sign-in throttling: by default the TCP peer. Behind a
   * reverse proxy every request comes from the proxy's address; see docs/case-service.md.
   */
  clientAddress?: (c: Context) => string;
  /** How many poke streams (`GET /events`) are taken, and how often they beat; tests lower them. */
  pokeLimits?: Partial<PokeLimits>;
  /** Demo mode adds the marketplace simulator's endpoint (team leads only); without it the endpoint does not exist. */
  demo?: { simulate(request: unknown): Promise<{ status: ContentfulStatusCode; body: unknown }> };
}

type Env = { Variables: { user: User; token: string; sentRaw: boolean } };

/** The TCP peer's address, or `unknown` where there is no socket (requests made in-process). */
function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * A request's body as a Node stream (empty when it has none). Served by @hono/node-server, that is
 * the socket's own IncomingMessage: through a web stream and back, bytes moved at a tenth of the
 * disk's speed. Requests made in-process (tests) have only the web stream.
 */
function bodyOf(c: Context): Readable {
  const incoming: unknown = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (incoming instanceof Readable) return incoming;
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
}

/** The raw response when the service runs under `@hono/node-server`'s `serve()` (absent for `app.request` in tests). */
function rawResponseOf(c: Context): ServerResponse | undefined {
  const outgoing: unknown = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing !== null && typeof outgoing === 'object' && 'writeHead' in outgoing ? (outgoing as ServerResponse) : undefined;
}

/**
 * Sends `bytes` on the raw response, bypassing hono's web-stream conversion: a 2 GiB file went
 * through a ReadableStream in 64 KiB chunks at about 130 MiB/s, where piping the file stream
 * straight into the socket moves large buffers at the disk's pace. The headers other middleware
 * set (CORS, the request id) go out with it; `answeredRaw` then tells `@hono/node-server` that the
 * answer was sent already.
 */
function sendRaw(c: Context<Env>, outgoing: ServerResponse, status: ContentfulStatusCode, headers: Record<string, string>, bytes: Readable): Response {
  const all: Record<string, string> = {};
  c.res.headers.forEach((value, name) => {
    all[name] = value;
  });
  const requestId = currentRequestId();
  outgoing.writeHead(status, { ...all, ...headers, ...(requestId !== undefined && { 'X-Request-Id': requestId }) });
  pipeline(bytes, outgoing).catch((error: unknown) => {
    // A desk that goes away mid-file is ordinary (it resumes with a Range); anything else is logged.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') log.warn('a blob download stopped', { error: (error as Error).message });
  });
  c.set('sentRaw', true);
  return c.body(null, status);
}

/**
 * The outermost middleware: once a route answered on the raw response (`sendRaw`), the answer
 * hono holds is swapped for `@hono/node-server`'s marker, so nothing is written a second time.
 * Replacing `c.res` would otherwise merge the headers into a new response, which the node server
 * writes regardless of the marker.
 */
async function answeredRaw(c: Context<Env>, next: () => Promise<void>): Promise<void> {
  await next();
  if (!c.get('sentRaw')) return;
  c.res = undefined;
  c.res = RESPONSE_ALREADY_SENT;
}

function fail(c: Context, code: ServiceErrorCode, message: string) {
  return c.json({ error: { code, message } }, statusOf[code]);
}

async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<{ ok: true; value: z.output<S> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return { ok: false, response: fail(c, 'bad_request', 'The request body must be JSON.') };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, response: fail(c, 'bad_request', `The request is not valid: ${describeIssues(parsed.error)}`) };
  return { ok: true, value: parsed.data };
}

/** The case service's HTTP app, and its poke streams and presence relay, which stopping the service ends first. */
export type CaseService = Hono<Env> & { pokes: PokeHub; presence: PresenceRelay };

/** The case service's HTTP API: health, login, pull, push, live pokes, evidence blobs and, in demo mode, the simulator. */
export function createCaseService(options: CaseServiceOptions): CaseService {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const maxBlobBytes = options.maxBlobBytes ?? defaultPartBytes;
  // Created on first use: a service that never stores evidence leaves no folder behind.
  const store = options.store ?? openFolderStore(path.join(os.tmpdir(), `dispute-desk-evidence-${randomUUID()}`));
  const uploads = createUploadService({
    db,
    store,
    now,
    maxUploadBytes: options.maxUploadBytes ?? defaultMaxUploadBytes,
    ...(options.uploadPartBytes !== undefined && { partBytes: options.uploadPartBytes }),
  });
  const describeBlob = blobDescriber(db, store);
  const signInLimits = options.signInLimits ?? defaultSignInLimits;
  const clientAddress = options.clientAddress ?? peerAddress;
  const app = new Hono<Env>();

  app.use('*', answeredRaw);
  app.use('*', requestLog(options.accessLog ?? false));

  // The app calls the service from its own origin (app://desk, or the browser host's loopback
  // port). Any origin may ask: the API authenticates with bearer tokens, never cookies, so a
  // foreign page gains nothing it could not do with a token it does not have. The demo endpoint
  // is left out: nothing but the desk's own tools has any business calling it from a page.
  const apiCors = cors({
    origin: '*',
    allowHeaders: ['Authorization', 'Content-Type', 'Content-Digest', 'Range', 'X-Request-Id'],
    exposeHeaders: ['Content-Range', 'Content-Length', 'X-Request-Id'],
  });
  app.use('*', async (c, next) => (c.req.path.startsWith('/demo/') ? next() : apiCors(c, next)));

  app.onError((error, c) => {
    if (error instanceof StoreUnavailable) {
      log.warn('the evidence store is unavailable', { path: c.req.path.slice(0, 200), reason: error.message });
      return fail(c, 'store_unavailable', `${error.message} Nothing was lost: keep the file and try again later.`);
    }
    log.error('request failed', { path: c.req.path.slice(0, 200), error: error.stack ?? String(error) });
    return fail(c, 'unavailable', 'The case service could not finish this request. Nothing was changed; try again.');
  });
  app.notFound((c) => fail(c, 'not_found', `There is no ${echo(c.req.method, 20)} ${echo(c.req.path, 200)} here.`));

  // `/health` is what the desk's status badge reads (unchanged); `/health/live` says only that the
  // process answers; `/health/ready` that the database answers and every migration has run.
  // Desks read /health often: the store's counts and probe are kept for a few seconds. Without a
  // database to count from, /health still answers, without the store (readiness says why).
  let storeSeen: { at: number; health: StoreHealth } | undefined;
  const currentStoreHealth = async (): Promise<StoreHealth | undefined> => {
    if (storeSeen && Date.now() - storeSeen.at < storeHealthTtlMs) return storeSeen.health;
    try {
      storeSeen = { at: Date.now(), health: await storeHealth(db, store) };
      return storeSeen.health;
    } catch (error) {
      log.warn('/health: the evidence store could not be counted', { error: String(error) });
      return undefined;
    }
  };
  app.get('/health', async (c) => {
    const storeNow = await currentStoreHealth();
    return c.json({
      status: 'ok',
      database: db.kind,
      schemaVersion: syncSchemaVersion,
      demo: Boolean(options.demo),
      ...(storeNow && { store: storeNow }),
    } satisfies HealthResponse);
  });
  app.get('/health/live', (c) => c.json({ status: 'live' }));
  app.get('/health/ready', async (c) => {
    let pending: string[];
    try {
      pending = await pendingMigrations(db);
    } catch (error) {
      log.warn('readiness check: the database does not answer', { error: String(error) });
      return c.json({ status: 'not_ready', database: 'unreachable', pendingMigrations: [] } satisfies ReadinessResponse, 503);
    }
    const ready = pending.length === 0;
    return c.json({ status: ready ? 'ready' : 'not_ready', database: 'answers', pendingMigrations: pending } satisfies ReadinessResponse, ready ? 200 : 503);
  });

  const jsonLimit = bodyLimit({
    maxSize: 4 * 1024 * 1024,
    onError: (c) => fail(c, 'payload_too_large', 'A request body may be at most 4 MiB; push fewer changes at a time.'),
  });

  // Every attempt is counted before the password is checked, so parallel guesses are counted as
  // they arrive; an unknown username costs the same work and gets the same answers as a known one.
  app.post('/auth/login', jsonLimit, async (c) => {
    const body = await readJson(c, loginRequestSchema);
    if (!body.ok) return body.response;
    const attempt = { username: body.value.username, address: clientAddress(c) };
    const reserved = await db.transaction((tx) => reserveSignInAttempt(tx, attempt, now(), signInLimits));
    await pruneSignInThrottle(db, now(), signInLimits);
    if (!reserved.ok) {
      log.warn('sign-in refused: too many attempts', { address: attempt.address.slice(0, 64), retryAfterSeconds: reserved.retryAfterSeconds });
      c.header('Retry-After', String(reserved.retryAfterSeconds));
      const minutes = Math.ceil(reserved.retryAfterSeconds / 60);
      return fail(c, 'too_many_attempts', `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask a team lead to unlock your account.`);
    }
    const user = await checkLogin(db, body.value.username, body.value.password);
    if (user === 'wrong') {
      log.info('sign-in refused: wrong username or password', { address: attempt.address.slice(0, 64) });
      return fail(c, 'unauthorized', 'Wrong username or password.');
    }
    await forgiveSignInAttempt(db, attempt, signInLimits);
    if (user === 'disabled') return fail(c, 'forbidden', 'This account is disabled. Ask your administrator to enable it.');
    const session = await createSession(db, user.id, now());
    return c.json({ ...session, user });
  });

  const requireUser = async (c: Context<Env>, next: () => Promise<void>) => {
    const token = c.req.header('authorization')?.match(/^Bearer (.+)$/)?.[1];
    if (!token) return fail(c, 'unauthorized', 'Sign in first: this call needs a bearer token.');
    const user = await authenticate(db, token, now());
    if (user === 'unknown') return fail(c, 'unauthorized', 'This sign-in is not known here. Sign in again.');
    if (user === 'expired') return fail(c, 'token_expired', 'Your sign-in has expired. Sign in again; changes made offline are kept and sent afterwards.');
    c.set('user', user);
    c.set('token', token);
    await next();
  };
  app.use('/sync/*', requireUser);
  app.use('/blobs/*', requireUser);
  app.use('/uploads', requireUser);
  app.use('/uploads/*', requireUser);
  app.use('/audit', requireUser);
  app.use('/team', requireUser);
  app.use('/team/*', requireUser);
  app.use('/auth/logout', requireUser);
  app.use('/auth/locks', requireUser);
  app.use('/auth/unlock', requireUser);
  app.use('/events', requireUser);
  app.use('/presence', requireUser);

  // The poke channel (pokes.ts): Server-Sent Events read with fetch, since EventSource cannot send
  // the bearer token. The first stream starts this instance listening to the database's channel.
  const pokes = new PokeHub(async (token) => typeof (await authenticate(db, token, now())) === 'object', { ...defaultPokeLimits, ...options.pokeLimits });
  let listening: Promise<unknown> | undefined;
  const listenForChanges = () =>
    (listening ??= db.listen(pokeChannel, (payload) => pokes.notify(payload === '' ? undefined : Number(payload))).catch((error: unknown) => {
      listening = undefined;
      throw error;
    }));
  const presence = new PresenceRelay(db, pokes, now);
  app.get('/events', async (c) => {
    let greeting;
    try {
      await Promise.all([listenForChanges(), presence.listen()]);
      // A desk that has just connected hears who is on what at once, not at the next heartbeat.
      greeting = [{ name: 'presence', data: { entries: await presence.current() } }];
    } catch (error) {
      log.warn('cannot listen for changes', { error: String(error) });
      return fail(c, 'unavailable', 'Live updates are not available now; Dispute Desk checks for changes every 30 seconds instead.');
    }
    const opened = pokes.open(c.get('user'), c.get('token'), greeting);
    if (!opened.ok) return fail(c, opened.code, opened.message);
    return c.body(opened.stream, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
  });

  // What this desk window's person is doing (shared/sync/presence.ts); everyone hears it down the poke stream.
  app.put('/presence', jsonLimit, async (c) => {
    const body = await readJson(c, presenceReportSchema);
    if (!body.ok) return body.response;
    const reported = await reportPresence(db, c.get('user'), body.value, now());
    if (!reported.ok) return fail(c, reported.code, reported.message);
    return c.body(null, 204);
  });

  // Signing out ends the session here too: the token is refused from then on.
  app.post('/auth/logout', async (c) => {
    await revokeSession(db, c.get('token'));
    return c.body(null, 204);
  });

  app.get('/auth/locks', async (c) => {
    if (c.get('user').role !== 'team_lead') return fail(c, 'forbidden', 'Only team leads may see which accounts are locked.');
    return c.json(signInLocksResponseSchema.parse({ locked: await lockedAccounts(db, now()) }) satisfies SignInLocksResponse);
  });

  app.post('/auth/unlock', jsonLimit, async (c) => {
    if (c.get('user').role !== 'team_lead') return fail(c, 'forbidden', 'Only team leads may unlock an account.');
    const body = await readJson(c, unlockRequestSchema);
    if (!body.ok) return body.response;
    const [target] = await db.query<{ username: string; name: string }>('SELECT username, name FROM users WHERE id = $1', [body.value.userId]);
    if (!target) return fail(c, 'not_found', 'There is no such team member. Reload the list of locked accounts.');
    const unlocked = await unlockUsername(db, target.username, now());
    log.info('account unlocked', { userId: body.value.userId, by: c.get('user').id, wasLocked: unlocked });
    return c.json({ unlocked });
  });

  app.get('/team', async (c) => {
    const members = await db.query<{ id: string; name: string; role: User['role'] }>('SELECT id, name, role FROM users ORDER BY name');
    return c.json({ members, settings: await readTeamSettings(db) } satisfies TeamResponse);
  });

  // How long desks keep closed disputes (shared/domain/retention.ts): the team leads' to set.
  app.put('/team/settings', jsonLimit, async (c) => {
    if (c.get('user').role !== 'team_lead') return fail(c, 'forbidden', "Only team leads may change the team's settings.");
    const body = await readJson(c, teamSettingsRequestSchema);
    if (!body.ok) return body.response;
    return c.json(await changeTeamSettings(db, c.get('user'), body.value, now()));
  });

  // The audit log is the team leads' record; nobody else reads it from here.
  app.get('/audit', async (c) => {
    if (c.get('user').role !== 'team_lead') return fail(c, 'forbidden', 'Only team leads may read the audit log.');
    const after = Number(c.req.query('after') ?? 0);
    const limit = Number(c.req.query('limit') ?? maxAuditPage);
    if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > maxAuditPage) {
      return fail(c, 'bad_request', `Ask for ?after=<seq>&limit=<1 to ${maxAuditPage}>.`);
    }
    return c.json(await readAuditPage(db, after, limit));
  });

  /** A sync call: its body checked, its schema version checked, a refused client answered. */
  const syncRoute = <S extends z.ZodType<{ schemaVersion: number }>>(schema: S, run: (body: z.output<S>, user: User) => Promise<ReadableStream<Uint8Array> | object>) =>
    async (c: Context<Env>) => {
      const body = await readJson(c, schema);
      if (!body.ok) return body.response;
      if (body.value.schemaVersion !== syncSchemaVersion) {
        const message = `This service speaks sync version ${syncSchemaVersion}, the app sent ${body.value.schemaVersion}. Update the app.`;
        return fail(c, 'schema_version_unsupported', message);
      }
      try {
        const answer = await run(body.value, c.get('user'));
        // A pull arrives as a stream of JSON bytes (see `pull`); everything else is serialised here.
        return answer instanceof ReadableStream ? c.body(answer, 200, { 'Content-Type': 'application/json' }) : c.json(answer);
      } catch (error) {
        if (error instanceof SyncRefusal) return fail(c, error.code, error.message);
        throw error;
      }
    };

  app.post('/sync/pull', jsonLimit, syncRoute(pullRequestSchema, (body, user) => pull(db, user, body)));
  app.post(
    '/sync/push',
    jsonLimit,
    syncRoute(pushRequestSchema, (body, user) => push(db, user, body.clientId, body.mutations, () => now().toISOString(), describeBlob)),
  );

  // Small files may still go up whole; the desk sends everything in parts (POST /uploads).
  app.put('/blobs/:sha256', async (c) => {
    const digest = sha256Schema.safeParse(c.req.param('sha256'));
    if (!digest.success) return fail(c, 'bad_request', 'A blob is named by its SHA-256: 64 lowercase hex characters.');
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > maxBlobBytes) return fail(c, 'payload_too_large', `A file sent whole may be at most ${maxBlobBytes} bytes; send larger files in parts (POST /uploads).`);
    const mediaType = boundedText(textLimits.mediaType).min(1).safeParse(c.req.header('content-type') ?? 'application/octet-stream');
    if (!mediaType.success) return fail(c, 'bad_request', `The Content-Type is not a media type: ${describeIssues(mediaType.error)}`);
    const blob = { sha256: digest.data, mediaType: mediaType.data, uploader: c.get('user').id, now: now().toISOString() };
    const stored = await storeBlob(db, store, blob, bodyOf(c), maxBlobBytes);
    if (!stored.ok) return fail(c, stored.refusal.code, stored.refusal.message);
    return c.json({ sha256: digest.data, size: stored.size }, stored.created ? 201 : 200);
  });

  app.on(['GET', 'HEAD'], '/blobs/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    const info = sha256Schema.safeParse(sha256).success ? await blobRecord(db, sha256) : undefined;
    if (!info) return fail(c, 'not_found', `No evidence file ${echo(sha256)} is stored here.`);
    if (info.archivedAt) return fail(c, 'not_found', `The evidence file ${sha256} was archived on ${info.archivedAt}; ask the service's operator to restore it.`);
    const range = parseByteRange(c.req.header('range'), info.size);
    const headers: Record<string, string> = { 'Accept-Ranges': 'bytes', 'Content-Type': info.mediaType, 'Cache-Control': 'private, immutable' };
    if (range === 'unsatisfiable') {
      c.header('Content-Range', `bytes */${info.size}`);
      return fail(c, 'range_not_satisfiable', `The file has ${info.size} bytes; ask for a range inside it.`);
    }
    const { start, end } = range ?? { start: 0, end: info.size - 1 };
    const length = Math.max(end - start + 1, 0);
    headers['Content-Length'] = String(length);
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${info.size}`;
    const status = range ? 206 : 200;
    if (c.req.method === 'HEAD') return c.body(null, status, headers);
    if (length === 0) return c.body(new Uint8Array(), status, headers);
    const bytes = await store.read(sha256, { start, end });
    const outgoing = rawResponseOf(c);
    if (outgoing) return sendRaw(c, outgoing, status, headers, bytes);
    return c.body(Readable.toWeb(bytes) as ReadableStream<Uint8Array>, status, headers);
  });

  /** An upload route's answer as a response. */
  const answer = <T>(c: Context, result: UploadResult<T>) => (result.ok ? (result.value === null ? c.body(null, 204) : c.json(result.value as object)) : fail(c, result.code, result.message));

  app.post('/uploads', jsonLimit, async (c) => {
    const body = await readJson(c, uploadRequestSchema);
    if (!body.ok) return body.response;
    return answer(c, await uploads.begin(c.get('user'), body.value));
  });
  app.get('/uploads/:id', async (c) => answer(c, await uploads.state(c.get('user'), c.req.param('id'))));
  app.put('/uploads/:id/parts/:n', async (c) => {
    const headers = { contentLength: c.req.header('content-length'), contentDigest: c.req.header('content-digest') };
    return answer(c, await uploads.putPart(c.get('user'), c.req.param('id'), c.req.param('n'), headers, bodyOf(c)));
  });
  app.post('/uploads/:id/complete', async (c) => answer(c, await uploads.complete(c.get('user'), c.req.param('id'))));
  app.delete('/uploads/:id', async (c) => answer(c, await uploads.abandon(c.get('user'), c.req.param('id'))));

  if (options.demo) {
    const simulator = options.demo;
    app.use('/demo/*', requireUser);
    // Demo mode is what `npm start` runs: only a signed-in team lead may play the marketplace.
    app.post('/demo/events', jsonLimit, async (c) => {
      if (c.get('user').role !== 'team_lead') return fail(c, 'forbidden', 'Only a team lead may play the demo marketplace.');
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return fail(c, 'bad_request', 'The request body must be JSON.');
      }
      const answer = await simulator.simulate(body);
      return c.json(answer.body as object, answer.status);
    });
  }

  return Object.assign(app, { pokes, presence });
}
