// Run by ingest.bench.ts in a fresh process, so its peak memory is this ingestion's alone:
// `ingest STORE FILE` ingests through the evidence service, `copy DEST FILE` is the baseline
// (a streaming copy with fsync). Prints the process's peak resident set in bytes.
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { EvidenceService } from '../../electron/services/evidence/evidence-service';

async function main(): Promise<void> {
  const [mode, target, file] = process.argv.slice(2);
  if (!target || !file) throw new Error('usage: ingest-memory-child ingest|copy TARGET FILE');
  if (mode === 'ingest') {
    const service = await EvidenceService.open(target);
    const outcome = await service.ingestPath(file, { disputeId: 'BENCH', party: 'buyer', channel: 'external_link' });
    service.close();
    if (!outcome.ok) throw new Error(`ingestion failed: ${outcome.error.message}`);
  } else {
    await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), createWriteStream(target, { flush: true }));
  }
  process.stdout.write(`${process.resourceUsage().maxRSS * 1024}\n`);
}

void main();
