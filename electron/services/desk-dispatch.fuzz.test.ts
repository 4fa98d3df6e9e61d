import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { deskCalls, type DeskCallName } from '../../shared/contract/calls';
import { deskErrorCodes } from '../../shared/contract/errors';
import { setLogSink, type LogSink } from '../../shared/logger';
import { dispatchDeskCall, type DeskHandlers } from './desk-dispatch';
import { createDeskHandlers, type DeskServices } from './desk-handlers';
import { openDeskServices } from './desk-start';

// Every desk call through the one dispatch, with generated and mutated payloads: the answer is
// always a value with a stable code (never a throw, never `internal`, which would be a bug), its
// message is bounded whatever was sent, and a refused call leaves the data folder as it was.

let handlers: DeskHandlers;
let services: DeskServices;
let dataDir: string;
let previousSink: LogSink;
let logged: Parameters<LogSink>[0][] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-fuzz-'));
  services = await openDeskServices(dataDir, (sha256) => `evidence://media/${sha256}`);
  handlers = createDeskHandlers({ host: 'browser', version: '1.2.3', dataDir, defaultServiceUrl: null, logDir: path.join(dataDir, 'logs') }, services);
});
afterAll(async () => {
  services.evidence.close();
  await rm(dataDir, { recursive: true });
});
beforeEach(() => {
  logged = [];
  previousSink = setLogSink((record) => logged.push(record));
});
afterEach(() => setLogSink(previousSink));

const sha = 'a'.repeat(64);
const context = { disputeId: 'D-1', party: 'buyer', requested: 'photo', dueAt: '2026-11-01T00:00:00.000Z', channel: 'upload', submittedAt: '2026-10-30T00:00:00.000Z' };

/** One payload per call that its schema accepts, with nothing that reaches the network or a real file. */
const validPayloads: Record<DeskCallName, Record<string, unknown>> = {
  'app.info': {},
  'app.log': { level: 'info', module: 'fuzz', message: 'hello', fields: { n: 1, s: 'x', b: true, z: null } },
  'app.openLogFolder': {},
  'app.recordsKey': {},
  'app.setPassphrase': { passphrase: 'correct horse battery staple' },
  'app.lock': {},
  'app.unlock': { passphrase: 'correct horse battery staple' },
  'evidence.ingest': { context, paths: [path.join(os.tmpdir(), 'desk-fuzz-no-such-file.jpg')] },
  'evidence.ingestBytes': { jobId: 'no-such-job', name: 'snapshot.png', bytes: new Uint8Array([1, 2, 3]) },
  'evidence.chooseFolder': { context },
  'evidence.fetchLink': { context, url: 'https://not-on-the-list.invalid/a.jpg' },
  'evidence.checkLink': { url: 'https://not-on-the-list.invalid/a.jpg' },
  'evidence.job': { jobId: 'no-such-job' },
  'evidence.seal': { jobId: 'no-such-job' },
  'evidence.cancel': { jobId: 'no-such-job' },
  'evidence.describe': { sha256: sha },
  'evidence.ofCase': { disputeId: 'D-1' },
  'evidence.upload': { sha256: sha, token: 'token' },
  'evidence.download': { sha256: sha, token: 'token' },
  'evidence.startDownload': { sha256: sha, token: 'token' },
  'evidence.prefetch': { token: 'token', files: [{ sha256: sha, sizeBytes: 1 }] },
  'evidence.transfers': {},
  'evidence.makePlayable': { sha256: sha },
  'evidence.task': { taskId: 'no-such-task' },
  'evidence.verify': {},
  'evidence.forget': { disputeIds: ['D-no-such-case'], digests: [sha] },
  'evidence.forgetEverything': {},
  'evidence.filmstrip': { sha256: sha, of: 'object', height: 64, frames: [0, 30] },
  'evidence.keepFilmstrip': { sha256: sha, of: 'object', height: 64, thumbnails: [{ frame: 0, webp: 'UklGRg==' }] },
  'settings.get': {},
  'settings.update': { linkHosts: ['example.com'] },
  'service.connect': { address: 'http://127.0.0.1:9' },
};

/** Values that have broken services before: NUL, lone surrogates, huge text, the wrong type. */
const hostileValues: unknown[] = [
  '\u0000',
  'evidence\u0000.jpg',
  '\ud800',
  'a\udfffb',
  'x'.repeat(1024 * 1024),
  '../../../../etc/passwd',
  '',
  ' ',
  -1,
  1e308,
  Number.NaN,
  true,
  null,
  [],
  ['\u0000'],
  {},
  { __proto__: { polluted: true } },
  { toString: 'not a function' },
  new Uint8Array(0),
];

/** Every payload that is a valid one with one field (top level or in `context`) replaced or removed. */
function mutations(payload: Record<string, unknown>): { field: string; payload: Record<string, unknown> }[] {
  const out: { field: string; payload: Record<string, unknown> }[] = [];
  for (const key of Object.keys(payload)) {
    for (const value of hostileValues) out.push({ field: key, payload: { ...payload, [key]: value } });
    out.push({ field: `-${key}`, payload: Object.fromEntries(Object.entries(payload).filter(([name]) => name !== key)) });
    const inner = payload[key];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Uint8Array)) {
      for (const innerKey of Object.keys(inner)) {
        for (const value of hostileValues) out.push({ field: `${key}.${innerKey}`, payload: { ...payload, [key]: { ...inner, [innerKey]: value } } });
      }
    }
  }
  out.push({ field: '+extra', payload: { ...payload, extra: 'field' } });
  return out;
}

/** What is in the data folder: each file's path, size and hash (SQLite's side files and temporaries aside). */
async function snapshot(): Promise<string[]> {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && !/-(wal|shm|journal)$/.test(entry.name) && !entry.parentPath.split(path.sep).includes('tmp'));
  return Promise.all(
    files.map(async (entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return `${path.relative(dataDir, full)} ${createHash('sha256').update(await readFile(full)).digest('hex')}`;
    }),
  ).then((lines) => lines.sort());
}

const knownCodes: readonly string[] = deskErrorCodes;

/** Runs one call and checks the answer's shape; a refusal must have changed nothing on disk. */
async function expectAnswered(name: unknown, payload: unknown): Promise<void> {
  const before = await snapshot();
  const loggedBefore = logged.length;
  const result = await dispatchDeskCall(handlers, name, payload);
  // An error record is what dispatch writes when a service threw: a bug, whatever the answer said.
  expect(logged.slice(loggedBefore).filter((record) => record.level === 'error' && !record.module.startsWith('renderer.'))).toEqual([]);
  if (result.ok) return;
  expect(knownCodes).toContain(result.error.code);
  expect(result.error.code, `${String(name)} answered internal: ${result.error.message}`).not.toBe('internal');
  expect(result.error.message.length).toBeGreaterThan(0);
  // A refusal names what was wrong; it never echoes a megabyte back.
  expect(result.error.message.length).toBeLessThan(4096);
  expect(await snapshot()).toEqual(before);
}

const callNames = Object.keys(deskCalls) as DeskCallName[];

describe('every desk call through dispatchDeskCall, fuzzed', () => {
  it('has a valid payload for every call, which its schema accepts', () => {
    expect(Object.keys(validPayloads).sort()).toEqual([...callNames].sort());
    for (const name of callNames) expect(deskCalls[name].request.safeParse(validPayloads[name]).success, name).toBe(true);
  });

  it.each(callNames)('%s: each field replaced by NUL, a lone surrogate, a megabyte or the wrong type is answered', async (name) => {
    for (const { field, payload } of mutations(validPayloads[name])) {
      await expect(expectAnswered(name, payload), `${name} with ${field} mutated`).resolves.toBeUndefined();
    }
  }, 60_000);

  it('arbitrary JSON as any call’s payload is answered', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...callNames), fc.jsonValue({ maxDepth: 3 }), async (name, payload) => {
        await expectAnswered(name, payload);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('arbitrary objects with a call’s own keys are answered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...callNames).chain((name) =>
          fc.tuple(fc.constant(name), fc.dictionary(fc.constantFrom(...Object.keys(validPayloads[name]), 'extra'), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: 'binary' })))),
        ),
        async ([name, payload]) => {
          await expectAnswered(name, payload);
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);

  it('an arbitrary call name is unknown_call, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'), fc.jsonValue()), async (name) => {
        fc.pre(!callNames.includes(name as DeskCallName));
        const result = await dispatchDeskCall(handlers, name, {});
        expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
        if (!result.ok) expect(result.error.message.length).toBeLessThan(4096);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
