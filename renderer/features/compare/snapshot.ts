import type { DeskApi } from '../../../shared/contract/calls';
import type { IngestContextInput, IngestOutcomeValue } from '../../../shared/contract/evidence-calls';
import type { EvidenceItem, Party } from '../../../shared/domain/model';

// A snapshot goes through the same ingestion pipeline as any upload (stored, hashed, checked), then
// joins the case as a photo that says which video and which second it came from.

/** The file name of a snapshot: which object (first 8 hex digits) and which second. */
export function snapshotFileName(sha256: string, seconds: number): string {
  return `snapshot-${sha256.slice(0, 8)}-${(Math.round(seconds * 1000) / 1000).toFixed(3)}s.png`;
}

/** The source of a snapshot: a video pane's evidence at one moment. */
export interface SnapshotSource {
  disputeId: string;
  party: Party;
  sha256: string;
  atSeconds: number;
}

/** The context the snapshot file is brought in with: the source's case and party, as an upload. */
export function snapshotContext(source: SnapshotSource): IngestContextInput {
  return { disputeId: source.disputeId, party: source.party, channel: 'upload' };
}

/** The evidence item a stored snapshot becomes. */
export function snapshotItem(
  outcome: Extract<IngestOutcomeValue, { ok: true }>,
  source: SnapshotSource,
  made: { id: string; submittedAt: string; description: string },
): EvidenceItem {
  return {
    id: made.id,
    party: source.party,
    kind: 'photo',
    channel: 'upload',
    sha256: outcome.sha256,
    ...(outcome.mediaType === null ? {} : { mediaType: outcome.mediaType }),
    sizeBytes: outcome.sizeBytes,
    fileName: outcome.fileName,
    description: made.description,
    submittedAt: made.submittedAt,
    flags: outcome.flags,
    derivedFrom: { sha256: source.sha256, atSeconds: Math.max(0, Math.round(source.atSeconds * 1000) / 1000) },
  };
}

/** How often the snapshot's ingestion job is asked how it is doing. */
const pollEveryMs = 200;

/**
 * What storing a snapshot gave: the stored file, or the host's sentence saying why not (null when
 * the host has none: the job was lost or ended without the file).
 */
export type StoredSnapshot = { ok: true; outcome: Extract<IngestOutcomeValue, { ok: true }> } | { ok: false; hostMessage: string | null };

/**
 * Brings the snapshot file into the store for the source's case and waits for its job to finish.
 * `wait` is the pause between polls (a test passes one that returns at once).
 */
export async function storeSnapshot(
  desk: Pick<DeskApi, 'invoke' | 'ingestFiles'>,
  source: SnapshotSource,
  file: File,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<StoredSnapshot> {
  const started = await desk.ingestFiles(snapshotContext(source), [file]);
  if (!started.ok) return { ok: false, hostMessage: started.error.message };
  for (;;) {
    const answer = await desk.invoke('evidence.job', { jobId: started.value.jobId });
    if (!answer.ok) return { ok: false, hostMessage: answer.error.message };
    if (answer.value === null) return { ok: false, hostMessage: null };
    const outcome = answer.value.files[0]?.outcome;
    if (outcome?.ok === true) return { ok: true, outcome };
    if (outcome?.ok === false) return { ok: false, hostMessage: outcome.error.message };
    if (answer.value.finished) return { ok: false, hostMessage: null };
    await wait(pollEveryMs);
  }
}
