#!/usr/bin/env node
// The desk's command line for batch work and scripts: `dispute-desk ingest …` and `dispute-desk
// verify …`. One JSON line per file; the exit status is non-zero only when it could not run at all
// (ingest) or when the store failed verification (verify).
import { hash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { verifyAuditChain } from '../shared/audit/verify';
import { evidenceKindSchema, partySchema, timestampSchema, type AuditEntry } from '../shared/domain/model';
import { auditPageSchema, auditSchemaVersion, type AuditPage } from '../shared/sync/protocol';
import { setLogSink } from '../shared/logger';
import { createDeskKey, openStoreKey } from './services/at-rest/desk-key';
import { EvidenceService, type IngestContext } from './services/evidence/evidence-service';
import { filesUnder } from './services/evidence/folder-walk';

const usage = `Usage:
  dispute-desk ingest --store DIR --case ID [--party buyer|seller] [--requested video|photo|document]
                      [--due ISO-8601] [--submitted ISO-8601] [--channel upload|external_link] [--recursive] FILE...
  dispute-desk verify --store DIR
  dispute-desk key-create --store DIR [--key-file]            (passphrase in DESK_PASSPHRASE, or a key file readable by you alone)
  dispute-desk audit-verify --service URL --username NAME     (password in DESK_PASSWORD; team leads only)

A store with a desk key (desk-key.json in it) keeps everything sealed; ingest and verify open the
key from its key file, or with the passphrase in DESK_PASSPHRASE.`;

const ingestArgs = z.object({
  store: z.string({ error: '--store DIR is required' }).min(1, '--store DIR is required'),
  case: z.string({ error: '--case ID is required' }).min(1, '--case ID is required'),
  party: partySchema.default('buyer'),
  requested: evidenceKindSchema.optional(),
  due: timestampSchema.optional(),
  submitted: timestampSchema.optional(),
  channel: z.enum(['upload', 'external_link']).default('upload'),
  recursive: z.boolean().default(false),
});

function print(line: unknown): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function usageError(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

async function* inputs(files: string[], recursive: boolean): AsyncGenerator<{ file: string; folder?: string }> {
  for (const file of files) {
    const isFolder = await stat(file).then((s) => s.isDirectory(), () => false);
    if (isFolder && recursive) {
      for await (const inner of filesUnder(file)) yield { file: inner, folder: file };
    } else {
      yield { file };
    }
  }
}

/**
 * What analysis found in a video, for a script to see: its duration, picture size and whether a
 * poster was made (all null and false where the media tools could not read it; the flags say why).
 */
function videoFound(service: EvidenceService, sha256: string): { video?: { durationSeconds: number | null; width: number | null; height: number | null; poster: boolean } } {
  const analysis = service.index.object(sha256)?.analysis;
  if (analysis?.kind !== 'video') return {};
  const { durationSeconds = null, width = null, height = null } = analysis.video ?? {};
  return { video: { durationSeconds, width, height, poster: analysis.poster } };
}

/** Makes the store's desk key: with DESK_PASSPHRASE, or a key file with --key-file. */
async function keyCreate(values: Record<string, unknown>): Promise<number> {
  const store = z.string({ error: '--store DIR is required' }).min(1, '--store DIR is required').safeParse(values.store);
  if (!store.success) usageError(z.prettifyError(store.error));
  const passphrase = process.env.DESK_PASSPHRASE;
  if (!values['key-file'] && !passphrase) usageError('Put a passphrase in DESK_PASSPHRASE, or choose --key-file.');
  const root = path.resolve(store.data);
  await mkdir(root, { recursive: true });
  const made = await createDeskKey(root, values['key-file'] ? { kind: 'key-file' } : { kind: 'passphrase', passphrase: passphrase! });
  if (!made.ok) {
    print({ ok: false, error: { code: made.code, message: made.message } });
    return 1;
  }
  // What the store held before is sealed now, so that nothing stays in the clear beside the key.
  const service = await EvidenceService.open(root, { deskKey: made.key });
  try {
    const sealed = await service.sealPlainFiles();
    print({ ok: true, keyId: made.key.keyId.toString('hex'), protection: values['key-file'] ? 'key-file' : 'passphrase', sealed });
  } finally {
    service.close();
  }
  return 0;
}

async function ingest(values: Record<string, unknown>, files: string[]): Promise<number> {
  const parsed = ingestArgs.safeParse(values);
  if (!parsed.success) usageError(z.prettifyError(parsed.error));
  if (files.length === 0) usageError('Name at least one FILE to ingest.');
  const args = parsed.data;
  const root = path.resolve(args.store);
  const service = await EvidenceService.open(root, { deskKey: await openStoreKey(root, process.env.DESK_PASSPHRASE) });
  // A move into sealed form that was cut short goes on before anything new comes in.
  await service.sealPlainFiles();
  const context: IngestContext = {
    disputeId: args.case,
    party: args.party,
    requested: args.requested,
    dueAt: args.due,
    submittedAt: args.submitted,
    channel: args.channel,
  };
  try {
    for await (const { file, folder } of inputs(files, args.recursive)) {
      const outcome = await service.ingestPath(file, context, { insideFolder: folder });
      print(
        outcome.ok
          ? {
              file,
              ok: true,
              sha256: outcome.sha256,
              type: outcome.mediaType,
              kind: outcome.kind,
              size: outcome.sizeBytes,
              flags: outcome.flags,
              ...videoFound(service, outcome.sha256),
            }
          : { file, ok: false, error: outcome.error },
      );
    }
  } finally {
    service.close();
  }
  return 0;
}

async function verify(values: Record<string, unknown>): Promise<number> {
  const store = z.string({ error: '--store DIR is required' }).min(1, '--store DIR is required').safeParse(values.store);
  if (!store.success) usageError(z.prettifyError(store.error));
  const root = path.resolve(store.data);
  const service = await EvidenceService.open(root, { deskKey: await openStoreKey(root, process.env.DESK_PASSPHRASE) });
  try {
    const report = await service.verify();
    print(report);
    return report.ok ? 0 : 1;
  } finally {
    service.close();
  }
}

/**
 * Reads the case service's whole audit log as a team lead and verifies the chain against the
 * head the service reports. Prints one JSON line; exits 1 when the log does not verify.
 */
async function auditVerify(values: Record<string, unknown>): Promise<number> {
  const args = z
    .object({ service: z.url({ error: '--service URL is required' }), username: z.string({ error: '--username NAME is required' }).min(1) })
    .safeParse(values);
  if (!args.success) usageError(z.prettifyError(args.error));
  const password = process.env.DESK_PASSWORD;
  if (!password) usageError('Put the password in the DESK_PASSWORD environment variable.');
  const login = await fetch(new URL('/auth/login', args.data.service), { method: 'POST', body: JSON.stringify({ username: args.data.username, password }) });
  if (!login.ok) throw new Error(`the case service refused the sign-in (${login.status})`);
  const { token } = (await login.json()) as { token: string };
  const readPage = async (after: number): Promise<AuditPage> => {
    const response = await fetch(new URL(`/audit?after=${after}`, args.data!.service), { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`the case service answered ${response.status} for the audit log: ${await response.text()}`);
    const body = (await response.json()) as { schemaVersion?: unknown };
    if (body.schemaVersion !== auditSchemaVersion) {
      throw new Error(`the case service keeps its audit log in version ${String(body.schemaVersion)}; this command reads version ${auditSchemaVersion}. Update Dispute Desk.`);
    }
    return auditPageSchema.parse(body);
  };
  // The head comes with the first page; the rest streams through the check, so a log of any
  // length is verified in the memory of one page.
  const first = await readPage(0);
  async function* entries(): AsyncGenerator<AuditEntry> {
    for (let page = first; ; ) {
      // The next page is asked for before this one is checked, so the service reads it while this
      // process hashes. A check that stops early leaves it unread: its failure is not reported.
      const next = page.more && page.entries.length > 0 ? readPage(page.entries.at(-1)!.seq) : null;
      next?.catch(() => undefined);
      yield* page.entries;
      if (next === null) return;
      page = await next;
    }
  }
  // The one-shot hash: no Hash object per entry, about twice as fast for texts this short.
  const sha256 = (text: string) => hash('sha256', text);
  const verdict = await verifyAuditChain(entries(), sha256, first.head ?? undefined);
  if (verdict.ok && verdict.count === 0) process.stderr.write('The audit log is empty: nothing has been recorded yet, so there is nothing to verify.\n');
  print(verdict);
  return verdict.ok ? 0 : 1;
}

async function main(): Promise<number> {
  // Logs go to stderr so stdout stays one JSON line per file.
  setLogSink((record) => process.stderr.write(`${JSON.stringify(record)}\n`));
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        store: { type: 'string' },
        case: { type: 'string' },
        party: { type: 'string' },
        requested: { type: 'string' },
        due: { type: 'string' },
        submitted: { type: 'string' },
        channel: { type: 'string' },
        service: { type: 'string' },
        username: { type: 'string' },
        recursive: { type: 'boolean' },
        'key-file': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const [command, ...files] = parsed.positionals;
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  switch (command) {
    case 'ingest':
      return ingest(parsed.values, files);
    case 'verify':
      return verify(parsed.values);
    case 'audit-verify':
      return auditVerify(parsed.values);
    case 'key-create':
      return keyCreate(parsed.values);
    default:
      usageError(command === undefined ? 'Name a command.' : `There is no command ${JSON.stringify(command)}.`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dispute-desk could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
