import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationNames, mutationRefusalCodes, serviceErrorSchema, syncSchemaVersion, type MutationName, type MutationOutcome } from '../shared/sync/protocol';
import { testDatabaseKinds } from './db/testing';
import { startTestService, type TestService } from './test-service';

// Issue 16, item 12 (the service half): every route driven with generated and mutated payloads.
// Whatever arrives, the answer is never a 5xx; a refusal carries a code from the known set and a
// bounded message; a refused call stores nothing, and a refused change changes no dispute.

/** Runs per property: enough to reach every field of every mutation a few times, in well under a minute on PGlite. */
const numRuns = 150;
const seconds = 1000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const future = '2027-01-10T10:00:00.000Z';

/** A valid mutation of every kind, on dispute `disputeId`, as the desk would send it. */
function validArgs(name: MutationName, disputeId: string): Record<string, unknown> {
  switch (name) {
    case 'dispute.claim':
    case 'dispute.release':
      return { disputeId };
    case 'ruling.record':
      return { disputeId, draft: { outcome: 'full_refund', rationale: 'Never delivered.', citedEvidenceIds: [], policyCodes: ['P-1'] } };
    case 'evidence.add':
      return {
        disputeId,
        item: {
          id: 'E-fuzz',
          party: 'buyer',
          kind: 'photo',
          channel: 'upload',
          sha256: sha256('fuzz'),
          mediaType: 'image/jpeg',
          sizeBytes: 10,
          fileName: 'parcel.jpg',
          description: 'The parcel',
          submittedAt: '2026-11-26T09:00:00.000Z',
          flags: [{ code: 'late', reason: 'Sent late.', details: { hours: 3, dueAt: future } }],
        },
      };
    case 'evidence.request':
      return { disputeId, request: { id: 'R-fuzz', party: 'seller', kinds: ['photo', 'video'], note: 'Show the parcel.', dueAt: future } };
    case 'evidence.extendDue':
      return { disputeId, requestId: 'R-fuzz', dueAt: '2027-02-10T10:00:00.000Z' };
    case 'case.note':
      return { disputeId, note: { id: 'N-fuzz', text: 'Called the carrier.' } };
    case 'agreement.record':
      return { disputeId, agreement: { terms: 'Half back.', refund: { amountMinor: 2000, currency: 'USD' }, withReturn: false, submittedBy: 'buyer' } };
    case 'ruling.overturn':
      return { disputeId, reason: 'The rationale ignores the tracking.' };
    case 'review.assign':
      return { disputeId, reviewerId: 'u-rv-1' };
    case 'review.record':
      return { disputeId, verdict: 'disagree', comment: 'The photo shows damage.' };
    case 'evidence.note':
      return { disputeId, note: { id: 'EN-fuzz', evidenceId: 'E-fuzz', atSeconds: 1.5, text: 'Scratch here.' } };
  }
}

/** Every path to a leaf (or a whole list) of a JSON value: the places one field can be replaced. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => paths(item, [...prefix, key]))];
}

/** `value` with the field at `path` replaced (or removed, for `undefined`). */
function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (by === undefined) delete at[last];
  else at[last] = by;
  return copy;
}

/** What a careful attacker puts in a field: broken text, huge text, wrong types, nothing at all. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }).map((text) => `${text}\u0000`),
  fc.string({ maxLength: 20 }).map((text) => `\ud800${text}`),
  fc.string({ maxLength: 20 }).map((text) => `${text}\udfff`),
  fc.integer({ min: 4_001, max: 2_000_000 }).map((length) => 'x'.repeat(length)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(undefined, null, -1, 0, 2 ** 53, 1e308, Number.MAX_SAFE_INTEGER, '', [], {}, true),
);

describe.each(testDatabaseKinds())('every route of the case service, fuzzed, on $name', (kind) => {
  let service: TestService;
  let clients = 0;
  const knownServiceCode = (body: unknown) => serviceErrorSchema.safeParse(body).success;

  beforeAll(async () => {
    service = await startTestService(kind, 10);
  }, 120 * seconds);
  afterAll(() => service.db.close());

  async function changeCounter(): Promise<number> {
    const [row] = await service.db.query<{ change_counter: number }>('SELECT change_counter FROM server_state');
    return row!.change_counter;
  }

  /** Sends one request and checks the answer: no 5xx, a known code on refusal, nothing stored then. */
  async function expectAnswered(send: () => Promise<Response>, head = false): Promise<{ status: number; body: unknown }> {
    const before = await service.counts();
    const response = await send();
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBeLessThan(500);
    const json = response.headers.get('content-type')?.startsWith('application/json') ?? false;
    const body: unknown = json && text !== '' ? JSON.parse(text) : undefined;
    if (response.status >= 400) {
      // A HEAD answer has no body to carry the code.
      if (!head) expect(knownServiceCode(body), text.slice(0, 300)).toBe(true);
      expect(text.length).toBeLessThan(6_000);
      expect(await service.counts()).toEqual(before);
    }
    return { status: response.status, body };
  }

  it(
    'answers any JSON, or no JSON, on every POST route with a known code and stores nothing it refused',
    async () => {
      const route = fc.constantFrom('/auth/login', '/sync/pull', '/sync/push', '/nowhere');
      const body = fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)), fc.string({ maxLength: 60 }));
      await fc.assert(
        fc.asyncProperty(route, body, fc.constantFrom('ana', 'lee', undefined), async (path, text, user) => {
          const { status } = await expectAnswered(() => service.post(path, text, user));
          // Nothing in this set is a valid call except by luck; a lucky valid pull or push is fine.
          expect([200, 400, 401, 404, 413, 426]).toContain(status);
        }),
        { numRuns },
      );
    },
    120 * seconds,
  );

  it(
    'answers any presence report, valid or not, with 204 or a known code, and stores nothing it refused',
    async () => {
      const field = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('D-001', 'D-999', '0b5f7c1e-desk', 'viewing', 'ruling', null, 7, '\u0000'), fc.jsonValue({ maxDepth: 2 }));
      const body = fc.oneof(
        fc.record({ deskId: field, disputeId: field, activity: field }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        fc.string({ maxLength: 60 }),
      );
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom('ana', 'lee', undefined), async (text, user) => {
          const { status } = await expectAnswered(async () =>
            service.app.request('/presence', {
              method: 'PUT',
              body: text,
              headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${service.tokens[user]}` } : {}) },
            }),
          );
          expect([204, 400, 401, 404, 429]).toContain(status);
        }),
        { numRuns },
      );
    },
    120 * seconds,
  );

  it(
    'answers a login, a pull and a push envelope with one field replaced, never with a 5xx',
    async () => {
      const templates: [string, Record<string, unknown>, string | undefined][] = [
        ['/auth/login', { username: 'ana', password: 'ana-pw' }, undefined],
        ['/sync/pull', { schemaVersion: syncSchemaVersion, clientId: 'client-fuzz-pull', cookie: null, ackedMutationId: 0, limit: 5 }, 'rui'],
        [
          '/sync/push',
          {
            schemaVersion: syncSchemaVersion,
            clientId: 'client-fuzz-envelope',
            mutations: [{ clientId: 'client-fuzz-envelope', mutationId: 1, name: 'case.note', args: validArgs('case.note', 'D-001'), baseVersion: 1 }],
          },
          'ana',
        ],
      ];
      const cases = templates.flatMap(([path, body, user]) => paths(body).map((at) => ({ path, body, user, at })));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...cases), hostile, async ({ path, body, user, at }, by) => {
          await expectAnswered(() => service.post(path, replaced(body, at, by) ?? null, user));
        }),
        { numRuns },
      );
    },
    120 * seconds,
  );

  it(
    'answers every kind of change with one field replaced by an outcome with a known code, and a refused change changes no dispute',
    async () => {
      // The file evidence.add names is in the store, so the change is checked rather than kept waiting for it.
      const put = await service.app.request(`/blobs/${sha256('fuzz')}`, { method: 'PUT', body: 'fuzz', headers: { authorization: `Bearer ${service.tokens.ana}` } });
      expect(put.status).toBeLessThan(300);
      const cases = mutationNames.flatMap((name) => {
        const mutation = { mutationId: 1, name, args: validArgs(name, 'D-002'), baseVersion: 2 };
        return paths(mutation)
          // The mutation id is what an outcome is recorded under: without it the push is refused whole.
          .filter((at) => at.length > 0 && at[0] !== 'mutationId')
          .map((at) => ({ name, mutation, at }));
      });
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...cases), hostile, fc.constantFrom('ana', 'rui', 'lee'), async ({ mutation, at }, by, user) => {
          clients += 1;
          const clientId = `client-fuzz-${clients}`;
          const sent = { clientId, ...(replaced(mutation, at, by) as object) };
          const counter = await changeCounter();
          const { status, body } = await expectAnswered(() => service.push(user, clientId, [sent]));
          expect(status).toBe(200);
          const { waiting } = body as { waiting?: { mutationId: number; code: string } };
          if (waiting !== undefined) {
            // A digest the store does not hold: the change waits for its file, and nothing was recorded.
            expect(waiting).toMatchObject({ mutationId: 1, code: 'file_not_uploaded' });
            expect(await changeCounter()).toBe(counter);
            return;
          }
          const [outcome] = (body as { outcomes: MutationOutcome[] }).outcomes;
          expect(outcome!.mutationId).toBe(1);
          if (outcome!.status === 'rejected') {
            expect(mutationRefusalCodes).toContain(outcome!.code);
            expect(outcome!.message.length).toBeLessThanOrEqual(2_000);
            expect(await changeCounter()).toBe(counter);
          }
        }),
        { numRuns: numRuns * 2 },
      );
    },
    180 * seconds,
  );

  it(
    'answers the GET routes (health, team, audit, blobs) with any query, path and range',
    async () => {
      const bytes = 'a small evidence file';
      const stored = sha256(bytes);
      const put = await service.app.request(`/blobs/${stored}`, { method: 'PUT', body: bytes, headers: { authorization: `Bearer ${service.tokens.ana}` } });
      expect(put.status).toBe(201);
      const segment = fc.oneof(fc.constant(stored), fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.integer({ min: 70, max: 5_000 }).map((n) => 'f'.repeat(n)));
      const request = fc.oneof(
        fc.constant({ path: '/health', method: 'GET' }),
        fc.constant({ path: '/team', method: 'GET' }),
        fc.record({ after: fc.string({ maxLength: 30 }), limit: fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String)) }).map(({ after, limit }) => ({
          path: `/audit?after=${encodeURIComponent(after)}&limit=${encodeURIComponent(limit)}`,
          method: 'GET',
        })),
        fc.tuple(segment, fc.constantFrom('GET', 'HEAD', 'PUT')).map(([name, method]) => ({ path: `/blobs/${encodeURIComponent(name)}`, method })),
      );
      const range = fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.tuple(fc.nat(), fc.nat()).map(([from, to]) => `bytes=${from}-${to}`)), { nil: undefined });
      const contentType = fc.option(fc.oneof(fc.string({ maxLength: 40 }).filter((text) => /^[\x20-\x7e]*$/.test(text)), fc.constant('x'.repeat(300))), { nil: undefined });
      await fc.assert(
        fc.asyncProperty(request, range, contentType, fc.constantFrom('ana', 'lee', 'nobody'), async ({ path, method }, rangeHeader, type, user) => {
          const headers: Record<string, string> = {};
          if (user !== 'nobody') headers.authorization = `Bearer ${service.tokens[user]}`;
          if (rangeHeader !== undefined && /^[\x20-\x7e]*$/.test(rangeHeader)) headers.range = rangeHeader;
          if (type !== undefined) headers['content-type'] = type;
          await expectAnswered(async () => service.app.request(path, { method, headers, ...(method === 'PUT' ? { body: bytes } : {}) }), method === 'HEAD');
        }),
        { numRuns },
      );
    },
    120 * seconds,
  );
});
