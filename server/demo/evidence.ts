import type { DisputeReason, EvidenceItem, EvidenceKind, EvidenceRequest, Party as Side } from '../../shared/domain/model';
import { DAY, HOUR, iso, MINUTE, stamp, type DisputeDraft, type PendingEvidence } from './draft';
import { say } from './negotiation';
import { phrases } from './phrases';
import type { Random } from './random';

/** A stored evidence file the generator may point evidence items at, by digest. */
export interface EvidencePoolEntry {
  sha256: string;
  kind: EvidenceKind;
  mediaType: string;
  sizeBytes: number;
}

/** The caller's evidence files by kind, or undefined when the generator makes up digests. */
export type EvidencePool = Readonly<Record<EvidenceKind, readonly EvidencePoolEntry[]>> | undefined;

/** Sorts the caller's files by kind once, so each evidence item picks in constant time. */
export function indexPool(entries: readonly EvidencePoolEntry[] | undefined): EvidencePool {
  if (entries === undefined) return undefined;
  const pool: Record<EvidenceKind, EvidencePoolEntry[]> = { photo: [], video: [], document: [] };
  for (const entry of entries) pool[entry.kind].push(entry);
  return pool;
}

const MB = 1024 * 1024;

/** Who is asked first for what, by reason: the party who can prove the point, in the format that proves it. */
const requestPlans: Record<DisputeReason, readonly (readonly [Side, readonly EvidenceKind[]])[]> = {
  not_received: [['seller', ['document']], ['buyer', ['document']]],
  late_delivery: [['seller', ['document']], ['buyer', ['document', 'photo']]],
  not_as_described: [['buyer', ['photo', 'video']], ['seller', ['photo']]],
  quantity_short: [['buyer', ['video']], ['seller', ['video', 'photo']]],
  other: [['buyer', ['video']], ['seller', ['document']]],
};

/** What the team writes when it asks, following the seed's evidence tips. */
const requestNotes: Record<Side, Record<EvidenceKind, string>> = {
  buyer: {
    video: 'Please send a clear video showing every piece you received and the problem. Video is often the most effective format.',
    photo: 'Please send clear photos of the item, its label and the problem you describe.',
    document: 'Please send a screenshot of the tracking page or a statement from your post office.',
  },
  seller: {
    video: 'Please send a video of the order being packed, showing every piece.',
    photo: 'Please send photos of the item as it was packed before shipping.',
    document: 'Please send the shipping receipt and the tracking details showing delivery.',
  },
};

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'application/pdf': 'pdf',
};

/**
 * A made-up file for when the caller gave no pool: a well-formed digest with no bytes behind it.
 * Sizes straddle the seed's 2 MB upload limit whichever way a megabyte is counted (under 2,000,000
 * or over 2,097,152 bytes), and linked files can be very large.
 */
function inventedFile(r: Random, kind: EvidenceKind, linked: boolean): Omit<EvidencePoolEntry, 'kind'> {
  const sha256 = r.hex(64);
  const oversized = linked || r.chance(kind === 'document' ? 0.02 : 0.12);
  switch (kind) {
    case 'photo':
      return { sha256, mediaType: r.chance(0.85) ? 'image/jpeg' : 'image/png', sizeBytes: oversized ? r.int(2_200_000, 9 * MB) : r.int(120_000, 1_990_000) };
    case 'video':
      return { sha256, mediaType: r.chance(0.8) ? 'video/mp4' : 'video/quicktime', sizeBytes: oversized ? r.int(2_300_000, 3500 * MB) : r.int(500_000, 1_950_000) };
    case 'document':
      return { sha256, mediaType: r.chance(0.8) ? 'application/pdf' : 'image/png', sizeBytes: oversized ? r.int(2_200_000, 8 * MB) : r.int(40_000, 1_250_000) };
  }
}

/**
 * One piece of evidence. Uploads point at a pool file (or an invented one); external links, which
 * the seed allows for oversized files, are fetched half of the time. When the caller's pool has
 * no file of a kind, that kind arrives only as a link not yet fetched, so no digest dangles.
 */
function evidenceItem(d: DisputeDraft, pool: EvidencePool, party: Side, kind: EvidenceKind, at: number, requestId?: string): EvidenceItem {
  const { r } = d;
  const writer = party === 'buyer' ? d.buyer : d.seller;
  const entries = pool?.[kind];
  const linked = entries?.length === 0 || r.chance(kind === 'video' ? 0.3 : 0.06);
  const fetched = entries?.length !== 0 && (!linked || r.chance(0.5));
  const file = !fetched ? undefined : entries ? r.pick(entries) : inventedFile(r, kind, linked);
  const mediaType = file?.mediaType ?? (kind === 'video' ? 'video/mp4' : kind === 'photo' ? 'image/jpeg' : 'application/pdf');
  const prefix = kind === 'photo' ? 'IMG' : kind === 'video' ? 'VID' : party === 'seller' ? 'shipping_receipt' : 'tracking';
  // Built field by field rather than by spreading optional parts: this runs for every item of a 100,000-dispute workspace.
  const item: EvidenceItem = { id: '', party, kind, channel: linked ? 'external_link' : 'upload', description: phrases[writer.culture].evidence[party][kind], submittedAt: stamp(d, at) };
  if (requestId !== undefined) item.requestId = requestId;
  if (file) {
    item.sha256 = file.sha256;
    item.mediaType = file.mediaType;
    item.sizeBytes = file.sizeBytes;
  }
  item.fileName = `${prefix}_${r.int(1000, 9999)}.${extensions[mediaType] ?? 'bin'}`;
  if (linked) item.url = `https://www.mediafire.com/file/${r.hex(15)}/${item.fileName}/file`;
  return item;
}

/** How many evidence requests the team made in this state: none yet when escalated, at least one while awaiting. */
function requestCount(r: Random, state: DisputeDraft['state']): number {
  switch (state) {
    case 'negotiating':
    case 'escalated':
      return 0;
    case 'awaiting_evidence':
      return r.weighted([[1, 60], [2, 40]] as const);
    case 'under_review':
    case 'ruled':
    case 'closed':
      return r.weighted([[0, 10], [1, 55], [2, 35]] as const);
    default:
      return r.weighted([[0, 50], [1, 50]] as const);
  }
}

/** When request `k` was made and falls due: soon after escalation, the second with the first. */
function requestWindow(d: DisputeDraft, k: number, escalatedAt: number): { requestedAt: number; dueAt: number } {
  const { r, timeline } = d;
  if (k === 0 && timeline.firstRequest) return timeline.firstRequest;
  const after = k === 0 ? escalatedAt + r.between(HOUR, DAY) : d.requests[0]!.requestedMs + r.between(0, 12 * HOUR);
  const requestedAt = Math.min(after, timeline.phaseEnd);
  return { requestedAt, dueAt: requestedAt + r.between(3 * DAY, 7 * DAY) };
}

/**
 * Evidence requests and what came in, from the claim to the end of the evidence phase. A dispute
 * awaiting evidence keeps at least one request unanswered: once all are answered it would be under
 * review. Some answers come after their due date; the rules flag them as late, they do not refuse them.
 */
export function gatherEvidence(d: DisputeDraft, pool: EvidencePool): void {
  const { r, timeline, state, reason } = d;
  const pending: PendingEvidence[] = [];
  const add = (party: Side, kind: EvidenceKind, at: number, late: boolean, requestId?: string) =>
    pending.push({ at, late, item: evidenceItem(d, pool, party, kind, at, requestId) });
  const negotiationEnd = timeline.escalatedAt ?? timeline.phaseEnd;
  const aboutItem = reason !== 'not_received' && reason !== 'late_delivery';

  // Photos attached to the claim, and a seller's proof offered before anyone asked.
  if (r.chance(aboutItem ? 0.5 : 0.15)) {
    const at = timeline.openedAt + r.between(MINUTE, HOUR);
    for (let n = r.int(1, 2); n > 0; n--) add('buyer', 'photo', Math.min(at + n * MINUTE, negotiationEnd), false);
  }
  if (r.chance(0.25)) add('seller', aboutItem ? 'photo' : 'document', r.between(timeline.openedAt, negotiationEnd), false);

  const count = timeline.escalatedAt === undefined ? 0 : requestCount(r, state);
  const unanswered = state === 'awaiting_evidence' ? r.int(0, count - 1) : -1;
  const end = timeline.phaseEnd;
  for (let k = 0; k < count; k++) {
    const [party, kinds] = requestPlans[reason][k]!;
    const { requestedAt, dueAt } = requestWindow(d, k, timeline.escalatedAt!);
    const request: EvidenceRequest = {
      id: `R-${d.number}-${k + 1}`,
      party,
      kinds: [...kinds],
      note: requestNotes[party][kinds[0]!],
      requestedAt: stamp(d, requestedAt),
      dueAt: iso(dueAt),
    };
    d.requests.push({ request, requestedMs: requestedAt, dueMs: dueAt });
    say(d, 'platform', `The Case Management Team asked the ${party} for ${kinds.join(' or ')} evidence, due ${dueWords(request.dueAt)}.`, requestedAt);

    if (k === unanswered || !r.chance(state === 'awaiting_evidence' ? 0.6 : 0.85)) continue;
    for (let n = r.weighted([[1, 60], [2, 30], [3, 10]] as const); n > 0; n--) {
      // The seed's tip 2 exists because people send photos when a video was asked for.
      const kind = r.chance(0.9) ? r.pick(kinds) : r.pick(['photo', 'video', 'document'] as const);
      const late = dueAt + 10 * MINUTE < end && r.chance(0.15);
      const onTimeBy = Math.min(dueAt, end);
      const at = late ? r.between(dueAt + 10 * MINUTE, end) : r.between(Math.min(requestedAt + 5 * MINUTE, onTimeBy), onTimeBy);
      add(party, kind, at, late, request.id);
    }
  }
  pending.sort((a, b) => a.at - b.at);
  pending.forEach(({ item, late }, index) => {
    // Numbered in submission order, once everything is in.
    item.id = `E-${d.number}-${index + 1}`;
    d.evidence.push({ item, late });
  });
}

/** Made once: a formatter is slow to make, and a large demo writes hundreds of thousands of messages. */
const dueFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/** A due date as the marketplace writes it in a message to people: "26 November 2026, 04:34 UTC", never an ISO string. */
function dueWords(iso: string): string {
  return `${dueFormat.format(new Date(iso))} UTC`;
}
