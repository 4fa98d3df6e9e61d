// `npm run server -- archive --closed-for-days N`: moves the evidence of disputes closed more than
// N days ago out of the working store (decision 0020). Never a file an open dispute cites.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPglite, openPostgres, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import { archiveEvidence } from '../evidence-store/archive';
import { evidenceStoreConfig, evidenceStoreOptions, evidenceStoreUsage, openEvidenceStore } from '../evidence-store/config';
import type { ArchiveTarget } from '../evidence-store/store';

const usage = `Usage: npm run server -- archive --closed-for-days N [--archive-dir D | --archive-prefix P | --storage-class C]
  --closed-for-days N   archive the evidence of disputes closed more than N days ago
  --archive-dir D       folder store: move the files into folder D (default <data-dir>/evidence-archive)
  --archive-prefix P    S3 store: move the objects under prefix P of the same bucket (default <s3-prefix>archive/)
  --storage-class C     S3 store: keep the objects in place in storage class C (such as GLACIER_IR)
  --data-dir DIR / --database-url URL   the service's database, as for the service (PGlite: stop the service first)
${evidenceStoreUsage}`;

function target(values: { 'archive-dir'?: string; 'archive-prefix'?: string; 'storage-class'?: string }, kind: 'folder' | 's3', dataDir: string, s3Prefix: string | undefined): ArchiveTarget | string {
  const chosen = [values['archive-dir'], values['archive-prefix'], values['storage-class']].filter((value) => value !== undefined);
  if (chosen.length > 1) return 'Choose one of --archive-dir, --archive-prefix and --storage-class.';
  if (kind === 'folder') {
    if (values['archive-prefix'] !== undefined || values['storage-class'] !== undefined) return 'The evidence is in a folder: archive it with --archive-dir.';
    return { kind: 'folder', dir: path.resolve(values['archive-dir'] ?? path.join(dataDir, 'evidence-archive')) };
  }
  if (values['archive-dir'] !== undefined) return 'The evidence is in S3: archive it with --archive-prefix or --storage-class.';
  if (values['storage-class'] !== undefined) {
    if (!/^[A-Z_]{2,40}$/.test(values['storage-class'])) return `--storage-class takes an S3 storage class such as GLACIER_IR or DEEP_ARCHIVE, not "${values['storage-class'].slice(0, 40)}".`;
    return { kind: 'storage-class', storageClass: values['storage-class'] };
  }
  const base = s3Prefix ? (s3Prefix.endsWith('/') ? s3Prefix : `${s3Prefix}/`) : '';
  return { kind: 'prefix', prefix: values['archive-prefix'] ?? `${base}archive/` };
}

/** Runs `archive …` with the arguments after `archive`, printing what it moved and exiting with its code. */
export async function runArchiveCommand(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'closed-for-days': { type: 'string' },
        'archive-dir': { type: 'string' },
        'archive-prefix': { type: 'string' },
        'storage-class': { type: 'string' },
        'data-dir': { type: 'string', default: path.join('.desk-data', 'case-service') },
        'database-url': { type: 'string' },
        help: { type: 'boolean' },
        ...evidenceStoreOptions,
      },
    });
  } catch (error) {
    return finish(2, `${(error as Error).message}\n${usage}`);
  }
  const { values } = parsed;
  if (values.help) return finish(0, usage);
  const days = Number(values['closed-for-days']);
  if (values['closed-for-days'] === undefined || !/^[0-9]{1,6}$/.test(values['closed-for-days']) || !Number.isSafeInteger(days)) {
    return finish(2, `--closed-for-days takes a whole number of days.\n${usage}`);
  }
  const dataDir = values['data-dir'];
  const storeConfig = evidenceStoreConfig(values, dataDir, process.env);
  if (!storeConfig.ok) return finish(2, storeConfig.message);
  const chosen = target(values, storeConfig.config.kind, dataDir, storeConfig.config.kind === 's3' ? storeConfig.config.prefix : undefined);
  if (typeof chosen === 'string') return finish(2, chosen);
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  let db: Database;
  try {
    db = url ? await openPostgres(url) : await openPglite(path.resolve(dataDir));
  } catch (error) {
    return finish(1, `Cannot open the service's database: ${(error as Error).message}`);
  }
  try {
    await migrate(db);
    const result = await archiveEvidence(db, openEvidenceStore(storeConfig.config), { closedForDays: days, target: chosen, now: new Date() });
    const lines = [`Archived ${result.archived.length} evidence file${result.archived.length === 1 ? '' : 's'} of disputes closed more than ${days} days ago.`];
    for (const failure of result.failed) lines.push(`Not archived ${failure.sha256}: ${failure.reason}`);
    finish(result.failed.length > 0 ? 1 : 0, lines.join('\n'));
  } finally {
    await db.close();
  }
}

function finish(code: 0 | 1 | 2, out: string): void {
  (code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
  process.exitCode = code;
}
