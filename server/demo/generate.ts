// Each dispute is drawn from its own random stream and built as a story, in the order it would
// have happened: plan the timeline back from `now`, the order, the negotiation, the evidence, and
// the ending its state calls for (draft.ts carries what each step hands to the next).
import { missingCaseError } from '../../shared/contract/errors';
import { timestampSchema, type Dispute, type DisputeReason, type DisputeState, type Order } from '../../shared/domain/model';
import { products, ratesPerUsd, type Market } from './catalog';
import { DAY, HOUR, iso, MINUTE, stamp, type DisputeDraft, type Seller, type Timeline } from './draft';
import { gatherEvidence, indexPool, type EvidencePool, type EvidencePoolEntry } from './evidence';
import { negotiate } from './negotiation';
import { conclude } from './outcome';
import { makeBuyer, makeSellers } from './people';
import { fill, phrases } from './phrases';
import { Random, streams } from './random';

/** What `generateDisputes` makes. */
export interface GenerateOptions {
  count: number;
  seed: number;
  /** The moment the workspace is generated at, UTC ISO-8601: nothing in it happens later. */
  now: string;
  /**
   * Real evidence files (e.g. from `generateDemoMedia`) for evidence items to point at. Without
   * it, items carry made-up but well-formed SHA-256 digests that have no bytes anywhere; with it,
   * a kind the pool lacks is submitted only as an external link not yet fetched.
   */
  evidencePool?: readonly EvidencePoolEntry[];
  /** Only these states, in their usual proportions; all states when absent. */
  states?: readonly DisputeState[];
}

/** Mostly work for the team, with every ending present. */
const stateWeights: readonly (readonly [DisputeState, number])[] = [
  ['negotiating', 4],
  ['escalated', 22],
  ['awaiting_evidence', 22],
  ['under_review', 22],
  ['ruled', 12],
  ['closed', 6],
  ['cancelled', 4],
  ['offer_accepted', 4],
  ['settled', 4],
];

const reasonWeights: readonly (readonly [DisputeReason, number])[] = [
  ['not_received', 30],
  ['late_delivery', 15],
  ['not_as_described', 30],
  ['quantity_short', 12],
  ['other', 13],
];

/** How many stores the disputes share. */
const sellerCount = 400;
const firstNumber = 100_000;

/**
 * The story's anchors for `state`, planned backwards from `now`. A dispute awaiting evidence has
 * its first request due a while ago, within the next 24 hours, or later, so queues show all three.
 */
function planTimeline(r: Random, state: DisputeState, now: number): Timeline {
  const negotiationFrom = (end: number) => end - r.between(2 * DAY, 15 * DAY);
  const reviewed = (phaseEnd: number): Timeline => {
    const escalatedAt = phaseEnd - r.between(9 * DAY, 25 * DAY);
    return { openedAt: negotiationFrom(escalatedAt), escalatedAt, phaseEnd };
  };
  switch (state) {
    case 'negotiating':
      return { openedAt: now - r.between(2 * HOUR, 12 * DAY), phaseEnd: now };
    case 'escalated': {
      const escalatedAt = now - r.between(HOUR, 6 * DAY);
      return { openedAt: negotiationFrom(escalatedAt), escalatedAt, phaseEnd: now };
    }
    case 'awaiting_evidence': {
      const window = r.between(3 * DAY, 7 * DAY);
      const due = r.weighted([['overdue', 35], ['soon', 25], ['later', 40]] as const);
      const dueAt =
        due === 'overdue' ? now - r.between(HOUR, 4 * DAY)
        : due === 'soon' ? now + r.between(HOUR, 23 * HOUR)
        : now + r.between(25 * HOUR, window - HOUR);
      const requestedAt = dueAt - window;
      const escalatedAt = requestedAt - r.between(HOUR, 2 * DAY);
      return { openedAt: negotiationFrom(escalatedAt), escalatedAt, phaseEnd: now, firstRequest: { requestedAt, dueAt } };
    }
    case 'under_review':
      return reviewed(now);
    case 'ruled': {
      const ruledAt = now - r.between(HOUR, 20 * DAY);
      return { ...reviewed(ruledAt), ruledAt };
    }
    case 'closed': {
      // Room between ruling and closing for a refund_after_return item to travel back.
      const closedAt = now - r.between(HOUR, 30 * DAY);
      const ruledAt = closedAt - r.between(3 * DAY, 15 * DAY);
      return { ...reviewed(ruledAt), ruledAt, closedAt };
    }
    case 'settled': {
      const ruledAt = now - r.between(HOUR, 30 * DAY);
      return { ...reviewed(ruledAt), ruledAt, closedAt: ruledAt };
    }
    case 'cancelled':
    case 'offer_accepted': {
      const closedAt = now - r.between(HOUR, 30 * DAY);
      const phaseEnd = state === 'cancelled' ? closedAt : closedAt - r.between(10 * MINUTE, 2 * DAY);
      if (!r.chance(0.4)) return { openedAt: negotiationFrom(phaseEnd), phaseEnd, closedAt };
      const escalatedAt = phaseEnd - r.between(DAY, 12 * DAY);
      return { openedAt: negotiationFrom(escalatedAt), escalatedAt, phaseEnd, closedAt };
    }
    default:
      throw missingCaseError(state);
  }
}

/** A price in the buyer's currency, ending in 99 like the listings do. */
function localPrice(usdCents: number, currency: string): number {
  const minor = usdCents * (ratesPerUsd[currency] ?? 1);
  return minor < 100 ? Math.max(1, Math.round(minor)) : Math.round(minor / 100) * 100 - 1;
}

const bulkProducts = products.filter((product) => product.bulk);

/** The order, and how many pieces of its first line never arrived for a quantity_short claim. */
function makeOrder(r: Random, number: number, market: Market, reason: DisputeReason, openedAt: number, seller: Seller): { order: Order; missing: number } {
  const { currency } = market;
  const placedAt = openedAt - (reason === 'not_received' || reason === 'late_delivery' ? r.between(15 * DAY, 60 * DAY) : r.between(7 * DAY, 45 * DAY));
  const lines = r.weighted([[1, 80], [2, 15], [3, 5]] as const);
  const first = reason === 'quantity_short' ? products.indexOf(r.pick(bulkProducts)) : r.int(0, products.length - 1);
  const items: Order['items'] = [];
  let paid = 0;
  for (let line = 0; line < lines; line++) {
    const product = products[(first + line * 7) % products.length]!;
    const quantity = product.bulk ? r.int(line === 0 && reason === 'quantity_short' ? 3 : 1, 10) : r.int(1, 2);
    const unitPrice = { amountMinor: localPrice(product.usdCents, currency), currency };
    items.push({ title: product.title, quantity, unitPrice });
    paid += unitPrice.amountMinor * quantity;
  }
  if (r.chance(0.3)) paid += localPrice(r.int(199, 699), currency);
  const order: Order = { id: `O-${8_100_000_000_000 + number * 1000 + r.int(0, 999)}`, placedAt: iso(placedAt), items, paid: { amountMinor: paid, currency } };
  if (reason !== 'not_received' || r.chance(0.85)) {
    order.shippedAt = iso(placedAt + r.between(12 * HOUR, 6 * DAY));
    order.trackingNumber = seller.tracking(r);
  }
  const missing = reason === 'quantity_short' ? r.int(1, items[0]!.quantity - 1) : 0;
  return { order, missing };
}

/** What the buyer asks back: everything for a parcel that never came, the missing pieces when short, often less for a late one. */
function requestedRefund(r: Random, reason: DisputeReason, order: Order, missing: number): number {
  const paid = order.paid.amountMinor;
  switch (reason) {
    case 'not_received':
      return paid;
    case 'quantity_short':
      return Math.min(paid, order.items[0]!.unitPrice.amountMinor * missing);
    case 'late_delivery':
      return Math.max(1, Math.round(paid * r.between(0.3, 1)));
    case 'not_as_described':
    case 'other':
      return r.chance(0.6) ? paid : Math.max(1, Math.round(paid * r.between(0.4, 0.9)));
    default:
      throw missingCaseError(reason);
  }
}

function generateDispute(index: number, options: GenerateOptions, now: number, sellers: Seller[], pool: EvidencePool, states: typeof stateWeights): Dispute {
  const r = new Random(options.seed, streams.dispute, index);
  const number = firstNumber + index;
  const state = r.weighted(states);
  const reason = r.weighted(reasonWeights);
  const { buyer, market } = makeBuyer(r, number);
  const seller = r.pick(sellers);
  const timeline = planTimeline(r, state, now);
  const { order, missing } = makeOrder(r, number, market, reason, timeline.openedAt, seller);
  const d: DisputeDraft = {
    r, number, now, state, reason, buyer, seller, order, timeline,
    requestedRefund: requestedRefund(r, reason, order, missing),
    messages: [], offers: [], requests: [], evidence: [], latest: timeline.openedAt,
  };
  const ordered = order.items[0]!.quantity;
  const complaint = fill(phrases[buyer.culture].complaint[reason], { ordered, received: ordered - missing });
  negotiate(d, complaint);
  gatherEvidence(d, pool);
  const { productReturn, agreement, ruling, assignee } = conclude(d);

  const messages = d.messages
    .sort((a, b) => a.at - b.at)
    .map((message, k) => ({ id: `M-${number}-${k + 1}`, from: message.from, body: message.body, language: message.language, at: stamp(d, message.at) }));
  if (timeline.closedAt !== undefined) stamp(d, timeline.closedAt);
  const dispute: Dispute = {
    id: `D-${number}`,
    order,
    buyer: buyer.person,
    seller: { ...seller.person },
    reason,
    claim: { description: complaint, requestedRefund: { amountMinor: d.requestedRefund, currency: market.currency } },
    state,
    openedAt: iso(timeline.openedAt),
    messages,
    offers: d.offers,
    evidenceRequests: d.requests.map((entry) => entry.request),
    evidence: d.evidence.map((entry) => entry.item),
    version: 0,
    evidenceVersion: 0,
    updatedAt: iso(d.latest),
  };
  // Optional parts are set one by one rather than spread in, which was measurably slower at 100,000 disputes.
  if (timeline.escalatedAt !== undefined) dispute.escalatedAt = iso(timeline.escalatedAt);
  if (timeline.closedAt !== undefined) dispute.closedAt = iso(timeline.closedAt);
  if (assignee !== undefined) dispute.assignee = assignee;
  if (productReturn) dispute.return = productReturn;
  if (agreement) dispute.agreement = agreement;
  if (ruling) dispute.ruling = ruling;
  return dispute;
}

/**
 * A deterministic demo workspace: `count` escalated marketplace disputes as the case service
 * stores them, ids D-100000 upwards. The same options give the same disputes, and dispute n is the
 * same whatever the count. `version` and `evidenceVersion` are 0 for the service to stamp.
 */
export function generateDisputes(options: GenerateOptions): Dispute[] {
  const now = Date.parse(timestampSchema.parse(options.now));
  const sellers = makeSellers(options.seed, sellerCount);
  const pool = indexPool(options.evidencePool);
  const states = options.states ? stateWeights.filter(([state]) => options.states!.includes(state)) : stateWeights;
  if (states.length === 0) throw new Error('generateDisputes needs at least one known state in `states`.');
  const disputes: Dispute[] = [];
  for (let index = 0; index < options.count; index++) disputes.push(generateDispute(index, options, now, sellers, pool, states));
  return disputes;
}
