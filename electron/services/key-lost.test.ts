import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDeskServices } from './desk-start';

// Issue 22: a desk whose key files were lost makes a key again at its next start. What the old key
// sealed cannot be read; the desk starts anyway, with an empty store, and keeps the old one aside.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('a start after the desk key was lost', () => {
  it('sets what the old key sealed aside, whole, and opens an empty store under the new key', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-key-lost-'));
    dirs.push(dataDir);
    const mediaUrl = (sha256: string) => `evidence://media/${sha256}`;
    const first = await openDeskServices(dataDir, mediaUrl);
    expect(first.atRest.setAside).toBeNull();
    const oldKeyId = first.records.keyId;
    first.evidence.close();
    const evidenceDir = path.join(dataDir, 'evidence');
    await rm(path.join(evidenceDir, 'desk-key.json'));
    await rm(path.join(evidenceDir, 'desk-key.secret'));

    const second = await openDeskServices(dataDir, mediaUrl);
    try {
      expect(second.atRest).toMatchObject({ made: true, setAside: expect.stringMatching(/evidence-unreadable-/) });
      expect(second.records.keyId).not.toBe(oldKeyId);
      const aside = second.atRest.setAside!;
      expect(await readdir(aside)).toContain('index.sqlite');
      expect(existsSync(path.join(evidenceDir, 'desk-key.json'))).toBe(true);
      expect(second.evidence.index.digests()).toEqual([]);
    } finally {
      second.evidence.close();
    }

    // A later start opens the new store as it is, with nothing more set aside.
    const third = await openDeskServices(dataDir, mediaUrl);
    expect(third.atRest).toMatchObject({ made: false, setAside: null });
    third.evidence.close();
  });
});
