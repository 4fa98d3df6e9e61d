import type { Dispute, EvidenceItem } from './model';

// Evidence is shown by a short label a person can say aloud ("E-100180-3"), never by its id,
// which for items brought in by a desk is a UUID (decision 0022). The case service stamps the
// label when it applies `evidence.add`; everything else here reads it.

/** The part of a dispute's id people use: "100180" for "D-100180". */
export function disputeNumber(disputeId: string): string {
  const match = /^D-(.+)$/.exec(disputeId);
  return match ? match[1]! : disputeId;
}

/** The number at the end of an E-<dispute number>-<n> label or id of this dispute, if it is one. */
function labelNumber(number: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const prefix = `E-${number}-`;
  if (!text.startsWith(prefix)) return undefined;
  const rest = text.slice(prefix.length);
  return /^[1-9]\d{0,8}$/.test(rest) ? Number(rest) : undefined;
}

/**
 * The next free label of a dispute: one past the highest E-<number>-<n> among its items' labels
 * and ids (seeded items are named so), and never lower than its count of items plus one.
 */
export function nextEvidenceLabel(dispute: Pick<Dispute, 'id' | 'evidence'>): string {
  const number = disputeNumber(dispute.id);
  let highest = 0;
  for (const item of dispute.evidence) {
    highest = Math.max(highest, labelNumber(number, item.label) ?? 0, labelNumber(number, item.id) ?? 0);
  }
  return `E-${number}-${Math.max(highest, dispute.evidence.length) + 1}`;
}

/**
 * The service's stamp: item `evidenceId`, just added, gets the next free label among the others.
 * A label once given is kept; an item that has one, or is not there, leaves the dispute as it is.
 */
export function stampEvidenceLabel<D extends Pick<Dispute, 'id' | 'evidence'>>(dispute: D, evidenceId: string): D {
  const item = dispute.evidence.find((candidate) => candidate.id === evidenceId);
  if (item === undefined || item.label !== undefined) return dispute;
  const label = nextEvidenceLabel({ id: dispute.id, evidence: dispute.evidence.filter((other) => other !== item) });
  return { ...dispute, evidence: dispute.evidence.map((other) => (other === item ? { ...other, label } : other)) };
}

/** How an item is named on screen: its label, or "new" for one the service has not applied yet. */
export type EvidenceLabel = { kind: 'label'; text: string } | { kind: 'new' };

/**
 * An item a desk brought in whose `evidence.add` the service has not applied yet: only the desk's
 * optimistic copy lacks both the label and the findings the service stamps on every new item.
 */
export function isPendingEvidence(item: Pick<EvidenceItem, 'addedBy' | 'label' | 'serviceFindings'>): boolean {
  return item.addedBy !== undefined && item.label === undefined && item.serviceFindings === undefined;
}

/**
 * The label an item is shown by: the one the service stamped; else its id when that is already an
 * E- label (the marketplace's items); else "new" while it waits for the service; else, for an item
 * applied before labels were stamped, E-<number>-<its position among the dispute's items>.
 */
export function evidenceLabel(dispute: Pick<Dispute, 'id' | 'evidence'>, item: EvidenceItem): EvidenceLabel {
  if (item.label !== undefined) return { kind: 'label', text: item.label };
  const number = disputeNumber(dispute.id);
  if (labelNumber(number, item.id) !== undefined || /^E-[\w-]{1,40}$/.test(item.id)) return { kind: 'label', text: item.id };
  if (isPendingEvidence(item)) return { kind: 'new' };
  const position = dispute.evidence.findIndex((other) => other.id === item.id);
  return { kind: 'label', text: `E-${number}-${(position < 0 ? dispute.evidence.length : position) + 1}` };
}

/** An item's label as text for lists and sentences; `newWord` is the UI's word for a not-yet-applied item. */
export function evidenceLabelText(dispute: Pick<Dispute, 'id' | 'evidence'>, item: EvidenceItem, newWord: string): string {
  const label = evidenceLabel(dispute, item);
  return label.kind === 'label' ? label.text : newWord;
}

/** A request as people name it: its id when that is already short (R-100180-2), else its place in the dispute's list. */
export function requestLabel(dispute: Pick<Dispute, 'id' | 'evidenceRequests'>, requestId: string): string {
  if (/^R-[\w-]{1,40}$/.test(requestId)) return requestId;
  const position = dispute.evidenceRequests.findIndex((request) => request.id === requestId);
  const number = disputeNumber(dispute.id);
  return `R-${number}-${position < 0 ? dispute.evidenceRequests.length + 1 : position + 1}`;
}
