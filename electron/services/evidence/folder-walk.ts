import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file under `folder`, depth first, in name order. Links are yielded like files and left to
 * ingestion to resolve, which refuses any that points outside the folder; linked folders are not
 * entered, so a link cannot lead the walk in circles or out of the folder.
 */
export async function* filesUnder(folder: string): AsyncGenerator<string> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else yield full;
  }
}
