import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { round, type Bench } from './harness';
import { MiB, sha256OfFile, startChildService, uploadFile, writeEvidenceFile } from './evidence-transfer';

/**
 * The case service's resident memory growth while four large uploads run at once, each part
 * streamed to its folder store: the service runs in a child process so the RSS is its own,
 * sampled every 50 ms against its RSS when idle just before.
 */
export const evidenceUploadMemory: Bench = {
  name: 'evidence-upload-memory',
  async run(size) {
    const bytes = size === 'small' ? 64 * MiB : 1024 * MiB;
    const uploads = 4;
    const work = await mkdtemp(path.join(tmpdir(), 'desk-bench-upload-memory-'));
    try {
      const files = Array.from({ length: uploads }, (_, index) => path.join(work, `evidence-${index}.bin`));
      const digests: string[] = [];
      for (const file of files) {
        await writeEvidenceFile(file, bytes);
        digests.push(await sha256OfFile(file));
      }
      const service = await startChildService(path.join(work, 'store'));
      try {
        const idle = await service.rss();
        let peak = idle;
        const sampler = setInterval(() => {
          void service.rss().then((rss) => {
            peak = Math.max(peak, rss);
          });
        }, 50);
        try {
          await Promise.all(files.map((file, index) => uploadFile(service, file, bytes, digests[index]!)));
        } finally {
          clearInterval(sampler);
        }
        peak = Math.max(peak, await service.rss());
        return {
          bench: 'evidence-upload-memory',
          value: round((peak - idle) / 1e6),
          unit: 'MB RSS growth',
          baseline: round(idle / 1e6),
          ratio: round(peak / idle),
          target: 100,
          size,
          // One round: at full size it writes four 1 GiB files and sends all four through the service.
          samples: 1,
        };
      } finally {
        await service.stop();
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};
