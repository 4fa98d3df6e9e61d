import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file under `dir` (relative paths) whose name holds `text`, or whose bytes hold it as UTF-8
 * or UTF-16: how the tests of sealed stores (issue 22) look for a marker that must not be on disk.
 */
export async function filesHolding(dir: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    if (path.relative(dir, file).includes(text) || bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'))) {
      found.push(path.relative(dir, file));
    }
  }
  return found;
}
