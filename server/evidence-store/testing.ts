// The test project takes only *.test.ts from server/: the reference brings s3rver's declaration along.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { openFolderStore } from './folder';
import { openS3Store, type S3StoreConfig } from './s3';
import type { EvidenceStore } from './store';

// The evidence stores the service's tests run on: the folder store, and the S3 store against an
// s3rver each test file starts on a free loopback port in a temporary folder. Not used by the
// service itself.

/** s3rver's own credentials (it refuses any other pair). */
const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A store backend for tests: `setUp` once per file, then `open` a fresh, empty store per test. */
export interface TestStoreKind {
  name: 'folder' | 's3';
  setUp(): Promise<void>;
  open(): Promise<EvidenceStore>;
  /** The same backend with an access key it does not know (S3 only; s3rver checks keys, not v4 signatures): a store that refuses the service. */
  refusing?(): EvidenceStore;
  tearDown(): Promise<void>;
}

/** A temporary folder that `tearDown` removes. */
async function tempDir(label: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `dispute-desk-${label}-`));
}

/** The folder backend and the S3 backend on an s3rver of this test file's own. */
export function testStoreKinds(): TestStoreKind[] {
  const folders: string[] = [];
  const folder: TestStoreKind = {
    name: 'folder',
    async setUp() {},
    async open() {
      const dir = await tempDir('evidence');
      folders.push(dir);
      return openFolderStore(dir);
    },
    async tearDown() {
      await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
  let server: S3rver | undefined;
  let serverDir = '';
  let config: S3StoreConfig | undefined;
  const s3: TestStoreKind = {
    name: 's3',
    async setUp() {
      serverDir = await tempDir('s3rver');
      server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: serverDir, configureBuckets: [{ name: 'evidence' }] });
      const address = await server.run();
      config = { bucket: 'evidence', endpoint: `http://127.0.0.1:${address.port}`, forcePathStyle: true, credentials: s3rverCredentials };
    },
    async open() {
      // A prefix of its own per test keeps tests apart in one bucket.
      return openS3Store({ ...config!, prefix: `test-${randomBytes(6).toString('hex')}` });
    },
    refusing() {
      return openS3Store({ ...config!, prefix: 'refused', credentials: { accessKeyId: 'NOT-A-KEY-IT-KNOWS', secretAccessKey: 'S3RVER' } });
    },
    async tearDown() {
      await server?.close();
      await rm(serverDir, { recursive: true, force: true });
    },
  };
  return [folder, s3];
}

/** An S3 store pointed at a loopback port nothing listens on. */
export function unreachableS3Store(): EvidenceStore {
  return openS3Store({ bucket: 'evidence', endpoint: 'http://127.0.0.1:9', forcePathStyle: true, credentials: s3rverCredentials });
}
