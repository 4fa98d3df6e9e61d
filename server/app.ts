import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { sha256Schema } from '../shared/domain/model';
import { parseByteRange } from '../shared/http/byte-range';
import { createLogger } from '../shared/logger';
import {
  loginRequestSchema,
  pullRequestSchema,
  pushRequestSchema,
  syncSchemaVersion,
  type HealthResponse,
  type ServiceErrorCode,
  type TeamResponse,
  type User,
} from '../shared/sync/protocol';
import { authenticate, createSession, findUserByLogin } from './auth';
import { maxAuditPage, readAuditPage } from './audit';
import { blobInfo, readBlobRange, storeBlob } from './blobs';
import type { Database } from './db/database';
import { pull, push, SyncRefusal } from './sync';

const log = createLogger('case-service');

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
  unavailable: 503,
};

/** What the case service needs to answer. */
export interface CaseServiceOptions {
  db: Database;
  /** The clock; tests move it to expire tokens. The service stamps every time it stores. */
  now?: () => Date;
  /** The largest evidence file accepted by upload, in bytes. */
  maxBlobBytes?: number;
  /** Demo mode adds the marketplace simulator's endpoint; without it the endpoint does not exist. */
  demo?: { simulate(request: unknown): Promise<{ status: ContentfulStatusCode; body: unknown }> };
}

type Env = { Variables: { user: User } };

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
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, response: fail(c, 'bad_request', `The request is not valid: ${issue?.path.join('.') || 'body'}: ${issue?.message}`) };
  }
  return { ok: true, value: parsed.data };
}

/** The case service's HTTP API: health, login, pull, push, evidence blobs and, in demo mode, the simulator. */
export function createCaseService(options: CaseServiceOptions): Hono<Env> {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const maxBlobBytes = options.maxBlobBytes ?? 64 * 1024 * 1024;
  const app = new Hono<Env>();

  // The app calls the service from its own origin (app://desk, or the browser host's loopback
  // port). Any origin may ask: the API authenticates with bearer tokens, never cookies, so a
  // foreign page gains nothing it could not do with a token it does not have.
  app.use('*', cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type', 'Range'], exposeHeaders: ['Content-Range', 'Content-Length'] }));

  app.onError((error, c) => {
    log.error('request failed', { path: c.req.path, error: error.stack ?? String(error) });
    return fail(c, 'unavailable', 'The case service could not finish this request. Nothing was changed; try again.');
  });
  app.notFound((c) => fail(c, 'not_found', `There is no ${c.req.method} ${c.req.path} here.`));

  app.get('/health', (c) => c.json({ status: 'ok', database: db.kind, schemaVersion: syncSchemaVersion, demo: Boolean(options.demo) } satisfies HealthResponse));

  const jsonLimit = bodyLimit({
    maxSize: 4 * 1024 * 1024,
    onError: (c) => fail(c, 'payload_too_large', 'A request body may be at most 4 MiB; push fewer changes at a time.'),
  });

  app.post('/auth/login', jsonLimit, async (c) => {
    const body = await readJson(c, loginRequestSchema);
    if (!body.ok) return body.response;
    const user = await findUserByLogin(db, body.value.username, body.value.password);
    if (!user) return fail(c, 'unauthorized', 'Wrong username or password.');
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
    await next();
  };
  app.use('/sync/*', requireUser);
  app.use('/blobs/*', requireUser);
  app.use('/audit', requireUser);
  app.use('/team', requireUser);

  app.get('/team', async (c) => {
    const members = await db.query<{ id: string; name: string; role: User['role'] }>('SELECT id, name, role FROM users ORDER BY name');
    return c.json({ members } satisfies TeamResponse);
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
  const syncRoute = <S extends z.ZodType<{ schemaVersion: number }>>(schema: S, run: (body: z.output<S>, user: User) => Promise<unknown>) =>
    async (c: Context<Env>) => {
      const body = await readJson(c, schema);
      if (!body.ok) return body.response;
      if (body.value.schemaVersion !== syncSchemaVersion) {
        const message = `This service speaks sync version ${syncSchemaVersion}, the app sent ${body.value.schemaVersion}. Update the app.`;
        return fail(c, 'schema_version_unsupported', message);
      }
      try {
        const answer = await run(body.value, c.get('user'));
        // A pull arrives already serialised (see `pull`); everything else is serialised here.
        return typeof answer === 'string' ? c.body(answer, 200, { 'Content-Type': 'application/json' }) : c.json(answer);
      } catch (error) {
        if (error instanceof SyncRefusal) return fail(c, error.code, error.message);
        throw error;
      }
    };

  app.post('/sync/pull', jsonLimit, syncRoute(pullRequestSchema, (body, user) => pull(db, user, body)));
  app.post(
    '/sync/push',
    jsonLimit,
    syncRoute(pushRequestSchema, (body, user) => push(db, user, body.clientId, body.mutations, () => now().toISOString())),
  );

  app.put('/blobs/:sha256', async (c) => {
    const digest = sha256Schema.safeParse(c.req.param('sha256'));
    if (!digest.success) return fail(c, 'bad_request', 'A blob is named by its SHA-256: 64 lowercase hex characters.');
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > maxBlobBytes) return fail(c, 'payload_too_large', `An evidence file may be at most ${maxBlobBytes} bytes here; send a link to larger files.`);
    const stored = await storeBlob(db, digest.data, c.req.header('content-type') ?? 'application/octet-stream', c.req.raw.body, maxBlobBytes);
    if (!stored.ok) return fail(c, stored.refusal.code, stored.refusal.message);
    return c.json({ sha256: digest.data, size: stored.size }, stored.created ? 201 : 200);
  });

  app.on(['GET', 'HEAD'], '/blobs/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    const info = sha256Schema.safeParse(sha256).success ? await blobInfo(db, sha256) : undefined;
    if (!info) return fail(c, 'not_found', `No evidence file ${sha256} is stored here.`);
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
    return c.body(length > 0 ? await readBlobRange(db, sha256, start, length) : new Uint8Array(), status, headers);
  });

  if (options.demo) {
    const simulator = options.demo;
    app.post('/demo/events', jsonLimit, async (c) => {
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

  return app;
}
