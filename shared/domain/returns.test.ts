import { describe, expect, it } from 'vitest';
import {
  confirmReturnAddress,
  confirmReturnReceipt,
  hasConfirmedReturnAddress,
  refundReturn,
  requestReturn,
  shipReturn,
} from './returns';
import { isReadableSentence, now, refusalOf, valueOf } from './test-fixtures';

const address = 'Room 5, 88 Keyuan Road, Shenzhen';

describe('product returns', () => {
  it('run from request to refund in order, stamping each step', () => {
    const requested = requestReturn('2025-03-01T09:00:00Z');
    expect(hasConfirmedReturnAddress(requested)).toBe(false);
    const confirmed = valueOf(confirmReturnAddress(requested, `  ${address} `, '2025-03-02T09:00:00Z'));
    expect(confirmed).toMatchObject({ stage: 'address_confirmed', address, addressConfirmedAt: '2025-03-02T09:00:00Z' });
    expect(hasConfirmedReturnAddress(confirmed)).toBe(true);
    const shipped = valueOf(shipReturn(confirmed, 'RR123456789CN', '2025-03-03T09:00:00Z'));
    expect(shipped).toMatchObject({ stage: 'shipped', trackingNumber: 'RR123456789CN' });
    const received = valueOf(confirmReturnReceipt(shipped, '2025-03-08T09:00:00Z'));
    expect(received).toMatchObject({ stage: 'received', receivedAt: '2025-03-08T09:00:00Z' });
    expect(valueOf(refundReturn(received, now))).toMatchObject({ stage: 'refunded', refundedAt: now });
  });

  it('a return ships only to an address the seller confirmed', () => {
    const refusal = refusalOf(shipReturn(requestReturn(now), 'RR123456789CN', now));
    expect(refusal.code).toBe('return_address_unconfirmed');
    expect(refusal.message).toSatisfy(isReadableSentence);
  });

  it('the refund of a returned item waits for the seller to confirm receipt', () => {
    const shipped = valueOf(shipReturn(valueOf(confirmReturnAddress(requestReturn(now), address, now)), 'RR1', now));
    const refusal = refusalOf(refundReturn(shipped, now));
    expect(refusal.code).toBe('return_not_received');
    expect(refusal.message).toSatisfy(isReadableSentence);
  });

  it('lets the seller correct the address until the item ships, not after', () => {
    const confirmed = valueOf(confirmReturnAddress(requestReturn(now), address, now));
    expect(valueOf(confirmReturnAddress(confirmed, 'Unit 2, 1 Nanshan Ave', now)).address).toBe('Unit 2, 1 Nanshan Ave');
    const shipped = valueOf(shipReturn(confirmed, 'RR1', now));
    const refusal = refusalOf(confirmReturnAddress(shipped, 'Elsewhere 9', now));
    expect(refusal.code).toBe('invalid_transition');
    expect(refusal.message).toSatisfy(isReadableSentence);
  });

  it('refuses steps out of order, twice, or with empty details', () => {
    const requested = requestReturn(now);
    const confirmed = valueOf(confirmReturnAddress(requested, address, now));
    const shipped = valueOf(shipReturn(confirmed, 'RR1', now));
    const received = valueOf(confirmReturnReceipt(shipped, now));
    const refunded = valueOf(refundReturn(received, now));
    const refused = [
      confirmReturnAddress(requested, '   ', now),
      shipReturn(confirmed, ' ', now),
      shipReturn(shipped, 'RR2', now),
      confirmReturnReceipt(confirmed, now),
      confirmReturnReceipt(received, now),
      refundReturn(refunded, now),
    ];
    for (const result of refused) {
      const refusal = refusalOf(result);
      expect(refusal.code).toBe('invalid_transition');
      expect(refusal.message).toSatisfy(isReadableSentence);
    }
  });
});
