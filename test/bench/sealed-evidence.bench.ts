import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StoreSealing } from '../../electron/services/evidence/object-reader';
import { ObjectStore } from '../../electron/services/evidence/object-store';
import { createMediaHandler } from '../../electron/services/evidence/media-handler';
import { median, round, spreadOf, type Bench } from './harness';
import { MiB, writeEvidenceFile } from './evidence-transfer';
import { measureSeeks, seekLine, timed } from './media-range.bench';

// What sealing evidence at rest costs (issue 22, decision 0036), measured on the store and the
// media handler themselves: the app does not seal its store yet, so `ingest-throughput` and
// `media-range` still measure plain files.

const run = promisify(execFile);

function sealingKeys(): StoreSealing {
  return { evidence: { keyId: randomBytes(16), key: randomBytes(32) }, objectNames: randomBytes(32) };
}

async function putFileInto(store: ObjectStore, file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await store.putFile(handle);
  } finally {
    await handle.close();
  }
}

/**
 * Storing one 1 GiB file (small: 64 MiB) in a sealing store (hash, seal in 64 KiB AES-256-GCM
 * chunks, write, fsync, rename) against `cp FILE DEST && sync DEST`, alternated, median of 3, as
 * `ingest-throughput` measures the plain store. The line adds the plain store's own MiB/s from
 * the same rounds, so the cost of sealing alone reads as `sealedOverPlain`.
 */
export const ingestSealed: Bench = {
  name: 'ingest-sealed',
  async run(size) {
    const bytes = size === 'small' ? 64 * MiB : 1024 * MiB;
    const rounds = 3;
    const work = await mkdtemp(path.join(tmpdir(), 'desk-bench-sealed-'));
    try {
      const file = path.join(work, 'evidence.bin');
      await writeEvidenceFile(file, bytes);
      const sealed: number[] = [];
      const plain: number[] = [];
      const copies: number[] = [];
      for (let turn = 0; turn < rounds; turn += 1) {
        const dest = path.join(work, `copy-${turn}.bin`);
        copies.push((await timed(() => run('sh', ['-c', 'cp "$1" "$2" && sync "$2"', 'sh', file, dest]))).ms);
        await rm(dest);
        for (const [times, sealing] of [[sealed, sealingKeys()], [plain, undefined]] as const) {
          const root = path.join(work, `store-${turn}`);
          const store = await ObjectStore.open(root, { sealing });
          times.push((await timed(() => putFileInto(store, file))).ms);
          store.close();
          await rm(root, { recursive: true });
        }
      }
      const mibPerSecond = (ms: number) => bytes / MiB / (ms / 1000);
      return {
        bench: 'ingest-sealed',
        value: round(mibPerSecond(median(sealed))),
        unit: 'MiB/s',
        baseline: round(mibPerSecond(median(copies))),
        ratio: round(median(sealed) / median(copies)),
        target: 1.2,
        size,
        samples: rounds,
        spread: { value: spreadOf(sealed.map(mibPerSecond)), baseline: spreadOf(copies.map(mibPerSecond)) },
        plainStoreMiBps: round(mibPerSecond(median(plain))),
        sealedOverPlain: round(median(sealed) / median(plain)),
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

/**
 * Seeking in a sealed 2 GiB video (small: 64 MiB): time to the first bytes of 500 random Range
 * reads (64 KiB to 1 MiB) through the media handler, which decrypts only the chunks they touch,
 * against reading 64 KiB of the same file at the same offsets directly; p95 ms, as `media-range`.
 */
export const mediaRangeSealed: Bench = {
  name: 'media-range-sealed',
  async run(size) {
    const objectSize = size === 'small' ? 64 * MiB : 2 * 1024 * MiB;
    const work = await mkdtemp(path.join(tmpdir(), 'desk-bench-sealed-range-'));
    try {
      const source = path.join(work, 'video.bin');
      await writeEvidenceFile(source, objectSize);
      const sealing = sealingKeys();
      const store = await ObjectStore.open(path.join(work, 'store'), { sealing });
      const handle = await open(source, 'r');
      const { sha256 } = await store.putFile(handle).finally(() => handle.close());
      await rm(source);
      const file = store.objectPath(sha256);
      const handler = createMediaHandler({ storeRoot: store.root, mediaTypeOf: () => 'video/mp4', sealing });
      const url = `evidence://media/${sha256}`;
      // The sealed file's bytes are not the content's: only the timings are compared.
      const seeks = await measureSeeks(handler, url, file, objectSize, false);
      store.close();
      return seekLine('media-range-sealed', size, seeks);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};
