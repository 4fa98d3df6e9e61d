import path from 'node:path';
import { openFolderStore } from './folder';
import { openS3Store, type S3StoreConfig } from './s3';
import type { EvidenceStore } from './store';

/** Which evidence store to open: a folder, or an S3 bucket. */
export type EvidenceStoreConfig = { kind: 'folder'; dir: string } | ({ kind: 's3' } & S3StoreConfig);

/** The command-line options that choose the store, for `parseArgs` (the service and its commands share them). */
export const evidenceStoreOptions = {
  'evidence-dir': { type: 'string' },
  's3-bucket': { type: 'string' },
  's3-prefix': { type: 'string' },
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
  's3-force-path-style': { type: 'boolean' },
} as const;

/** The usage lines for {@link evidenceStoreOptions}. */
export const evidenceStoreUsage = `  --evidence-dir DIR  the evidence folder (default <data-dir>/evidence) when no S3 bucket is given
  --s3-bucket NAME    keep evidence in this S3 bucket instead (also EVIDENCE_S3_BUCKET)
  --s3-prefix P       key prefix inside the bucket (also EVIDENCE_S3_PREFIX)
  --s3-endpoint URL   an S3-compatible endpoint: MinIO, Ceph RGW, R2 … (also EVIDENCE_S3_ENDPOINT)
  --s3-region R       the bucket's region (also EVIDENCE_S3_REGION; default us-east-1)
  --s3-force-path-style  path-style addressing, for most self-hosted stores (also EVIDENCE_S3_FORCE_PATH_STYLE=true)
                      S3 credentials come from the AWS SDK's standard chain (AWS_ACCESS_KEY_ID …, a profile, a role).`;

/** The store that command-line values and the environment name, or a message saying what is wrong. */
export function evidenceStoreConfig(
  values: { [K in keyof typeof evidenceStoreOptions]?: string | boolean | undefined },
  dataDir: string,
  env: NodeJS.ProcessEnv,
): { ok: true; config: EvidenceStoreConfig } | { ok: false; message: string } {
  const text = (value: string | boolean | undefined) => (typeof value === 'string' && value !== '' ? value : undefined);
  const bucket = text(values['s3-bucket']) ?? text(env.EVIDENCE_S3_BUCKET);
  if (!bucket) {
    if (text(values['s3-prefix']) || text(values['s3-endpoint']) || text(values['s3-region'])) {
      return { ok: false, message: 'The S3 options need a bucket: add --s3-bucket NAME (or EVIDENCE_S3_BUCKET).' };
    }
    return { ok: true, config: { kind: 'folder', dir: path.resolve(text(values['evidence-dir']) ?? path.join(dataDir, 'evidence')) } };
  }
  if (text(values['evidence-dir'])) return { ok: false, message: 'Choose one evidence store: --evidence-dir or --s3-bucket, not both.' };
  const endpoint = text(values['s3-endpoint']) ?? text(env.EVIDENCE_S3_ENDPOINT);
  if (endpoint !== undefined && !URL.canParse(endpoint)) return { ok: false, message: `--s3-endpoint must be a URL such as http://minio.internal:9000, not "${endpoint}".` };
  const pathStyle = values['s3-force-path-style'] === true || /^(1|true|yes)$/i.test(env.EVIDENCE_S3_FORCE_PATH_STYLE ?? '');
  const prefix = text(values['s3-prefix']) ?? text(env.EVIDENCE_S3_PREFIX);
  const region = text(values['s3-region']) ?? text(env.EVIDENCE_S3_REGION);
  return {
    ok: true,
    config: { kind: 's3', bucket, forcePathStyle: pathStyle, ...(prefix && { prefix }), ...(endpoint && { endpoint }), ...(region && { region }) },
  };
}

/** Opens the store a configuration names. */
export function openEvidenceStore(config: EvidenceStoreConfig): EvidenceStore {
  switch (config.kind) {
    case 'folder':
      return openFolderStore(config.dir);
    case 's3':
      return openS3Store(config);
  }
}
