import { describe, expect, it } from 'vitest';
import { searchWords } from './search-words';

describe('searchWords', () => {
  it('lower-cases and splits spaced scripts, keeping ids whole', () => {
    expect(searchWords('D-100042 Alexei POPOV: the parcel never came')).toEqual(['d-100042', 'alexei', 'popov', 'the', 'parcel', 'never', 'came']);
  });

  it('indexes Chinese by characters and pairs, so a word inside a sentence is found', () => {
    const words = searchWords('我申请退款');
    expect(words).toContain('退款');
    expect(words).toContain('退');
    expect(words).not.toContain('我申请退款');
  });

  it('treats markup as words, never as anything else', () => {
    expect(searchWords('<script>alert(1)</script>')).toEqual(['script', 'alert', '1']);
  });
});
