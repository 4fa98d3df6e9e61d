// Search is a substring match over one lower-cased text per dispute, held in memory while the user
// searches. A word index was tried first: at ~100 words a dispute it made IndexedDB write millions
// of index entries during the first sync, most of its time. A substring match also finds a word
// inside a Chinese sentence without any word splitting.

/** How a text is folded before it is stored or matched: lower case, compatibility forms unified. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The terms of a query: its whitespace-separated parts, folded. */
export function searchTerms(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean);
}

/** Whether a stored search text contains every term. */
export function matchesSearch(text: string, terms: readonly string[]): boolean {
  return terms.every((term) => text.includes(term));
}
