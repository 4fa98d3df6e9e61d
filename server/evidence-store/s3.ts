import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createLogger } from '../../shared/logger';
import { HashingStream } from './hashing';
import { StoreUnavailable, type EvidenceStore, type PutResult } from './store';

const log = createLogger('evidence-store-s3');

/** Where an S3 store lives. Credentials come from the SDK's standard chain unless given (tests). */
export interface S3StoreConfig {
  bucket: string;
  /** Prepended to every key, such as `dispute-desk/`; a missing trailing slash is added. */
  prefix?: string;
  /** An S3-compatible endpoint (MinIO, Ceph RGW, R2 …); AWS when absent. */
  endpoint?: string;
  region?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most self-hosted stores need. */
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

// CopyObject copies at most 5 GiB; larger objects are streamed through the service instead.
const maxCopyBytes = 5 * 1024 ** 3;

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NotFound' || name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
}

/** Anything the store answers other than "not there" is the store failing the service: say why. */
function unavailable(error: unknown, where: string): StoreUnavailable {
  if (error instanceof StoreUnavailable) return error;
  const name = (error as { name?: string }).name ?? 'Error';
  const reasons: Record<string, string> = {
    InvalidAccessKeyId: 'the store refuses the credentials the service uses: it does not know the access key',
    SignatureDoesNotMatch: 'the store refuses the credentials the service uses: the secret key is wrong',
    AccessDenied: 'the store refuses the service access',
    NoSuchBucket: 'the bucket does not exist',
    CredentialsProviderError: 'the service found no S3 credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or a role)',
  };
  // A HEAD request's refusal has no body to name it: its status is all there is.
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const byStatus = status === 403 ? 'the store refuses the credentials the service uses (an unknown access key, a wrong secret, or no rights on the bucket)' : undefined;
  const reason = reasons[name] ?? byStatus ?? `${name}: ${(error as Error).message || 'no answer'}`;
  return new StoreUnavailable(`The S3 store ${where} cannot be used: ${reason}.`, { cause: error });
}

async function drain(source: AsyncIterable<Buffer>): Promise<void> {
  for await (const chunk of source) void chunk;
}

/**
 * The S3 store: objects at `<prefix>objects/<first two hex>/<sha256>`, uploads as S3 multipart
 * uploads of that key. An object S3 holds is not visible to desks until its `blobs` row names it,
 * which happens only after its SHA-256 was checked.
 */
export function openS3Store(config: S3StoreConfig): EvidenceStore {
  const prefix = config.prefix && !config.prefix.endsWith('/') ? `${config.prefix}/` : (config.prefix ?? '');
  const Bucket = config.bucket;
  const where = `s3://${Bucket}/${prefix}${config.endpoint ? ` at ${config.endpoint}` : ''}`;
  const client = new S3Client({
    region: config.region ?? 'us-east-1',
    ...(config.endpoint && { endpoint: config.endpoint }),
    forcePathStyle: config.forcePathStyle ?? false,
    ...(config.credentials && { credentials: config.credentials }),
    maxAttempts: 3,
    // Checksums only where S3 requires them: S3-compatible stores differ in which trailers they take.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
  const keyOf = (sha256: string) => `${prefix}objects/${sha256.slice(0, 2)}/${sha256}`;
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw unavailable(error, where);
    }
  };
  const sha256OfObject = async (sha256: string) => {
    const hasher = new HashingStream();
    await pipeline(await store.read(sha256), hasher, drain);
    return hasher.hash.digest('hex');
  };
  /** Copies `from` to `to` inside the bucket (server-side up to 5 GiB, streamed beyond). */
  const copy = async (from: string, to: string, size: number, storageClass?: string) => {
    const StorageClass = storageClass as StorageClass | undefined;
    if (size <= maxCopyBytes) {
      await call(() =>
        client.send(
          new CopyObjectCommand({ Bucket, Key: to, CopySource: `${Bucket}/${from.split('/').map(encodeURIComponent).join('/')}`, ...(StorageClass && { StorageClass, MetadataDirective: 'REPLACE' }) }),
        ),
      );
      return;
    }
    const body = (await call(() => client.send(new GetObjectCommand({ Bucket, Key: from })))).Body as Readable;
    await call(() => new Upload({ client, params: { Bucket, Key: to, Body: body, ...(StorageClass && { StorageClass }) }, partSize: 64 * 1024 * 1024, queueSize: 2 }).done());
  };

  const store: EvidenceStore = {
    kind: 's3',
    where,
    keyOf,
    async probe() {
      await call(() => client.send(new HeadBucketCommand({ Bucket })));
    },
    async put(sha256, body) {
      const hasher = new HashingStream();
      const present = await store.has(sha256);
      if (present) {
        await pipeline(body, hasher, drain);
      } else {
        body.on('error', (error) => hasher.destroy(error));
        await call(() => new Upload({ client, params: { Bucket, Key: keyOf(sha256), Body: body.pipe(hasher) }, queueSize: 2 }).done());
      }
      const actual = hasher.hash.digest('hex');
      if (actual === sha256) return { ok: true, size: hasher.bytes };
      // The copy just written is wrong and no row names it: remove it so nothing can find it.
      if (!present) await store.delete(sha256);
      return { ok: false, actual, size: hasher.bytes };
    },
    async read(sha256, range) {
      const answer = await call(() => client.send(new GetObjectCommand({ Bucket, Key: keyOf(sha256), ...(range && { Range: `bytes=${range.start}-${range.end}` }) })));
      return answer.Body as Readable;
    },
    async head(sha256) {
      try {
        const answer = await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(sha256) }));
        return { size: answer.ContentLength ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw unavailable(error, where);
      }
    },
    async has(sha256) {
      return (await store.head(sha256)) !== undefined;
    },
    async delete(sha256) {
      await call(() => client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(sha256) })));
    },
    async beginUpload(upload) {
      const answer = await call(() => client.send(new CreateMultipartUploadCommand({ Bucket, Key: keyOf(upload.sha256) })));
      if (!answer.UploadId) throw new StoreUnavailable(`The S3 store ${where} opened an upload without an id.`);
      return answer.UploadId;
    },
    async putPart(upload, n, body, length) {
      const hasher = new HashingStream(length, { hashing: false });
      let bodyError: unknown;
      body.on('error', (error) => {
        bodyError = error;
        hasher.destroy(error);
      });
      hasher.on('error', (error) => (bodyError ??= error));
      try {
        const answer = await client.send(
          new UploadPartCommand({ Bucket, Key: keyOf(upload.sha256), UploadId: upload.storeUploadId, PartNumber: n, ContentLength: length, Body: body.pipe(hasher) }),
        );
        return { etag: answer.ETag ?? '' };
      } catch (error) {
        // The desk's body failing (cut short, too long) is the desk's problem, not the store's.
        if (bodyError !== undefined) throw bodyError;
        throw unavailable(error, where);
      }
    },
    async listParts(upload) {
      const parts: { n: number; size: number; etag: string }[] = [];
      let marker: string | undefined;
      do {
        const page = await call(() =>
          client.send(new ListPartsCommand({ Bucket, Key: keyOf(upload.sha256), UploadId: upload.storeUploadId, ...(marker && { PartNumberMarker: marker }) })),
        );
        for (const part of page.Parts ?? []) parts.push({ n: part.PartNumber ?? 0, size: part.Size ?? 0, etag: part.ETag ?? '' });
        marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
      } while (marker);
      return parts;
    },
    async completeUpload(upload, parts, knownSha256) {
      if (knownSha256 !== undefined && knownSha256 !== upload.sha256) {
        await store.abortUpload(upload);
        return { ok: false, actual: knownSha256, size: upload.size } satisfies PutResult;
      }
      // Another upload of the same bytes finished first: keep its object, drop this upload.
      if ((await store.has(upload.sha256)) && (await sha256OfObject(upload.sha256)) === upload.sha256) {
        await store.abortUpload(upload);
        return { ok: true, size: upload.size } satisfies PutResult;
      }
      await call(() =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: keyOf(upload.sha256),
            UploadId: upload.storeUploadId,
            MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.n, ETag: part.etag })) },
          }),
        ),
      );
      const actual = knownSha256 ?? (await sha256OfObject(upload.sha256));
      if (actual !== upload.sha256) {
        await store.delete(upload.sha256);
        return { ok: false, actual, size: upload.size } satisfies PutResult;
      }
      return { ok: true, size: upload.size } satisfies PutResult;
    },
    async abortUpload(upload) {
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: keyOf(upload.sha256), UploadId: upload.storeUploadId }));
      } catch (error) {
        // Parts left behind cost space, not correctness; a bucket lifecycle rule
        // (AbortIncompleteMultipartUpload) removes them. See docs/case-service.md.
        log.warn('could not abort a multipart upload', { uploadId: upload.id, error: String(error) });
      }
    },
    async stats() {
      let objects = 0;
      let bytes = 0;
      let token: string | undefined;
      do {
        const page = await call(() => client.send(new ListObjectsV2Command({ Bucket, Prefix: `${prefix}objects/`, ...(token && { ContinuationToken: token }) })));
        for (const object of page.Contents ?? []) {
          objects += 1;
          bytes += object.Size ?? 0;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return { objects, bytes };
    },
    async archive(sha256, target) {
      const from = keyOf(sha256);
      const size = (await store.head(sha256))?.size;
      if (size === undefined) throw new Error(`The S3 store ${where} does not hold ${sha256}.`);
      switch (target.kind) {
        case 'storage-class':
          await copy(from, from, size, target.storageClass);
          return `s3://${Bucket}/${from} (${target.storageClass})`;
        case 'prefix': {
          const archivePrefix = target.prefix.endsWith('/') ? target.prefix : `${target.prefix}/`;
          const to = `${archivePrefix}${sha256.slice(0, 2)}/${sha256}`;
          await copy(from, to, size);
          const copied = await call(() => client.send(new HeadObjectCommand({ Bucket, Key: to })));
          if (copied.ContentLength !== size) throw new Error(`The archive copy of ${sha256} has ${copied.ContentLength} bytes, not ${size}; the original is kept.`);
          await store.delete(sha256);
          return `s3://${Bucket}/${to}`;
        }
        case 'folder':
          throw new Error('An S3 store archives to another prefix (--archive-prefix) or storage class (--storage-class), not to a folder.');
      }
    },
  };
  return store;
}
