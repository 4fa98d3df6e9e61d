import type { AuditRecordOf } from '../shared/audit/payloads';
import type { Dispute } from '../shared/domain/model';
import { hashPassword } from './auth';
import { storeBlob, streamOf } from './blobs';
import type { Database } from './db/database';
import type { EvidenceStore } from './evidence-store/store';
import { generateDisputes } from './demo/generate';
import { generateDemoMedia, type DemoMediaItem } from './demo/media';
import { demoUsers } from './demo/users';
import { appendAudit, appendAuditBatch, nextVersion } from './store';

/** How big a demo workspace to make. */
export interface SeedOptions {
  disputes: number;
  seed: number;
  /** Real photos (and videos where ffmpeg exists) stored as blobs; off for benchmark sizes. */
  media: boolean;
  /** Where the media go; needed with `media`. */
  store?: EvidenceStore;
  now: Date;
  /** Told after each step of a first seeding, for a progress line on a terminal. */
  onProgress?: (progress: SeedProgress) => void;
}

/** How far a first seeding has come: evidence files made, then disputes written. */
export type SeedProgress = { step: 'evidence' | 'disputes'; done: number; total: number };

const batchSize = 500;

/** Inserts disputes as they are, each under its own new version, in batches. */
export async function insertDisputes(db: Database, disputes: Dispute[], now: string, onBatch?: (done: number) => void): Promise<void> {
  for (let offset = 0; offset < disputes.length; offset += batchSize) {
    const batch = disputes.slice(offset, offset + batchSize);
    await db.transaction(async (tx) => {
      const first = await nextVersion(tx, batch.length);
      const params: unknown[] = [];
      const rows = batch.map((dispute, index) => {
        const version = first + index;
        const stored: Dispute = { ...dispute, version, evidenceVersion: version, updatedAt: dispute.updatedAt || now };
        params.push(stored.id, version, stored.state, stored.assignee ?? null, JSON.stringify(stored));
        const p = index * 5;
        return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
      });
      await tx.query(`INSERT INTO disputes (id, version, state, assignee, doc) VALUES ${rows.join(', ')}`, params);
    });
    onBatch?.(offset + batch.length);
  }
  // PGlite runs no autovacuum: without fresh statistics the planner reads a large table whole
  // for every page of a pull instead of walking the version index.
  await db.query('ANALYZE disputes');
}

/**
 * The generated disputes' rulings as audit entries, oldest first, so a team lead's views have a
 * history to show in the demo. Each says `demoHistory: true`: it was written when the workspace
 * was made, not when the ruling was (the generated disputes never went through the service).
 */
export function demoHistory(disputes: readonly Dispute[]): ({ at: string; actor: string; disputeId: string } & AuditRecordOf<'ruling.record'>)[] {
  return disputes
    .flatMap((dispute) => (dispute.ruling === undefined ? [] : [{ dispute, ruling: dispute.ruling }]))
    .sort((a, b) => a.ruling.ruledAt.localeCompare(b.ruling.ruledAt))
    .map(({ dispute, ruling }) => ({
      at: ruling.ruledAt,
      actor: ruling.ruledBy,
      action: 'ruling.record' as const,
      disputeId: dispute.id,
      payload: {
        disputeId: dispute.id,
        outcome: ruling.outcome,
        refund: ruling.refund,
        citedEvidenceIds: ruling.citedEvidenceIds,
        rationale: ruling.rationale,
        policyCodes: ruling.policyCodes,
        ...(ruling.rejectionReason === undefined ? {} : { rejectionReason: ruling.rejectionReason }),
        ...(ruling.lateEvidenceOverride === undefined ? {} : { lateEvidenceOverride: ruling.lateEvidenceOverride }),
        demoHistory: true,
      },
    }));
}

/**
 * Makes the demo workspace on first start: the demo team, generated disputes and, with `media`,
 * real evidence files. Does nothing when users exist, so restarts keep what the team did.
 */
export async function seedDemoWorkspace(
  db: Database,
  options: SeedOptions,
): Promise<{ seeded: boolean; videos: boolean; media: DemoMediaItem[] }> {
  const [existing] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM users');
  if (existing!.count > 0) return { seeded: false, videos: false, media: [] };

  for (const user of demoUsers) {
    await db.query('INSERT INTO users (id, username, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)', [
      user.id,
      user.username,
      user.name,
      user.role,
      await hashPassword(user.password),
    ]);
  }

  const onMade = (done: number, total: number) => options.onProgress?.({ step: 'evidence', done, total });
  const store = options.store;
  if (options.media && !store) throw new Error('Seeding media needs an evidence store to write it to.');
  const media = options.media && store ? await generateDemoMedia({ seed: options.seed, photos: 24, videos: 4, onMade }) : { items: [], ffmpeg: false };
  for (const item of media.items) {
    const blob = { sha256: item.sha256, mediaType: item.mediaType, uploader: null, now: options.now.toISOString() };
    if (store) await storeBlob(db, store, blob, streamOf(item.bytes), Number.MAX_SAFE_INTEGER);
  }
  const now = options.now.toISOString();
  const disputes = generateDisputes({
    count: options.disputes,
    seed: options.seed,
    now,
    ...(media.items.length > 0 && {
      evidencePool: media.items.map(({ sha256, kind, mediaType, sizeBytes }) => ({ sha256, kind, mediaType, sizeBytes })),
    }),
  });
  await insertDisputes(db, disputes, now, (done) => options.onProgress?.({ step: 'disputes', done, total: disputes.length }));
  await db.transaction(async (tx) => {
    await appendAuditBatch(tx, demoHistory(disputes));
    await appendAudit(tx, { at: now, actor: 'system', action: 'workspace.seeded', payload: { disputes: disputes.length, evidenceFiles: media.items.length } });
  });
  return { seeded: true, videos: media.ffmpeg, media: media.items };
}
