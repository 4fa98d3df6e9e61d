import type { DeskApi } from './calls';
import type { DeskResult } from './errors';
import type { IngestContextInput } from './evidence-calls';

// Type-only imports: the sandboxed preload bundles this file, and must stay free of zod.

/** A file the page handed over: a DOM `File`, described by what routing needs so `shared/` needs no DOM. */
export interface UserFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The host's side of bringing in user files (the Electron preload supplies these). */
export interface UserFilePorts<F extends UserFile> {
  /** The file's path on disk, or `''` when it exists only in memory (Electron's `webUtils.getPathForFile`). */
  pathOf(file: F): string;
  /** Starts a job for the paths on the channel only the preload uses (`evidence.ingest`'s request). */
  startJob(request: { context: IngestContextInput; paths: string[]; open: boolean }): Promise<DeskResult<{ jobId: string }>>;
  /** The general desk call, for `evidence.ingestBytes`, `evidence.seal` and `evidence.cancel`. */
  invoke: DeskApi['invoke'];
}

/**
 * Brings the files the user dropped, picked or made (a snapshot) into one job, each by the route
 * it can take: a file on disk by the path the host found for it, a file only in memory by its
 * bytes (`evidence.ingestBytes`). Answers the job to poll, or the first refusal; after a refusal
 * the job is cancelled, so "nothing was brought in" stays true but for files already stored,
 * which the intake lists as stored but not yet in the case.
 */
export async function ingestUserFiles<F extends UserFile>(
  context: IngestContextInput,
  files: readonly F[],
  ports: UserFilePorts<F>,
): Promise<DeskResult<{ jobId: string }>> {
  const paths: string[] = [];
  const inMemory: F[] = [];
  for (const file of files) {
    let onDisk: string;
    try {
      onDisk = ports.pathOf(file);
    } catch {
      return { ok: false, error: { code: 'bad_request', message: 'Only files dropped on Dispute Desk or chosen in it can be brought in.' } };
    }
    if (onDisk === '') inMemory.push(file);
    else paths.push(onDisk);
  }
  const started = await ports.startJob({ context, paths, open: inMemory.length > 0 });
  if (!started.ok || inMemory.length === 0) return started;
  const { jobId } = started.value;
  for (const file of inMemory) {
    const added = await ports.invoke('evidence.ingestBytes', { jobId, name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    if (!added.ok) {
      await ports.invoke('evidence.cancel', { jobId });
      return added;
    }
  }
  await ports.invoke('evidence.seal', { jobId });
  return started;
}
