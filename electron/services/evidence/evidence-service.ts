import { constants as fsConstants } from 'node:fs';
import { open, realpath, rm, stat } from 'node:fs/promises';
import type { Agent } from 'node:https';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  displayFileName,
  duplicateExactFlag,
  formatNotRequestedFlag,
  lateFlag,
  overUploadLimitFlag,
  typeMismatchFlag,
  type EvidenceFlag,
  type IngestError,
  type IngestErrorCode,
} from '../../../shared/domain/evidence-checks';
import type { MediaTools } from '../../../shared/contract/media-tools';
import type { EvidenceKind, Party } from '../../../shared/domain/model';
import { createLogger } from '../../../shared/logger';
import { mediaTools } from '../media-tools';
import { analyseObject, prepareAnalysis, type Analysis } from './analysis';
import { EvidenceIndex, type Submission } from './evidence-index';
import { nearDuplicateFlag, NearDuplicates } from './near-duplicate-flag';
import { checkLink, DownloadError, openDownload } from './links';
import type { DeskKey } from '../at-rest/desk-key';
import { openSealedBytes, sealBytes, type SealingKey, type SmallFileSeal } from '../at-rest/sealed-file';
import type { MediaInput } from '../media-tools';
import type { StoreSealing } from './object-reader';
import { ContentSizeError, ObjectStore, ObjectTooLargeError, sniffBytes, type StoredObject } from './object-store';
import { PlainSource } from './plain-source';
import { derivedDirOf, sealedDerivedFiles, storedSource } from './sealed-derived';
import { sealPlainStore, type SealingReport } from './store-migration';

const log = createLogger('ingest');

/** The case, party and request a file is brought in for: what the context flags are judged on. */
export interface IngestContext {
  disputeId: string;
  party: Party;
  /** The kind the evidence request asked for, if any. */
  requested?: EvidenceKind;
  /** The request's due date (UTC ISO-8601), if any. */
  dueAt?: string;
  channel: 'upload' | 'external_link';
  /** When the party submitted it; defaults to now. */
  submittedAt?: string;
  url?: string;
}

/** What ingesting one file gave: the stored evidence with its flags, or why nothing was stored. */
export type IngestOutcome =
  | {
      ok: true;
      fileName: string;
      sha256: string;
      sizeBytes: number;
      mediaType: string | null;
      kind: EvidenceKind | null;
      flags: EvidenceFlag[];
      /** The same bytes were already in the store (this submission may still be new). */
      existed: boolean;
    }
  | { ok: false; fileName: string; error: IngestError };

/** Per-file controls: cancel, progress, and the folder a walk started from. */
export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (bytesDone: number, bytesTotal: number | null) => void;
  /** When set, the file must resolve to a path inside this folder (links out of it are not followed). */
  insideFolder?: string;
}

/** The largest object the desk takes by default: far above any evidence, below a runaway sparse file. */
export const defaultMaxObjectBytes = 64 * 1024 ** 3;

class IngestFailure extends Error {
  constructor(readonly code: IngestErrorCode, message: string) {
    super(message);
  }
}

function fail(fileName: string, code: IngestErrorCode, message: string): IngestOutcome {
  return { ok: false, fileName, error: { code, message } };
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Brings files into the evidence store and index: one streaming pass, analysis once per
 * object, and every seed-derived flag. Bad input is a per-file outcome, never a throw.
 */
export class EvidenceService {
  private constructor(
    readonly store: ObjectStore,
    readonly index: EvidenceIndex,
    private nearDuplicates: NearDuplicates,
    private readonly maxObjectBytes: number,
    /** The ffmpeg and ffprobe that analyse videos and make playable copies, or why one is missing. */
    readonly mediaTools: MediaTools,
    /** The store's keys when it seals what it keeps (decision 0036), with the tools' loopback source. */
    private readonly sealed: { sealing: StoreSealing; plain: PlainSource } | undefined,
  ) {}

  /**
   * Opens the store and index under `root` (the app's `evidence` folder). The media tools are
   * this process's (`mediaTools`) unless given. With the desk key, objects, thumbnails and posters
   * are sealed and the index encrypted (a plain index is converted first).
   */
  static async open(root: string, options: { maxObjectBytes?: number; mediaTools?: MediaTools; deskKey?: DeskKey } = {}): Promise<EvidenceService> {
    const sealing = options.deskKey ? { evidence: options.deskKey.evidence, objectNames: options.deskKey.objectNames } : undefined;
    const store = await ObjectStore.open(root, { sealing });
    let index: EvidenceIndex;
    try {
      index = EvidenceIndex.open(path.join(store.root, 'index.sqlite'), { encryptionKey: options.deskKey?.evidenceIndex });
    } catch (error) {
      store.close();
      throw error;
    }
    const nearDuplicates = NearDuplicates.load(index);
    const tools = options.mediaTools ?? (await mediaTools());
    const sealed = sealing ? { sealing, plain: await PlainSource.start((sha256) => store.openObject(sha256)) } : undefined;
    return new EvidenceService(store, index, nearDuplicates, options.maxObjectBytes ?? defaultMaxObjectBytes, tools, sealed);
  }

  /** The folder of an object's thumbnail and poster. */
  derivedDir(sha256: string): string {
    return derivedDirOf(this.store.root, sha256, this.sealed?.sealing);
  }

  /** How small derived files (filmstrip frames) are sealed in a sealing store; undefined in a plain one. */
  get smallFileSeal(): SmallFileSeal | undefined {
    const key = this.sealed?.sealing.evidence;
    return key && { seal: (bytes) => sealBytes(key, bytes), open: (sealed) => openSealedBytes(key, sealed) };
  }

  /** What the media handler needs to serve a sealing store's objects; undefined for a plain store. */
  get mediaSealing(): StoreSealing | undefined {
    return this.sealed?.sealing;
  }

  /** The key derived files are sealed with, in a sealing store. */
  get sealingKey(): SealingKey | undefined {
    return this.sealed?.sealing.evidence;
  }

  /**
   * Seals what the store held in plain form before it had a desk key (store-migration.ts): safe to
   * stop at any point and run again. Null for a store without a key.
   */
  async sealPlainFiles(): Promise<SealingReport | null> {
    return this.sealed ? sealPlainStore(this.store, this.sealed.sealing) : null;
  }

  /** What ffmpeg reads the object from: its file in a plain store, the loopback source in a sealing one. */
  toolInput(sha256: string): MediaInput {
    return this.sealed ? { url: this.sealed.plain.urlOf(sha256) } : this.store.objectPath(sha256);
  }

  /** Analyses a stored object: its file in a plain store, its content in a sealing one, with derived files sealed too. */
  private analyse(sha256: string, head: Buffer, fileName: string): Promise<Analysis> {
    if (!this.sealed) return analyseObject(this.store.objectPath(sha256), head, fileName, this.derivedDir(sha256), this.mediaTools);
    const { sealing, plain } = this.sealed;
    return analyseObject(storedSource(this.store, plain, sha256), head, fileName, sealedDerivedFiles(this.derivedDir(sha256), sealing), this.mediaTools);
  }

  /** Ingests a file on disk. Regular files only; everything that can go wrong is an outcome. */
  async ingestPath(file: string, context: IngestContext, options: IngestOptions = {}): Promise<IngestOutcome> {
    const fileName = displayFileName(path.basename(file));
    try {
      const resolved = await realpath(file);
      if (options.insideFolder !== undefined && !isInside(await realpath(options.insideFolder), resolved)) {
        throw new IngestFailure('outside_folder', `${fileName} is a link to a place outside the chosen folder; it was not followed.`);
      }
      const before = await stat(resolved);
      if (before.isDirectory()) throw new IngestFailure('is_directory', `${fileName} is a folder. Choose the files in it, or bring in the whole folder.`);
      if (!before.isFile()) throw new IngestFailure('not_a_file', `${fileName} is not a regular file (a device, pipe or socket) and cannot be evidence.`);
      if (before.size === 0) throw new IngestFailure('empty_file', `${fileName} is empty. Ask the party to send it again.`);
      await this.checkRoom(fileName, before.size);
      const handle = await open(resolved, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
      try {
        // Reading to the end and comparing with the size seen first catches a file that
        // shrinks or grows while it is read.
        return await this.ingestStored(fileName, context, () =>
          this.store.putFile(handle, {
            signal: options.signal,
            maxBytes: this.maxObjectBytes,
            expectedBytes: before.size,
            onProgress: (done) => options.onProgress?.(done, before.size),
          }),
        );
      } finally {
        await handle.close();
      }
    } catch (error) {
      return this.failureFor(fileName, error);
    }
  }

  /** Ingests bytes from a stream (an upload through the browser host, a download). */
  async ingestStream(
    source: Readable,
    name: string,
    context: IngestContext,
    options: IngestOptions & { expectedBytes?: number; maxBytes?: number } = {},
  ): Promise<IngestOutcome> {
    const fileName = displayFileName(name);
    const total = options.expectedBytes ?? null;
    return this.ingestStored(fileName, context, () =>
      this.store.put(source, {
        signal: options.signal,
        maxBytes: options.maxBytes ?? this.maxObjectBytes,
        expectedBytes: options.expectedBytes,
        onProgress: (done) => options.onProgress?.(done, total),
      }),
    );
  }

  /** Stores the bytes with `put`, analyses them once, and records the submission; failures become outcomes. */
  private async ingestStored(fileName: string, context: IngestContext, put: () => Promise<StoredObject>): Promise<IngestOutcome> {
    try {
      // Loads the sniffer while the bytes stream, not after them.
      prepareAnalysis();
      const stored = await put();
      const known = this.index.object(stored.sha256);
      const analysis =
        known?.analysis ?? (await this.analyse(stored.sha256, stored.head, fileName));
      return this.recordSubmission(stored.sha256, stored.sizeBytes, stored.existed, analysis, fileName, context);
    } catch (error) {
      return this.failureFor(fileName, error);
    }
  }

  /**
   * Records an object a download just placed in the store (its bytes already checked against
   * `sha256`), analysed like any object but with no submission: the case already records who
   * submitted it.
   */
  async recordFetched(sha256: string): Promise<void> {
    if (this.index.object(sha256) !== null) return;
    const reader = await this.store.openObject(sha256);
    if (!reader) throw new Error(`the fetched object ${sha256} is not in the store`);
    let head: Buffer;
    const sizeBytes = reader.size;
    try {
      const pieces: Buffer[] = [];
      if (sizeBytes > 0) for await (const piece of reader.read(0, Math.min(sniffBytes, sizeBytes) - 1)) pieces.push(piece);
      head = Buffer.concat(pieces);
    } finally {
      await reader.close();
    }
    const analysis = await this.analyse(sha256, head, sha256);
    this.index.recordObject({ sha256, sizeBytes, analysis });
    this.nearDuplicates.addObject(sha256, analysis);
  }

  /**
   * Fetches an external link into the store through the same pipeline, recorded as submitted by
   * link. A link that fails the check is never opened.
   */
  async ingestLink(
    raw: string,
    allowedHosts: string[],
    context: IngestContext,
    options: IngestOptions & { agent?: Agent } = {},
  ): Promise<IngestOutcome> {
    const checked = checkLink(raw, allowedHosts);
    const shownName = displayFileName(raw);
    if (!checked.ok) return fail(shownName, 'link_refused', checked.reason);
    let download;
    try {
      download = await openDownload(checked, allowedHosts, this.maxObjectBytes, { agent: options.agent, signal: options.signal });
    } catch (error) {
      if (error instanceof DownloadError) return fail(shownName, 'download_failed', error.message);
      return this.failureFor(shownName, error);
    }
    return this.ingestStream(download.body, download.fileName, { ...context, channel: 'external_link', url: checked.url }, {
      ...options,
      expectedBytes: download.sizeBytes ?? undefined,
    });
  }

  private recordSubmission(sha256: string, sizeBytes: number, existed: boolean, analysis: Analysis, fileName: string, context: IngestContext): IngestOutcome {
    const submittedAt = context.submittedAt ?? new Date().toISOString();
    const earlier = this.index.submissionsOf(sha256);
    const contextFlags = [
      typeMismatchFlag(fileName, analysis.mediaType && analysis.ext ? { mediaType: analysis.mediaType, ext: analysis.ext } : null),
      formatNotRequestedFlag(context.requested, analysis.kind),
      overUploadLimitFlag(context.channel, sizeBytes),
      lateFlag(submittedAt, context.dueAt),
      duplicateExactFlag(context.disputeId, context.party, earlier),
      nearDuplicateFlag(this.nearDuplicates, this.index, sha256, analysis),
    ].filter((flag): flag is EvidenceFlag => flag !== null);
    const mine = earlier.find((seen) => seen.disputeId === context.disputeId && seen.party === context.party);
    const flags = mine?.flags ?? [...analysis.flags, ...contextFlags];
    const submission: Submission = {
      sha256,
      disputeId: context.disputeId,
      party: context.party,
      fileName,
      channel: context.channel,
      submittedAt,
      requested: context.requested ?? null,
      dueAt: context.dueAt ?? null,
      url: context.url ?? null,
      flags,
    };
    this.index.record({ sha256, sizeBytes, analysis }, submission);
    this.nearDuplicates.addObject(sha256, analysis);
    return { ok: true, fileName, sha256, sizeBytes, mediaType: analysis.mediaType, kind: analysis.kind, flags, existed };
  }

  private async checkRoom(fileName: string, sizeBytes: number): Promise<void> {
    if (sizeBytes > this.maxObjectBytes) {
      throw new IngestFailure('too_large', `${fileName} is ${formatBytes(sizeBytes)}, over the ${formatBytes(this.maxObjectBytes)} the desk takes for one file.`);
    }
    const free = await this.store.freeBytes();
    if (sizeBytes > free) {
      throw new IngestFailure('no_space', `${fileName} is ${formatBytes(sizeBytes)} and only ${formatBytes(free)} is free for the evidence store. Free some disk space and try again.`);
    }
  }

  private failureFor(fileName: string, error: unknown): IngestOutcome {
    if (error instanceof IngestFailure) return fail(fileName, error.code, error.message);
    if (error instanceof ContentSizeError) {
      return error.actualBytes === 0
        ? fail(fileName, 'empty_file', `${fileName} is empty. Ask the party to send it again.`)
        : fail(
            fileName,
            'changed_while_reading',
            `${fileName} changed while it was read (${error.actualBytes} of ${error.expectedBytes} bytes); nothing of it was kept. Wait until it is fully copied, then bring it in again.`,
          );
    }
    if (error instanceof ObjectTooLargeError) {
      return fail(fileName, 'too_large', `${fileName} is larger than ${formatBytes(error.maxBytes)}, the most the desk takes for one file.`);
    }
    // A pipeline's abort carries code ABORT_ERR; signal.throwIfAborted() a DOMException named AbortError.
    const code = (error as Error).name === 'AbortError' ? 'ABORT_ERR' : (error as NodeJS.ErrnoException).code;
    switch (code) {
      case 'ABORT_ERR':
        return fail(fileName, 'cancelled', `Bringing in ${fileName} was cancelled; nothing of it was kept.`);
      case 'ENOENT':
        return fail(fileName, 'not_found', `${fileName} is not there any more (moved or deleted). Find it and bring it in again.`);
      case 'EACCES':
      case 'EPERM':
        return fail(fileName, 'permission_denied', `The desk may not read ${fileName}. Give your account read permission on it, then try again.`);
      case 'ELOOP':
        return fail(fileName, 'outside_folder', `${fileName} is a link that could not be followed safely.`);
      case 'ENOSPC':
        return fail(fileName, 'no_space', `The disk filled up while ${fileName} was stored; nothing of it was kept. Free some space and try again.`);
      default:
        log.error('ingestion failed', { fileName, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        return fail(fileName, 'read_failed', `${fileName} could not be read (${(error as Error).message ?? String(error)}); nothing of it was kept.`);
    }
  }

  /**
   * Re-hashes every object, and checks that every index row has its object and that no row
   * points at a missing one. `ok` only when all of it holds.
   */
  async verify(): Promise<{ ok: boolean; checked: number; mismatched: string[]; strays: string[]; missingObjects: string[]; danglingRows: number }> {
    const report = await this.store.verify(this.index.digests());
    const missingObjects: string[] = [];
    for (const sha256 of this.index.digests()) {
      if (!(await this.store.has(sha256))) missingObjects.push(sha256);
    }
    const danglingRows = this.index.danglingRows();
    const ok = report.mismatched.length === 0 && report.strays.length === 0 && missingObjects.length === 0 && danglingRows === 0;
    return { ok, ...report, missingObjects, danglingRows };
  }

  /**
   * Removes from this computer what it holds of the cases `disputeIds` (retention, issue 22): their
   * submissions, and the files of every object among `digests` (and those the submissions named)
   * that no other case's submission cites — object, thumbnail, poster, playable copy, filmstrip,
   * partial download. An object fetched only to be viewed that another case also cites goes too;
   * opening that case fetches it again.
   */
  async forget(disputeIds: readonly string[], digests: readonly string[]): Promise<{ removedObjects: number; bytesFreed: number }> {
    const forgotten = this.index.forget(disputeIds, digests);
    for (const { sha256 } of forgotten) await this.removeFiles(sha256);
    if (forgotten.length > 0) this.nearDuplicates = NearDuplicates.load(this.index);
    const bytesFreed = forgotten.reduce((sum, object) => sum + object.sizeBytes, 0);
    log.info('removed the evidence of cases from this computer', { cases: disputeIds.length, objects: forgotten.length, bytesFreed });
    return { removedObjects: forgotten.length, bytesFreed };
  }

  /** Removes every object, derived file, partial download and index row: the team's evidence leaves this computer. */
  async forgetEverything(): Promise<{ removedObjects: number; bytesFreed: number }> {
    const { objects, bytes } = this.index.forgetEverything();
    await this.store.removeEverything();
    this.nearDuplicates = NearDuplicates.load(this.index);
    log.info('removed all evidence from this computer', { objects, bytesFreed: bytes });
    return { removedObjects: objects, bytesFreed: bytes };
  }

  private async removeFiles(sha256: string): Promise<void> {
    await this.store.remove(sha256);
    await rm(this.store.partialPath(sha256), { force: true });
    for (const dir of new Set([this.derivedDir(sha256), derivedDirOf(this.store.root, sha256, undefined)])) await rm(dir, { recursive: true, force: true });
  }

  /** Closes the index and removes this process's temporary folder (call it when nothing is being ingested). */
  close(): void {
    this.index.close();
    this.store.close();
    void this.sealed?.plain.close();
  }
}

/** Bytes for a person: 1.5 GB, 300 KB. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
