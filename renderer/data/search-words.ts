// Words for the search index. Scripts written without spaces (Chinese, Japanese, Korean) index
// each character and each pair of characters, so "退款" finds "申请退款" without a dictionary.
const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const maxWords = 400;

/** The distinct lower-case words of a text, as stored in and looked up from the search index. */
export function searchWords(text: string): string[] {
  const words = new Set<string>();
  for (const token of text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? []) {
    if (!unspaced.test(token)) {
      words.add(token.slice(0, 40));
      continue;
    }
    const chars = [...token];
    chars.forEach((char, index) => {
      if (unspaced.test(char)) words.add(char);
      const next = chars[index + 1];
      if (next !== undefined && unspaced.test(char) && unspaced.test(next)) words.add(char + next);
    });
    const latin = token.replace(new RegExp(unspaced.source, 'gu'), ' ').trim();
    for (const part of latin.split(/\s+/)) if (part) words.add(part);
  }
  return [...words].slice(0, maxWords);
}
