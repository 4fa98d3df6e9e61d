import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import glossary from './glossary.json';

function strings(value: object, prefix = ''): [string, string][] {
  return Object.entries(value).flatMap(([key, child]): [string, string][] =>
    typeof child === 'object' && child !== null ? strings(child, `${prefix}${key}.`) : [[`${prefix}${key}`, String(child)]],
  );
}

/** Every zh-CN string holding `word`, by key. */
function keysWith(locale: object, word: string): string[] {
  return strings(locale)
    .filter(([, text]) => text.includes(word))
    .map(([key]) => key);
}

describe('the glossary', () => {
  it('names each concept once, with an English and a Chinese term', () => {
    const concepts = glossary.terms.map((term) => term.concept);
    expect(new Set(concepts).size).toBe(concepts.length);
    for (const term of glossary.terms) {
      expect(term.en).not.toBe('');
      expect(term['zh-CN']).toMatch(/\p{Script=Han}/u);
      expect(term.forbidden).not.toContain(term['zh-CN']);
    }
  });

  it.each(glossary.terms.map((term) => [term.concept, term] as const))('zh-CN says %s one way only', (_, term) => {
    const offending = term.forbidden.flatMap((variant) => keysWith(zhCN, variant).map((key) => `${key}: ${variant}`));
    expect(offending).toEqual([]);
  });

  it('zh-CN uses the glossary term for the core concepts', () => {
    for (const concept of ['dispute', 'quality sampling', 'evidence request', 'reviewer', 'team lead']) {
      const term = glossary.terms.find((candidate) => candidate.concept === concept)!;
      expect(keysWith(zhCN, term['zh-CN']).length, concept).toBeGreaterThan(0);
    }
  });

  it('keeps the code’s own words out of both languages', () => {
    const leaks = [
      ...glossary.internalWords.en.flatMap((word) => strings(en).filter(([, text]) => text.toLowerCase().includes(word.toLowerCase())).map(([key]) => `en ${key}: ${word}`)),
      ...glossary.internalWords['zh-CN'].flatMap((word) => keysWith(zhCN, word).map((key) => `zh-CN ${key}: ${word}`)),
    ];
    expect(leaks).toEqual([]);
  });

  it('leaves no English sentence in zh-CN: only product names, codes and examples stay Latin', () => {
    const allowed = /Dispute Desk|Chromium|ffmpeg|ffprobe|H\.264|SHA-256|CSV|PATH|MP4|MOV|PDF|GiB|VPN|AES-256-GCM|DESK_PASSPHRASE|DESK_PLAIN_RECORDS|desk-key\.json|desk-key\.secret|GNOME Keyring|KWallet|https?:\/\/\S*|\bhttps?\b|dropbox\.com|desk\.example\.com|npm start|\/api/g;
    const english = strings(zhCN)
      .map(([key, text]) => [key, text.replace(/\{\{[^}]*\}\}/g, '').replace(allowed, '')] as const)
      .filter(([, text]) => /[A-Za-z]{3,}/.test(text))
      .map(([key]) => key);
    expect(english).toEqual([]);
  });
});
