import type { EvidenceDescription, IngestContextInput, IngestOutcomeValue } from '../../../shared/contract/evidence-calls';
import type { Dispute, EvidenceItem, EvidenceRequest, Party, Role } from '../../../shared/domain/model';
import { requestedKindOf } from '../../../shared/domain/evidence-checks';
import { addEvidenceRefusal } from '../../data/permissions';

// What the intake derives from the dispute and the user's choices, kept out of the components so
// the rules it relies on are the shared ones and can be tested without rendering.

/** Who the evidence is for: the party it comes from, the request it answers, how it arrived. */
export interface IntakeTarget {
  disputeId: string;
  party: Party;
  request: EvidenceRequest | undefined;
  channel: IngestContextInput['channel'];
}

// The desk's intake and the case service's own checks ask the same rule (decision 0021).
export { requestedKindOf };

/** The ingest context the host checks the files against. */
export function ingestContextOf(target: IntakeTarget): IngestContextInput {
  const requested = target.request === undefined ? undefined : requestedKindOf(target.request);
  return {
    disputeId: target.disputeId,
    party: target.party,
    channel: target.channel,
    ...(requested === undefined ? {} : { requested }),
    ...(target.request === undefined ? {} : { dueAt: target.request.dueAt }),
  };
}

/** The evidence requests a party can answer here, in the order they were made. */
export function requestsOf(dispute: Dispute, party: Party): EvidenceRequest[] {
  return dispute.evidenceRequests.filter((request) => request.party === party).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/**
 * The evidence item a stored file becomes. `url` is the external link it was fetched from, if
 * any; `id` and `submittedAt` are given so the caller decides when "now" is.
 */
export function evidenceItemOf(
  outcome: Extract<IngestOutcomeValue, { ok: true }>,
  target: IntakeTarget,
  made: { id: string; submittedAt: string; url?: string },
): EvidenceItem {
  return {
    id: made.id,
    party: target.party,
    ...(target.request === undefined ? {} : { requestId: target.request.id }),
    kind: outcome.kind ?? 'document',
    channel: target.channel,
    sha256: outcome.sha256,
    ...(outcome.mediaType === null ? {} : { mediaType: outcome.mediaType }),
    sizeBytes: outcome.sizeBytes,
    fileName: outcome.fileName,
    ...(made.url === undefined ? {} : { url: made.url }),
    description: outcome.fileName,
    submittedAt: made.submittedAt,
    flags: outcome.flags,
  };
}

/** One recorded submission of a stored object: what the host keeps per case and party. */
type Submission = EvidenceDescription['submissions'][number];

/**
 * What names a piece of evidence within a case: its bytes and the party they came from. The host
 * keeps one submission per case, party and digest, so a second one would be the same evidence.
 */
export function evidenceKeyOf(sha256: string, party: Party): string {
  return `${sha256}:${party}`;
}

/** Whether `dispute` already holds evidence with these bytes from this party. */
export function hasEvidence(dispute: Pick<Dispute, 'evidence'>, sha256: string, party: Party): boolean {
  return dispute.evidence.some((item) => item.sha256 === sha256 && item.party === party);
}

/**
 * The evidence item a submission the host recorded becomes, as for a finished job, except that
 * the host's own time and flags are kept. The request it answered is not recorded by the host,
 * so the item names none; a `late` flag still says it came after the due date.
 */
export function evidenceItemOfSubmission(description: EvidenceDescription, submission: Submission, id: string): EvidenceItem {
  return {
    id,
    party: submission.party,
    kind: description.kind ?? 'document',
    channel: submission.channel,
    sha256: description.sha256,
    ...(description.mediaType === null ? {} : { mediaType: description.mediaType }),
    sizeBytes: description.sizeBytes,
    fileName: submission.fileName,
    ...(submission.url === null ? {} : { url: submission.url }),
    description: submission.fileName,
    submittedAt: submission.submittedAt,
    flags: submission.flags,
  };
}

/** A file stored for the case that is not among its evidence. */
export interface UnfiledSubmission {
  key: string;
  description: EvidenceDescription;
  submission: Submission;
}

/**
 * The submissions to `dispute` the host stored that are neither in the dispute's evidence nor
 * among `claimed` (those this intake already handed on, which the dispute may not show yet),
 * oldest first.
 */
export function unfiledSubmissions(
  stored: readonly EvidenceDescription[],
  dispute: Pick<Dispute, 'id' | 'evidence'>,
  claimed: ReadonlySet<string>,
): UnfiledSubmission[] {
  return stored
    .flatMap((description) =>
      description.submissions
        .filter((submission) => submission.disputeId === dispute.id)
        .map((submission) => ({ key: evidenceKeyOf(description.sha256, submission.party), description, submission })),
    )
    .filter(({ key, description, submission }) => !claimed.has(key) && !hasEvidence(dispute, description.sha256, submission.party))
    .sort((a, b) => Date.parse(a.submission.submittedAt) - Date.parse(b.submission.submittedAt));
}

/** Whether the shared rules let `actor` add evidence to `dispute` (see `addEvidenceRefusal`). */
export function mayAddEvidence(dispute: Dispute, actor: { id: string; role: Role } | undefined): boolean {
  return actor !== undefined && addEvidenceRefusal(dispute, actor) === undefined;
}
