import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { EvidenceService } from './evidence-service';

/** What became of fetching an object from the case service. */
export type BlobDownloadStatus = 'stored' | 'missing' | 'unreachable' | 'unauthorized' | 'no_service' | 'corrupt';

/**
 * Brings a file the case service holds into this computer's store, through the same pass that
 * hashes what it writes: bytes that do not match the digest they were asked for are discarded.
 */
export async function downloadBlob(
  evidence: EvidenceService,
  serviceUrl: string | null,
  sha256: string,
  token: string,
): Promise<{ status: BlobDownloadStatus; message: string }> {
  if (evidence.index.object(sha256) !== null && (await evidence.store.has(sha256))) {
    return { status: 'stored', message: 'Already on this computer.' };
  }
  if (serviceUrl === null) return { status: 'no_service', message: 'No case service is configured, so the file cannot be fetched.' };
  let response: Response;
  try {
    response = await fetch(new URL(`/blobs/${sha256}`, serviceUrl), { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    return { status: 'unreachable', message: `The case service could not be reached (${(error as Error).message}). Try again when you are online.` };
  }
  if (response.status === 401) return { status: 'unauthorized', message: 'Your session with the case service has ended; sign in again.' };
  if (response.status === 404) {
    await response.body?.cancel();
    return { status: 'missing', message: 'The case service does not have this file: it was never uploaded, or was too large to upload.' };
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    return { status: 'unreachable', message: `The case service answered ${response.status}. Try again later.` };
  }
  const stored = await evidence.storeDownloaded(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), sha256);
  return stored
    ? { status: 'stored', message: 'Fetched into this computer’s evidence store.' }
    : { status: 'corrupt', message: 'The file from the case service does not match its digest; it was not kept.' };
}
