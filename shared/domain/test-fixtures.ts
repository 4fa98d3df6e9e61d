import {
  disputeSchema,
  type Dispute,
  type EvidenceItem,
  type EvidenceRequest,
  type RefundOffer,
  type RulingDraft,
} from './model';
import type { Money } from './money';
import type { Refusal, RuleResult } from './refusals';

// Builders for the domain tests. Every dispute goes through disputeSchema.parse, so a test can
// never pass on a dispute the case service would not accept.

/** The moment the tests treat as "now". */
export const now = '2025-03-10T12:00:00Z';

/** An amount in US dollars, in cents. */
export function usd(amountMinor: number): Money {
  return { amountMinor, currency: 'USD' };
}

/** A valid escalated dispute under review over a USD 40.00 order, changed as `overrides` say. */
export function makeDispute(overrides: Partial<Dispute> = {}): Dispute {
  return disputeSchema.parse({
    id: 'D-1001',
    order: {
      id: 'O-5001',
      placedAt: '2025-02-01T09:00:00Z',
      items: [{ title: 'Wireless earbuds', quantity: 2, unitPrice: usd(2000) }],
      paid: usd(4000),
      shippedAt: '2025-02-03T09:00:00Z',
      trackingNumber: 'LP00123456789CN',
    },
    buyer: { id: 'B-1', name: 'Ana Souza', country: 'BR', language: 'pt-BR' },
    seller: { id: 'S-1', name: 'Shenzhen Audio Co.', country: 'CN', language: 'zh-CN' },
    reason: 'not_as_described',
    claim: { description: 'One earbud does not charge.', requestedRefund: usd(4000) },
    state: 'under_review',
    openedAt: '2025-02-20T09:00:00Z',
    escalatedAt: '2025-02-25T09:00:00Z',
    messages: [],
    offers: [],
    evidenceRequests: [],
    evidence: [],
    version: 10,
    evidenceVersion: 5,
    updatedAt: '2025-03-01T09:00:00Z',
    ...overrides,
  });
}

/** A request to the buyer for a video, due on 5 March. */
export function makeRequest(overrides: Partial<EvidenceRequest> = {}): EvidenceRequest {
  return {
    id: 'R-1',
    party: 'buyer',
    kinds: ['video'],
    note: 'Show the earbud failing to charge.',
    requestedAt: '2025-02-26T09:00:00Z',
    dueAt: '2025-03-05T09:00:00Z',
    ...overrides,
  };
}

/** A buyer's video answering request R-1, on time. */
export function makeEvidence(overrides: Partial<EvidenceItem> = {}): EvidenceItem {
  return {
    id: 'E-1',
    party: 'buyer',
    requestId: 'R-1',
    kind: 'video',
    channel: 'upload',
    sha256: 'a'.repeat(64),
    mediaType: 'video/mp4',
    sizeBytes: 1_500_000,
    fileName: 'charging.mp4',
    description: 'The left earbud stays dark in the charging case.',
    submittedAt: '2025-03-02T09:00:00Z',
    ...overrides,
  };
}

/** A seller's refund offer of USD 15.00 without a return. */
export function makeOffer(overrides: Partial<RefundOffer> = {}): RefundOffer {
  return { id: 'F-1', by: 'seller', refund: usd(1500), withReturn: false, at: '2025-02-22T09:00:00Z', ...overrides };
}

/** A full-refund draft with a rationale and no citations. */
export function makeDraft(overrides: Partial<RulingDraft> = {}): RulingDraft {
  return {
    outcome: 'full_refund',
    rationale: 'The video shows the item does not work as described.',
    citedEvidenceIds: [],
    policyCodes: [],
    ...overrides,
  };
}

/** The value of an allowed result; throws with the refusal so a failing test says why. */
export function valueOf<T>(result: RuleResult<T>): T {
  if (!result.ok) throw new Error(`Expected the rules to allow this, but they refused: ${result.refusal.code}: ${result.refusal.message}`);
  return result.value;
}

/** The refusal of a refused result; throws if the rules allowed it. */
export function refusalOf(result: RuleResult<unknown>): Refusal {
  if (result.ok) throw new Error('Expected the rules to refuse this, but they allowed it.');
  return result.refusal;
}

/**
 * Whether a refusal message reads as a sentence a case manager can act on: capitalised, ending
 * in a full stop, several words, and no raw codes such as `awaiting_evidence`.
 */
export function isReadableSentence(message: string): boolean {
  const words = message.split(/\s+/).filter((word) => word !== '');
  return /^[A-Z]/.test(message) && /[.!?]$/.test(message) && words.length >= 6 && !/\b[a-z]+_[a-z_]+\b/.test(message);
}
