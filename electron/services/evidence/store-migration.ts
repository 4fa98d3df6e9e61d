import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createLogger } from '../../../shared/logger';
import { isSealedFile, sealingStream } from '../at-rest/sealed-file';
import type { StoreSealing } from './object-reader';
import type { ObjectStore } from './object-store';
import { derivedDirOf } from './sealed-derived';

// Moving a plain store into sealed form (issue 22, decision 0036), one file at a time: each plain
// object is sealed under its keyed name by the store's own streaming `putFile` (never whole in
// memory), checked against its name, and only then removed; each derived file likewise. Every step
// leaves the store serving every object, so an interrupted move simply goes on at the next run.

const log = createLogger('store-migration');

const hashPattern = /^[0-9a-f]{64}$/;
/** What one run of the move did. */
export interface SealingReport {
  objects: number;
  derivedFiles: number;
  /** Plain objects whose content does not match their name: left as they are, for verify to report. */
  mismatched: string[];
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

/** Seals every plain object and derived file of `store`, which must be opened with `sealing`. */
export async function sealPlainStore(store: ObjectStore, sealing: StoreSealing): Promise<SealingReport> {
  if (!store.seals) throw new Error('the store must be opened with its sealing keys to seal what it holds');
  const report: SealingReport = { objects: 0, derivedFiles: 0, mismatched: [] };
  const objects = path.join(store.root, 'objects');
  for (const prefix of await entries(objects)) {
    for (const name of await entries(path.join(objects, prefix))) {
      const file = path.join(objects, prefix, name);
      if (!hashPattern.test(name) || !name.startsWith(prefix) || (await isSealedFile(file))) continue;
      const handle = await open(file, 'r');
      const stored = await store.putFile(handle).finally(() => handle.close());
      if (stored.sha256 !== name) {
        // Its content is not what its name says: the sealed copy of that content goes again (unless
        // the store held it already), and the damaged plain file stays for verify to report.
        if (!stored.existed) await rm(store.objectPath(stored.sha256), { force: true });
        report.mismatched.push(name);
        log.error('a plain object does not match its name; left for verify to report', { object: name });
        continue;
      }
      // Only once the sealed object is in its place does the plain one go.
      const sealedCopy = await store.openObject(name);
      const safe = sealedCopy?.sealed === true;
      await sealedCopy?.close();
      if (!safe) throw new Error(`the sealed copy of ${name} is not where it was just put; the plain one stays`);
      await rm(file, { force: true });
      report.objects += 1;
    }
  }
  const derived = path.join(store.root, 'derived');
  for (const prefix of await entries(derived)) {
    for (const name of await entries(path.join(derived, prefix))) {
      if (!hashPattern.test(name)) continue;
      report.derivedFiles += await sealDerivedFolder(path.join(derived, prefix, name), derivedDirOf(store.root, name, sealing), sealing);
    }
  }
  if (report.objects + report.derivedFiles > 0) log.info('sealed what the store held in plain form', { ...report });
  return report;
}

/** Seals the plain files of one object's derived folder into its keyed folder; returns how many. */
async function sealDerivedFolder(from: string, to: string, sealing: StoreSealing): Promise<number> {
  let moved = 0;
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.part')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (await isSealedFile(file)) continue;
    const target = path.join(to, path.relative(from, file));
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.sealing.part`;
    try {
      await pipeline(createReadStream(file), sealingStream(sealing.evidence), createWriteStream(partial, { mode: 0o600, flush: true }));
      await rename(partial, target);
    } finally {
      await rm(partial, { force: true });
    }
    await rm(file, { force: true });
    moved += 1;
  }
  // Empty folders left behind go, deepest first; one still holding something stays.
  const folders = (await readdir(from, { withFileTypes: true, recursive: true })).filter((entry) => entry.isDirectory()).map((entry) => path.join(entry.parentPath, entry.name));
  for (const folder of [...folders.sort((a, b) => b.length - a.length), from]) await rmdir(folder).catch(() => undefined);
  return moved;
}
