import { z } from 'zod';
import { applyMarketplaceEvent, type MarketplaceEvent } from '../shared/domain/marketplace-events';
import type { Dispute } from '../shared/domain/model';
import type { Database, Queryable } from './db/database';
import { generateDisputes } from './demo/generate';
import { appendAudit, readDispute, writeDispute } from './store';

/** The events the simulator can play: the marketplace's, plus a brand-new escalated dispute. */
export const simulatedEventTypes = [
  'dispute.new',
  'claim.cancelled',
  'offer.made',
  'offer.accepted',
  'return.requested',
  'return.address_confirmed',
  'return.shipped',
  'return.received',
  'evidence.submitted',
  'agreement.submitted',
] as const;

/** What to simulate: an event type (random when absent) on a dispute (a fitting one when absent). */
export const simulateRequestSchema = z.object({
  type: z.enum(simulatedEventTypes).optional(),
  disputeId: z.string().min(1).optional(),
});

type SimulatedType = (typeof simulatedEventTypes)[number];

/** Builds the marketplace event of `type` for `dispute`, with what the other side would send. */
function eventFor(type: Exclude<SimulatedType, 'dispute.new'>, dispute: Dispute, now: string, serial: number): MarketplaceEvent {
  const disputeId = dispute.id;
  const half = { ...dispute.order.paid, amountMinor: Math.floor(dispute.order.paid.amountMinor / 2) };
  switch (type) {
    case 'offer.made':
      return { type, disputeId, offer: { id: `${disputeId}-sim-offer-${serial}`, by: 'seller', refund: half, withReturn: false, at: now } };
    case 'return.address_confirmed':
      return { type, disputeId, address: `${dispute.seller.name}, Returns Dept., 88 Harbour Road, ${dispute.seller.country}` };
    case 'return.shipped':
      return { type, disputeId, trackingNumber: `SIM${serial}${dispute.buyer.country}` };
    case 'evidence.submitted': {
      const request = dispute.evidenceRequests.at(-1);
      return {
        type,
        disputeId,
        item: {
          id: `${disputeId}-sim-ev-${serial}`,
          party: request?.party ?? 'buyer',
          ...(request && { requestId: request.id }),
          kind: request?.kinds[0] ?? 'photo',
          channel: 'external_link',
          url: `https://files.example.com/evidence/${disputeId}/${serial}`,
          description: 'Submitted through the marketplace simulator.',
          submittedAt: now,
        },
      };
    }
    case 'agreement.submitted':
      return {
        type,
        disputeId,
        agreement: { terms: `The seller refunds half of what was paid; the buyer keeps the item.`, refund: half, withReturn: false, submittedBy: 'buyer', recordedAt: now },
      };
    default:
      return { type, disputeId };
  }
}

async function applyEvent(tx: Queryable, type: Exclude<SimulatedType, 'dispute.new'>, id: string, now: string, serial: number) {
  const dispute = await readDispute(tx, id, true);
  if (!dispute) return { ok: false as const, refusal: { code: 'dispute_not_found', message: `There is no dispute ${id}.` } };
  const event = eventFor(type, dispute, now, serial);
  const result = applyMarketplaceEvent(dispute, event, now);
  if (!result.ok) return result;
  const stored = await writeDispute(tx, result.value, dispute, now);
  await appendAudit(tx, { at: now, actor: 'marketplace', action: `marketplace.${type}`, disputeId: id, payload: { event } });
  return { ok: true as const, dispute: stored };
}

/**
 * The marketplace simulator for demo mode: plays the buyer and the seller so a newcomer can watch
 * the world move under a case manager (a claim cancelled, an offer accepted, a return confirmed).
 */
export function createSimulator(db: Database, options: { seed: number; now?: () => Date }) {
  let serial = 0;
  const now = options.now ?? (() => new Date());
  return {
    async simulate(body: unknown) {
      const request = simulateRequestSchema.safeParse(body);
      if (!request.success) {
        return { status: 400 as const, body: { error: { code: 'bad_request', message: `Say which event: one of ${simulatedEventTypes.join(', ')}.` } } };
      }
      serial += 1;
      const at = now().toISOString();
      const type = request.data.type ?? simulatedEventTypes[serial % simulatedEventTypes.length]!;
      if (type === 'dispute.new') {
        const [fresh] = generateDisputes({ count: 1, seed: options.seed + serial, now: at, states: ['escalated'] });
        const dispute: Dispute = { ...fresh!, id: `D-SIM-${options.seed}-${serial}` };
        const stored = await db.transaction(async (tx) => {
          const written = await writeDispute(tx, dispute, undefined, at);
          await appendAudit(tx, { at, actor: 'marketplace', action: 'marketplace.dispute.new', disputeId: dispute.id, payload: {} });
          return written;
        });
        return { status: 201 as const, body: { applied: true, type, disputeId: stored.id, state: stored.state } };
      }
      const candidates = request.data.disputeId
        ? [request.data.disputeId]
        : (await db.query<{ id: string }>(
            "SELECT id FROM disputes WHERE state NOT IN ('closed', 'cancelled', 'offer_accepted', 'settled') ORDER BY random() LIMIT 25",
          )).map((row) => row.id);
      let last: { code: string; message: string } = { code: 'dispute_not_found', message: 'No open dispute fits this event.' };
      for (const id of candidates) {
        const result = await db.transaction((tx) => applyEvent(tx, type, id, at, serial));
        if (result.ok) return { status: 200 as const, body: { applied: true, type, disputeId: id, state: result.dispute.state } };
        last = result.refusal;
      }
      return { status: 409 as const, body: { applied: false, type, refusal: last } };
    },
  };
}
