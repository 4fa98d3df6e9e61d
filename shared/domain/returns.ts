import { missingCaseError } from '../contract/errors';
import type { ProductReturn } from './model';
import { allow, refuse, type RuleResult } from './refusals';

// The seed's return rules: the buyer ships only to an address the seller confirmed, and the
// marketplace refunds the returned item only after the seller confirms receiving it. Each step
// takes the current return and gives the next one; nothing here touches the dispute around it.

/** A return the buyer has just asked for: nothing is confirmed yet. */
export function requestReturn(now: string): ProductReturn {
  return { stage: 'requested', requestedAt: now };
}

/** Whether the seller has confirmed where the item goes back to. */
export function hasConfirmedReturnAddress(productReturn: ProductReturn | undefined): boolean {
  if (productReturn === undefined || productReturn.address === undefined) return false;
  return productReturn.stage !== 'requested';
}

/**
 * The seller confirms the return address. It may still be corrected until the buyer ships, since
 * nothing has gone to the old address yet.
 */
export function confirmReturnAddress(productReturn: ProductReturn, address: string, now: string): RuleResult<ProductReturn> {
  const trimmed = address.trim();
  if (trimmed === '') {
    return refuse('invalid_transition', 'A return address cannot be empty. Ask the seller for the full address to ship the item back to.', { variant: 'address_empty' });
  }
  const { stage } = productReturn;
  switch (stage) {
    case 'requested':
    case 'address_confirmed':
      return allow({ ...productReturn, stage: 'address_confirmed', address: trimmed, addressConfirmedAt: now });
    case 'shipped':
    case 'received':
    case 'refunded':
      return refuse(
        'invalid_transition',
        'The buyer has already shipped the item to the confirmed address, so the return address can no longer change.',
        { variant: 'address_locked' },
      );
    default:
      throw missingCaseError(stage);
  }
}

/** The buyer ships the item back with a tracking number, only to an address the seller confirmed. */
export function shipReturn(productReturn: ProductReturn, trackingNumber: string, now: string): RuleResult<ProductReturn> {
  const trimmed = trackingNumber.trim();
  if (trimmed === '') {
    return refuse('invalid_transition', 'A shipped return needs a tracking number. Ask the buyer for the tracking number of the parcel.', { variant: 'tracking_missing' });
  }
  const { stage } = productReturn;
  switch (stage) {
    case 'requested':
      return refuse(
        'return_address_unconfirmed',
        'The seller has not confirmed a return address yet, and the item may only go back to an address the seller confirmed. Ask the seller to confirm one before the buyer ships.',
        { variant: 'ship' },
      );
    case 'address_confirmed':
      return allow({ ...productReturn, stage: 'shipped', trackingNumber: trimmed, shippedAt: now });
    case 'shipped':
    case 'received':
    case 'refunded':
      return refuse('invalid_transition', 'The buyer has already shipped this return. Follow it with the tracking number on record.', { variant: 'already_shipped' });
    default:
      throw missingCaseError(stage);
  }
}

/** The seller confirms receiving the returned item. */
export function confirmReturnReceipt(productReturn: ProductReturn, now: string): RuleResult<ProductReturn> {
  const { stage } = productReturn;
  switch (stage) {
    case 'requested':
    case 'address_confirmed':
      return refuse(
        'invalid_transition',
        "The buyer has not shipped the item back yet, so the seller cannot confirm receiving it. Wait for the buyer's tracking number.",
        { variant: 'not_shipped' },
      );
    case 'shipped':
      return allow({ ...productReturn, stage: 'received', receivedAt: now });
    case 'received':
    case 'refunded':
      return refuse('invalid_transition', 'The seller has already confirmed receiving the returned item. Nothing more is needed from them.', { variant: 'already_received' });
    default:
      throw missingCaseError(stage);
  }
}

/** Whether the returned item can be refunded: only once the seller has confirmed receiving it. */
export function checkReturnRefundable(productReturn: ProductReturn): RuleResult {
  const { stage } = productReturn;
  switch (stage) {
    case 'requested':
    case 'address_confirmed':
    case 'shipped':
      return refuse(
        'return_not_received',
        "The seller has not confirmed receiving the returned item yet, and the marketplace refunds it only after that. Wait for the seller's confirmation.",
        { stage },
      );
    case 'received':
      return allow(undefined);
    case 'refunded':
      return refuse('invalid_transition', 'The returned item has already been refunded. Check the refund on record instead of refunding it again.', { variant: 'already_refunded' });
    default:
      throw missingCaseError(stage);
  }
}

/** Refunds the returned item, once the seller has confirmed receiving it. */
export function refundReturn(productReturn: ProductReturn, now: string): RuleResult<ProductReturn> {
  const refundable = checkReturnRefundable(productReturn);
  if (!refundable.ok) return refundable;
  return allow({ ...productReturn, stage: 'refunded', refundedAt: now });
}
