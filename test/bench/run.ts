// `npm run bench` runs every benchmark; `npm run bench -- NAME` one. BENCH_SIZE=small is for CI:
// it proves each benchmark runs, and its numbers are not for comparing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Bench, BenchSize } from './harness';
import { auditDashboard, auditVerify } from './audit-app.bench';
import { auditVerifyService } from './audit-verify.bench';
import { evidenceDownload } from './evidence-download.bench';
import { evidenceResume } from './evidence-resume.bench';
import { evidenceUpload } from './evidence-upload.bench';
import { evidenceUploadMemory } from './evidence-upload-memory.bench';
import { ingestMemory, ingestThroughput } from './ingest.bench';
import { liveUpdate } from './live-update.bench';
import { mediaRange } from './media-range.bench';
import { nearDuplicateQuery } from './near-duplicate-query.bench';
import { pokeFanout } from './poke-fanout.bench';
import { queue } from './queue.bench';
import { ingestSealed, mediaRangeSealed } from './sealed-evidence.bench';
import { rulingPush } from './ruling-push.bench';
import { servicePull, servicePullPostgres } from './service-pull.bench';
import { servicePush } from './service-push.bench';
import { startup } from './startup.bench';
import { viewerMemory, viewerSeek, viewerStep } from './viewer.bench';

const benches: Bench[] = [startup, servicePull, servicePullPostgres, servicePush, queue, ingestThroughput, ingestMemory, nearDuplicateQuery, mediaRange, rulingPush, auditVerifyService, auditVerify, auditDashboard, viewerSeek, viewerStep, viewerMemory, evidenceUpload, evidenceUploadMemory, evidenceDownload, evidenceResume, pokeFanout, liveUpdate, ingestSealed, mediaRangeSealed];

async function main(): Promise<void> {
  const size: BenchSize = process.env.BENCH_SIZE === 'small' ? 'small' : 'full';
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !benches.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`No benchmark named ${unknown.join(', ')}. There are: ${benches.map((b) => b.name).join(', ')}.\n`);
    process.exit(2);
  }
  if (!existsSync(path.resolve(import.meta.dirname, '..', '..', 'out', 'main', 'browser-host.js'))) {
    process.stderr.write('The app is not built: run `npm run build` first.\n');
    process.exit(2);
  }
  for (const bench of benches.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
    for (const result of [await bench.run(size)].flat()) process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

void main();
