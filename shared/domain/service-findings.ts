import {
  duplicateExactFlag,
  evidenceKindOf,
  formatNotRequestedFlag,
  lateFlag,
  overUploadLimitFlag,
  requestedKindOf,
  typeMismatchFlag,
  type EarlierSubmission,
  type EvidenceFlag,
  type EvidenceFlagCode,
  type ServiceFindings,
} from './evidence-checks';
import type { EvidenceItem, EvidenceRequest } from './model';

// What the case service re-derives about an item it receives, from the bytes it holds and its own
// clock (decision 0021), and where that disagrees with what the desk claimed. Pure, so the
// service computes and the team lead's view compares with the same code.

/** The flags the service derives itself; the rest (near-duplicate, possibly edited, …) stay the desk's. */
export const serviceCheckedCodes = ['late', 'over_upload_limit', 'format_not_requested', 'duplicate_exact', 'type_mismatch'] as const satisfies readonly EvidenceFlagCode[];

/** The flags only a desk's analysis finds, shown as the desk's findings. */
export function isDeskOnlyCode(code: EvidenceFlagCode): boolean {
  return !(serviceCheckedCodes as readonly EvidenceFlagCode[]).includes(code);
}

/** What the service knows of an item's file: its bytes' size and sniffed type, or why it has none. */
export type ServiceFileFacts =
  | { state: 'checked'; sizeBytes: number; sniffed: { mediaType: string; ext: string } | null }
  | { state: 'no_file' | 'not_sent_too_large' | 'not_sent_missing' };

/** Everything the service's checks read: the item as the desk sent it and the facts the service holds. */
export interface ServiceFindingsInput {
  disputeId: string;
  item: Pick<EvidenceItem, 'party' | 'channel' | 'fileName'>;
  /** The request the item answers, as it is now. */
  request: EvidenceRequest | undefined;
  /** The service's clock when it received the item. */
  receivedAt: string;
  file: ServiceFileFacts;
  /** Every other item already stored with the same SHA-256, in any case. */
  earlier: EarlierSubmission[];
}

/**
 * The service's findings: lateness against the request's current due date at `receivedAt`
 * always; with the bytes, also the upload limit, the requested format and a renamed file by the
 * sniffed type, and the same bytes in another case or from the other party.
 */
export function deriveServiceFindings(input: ServiceFindingsInput): ServiceFindings {
  const { file, item } = input;
  const flags: (EvidenceFlag | null)[] = [lateFlag(input.receivedAt, input.request?.dueAt)];
  if (file.state === 'checked') {
    const requested = input.request === undefined ? undefined : requestedKindOf(input.request);
    flags.push(
      overUploadLimitFlag(item.channel, file.sizeBytes),
      formatNotRequestedFlag(requested, file.sniffed === null ? null : evidenceKindOf(file.sniffed.mediaType)),
      item.fileName === undefined ? null : typeMismatchFlag(item.fileName, file.sniffed),
      duplicateExactFlag(input.disputeId, item.party, input.earlier),
    );
  }
  return {
    checkedAt: input.receivedAt,
    file: file.state,
    ...(file.state === 'checked' && file.sniffed !== null ? { sniffedType: file.sniffed.mediaType } : {}),
    ...(file.state === 'checked' ? { sizeBytes: file.sizeBytes } : {}),
    flags: flags.filter((flag): flag is EvidenceFlag => flag !== null),
  };
}

/** A check on which the desk and the service's findings differ: the desk claimed it and the bytes do not support it, or the other way round. */
export interface FindingDisagreement {
  code: (typeof serviceCheckedCodes)[number];
  /** What the desk said: it raised the flag, or not. */
  deskSaid: boolean;
  /** The service's flag, when the service raised it. */
  serviceFlag: EvidenceFlag | undefined;
}

/**
 * Where the desk's flags and the service's findings disagree. Without the bytes the service
 * judged only lateness, so only lateness is compared; an item without findings (the
 * marketplace's, or recorded before the service checked) has nothing to compare.
 */
export function findingDisagreements(item: Pick<EvidenceItem, 'flags' | 'serviceFindings'>): FindingDisagreement[] {
  const findings = item.serviceFindings;
  if (findings === undefined) return [];
  const compared = findings.file === 'checked' ? serviceCheckedCodes : (['late'] as const);
  const desk = new Set((item.flags ?? []).map((flag) => flag.code));
  const disagreements: FindingDisagreement[] = [];
  for (const code of compared) {
    const serviceFlag = findings.flags.find((flag) => flag.code === code);
    if (desk.has(code) !== (serviceFlag !== undefined)) disagreements.push({ code, deskSaid: desk.has(code), serviceFlag });
  }
  return disagreements;
}
