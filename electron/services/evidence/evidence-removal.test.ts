import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesHolding } from '../../../test/support/files-holding';
import { writePhoto } from '../../../test/support/media';
import { createDeskKey, type DeskKey } from '../at-rest/desk-key';
import { EvidenceService, type IngestContext } from './evidence-service';

// Removing a team's evidence from a desk (issue 22): retention forgets the cases it has passed,
// sign-out with "remove this team's data" forgets everything, in plain and in sealing stores.

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-evidence-removal-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const contextOf = (disputeId: string): IngestContext => ({ disputeId, party: 'buyer', channel: 'upload' });

async function deskKeyIn(dir: string): Promise<DeskKey> {
  await mkdir(dir, { recursive: true });
  const made = await createDeskKey(dir, { kind: 'key-file' });
  if (!made.ok) throw new Error(made.message);
  return made.key;
}

async function ingested(service: EvidenceService, file: string, disputeId: string): Promise<string> {
  const outcome = await service.ingestPath(file, contextOf(disputeId));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.sha256;
}

/** Every file under the store but its index, its key and its temporaries: what holds evidence. */
async function evidenceFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('index.sqlite') && !file.startsWith('desk-key') && !file.startsWith('tmp'));
}

describe.each([
  { name: 'a plain store', sealed: false },
  { name: 'a sealing store', sealed: true },
])('removing evidence from $name', ({ name, sealed }) => {
  it('forgets the cases retention has passed, keeping a file another case cites, and then everything', { timeout: 120_000 }, async () => {
    const dir = path.join(work, name.replaceAll(' ', '-'));
    const inputs = path.join(dir, 'inputs');
    await mkdir(inputs, { recursive: true });
    const marker = `MARKER-${randomBytes(6).toString('hex')}`;
    const [onlyOld, shared, fetched, note] = ['only-old.jpg', 'shared.jpg', 'fetched.jpg', `${marker}.txt`].map((file) => path.join(inputs, file)) as [string, string, string, string];
    await writePhoto(onlyOld, { seed: 1 });
    await writePhoto(shared, { seed: 2 });
    await writePhoto(fetched, { seed: 3 });
    await writeFile(note, `Left on the doorstep. ${marker}\n`);

    const root = path.join(dir, 'evidence');
    const service = await EvidenceService.open(root, sealed ? { deskKey: await deskKeyIn(root) } : {});
    try {
      const oldSha = await ingested(service, onlyOld, 'D-OLD');
      const sharedSha = await ingested(service, shared, 'D-OLD');
      expect(await ingested(service, shared, 'D-OPEN')).toBe(sharedSha);
      const noteSha = await ingested(service, note, 'D-OPEN');
      // A file fetched from the case service to be viewed: an object with no submission.
      const stored = await service.store.put(createReadStream(fetched));
      await service.recordFetched(stored.sha256);

      const removed = await service.forget(['D-OLD'], [oldSha, sharedSha, stored.sha256]);
      expect(removed.removedObjects).toBe(2);
      expect(removed.bytesFreed).toBeGreaterThan(0);
      expect(service.index.submissionsIn('D-OLD')).toEqual([]);
      expect(await service.store.has(oldSha)).toBe(false);
      expect(await service.store.has(stored.sha256)).toBe(false);
      expect(service.index.object(oldSha)).toBeNull();
      // Another case still cites it: it stays, with its thumbnail.
      expect(await service.store.has(sharedSha)).toBe(true);
      expect(service.index.submissionsOf(sharedSha).map((submission) => submission.disputeId)).toEqual(['D-OPEN']);
      expect(await evidenceFiles(path.join(root, 'derived'))).toHaveLength(1);
      expect(await service.verify()).toMatchObject({ ok: true, strays: [], missingObjects: [] });
      // Forgetting a case this computer never held, or again, changes nothing.
      expect(await service.forget(['D-OLD', 'D-NEVER'], [oldSha])).toEqual({ removedObjects: 0, bytesFreed: 0 });

      expect(await service.forgetEverything()).toMatchObject({ removedObjects: 2 });
      expect(await evidenceFiles(root)).toEqual([]);
      expect(service.index.digests()).toEqual([]);
      for (const text of [marker, noteSha, sharedSha, 'D-OPEN']) expect(await filesHolding(root, text), text).toEqual([]);
      expect(await service.verify()).toMatchObject({ ok: true, checked: 0 });
      // The emptied store takes evidence again.
      expect(await ingested(service, shared, 'D-NEXT')).toBe(sharedSha);
      expect(await service.store.has(sharedSha)).toBe(true);
    } finally {
      service.close();
    }
  });
});
