import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sealBytes } from '../at-rest/sealed-file';
import { derivedFolder, type AnalysisSource, type DerivedFiles } from './analysis-source';
import { sealedObjectName, type StoreSealing } from './object-reader';
import type { ObjectStore } from './object-store';
import type { PlainSource } from './plain-source';

// What a sealing evidence store (decision 0036) derives from its objects follows the objects'
// rule: thumbnails and posters are sealed, in a folder named by the object's keyed name.

/** The folder of an object's derived files: its digest in a plain store, its keyed name in a sealing one. */
export function derivedDirOf(storeRoot: string, sha256: string, sealing: StoreSealing | undefined): string {
  const name = sealing ? sealedObjectName(sealing, sha256) : sha256;
  return path.join(storeRoot, 'derived', name.slice(0, 2), name);
}

/** Derived files written sealed into `dir`: each sealed whole in memory (a thumbnail is kilobytes), written beside, renamed into place. */
export function sealedDerivedFiles(dir: string, sealing: StoreSealing): DerivedFiles {
  return {
    prepare: derivedFolder(dir).prepare,
    target: (name) => ({
      async write(bytes: Buffer) {
        const sealed = sealBytes(sealing.evidence, bytes);
        const temporary = path.join(dir, `${name}.${randomUUID()}.part`);
        try {
          await writeFile(temporary, sealed, { flag: 'wx', mode: 0o600 });
          await rename(temporary, path.join(dir, name));
        } catch (error) {
          await rm(temporary, { force: true });
          throw error;
        }
      },
    }),
  };
}

/** A stored object as analysis reads it: tools from the loopback source, the rest from its decrypted content. */
export function storedSource(store: ObjectStore, plain: PlainSource, sha256: string): AnalysisSource {
  return {
    input: { url: plain.urlOf(sha256) },
    async *pieces() {
      const reader = await store.openObject(sha256);
      if (!reader) throw new Error(`the object ${sha256} is not in the store`);
      try {
        yield* reader.read();
      } finally {
        await reader.close();
      }
    },
  };
}
