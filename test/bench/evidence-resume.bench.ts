import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uploadBlob } from '../../electron/services/evidence/blob-upload';
import { EvidenceService } from '../../electron/services/evidence/evidence-service';
import { seededFraction } from '../support/random';
import { startEvidenceBenchService, storeRandomEvidence } from './evidence-download.bench';
import { round, type Bench } from './harness';

const MiB = 1024 * 1024;
const cuts = 10;

/**
 * A 1 GiB upload (64 MiB small, in 1 MiB parts so ten cuts still fall in ten places) cut at ten
 * seeded random points and resumed after each: a cut aborts the request in flight, half of them
 * after the service kept the part (the answer is lost), half before. Each resume starts from a
 * repeated `POST /uploads` alone, as a desk that was closed would. Prints the bytes sent in all
 * against the file's size; the aim is at most 1.1 times.
 */
export const evidenceResume: Bench = {
  name: 'evidence-resume',
  async run(size) {
    const bytes = size === 'small' ? 64 * MiB : 1024 * MiB;
    const partBytes = size === 'small' ? MiB : undefined;
    const work = await mkdtemp(path.join(tmpdir(), 'desk-bench-resume-'));
    const service = await startEvidenceBenchService(path.join(work, 'service-store'), partBytes);
    try {
      const desk = await EvidenceService.open(path.join(work, 'desk'));
      const sha256 = await storeRandomEvidence(desk, work, bytes);
      const random = seededFraction(20_261_202);
      const points = Array.from({ length: cuts }, () => Math.floor(random() * bytes)).sort((a, b) => a - b);
      let onWire = 0;
      let total = 0;
      let cut = 0;
      for (let attempt = 0; attempt <= cuts + 1; attempt += 1) {
        const at = points[cut];
        const cutting: typeof fetch = async (input, init) => {
          if (init?.method !== 'PUT' || at === undefined) return fetch(input, init);
          const length = (init.body as Uint8Array).byteLength;
          if (onWire + length <= at) {
            onWire += length;
            return fetch(input, init);
          }
          onWire += length;
          cut += 1;
          if (cut % 2 === 0) await (await fetch(input, init)).arrayBuffer();
          throw new TypeError('the desk was stopped mid-part');
        };
        const result = await uploadBlob(desk.store, { serviceUrl: service.url, token: service.token, fetch: cutting }, sha256, 'application/octet-stream');
        total += result.sentBytes;
        if (result.status === 'stored') break;
        if (result.status !== 'unreachable') throw new Error(result.message);
      }
      desk.close();
      // One run: the cuts are seeded and the parts sent one at a time, so another would send the same bytes.
      return { bench: 'evidence-resume', value: round(total / MiB), unit: 'MiB sent', baseline: round(bytes / MiB), ratio: round(total / bytes), target: 1.1, size, samples: 1 };
    } finally {
      await service.stop();
      await rm(work, { recursive: true, force: true });
    }
  },
};
