import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TransferFile, TransferProgress } from '../../shared/contract/evidence-calls';
import { missingCaseError } from '../../shared/contract/errors';
import { createLogger } from '../../shared/logger';
import { downloadBlob, type BlobDownloadResult, type DownloadOptions } from './evidence/blob-download';
import { uploadBlob, type BlobUploadResult } from './evidence/blob-upload';
import type { EvidenceService } from './evidence/evidence-service';
import type { TransferTarget } from './evidence/transfer-http';

const log = createLogger('transfer-manager');

/** What the manager needs from the host: the store, where the service is, and the space limit. */
export interface TransferManagerOptions {
  evidence: EvidenceService;
  /** The case service in use now, or null. */
  serviceUrl: () => string | null;
  /** The space limit in Settings for evidence fetched in the background. */
  spaceLimitBytes: () => number;
  /** Downloads running at once: one or two keep a disk and a link busy without starving the viewer. */
  concurrency?: number;
  /** The fetch to use; tests wrap the real one to cut the network. */
  fetch?: typeof fetch;
  /** Passed to every download; tests inject a write that fails as a full disk does. */
  write?: DownloadOptions['write'];
}

/** A download still arriving, for the media handler: what it has on disk and how to ask for the rest. */
export interface ArrivingObject {
  /** The partial file; its first `bytesHeld()` bytes are written and may be read. */
  partialPath: string;
  bytesHeld(): number;
  bytesTotal: number | null;
  /** Asks the case service for `range` (an HTTP Range value) of the object, with the download's token. */
  fetchRange(range: string | null, signal?: AbortSignal): Promise<Response>;
}

interface Entry extends TransferFile {
  token: string;
  abort?: AbortController;
  /** Settles when a download ends, stored or stopped. */
  finished: Promise<BlobDownloadResult>;
  finish(result: BlobDownloadResult): void;
}

function newEntry(fields: TransferFile & { token: string }): Entry {
  let finish: (result: BlobDownloadResult) => void = () => undefined;
  const finished = new Promise<BlobDownloadResult>((resolve) => {
    finish = resolve;
  });
  return { ...fields, finished, finish };
}

/** How many finished transfers the list keeps to show; older ones drop off. */
const finishedKept = 50;

/**
 * Runs the desk's evidence transfers: downloads one or two at a time, those the user asked for
 * (a case or a compare pane opened) before the background list the renderer sends (its queues'
 * and second reviews' evidence, most urgent first), the latter only within the space limit —
 * nothing is ever removed to make room. Uploads run when the sync engine asks and are listed
 * beside them. Holds the token each download was asked with, so the media handler can fetch the
 * ranges of a video that have not arrived yet.
 */
export class TransferManager {
  private readonly entries = new Map<string, Entry>();
  private readonly order: string[] = [];
  private running = 0;
  private pumping = false;
  private pumpAgain = false;
  private bytesToFree: number | null = null;

  constructor(private readonly options: TransferManagerOptions) {}

  /** The case service transfers go to now, or null when none is configured. */
  serviceUrl(): string | null {
    return this.options.serviceUrl();
  }

  private target(token: string): TransferTarget | null {
    const serviceUrl = this.options.serviceUrl();
    return serviceUrl === null ? null : { serviceUrl, token, fetch: this.options.fetch };
  }

  /** Fetches an object before anything in the background and answers when it is stored or stopped. */
  async download(sha256: string, token: string): Promise<BlobDownloadResult> {
    if (await this.options.evidence.store.has(sha256)) return downloadBlob(this.options.evidence, this.target(token), sha256);
    const entry = this.enqueue(sha256, token, null, true);
    this.pump();
    return entry.finished;
  }

  /** Starts fetching an object on demand without waiting; the entry shows its progress. */
  start(sha256: string, token: string): void {
    this.enqueue(sha256, token, null, true);
    this.pump();
  }

  /**
   * Replaces the background list with `files`, most urgent first. Files already here, or already
   * moving, are left as they are. Answers how many were queued and how many wait for space.
   */
  async prefetch(files: readonly { sha256: string; sizeBytes: number | null }[], token: string): Promise<{ queued: number; waitingForSpace: number }> {
    for (const [sha256, entry] of this.entries) {
      if (!entry.onDemand && (entry.state === 'queued' || entry.state === 'waiting_for_space' || entry.state === 'stopped')) this.drop(sha256);
    }
    let queued = 0;
    for (const file of files) {
      // A file that failed for good (not on the service, or not matching its digest there) is not
      // fetched again every minute; opening it asks again.
      const state = this.entries.get(file.sha256)?.state;
      if (state === 'running' || state === 'failed' || (await this.options.evidence.store.has(file.sha256))) continue;
      this.enqueue(file.sha256, token, file.sizeBytes, false);
      queued += 1;
    }
    this.pump();
    return { queued, waitingForSpace: [...this.entries.values()].filter((e) => e.state === 'waiting_for_space').length };
  }

  /** Sends a stored object to the case service, listed while it runs. */
  async upload(sha256: string, token: string, mediaType: string): Promise<BlobUploadResult> {
    const key = `upload:${sha256}`;
    const entry = newEntry({ sha256, direction: 'upload', state: 'running', onDemand: true, bytesDone: 0, bytesTotal: null, message: null, token });
    this.put(key, entry);
    const result = await uploadBlob(this.options.evidence.store, this.target(token), sha256, mediaType, {
      onProgress: (done, total) => {
        entry.bytesDone = done;
        entry.bytesTotal = total;
      },
    });
    entry.state = result.status === 'stored' ? 'done' : result.status === 'unreachable' || result.status === 'unauthorized' ? 'stopped' : 'failed';
    entry.message = result.status === 'stored' ? null : result.message;
    return result;
  }

  /** A download of `sha256` under way, for the media handler; undefined when none is. */
  arriving(sha256: string): ArrivingObject | undefined {
    const entry = this.entries.get(sha256);
    if (entry?.state !== 'running') return undefined;
    return {
      partialPath: this.options.evidence.store.partialPath(sha256),
      bytesHeld: () => entry.bytesDone,
      bytesTotal: entry.bytesTotal,
      fetchRange: async (range, signal) => {
        const serviceUrl = this.options.serviceUrl();
        if (serviceUrl === null) return new Response('No case service is configured.', { status: 503 });
        const headers: Record<string, string> = { authorization: `Bearer ${entry.token}` };
        if (range !== null) headers.range = range;
        return (this.options.fetch ?? fetch)(new URL(`/blobs/${sha256}`, serviceUrl), { headers, signal });
      },
    };
  }

  /** Every transfer and the summary the status bar shows. */
  progress(): TransferProgress {
    const files = this.order.map((key) => this.entries.get(key)!).map(({ sha256, direction, state, onDemand, bytesDone, bytesTotal, message }) => ({
      sha256,
      direction,
      state,
      onDemand,
      bytesDone,
      bytesTotal,
      message,
    }));
    const active = files.filter((f) => f.state === 'queued' || f.state === 'running');
    return {
      files,
      active: active.length,
      bytesDone: active.reduce((sum, f) => sum + f.bytesDone, 0),
      bytesTotal: active.reduce((sum, f) => sum + (f.bytesTotal ?? f.bytesDone), 0),
      waitingForSpace: files.filter((f) => f.state === 'waiting_for_space').length,
      bytesToFree: this.bytesToFree,
    };
  }

  /**
   * Stops and forgets the transfers of `digests`, or every transfer when none are named: their
   * evidence is being removed from this computer, so nothing of it may arrive afterwards.
   */
  forget(digests?: readonly string[]): void {
    const keys = digests === undefined ? [...this.entries.keys()] : digests.flatMap((sha256) => [sha256, `upload:${sha256}`]);
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry === undefined) continue;
      entry.abort?.abort();
      entry.finish({ status: 'cancelled', message: 'The evidence was removed from this computer.', receivedBytes: entry.bytesDone });
      this.drop(key);
    }
    this.bytesToFree = null;
  }

  /** Whether a file is being sent to the case service now: removing the store must wait for it. */
  uploading(): boolean {
    return [...this.entries.values()].some((entry) => entry.direction === 'upload' && entry.state === 'running');
  }

  /** Stops every download (the app is closing); partial files stay to continue next time. */
  stopAll(): void {
    for (const entry of this.entries.values()) entry.abort?.abort();
  }

  private enqueue(sha256: string, token: string, sizeBytes: number | null, onDemand: boolean): Entry {
    const existing = this.entries.get(sha256);
    if (existing && (existing.state === 'running' || existing.state === 'queued')) {
      existing.onDemand ||= onDemand;
      existing.token = token;
      return existing;
    }
    const entry = newEntry({ sha256, direction: 'download', state: 'queued', onDemand, bytesDone: 0, bytesTotal: sizeBytes, message: null, token });
    this.put(sha256, entry);
    return entry;
  }

  private put(key: string, entry: Entry): void {
    this.drop(key);
    this.entries.set(key, entry);
    this.order.push(key);
    const finished = this.order.filter((k) => this.entries.get(k)!.state === 'done' || this.entries.get(k)!.state === 'failed');
    for (const old of finished.slice(0, Math.max(0, finished.length - finishedKept))) this.drop(old);
  }

  private drop(key: string): void {
    if (!this.entries.delete(key)) return;
    this.order.splice(this.order.indexOf(key), 1);
  }

  /** Starts queued downloads up to the concurrency: on demand first, then the background list in order. */
  private pump(): void {
    // One pump at a time: two could both pick the same queued file while one awaits the space check.
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pumpNow()
      .catch((error: unknown) => log.error('starting a download failed', { error: String(error) }))
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.pump();
        }
      });
  }

  private async pumpNow(): Promise<void> {
    const limit = this.options.concurrency ?? 2;
    while (this.running < limit) {
      const queued = this.order.map((key) => this.entries.get(key)!).filter((e) => e.direction === 'download' && e.state === 'queued');
      const next = queued.find((e) => e.onDemand) ?? queued[0];
      if (next === undefined) return;
      if (!next.onDemand && !(await this.roomFor(next))) {
        next.state = 'waiting_for_space';
        continue;
      }
      this.run(next);
    }
  }

  /** Whether a background file fits within the space limit, counting what is stored and arriving. */
  private async roomFor(entry: Entry): Promise<boolean> {
    const used = this.options.evidence.index.totalBytes() + (await this.partialBytes());
    return used + (entry.bytesTotal ?? 0) <= this.options.spaceLimitBytes();
  }

  private async partialBytes(): Promise<number> {
    const dir = path.dirname(this.options.evidence.store.partialPath('0'.repeat(64)));
    const names = await readdir(dir).catch(() => [] as string[]);
    const sizes = await Promise.all(names.map((name) => stat(path.join(dir, name)).then((s) => s.size, () => 0)));
    return sizes.reduce((sum, size) => sum + size, 0);
  }

  private run(entry: Entry): void {
    this.running += 1;
    entry.state = 'running';
    entry.abort = new AbortController();
    void downloadBlob(this.options.evidence, this.target(entry.token), entry.sha256, {
      signal: entry.abort.signal,
      write: this.options.write,
      onProgress: (done, total) => {
        entry.bytesDone = done;
        if (total !== null) entry.bytesTotal = total;
      },
    })
      .catch((error: unknown): BlobDownloadResult => {
        log.error('a download failed', { sha256: entry.sha256, error: String(error) });
        return { status: 'unreachable', message: `The file could not be written on this computer (${String(error)}).`, receivedBytes: 0 };
      })
      .then((result) => {
        this.running -= 1;
        this.bytesToFree = result.status === 'disk_full' ? (result.bytesToFree ?? null) : result.status === 'stored' ? null : this.bytesToFree;
        entry.state = stateOf(result);
        entry.message = result.status === 'stored' ? null : result.message;
        entry.finish(result);
        this.pump();
      });
  }
}

function stateOf(result: BlobDownloadResult): TransferFile['state'] {
  switch (result.status) {
    case 'stored':
      return 'done';
    case 'missing':
    case 'corrupt':
    case 'no_service':
      return 'failed';
    case 'unreachable':
    case 'unauthorized':
    case 'disk_full':
    case 'cancelled':
      return 'stopped';
    default:
      throw missingCaseError(result.status);
  }
}
