import { fileTypeFromBuffer } from 'file-type';
import { plainTextType, type EarlierSubmission } from '../shared/domain/evidence-checks';
import type { Dispute } from '../shared/domain/model';
import { deriveServiceFindings, type ServiceFileFacts } from '../shared/domain/service-findings';
import type { ParsedMutation } from '../shared/sync/apply';
import type { PushResponse } from '../shared/sync/protocol';
import type { Queryable } from './db/database';

// The case service's own checks of evidence a desk adds (decision 0021): from the bytes its store
// holds and its own clock, never from what the desk says about the file.

/** What the evidence store holds under a digest: its size, the type it was uploaded as, and its first bytes (`describedHeadBytes` in server/blobs.ts). */
export interface BlobDescription {
  size: number;
  mediaType: string;
  head: Uint8Array;
}

/** Reads what the store holds under a digest, or undefined when it holds nothing there. The store's one seam for the checks. */
export type DescribeBlob = (sha256: string) => Promise<BlobDescription | undefined>;

/** Whether a file's first bytes are UTF-8; the last few may be a character cut by the end of `head`. */
function headReadsAsUtf8(head: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}

/** The type of a file by its bytes (file-type, then the plain-text rule the desk uses), or null when unknown. */
export async function sniffType(head: Uint8Array, fileName: string | undefined): Promise<{ mediaType: string; ext: string } | null> {
  const detected = await fileTypeFromBuffer(head);
  return detected ? { mediaType: detected.mime, ext: detected.ext } : plainTextType(fileName, () => headReadsAsUtf8(head));
}

/** Every stored evidence item with this digest, in any case, except the one being added. */
export async function earlierSubmissions(tx: Queryable, sha256: string, exceptDisputeId: string, exceptEvidenceId: string): Promise<EarlierSubmission[]> {
  const rows = await tx.query<{ dispute_id: string; evidence_id: string; party: 'buyer' | 'seller'; submitted_at: string }>(
    `SELECT d.id AS dispute_id, e->>'id' AS evidence_id, e->>'party' AS party, COALESCE(e->>'receivedAt', e->>'submittedAt') AS submitted_at
       FROM disputes d, jsonb_array_elements(d.doc->'evidence') AS e
      WHERE d.doc->'evidence' @> jsonb_build_array(jsonb_build_object('sha256', $1::text)) AND e->>'sha256' = $1
      ORDER BY submitted_at`,
    [sha256],
  );
  return rows
    .filter((row) => !(row.dispute_id === exceptDisputeId && row.evidence_id === exceptEvidenceId))
    .map((row) => ({ disputeId: row.dispute_id, party: row.party, submittedAt: row.submitted_at }));
}

/** The store's answer for an `evidence.add`, read before its transaction: `undefined` for a change that names no file to check. */
export type FileLookup = { sha256: string; blob: BlobDescription | undefined } | undefined;

/** Looks up the file an `evidence.add` names, unless it names none or the desk said it can never send it. */
export async function lookUpFile(mutation: ParsedMutation, describeBlob: DescribeBlob): Promise<FileLookup> {
  if (mutation.name !== 'evidence.add' || mutation.args.fileNotSent !== undefined) return undefined;
  const { sha256 } = mutation.args.item;
  return sha256 === undefined ? undefined : { sha256, blob: await describeBlob(sha256) };
}

/** The push's answer for a change whose file the store does not hold: nothing applied, nothing recorded. */
export function waitingFor(mutationId: number, sha256: string): NonNullable<PushResponse['waiting']> {
  return {
    mutationId,
    code: 'file_not_uploaded',
    sha256,
    message: `The case service does not have the file ${sha256.slice(0, 12)}… yet. Send the file, then this change again.`,
  };
}

/** The service's findings on an `evidence.add` it is about to apply, reading earlier submissions in `tx`. */
export async function findingsFor(
  tx: Queryable,
  dispute: Dispute,
  mutation: Extract<ParsedMutation, { name: 'evidence.add' }>,
  lookup: FileLookup,
  now: string,
) {
  const { item, fileNotSent } = mutation.args;
  const request = item.requestId === undefined ? undefined : dispute.evidenceRequests.find((candidate) => candidate.id === item.requestId);
  let file: ServiceFileFacts;
  if (fileNotSent !== undefined) file = { state: fileNotSent === 'too_large' ? 'not_sent_too_large' : 'not_sent_missing' };
  else if (lookup?.blob === undefined) file = { state: 'no_file' };
  else file = { state: 'checked', sizeBytes: lookup.blob.size, sniffed: await sniffType(lookup.blob.head, item.fileName) };
  const earlier = file.state === 'checked' ? await earlierSubmissions(tx, lookup!.sha256, dispute.id, item.id) : [];
  return deriveServiceFindings({ disputeId: dispute.id, item, request, receivedAt: now, file, earlier });
}
