import { describe, expect, it } from 'vitest';
import { foldForSearch, matchesSearch, searchTerms } from './search-words';

describe('search', () => {
  const text = foldForSearch('D-100042 O-8100042 Alexei POPOV · 我申请退款 · the parcel never came');

  it('finds ids, names and words whatever their case, and needs every term', () => {
    expect(matchesSearch(text, searchTerms('d-100042'))).toBe(true);
    expect(matchesSearch(text, searchTerms('popov PARCEL'))).toBe(true);
    expect(matchesSearch(text, searchTerms('popov refund'))).toBe(false);
  });

  it('finds a Chinese word inside a sentence without splitting words', () => {
    expect(matchesSearch(text, searchTerms('退款'))).toBe(true);
  });

  it('treats markup as plain text', () => {
    expect(matchesSearch(foldForSearch('<script>alert(1)</script>'), searchTerms('<script>'))).toBe(true);
  });

  it('has no terms for a blank query', () => {
    expect(searchTerms('   ')).toEqual([]);
  });
});
