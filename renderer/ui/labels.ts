import type { TFunction } from 'i18next';
import { displayFileName } from '../../shared/domain/evidence-checks';
import type { EvidenceKind } from '../../shared/domain/evidence-kind';
import type { Dispute, DisputeReason, DisputeState, EvidenceItem, ReturnStage, Role, RulingOutcome } from '../../shared/domain/model';

// One home for the words people read instead of the codes the domain stores: a state, an outcome,
// a policy, a return stage, a kind of evidence, a badge. Every screen names them through here, so
// "under_review" or "evidence.not-forged" never reaches a person, and both languages agree.

/** A dispute state as a label ("Under review", "审核中"). */
export function stateLabel(t: TFunction, state: DisputeState | string): string {
  return t(`labels.state.${state}`, { defaultValue: t('labels.unknown') });
}

/** A ruling outcome as a label ("Partial refund"). */
export function outcomeLabel(t: TFunction, outcome: RulingOutcome | string): string {
  return t(`labels.outcome.${outcome}`, { defaultValue: t('labels.unknown') });
}

/** A policy code a ruling names, as the rule it stands for ("No forged, modified or repeated evidence"). */
export function policyLabel(t: TFunction, code: string): string {
  return t(`ruling.policy.${code}`, { defaultValue: t('labels.otherPolicy') });
}

/** A return's stage as a label ("Shipped by buyer"). */
export function returnStageLabel(t: TFunction, stage: ReturnStage): string {
  return t(`labels.returnStage.${stage}`);
}

/** A kind of evidence ("Video"). */
export function evidenceKindLabel(t: TFunction, kind: EvidenceKind): string {
  return t(`labels.evidenceKind.${kind}`);
}

/** Who a party is ("Buyer", "Marketplace"). */
export function partyLabel(t: TFunction, party: 'buyer' | 'seller' | 'platform'): string {
  return t(`labels.party.${party}`);
}

/** A team role ("Case manager"). */
export function roleLabel(t: TFunction, role: Role): string {
  return t(`labels.role.${role}`);
}

/** Why the buyer opened the dispute ("Item not received"). */
export function reasonLabel(t: TFunction, reason: DisputeReason): string {
  return t(`labels.reason.${reason}`);
}

/** A queue or case badge ("New evidence", "Overdue"). */
export function badgeLabel(t: TFunction, badge: 'new_evidence' | 'under_review' | 'answered' | 'overdue' | 'open'): string {
  return t(`labels.badge.${badge}`);
}

/**
 * How an evidence item is named in a sentence: its label when the service stamped one, with the
 * file name (or the link's host); the kind of evidence when neither is known.
 */
export function evidenceName(t: TFunction, item: Pick<EvidenceItem, 'fileName' | 'url' | 'kind'> & { label?: string }): string {
  const file = item.fileName !== undefined ? displayFileName(item.fileName) : item.url !== undefined ? hostOf(item.url) : undefined;
  if (item.label !== undefined) return file === undefined ? item.label : `${item.label} · ${file}`;
  return file ?? evidenceKindLabel(t, item.kind);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 60);
  }
}

/** A lookup from evidence id to its name on `dispute`, for sentences that cite evidence; undefined for an id it lacks. */
export function evidenceNamer(t: TFunction, dispute: Pick<Dispute, 'evidence'> | undefined): (evidenceId: string) => string | undefined {
  return (evidenceId) => {
    const item = dispute?.evidence.find((candidate) => candidate.id === evidenceId);
    return item === undefined ? undefined : evidenceName(t, item);
  };
}
