import { deskResultSchema, type DeskApi, type DeskCallName, type DeskResponse } from '../../shared/contract/calls';
import { deskFailure, type DeskResult } from '../../shared/contract/errors';
import type { IngestJobProgressValue } from '../../shared/contract/evidence-calls';
import { createLogger } from '../../shared/logger';

const log = createLogger('web-desk');

/** A file whose upload into a job failed: the host never had it, so its job cannot list it. */
interface FailedUpload {
  name: string;
  size: number;
  reason: string;
}

/** The job's progress with the files the page could not upload listed as failed, where the evidence panel shows them. */
function withFailedUploads(progress: IngestJobProgressValue, failed: readonly FailedUpload[]): IngestJobProgressValue {
  const listed = failed.map((upload) => ({
    name: upload.name,
    status: 'failed' as const,
    bytesDone: 0,
    bytesTotal: upload.size,
    outcome: {
      ok: false as const,
      fileName: upload.name,
      error: { code: 'read_failed' as const, message: `Sending this file to Dispute Desk failed (${upload.reason}). Nothing was stored; add the file again.` },
    },
  }));
  return { ...progress, files: [...progress.files, ...listed] };
}

const tokenKey = 'desk.browserHostToken';

/**
 * Takes the browser host's token from the address (`#token=…`), keeps it for this tab so a
 * reload still works, and removes it from the address bar so it is not copied around.
 */
export function takeBrowserHostToken(location: Location, storage: Storage, history: History): string | undefined {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    storage.setItem(tokenKey, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem(tokenKey) ?? undefined;
}

/** What a call gets when the host cannot be reached or its answer was cut off. */
const hostNotAnswering = () => deskFailure('host_unavailable', 'Dispute Desk is not answering. Check that it is still running, then try again.');

/**
 * The desk API over the browser host's loopback HTTP calls. The renderer receives it as
 * `window.desk`, exactly as it receives the Electron preload's, and never asks which it got.
 */
export function createWebDesk(token: string | undefined, fetchImpl: typeof fetch = fetch): DeskApi {
  const failedUploads = new Map<string, FailedUpload[]>();
  const desk: DeskApi = {
    async invoke<N extends DeskCallName>(name: N, request: unknown): Promise<DeskResult<DeskResponse<N>>> {
      if (!token) {
        return deskFailure(
          'unauthorized',
          'This page was opened without its token. Open the full address Dispute Desk printed when it started.',
        );
      }
      let response: Response;
      try {
        response = await fetchImpl(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(request),
        });
      } catch {
        // Answered to the caller, who shows it; the host's own log cannot be reached either.
        return hostNotAnswering();
      }
      // A body that is not JSON fails the schema below and is answered as unexpected; one cut off
      // on its way (the host gone, or the page navigating away) is the host not answering.
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if (!(error instanceof SyntaxError)) return hostNotAnswering();
        body = undefined;
      }
      const parsed = deskResultSchema.safeParse(body);
      if (!parsed.success) {
        log.error('the browser host answered with something unexpected', { call: name, status: response.status });
        return deskFailure('internal', `Dispute Desk answered ${name} with something unexpected (HTTP ${response.status}).`);
      }
      const result = parsed.data as DeskResult<DeskResponse<N>>;
      const failed = name === 'evidence.job' && result.ok && result.value !== null ? failedUploads.get((result.value as IngestJobProgressValue).jobId) : undefined;
      if (failed === undefined || !result.ok) return result;
      return { ok: true, value: withFailedUploads(result.value as IngestJobProgressValue, failed) as DeskResponse<N> };
    },

    // The browser cannot hand over paths, so the files' bytes are streamed to the host into an
    // open job, one after another, while the renderer polls the job's progress.
    async ingestFiles(context, files) {
      const started = await desk.invoke('evidence.ingest', { context, paths: [], open: true });
      if (!started.ok) return started;
      const { jobId } = started.value;
      const failed: FailedUpload[] = [];
      failedUploads.set(jobId, failed);
      void (async () => {
        for (const file of files as readonly File[]) {
          const query = new URLSearchParams({ name: file.name, size: String(file.size) });
          let reason: string | undefined;
          try {
            const response = await fetchImpl(`/api/evidence/upload/${encodeURIComponent(jobId)}?${query}`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${token}` },
              body: file,
            });
            if (!response.ok) reason = `HTTP ${response.status}`;
          } catch (error) {
            reason = error instanceof Error ? error.message : String(error);
          }
          if (reason !== undefined) {
            log.error('uploading a file into an ingestion job failed', { jobId, file: file.name, size: file.size, reason });
            failed.push({ name: file.name, size: file.size, reason });
          }
        }
        const sealed = await desk.invoke('evidence.seal', { jobId });
        if (!sealed.ok) log.error('sealing an ingestion job failed', { jobId, code: sealed.error.code, message: sealed.error.message });
      })();
      return started;
    },

    // The browser's own print dialog; its "Save as PDF" is the browser host's PDF export.
    async printReport() {
      window.print();
      return { ok: true, value: { savedTo: null } };
    },
  };
  return desk;
}
