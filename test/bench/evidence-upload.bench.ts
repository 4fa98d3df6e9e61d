import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { round, type Bench } from './harness';
import { evidenceBenchBytes, MiB, sha256OfFile, startChildService, uploadFile, writeEvidenceFile } from './evidence-transfer';

const run = promisify(execFile);

/**
 * One large file uploaded through the case service over HTTP, part by part, into its folder store
 * (streamed to disk while hashed, fsynced, whole-file hash checked, renamed into place), against
 * `cp FILE DEST && sync DEST` of the same file on the same disk in the same run. The desk already
 * knows the file's digest from bringing it in, so hashing it beforehand is not timed.
 */
export const evidenceUpload: Bench = {
  name: 'evidence-upload',
  async run(size) {
    const bytes = evidenceBenchBytes(size, 2048);
    const work = await mkdtemp(path.join(tmpdir(), 'desk-bench-upload-'));
    try {
      const file = path.join(work, 'evidence.bin');
      await writeEvidenceFile(file, bytes);
      const sha256 = await sha256OfFile(file);

      const copyStarted = performance.now();
      await run('sh', ['-c', 'cp "$1" "$2" && sync "$2"', 'sh', file, path.join(work, 'copy.bin')]);
      const copyMs = performance.now() - copyStarted;
      await rm(path.join(work, 'copy.bin'));

      const service = await startChildService(path.join(work, 'store'));
      let uploadMs: number;
      try {
        const started = performance.now();
        await uploadFile(service, file, bytes, sha256);
        uploadMs = performance.now() - started;
      } finally {
        await service.stop();
      }
      return {
        bench: 'evidence-upload',
        value: round(bytes / MiB / (uploadMs / 1000)),
        unit: 'MiB/s',
        baseline: round(bytes / MiB / (copyMs / 1000)),
        ratio: round(uploadMs / copyMs),
        target: 2,
        size,
        // One upload and one copy: at full size the upload alone moves 2 GiB through the service, ~50 s.
        samples: 1,
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};
