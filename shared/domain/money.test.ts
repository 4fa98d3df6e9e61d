import { describe, expect, it } from 'vitest';
import { minorUnitDigits, parseMajorAmount, toMajorAmount } from './money';

describe('money digits, in one place', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['BRL', 2],
    ['CNY', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
  ])('%s has %i minor-unit digits', (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
  });

  it.each([
    [{ amountMinor: 2550, currency: 'USD' }, '25.50'],
    [{ amountMinor: 5, currency: 'USD' }, '0.05'],
    [{ amountMinor: 0, currency: 'EUR' }, '0.00'],
    [{ amountMinor: 500, currency: 'JPY' }, '500'],
    [{ amountMinor: 1234, currency: 'KWD' }, '1.234'],
    [{ amountMinor: Number.MAX_SAFE_INTEGER, currency: 'USD' }, '90071992547409.91'],
  ])('writes %j as %s, exactly', (money, text) => {
    expect(toMajorAmount(money)).toBe(text);
    expect(parseMajorAmount(text, money.currency)).toEqual(money);
  });

  it.each([
    ['25', 'USD', 2500],
    ['25.5', 'USD', 2550],
    [' 25.50 ', 'USD', 2550],
    ['0.1', 'USD', 10],
    ['25.', 'USD', 2500],
    ['500', 'JPY', 500],
    ['1.5', 'KWD', 1500],
  ])('reads "%s" %s as %i minor units', (typed, currency, amountMinor) => {
    expect(parseMajorAmount(typed, currency)).toEqual({ amountMinor, currency });
  });

  it.each([
    ['25.505', 'USD'],
    ['1.5', 'JPY'],
    ['-1', 'USD'],
    ['1e3', 'USD'],
    ['', 'USD'],
    ['twelve', 'USD'],
    ['1,000', 'USD'],
    ['99999999999999999999', 'USD'],
  ])('refuses "%s" in %s', (typed, currency) => {
    expect(parseMajorAmount(typed, currency)).toBeUndefined();
  });
});
