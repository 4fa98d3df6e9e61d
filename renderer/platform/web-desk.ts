import { deskResultSchema, type DeskApi, type DeskCallName, type DeskResponse } from '../../shared/contract/calls';
import { deskFailure, type DeskResult } from '../../shared/contract/errors';

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

/**
 * The desk API over the browser host's loopback HTTP calls. The renderer receives it as
 * `window.desk`, exactly as it receives the Electron preload's, and never asks which it got.
 */
export function createWebDesk(token: string | undefined, fetchImpl: typeof fetch = fetch): DeskApi {
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
        return deskFailure('host_unavailable', 'Dispute Desk is not answering. Check that it is still running, then try again.');
      }
      const parsed = deskResultSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) {
        return deskFailure('internal', `Dispute Desk answered ${name} with something unexpected (HTTP ${response.status}).`);
      }
      return parsed.data as DeskResult<DeskResponse<N>>;
    },

    // The browser cannot hand over paths, so the files' bytes are streamed to the host into an
    // open job, one after another, while the renderer polls the job's progress.
    async ingestFiles(context, files) {
      const started = await desk.invoke('evidence.ingest', { context, paths: [], open: true });
      if (!started.ok) return started;
      const { jobId } = started.value;
      void (async () => {
        for (const file of files as readonly File[]) {
          const query = new URLSearchParams({ name: file.name, size: String(file.size) });
          await fetchImpl(`/api/evidence/upload/${encodeURIComponent(jobId)}?${query}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${token}` },
            body: file,
          }).catch(() => undefined);
        }
        await desk.invoke('evidence.seal', { jobId });
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
