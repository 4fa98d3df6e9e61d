import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ObjectStore } from './object-store';

/** What became of sending an object to the case service. */
export type BlobUploadStatus = 'stored' | 'too_large' | 'missing' | 'unreachable' | 'unauthorized' | 'no_service';

/**
 * Streams a stored object to the case service's blob store. `stored` also covers a blob the
 * service already had. `too_large` and `missing` are final (the evidence record still syncs,
 * its file stays on this machine); `unreachable` means try again later.
 */
export async function uploadBlob(
  store: ObjectStore,
  serviceUrl: string | null,
  sha256: string,
  token: string,
  mediaType: string,
): Promise<{ status: BlobUploadStatus; message: string }> {
  if (serviceUrl === null) return { status: 'no_service', message: 'No case service is configured; the file stays on this computer.' };
  const file = store.objectPath(sha256);
  const size = await stat(file).then((s) => s.size, () => null);
  if (size === null) return { status: 'missing', message: `The file ${sha256.slice(0, 12)}… is not in this computer's evidence store.` };
  let response: Response;
  try {
    response = await fetch(new URL(`/blobs/${sha256}`, serviceUrl), {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': mediaType, 'content-length': String(size) },
      body: Readable.toWeb(createReadStream(file, { highWaterMark: 1024 * 1024 })) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    return { status: 'unreachable', message: `The case service could not be reached (${(error as Error).message}); it will be sent on the next sync.` };
  }
  await response.body?.cancel();
  if (response.ok) return { status: 'stored', message: 'Sent to the case service.' };
  if (response.status === 413) return { status: 'too_large', message: 'The case service does not take files this large; the file stays on this computer and the record syncs.' };
  if (response.status === 401) return { status: 'unauthorized', message: 'Your session with the case service has ended; sign in again to send the file.' };
  return { status: 'unreachable', message: `The case service answered ${response.status}; the file will be sent on the next sync.` };
}
