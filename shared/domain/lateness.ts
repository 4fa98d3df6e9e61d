import type { EvidenceItem, EvidenceRequest } from './model';

// The one lateness rule. The desk's queues and case view, the ruling form and the case service
// all ask here, always against the request's due date as it is now: after `evidence.extendDue`
// an item is judged against the new date. A `late` flag stored with an item (written by a desk
// when it was brought in) records what that desk saw then and decides nothing.

/**
 * The moment lateness is judged at: when the case service received the item (`receivedAt`, its
 * own clock), or, for the marketplace's own items and a change not yet sent, `submittedAt`.
 */
export function lateAsOf(item: Pick<EvidenceItem, 'submittedAt' | 'receivedAt'>): string {
  return item.receivedAt ?? item.submittedAt;
}

/** Whether evidence came in after the due date of the request it answers ("before the due date"). */
export function isEvidenceLate(item: Pick<EvidenceItem, 'submittedAt' | 'receivedAt'>, request: Pick<EvidenceRequest, 'dueAt'>): boolean {
  // Parsed, not compared as strings: "…:00.5Z" sorts before "…:00Z" though it is later.
  return Date.parse(lateAsOf(item)) > Date.parse(request.dueAt);
}

/** The request an item answers among `requests`, if it answers one there. */
export function requestAnsweredBy(item: Pick<EvidenceItem, 'requestId'>, requests: readonly EvidenceRequest[]): EvidenceRequest | undefined {
  return item.requestId === undefined ? undefined : requests.find((request) => request.id === item.requestId);
}

/** Whether an item answers one of `requests` (a dispute's, as they are now) after its due date. */
export function isItemLate(item: Pick<EvidenceItem, 'requestId' | 'submittedAt' | 'receivedAt'>, requests: readonly EvidenceRequest[]): boolean {
  const request = requestAnsweredBy(item, requests);
  return request !== undefined && isEvidenceLate(item, request);
}
