import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { displayFileName } from '../../../shared/domain/evidence-checks';
import type { EvidenceService, IngestContext, IngestOutcome } from './evidence-service';
import { filesUnder } from './folder-walk';

/** Where one file of a job is. */
export type IngestFileStatus = 'queued' | 'reading' | 'done' | 'failed' | 'cancelled';

/** One file of a job, as the renderer's progress bar sees it. */
export interface IngestFileProgress {
  name: string;
  status: IngestFileStatus;
  bytesDone: number;
  bytesTotal: number | null;
  outcome: IngestOutcome | null;
}

/** A job's progress: its files in the order they were added. */
export interface IngestJobProgress {
  jobId: string;
  context: IngestContext;
  files: IngestFileProgress[];
  /** True once every file has an outcome and no more can be added. */
  finished: boolean;
}

type Source =
  | { kind: 'path'; file: string; folder?: string }
  | { kind: 'stream'; open: () => Readable; sizeBytes: number | null }
  | { kind: 'link'; url: string; allowedHosts: string[] };

interface Job {
  progress: IngestJobProgress;
  controller: AbortController;
  /** Open while the browser host may still add uploads to it. */
  pending: number;
  sealed: boolean;
}

/** Files are read two at a time: enough to overlap disk and analysis on two cores, few enough to stay responsive. */
const defaultConcurrency = 2;

/** Finished jobs are forgotten after this long; the evidence itself is in the index. */
const keepFinishedMs = 10 * 60_000;

/**
 * Ingestion jobs: each a set of files for one case and party, run with bounded concurrency,
 * reporting bytes done per file and cancellable as a whole. The renderer polls a job's
 * progress; nothing here blocks a desk call for longer than it takes to queue the files.
 */
export class IngestJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: (() => Promise<void>)[] = [];
  private running = 0;

  constructor(
    private readonly service: EvidenceService,
    private readonly concurrency = defaultConcurrency,
  ) {}

  /** Starts a job for `paths` (files and folders, folders walked recursively). */
  async start(context: IngestContext, paths: string[], options: { open?: boolean } = {}): Promise<string> {
    const jobId = randomUUID();
    const job: Job = { progress: { jobId, context, files: [], finished: false }, controller: new AbortController(), pending: 0, sealed: !options.open };
    this.jobs.set(jobId, job);
    for (const given of paths) {
      const isFolder = await stat(given).then((s) => s.isDirectory(), () => false);
      if (isFolder) {
        for await (const file of filesUnder(given)) this.enqueue(job, path.basename(file), { kind: 'path', file, folder: given });
      } else {
        this.enqueue(job, path.basename(given), { kind: 'path', file: given });
      }
    }
    this.settle(job);
    return jobId;
  }

  /** Starts a job that fetches one external link into the store. */
  startLink(context: IngestContext, url: string, allowedHosts: string[]): string {
    const jobId = randomUUID();
    const job: Job = { progress: { jobId, context, files: [], finished: false }, controller: new AbortController(), pending: 0, sealed: true };
    this.jobs.set(jobId, job);
    void this.enqueue(job, url, { kind: 'link', url, allowedHosts });
    return jobId;
  }

  /** Adds a streamed file (an upload) to an open job; resolves with its outcome. */
  addStream(jobId: string, name: string, open: () => Readable, sizeBytes: number | null): Promise<IngestOutcome> | null {
    const job = this.jobs.get(jobId);
    if (job === undefined || job.sealed) return null;
    return this.enqueue(job, name, { kind: 'stream', open, sizeBytes });
  }

  /** Says no more files will be added to an open job. */
  seal(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (job === undefined) return false;
    job.sealed = true;
    this.settle(job);
    return true;
  }

  /** How many files are being brought in now, or wait to be: the store cannot be emptied under them. */
  filesInFlight(): number {
    return [...this.jobs.values()].reduce((sum, job) => sum + job.pending, 0);
  }

  /** A job's progress, or null when there is no such job (or it finished long ago). */
  progress(jobId: string): IngestJobProgress | null {
    return this.jobs.get(jobId)?.progress ?? null;
  }

  /** Cancels every file of a job not yet done; files already stored stay stored. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (job === undefined) return false;
    job.controller.abort();
    job.sealed = true;
    this.settle(job);
    return true;
  }

  private enqueue(job: Job, name: string, source: Source): Promise<IngestOutcome> {
    const entry: IngestFileProgress = { name: displayFileName(name), status: 'queued', bytesDone: 0, bytesTotal: source.kind === 'stream' ? source.sizeBytes : null, outcome: null };
    job.progress.files.push(entry);
    job.pending += 1;
    return new Promise((resolve) => {
      this.waiting.push(async () => {
        const outcome = await this.run(job, entry, name, source);
        entry.outcome = outcome;
        entry.status = outcome.ok ? 'done' : outcome.error.code === 'cancelled' ? 'cancelled' : 'failed';
        job.pending -= 1;
        this.settle(job);
        resolve(outcome);
      });
      this.pump();
    });
  }

  private async run(job: Job, entry: IngestFileProgress, name: string, source: Source): Promise<IngestOutcome> {
    const signal = job.controller.signal;
    if (signal.aborted) {
      return { ok: false, fileName: entry.name, error: { code: 'cancelled', message: `Bringing in ${entry.name} was cancelled; nothing of it was kept.` } };
    }
    entry.status = 'reading';
    const onProgress = (done: number, total: number | null): void => {
      entry.bytesDone = done;
      entry.bytesTotal = total ?? entry.bytesTotal;
    };
    if (source.kind === 'link') {
      return this.service.ingestLink(source.url, source.allowedHosts, job.progress.context, { signal, onProgress });
    }
    if (source.kind === 'path') {
      entry.bytesTotal = await stat(source.file).then((s) => s.size, () => null);
      return this.service.ingestPath(source.file, job.progress.context, { signal, onProgress, insideFolder: source.folder });
    }
    return this.service.ingestStream(source.open(), name, job.progress.context, {
      signal,
      onProgress,
      expectedBytes: source.sizeBytes ?? undefined,
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.running += 1;
      void next().finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private settle(job: Job): void {
    if (!job.sealed || job.pending > 0 || job.progress.finished) return;
    job.progress.finished = true;
    setTimeout(() => this.jobs.delete(job.progress.jobId), keepFinishedMs).unref();
  }
}
