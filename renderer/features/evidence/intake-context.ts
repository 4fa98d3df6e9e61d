import type { IngestContextInput, IngestOutcomeValue } from '../../../shared/contract/evidence-calls';
import type { Dispute, EvidenceItem, EvidenceKind, EvidenceRequest, Party, Role } from '../../../shared/domain/model';
import { applyMutation } from '../../../shared/sync/apply';

// What the intake derives from the dispute and the user's choices, kept out of the components so
// the rules it relies on are the shared ones and can be tested without rendering.

/** Who the evidence is for: the party it comes from, the request it answers, how it arrived. */
export interface IntakeTarget {
  disputeId: string;
  party: Party;
  request: EvidenceRequest | undefined;
  channel: IngestContextInput['channel'];
}

/**
 * The kind a request asks for, for the "format not requested" check. The seed says a video when a
 * video is asked, so a request naming video among others still wants the video; a request naming
 * one kind wants that kind; otherwise any of its kinds will do and nothing is checked.
 */
export function requestedKindOf(request: EvidenceRequest): EvidenceKind | undefined {
  if (request.kinds.includes('video')) return 'video';
  return request.kinds.length === 1 ? request.kinds[0] : undefined;
}

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

/**
 * Whether the shared rules let `actor` add evidence to `dispute`: asked of the same function the
 * case service runs, so the intake is offered exactly when the change would be accepted (case
 * managers and team leads, on a dispute neither ended nor ruled).
 */
export function mayAddEvidence(dispute: Dispute, actor: { id: string; role: Role } | undefined): boolean {
  if (actor === undefined) return false;
  // An empty id can never match an existing item (ids are non-empty), so only role and state decide.
  const probe = { id: '', party: 'buyer', kind: 'document', channel: 'upload', description: '', submittedAt: dispute.updatedAt } as const;
  const result = applyMutation(dispute, { name: 'evidence.add', args: { disputeId: dispute.id, item: probe } }, dispute.version, {
    actor,
    now: dispute.updatedAt,
  });
  return result.ok;
}
