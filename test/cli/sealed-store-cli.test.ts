// Issue 22's first "done when": a file with a unique marker, brought in through the command line
// into a store with a desk key, leaves the marker nowhere under the store folder — objects,
// thumbnails, posters and the index — and the same command line still verifies the store.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto, writeVideo } from '../support/media';
import { filesHolding } from '../support/files-holding';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const cli = path.join(root, 'electron', 'cli.ts');
const marker = `MARKER-${randomBytes(6).toString('hex')}`;
const passphrase = 'a long passphrase for the evidence store';
let work: string;

/** Runs `dispute-desk ARGS` as a user does, with `env` added; never throws. */
async function desk(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [cli, ...args], { cwd: root, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-sealed-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('dispute-desk on a store with a desk key', () => {
  it('ingests a photo, a video and a note holding a marker, and the marker is nowhere under the store', { timeout: 120_000 }, async () => {
    const store = path.join(work, 'evidence');
    const made = await desk(['key-create', '--store', store], { DESK_PASSPHRASE: passphrase });
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ ok: true, protection: 'passphrase' });

    const photo = path.join(work, `${marker}.jpg`);
    await writePhoto(photo, { seed: 5, exif: { IFD0: { ImageDescription: marker } } });
    const video = path.join(work, `${marker}.mp4`);
    await writeVideo(video, { seconds: 2, output: ['-metadata', `title=${marker}`] });
    const note = path.join(work, `${marker}.txt`);
    await writeFile(note, `Left at the door. ${marker}\n`);
    for (const file of [photo, video, note]) expect((await readFile(file)).includes(marker)).toBe(true);

    const ingested = await desk(['ingest', '--store', store, '--case', 'D-100001', photo, video, note], { DESK_PASSPHRASE: passphrase });
    expect(ingested.code, ingested.stderr).toBe(0);
    const lines = ingested.stdout.trim().split('\n').map((line) => JSON.parse(line) as { ok: boolean; sha256: string; kind: string; video?: { poster: boolean } });
    expect(lines.map((line) => [line.ok, line.kind])).toEqual([
      [true, 'photo'],
      [true, 'video'],
      [true, 'document'],
    ]);
    expect(lines[1]!.video).toMatchObject({ poster: true });

    expect(await filesHolding(store, marker)).toEqual([]);
    for (const { sha256 } of lines) expect(await filesHolding(store, sha256)).toEqual([]);
    const verified = await desk(['verify', '--store', store], { DESK_PASSPHRASE: passphrase });
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, checked: 3 });
  });

  it('refuses a wrong passphrase, and says where to put a missing one, touching nothing', { timeout: 60_000 }, async () => {
    const store = path.join(work, 'evidence');
    const before = await readFile(path.join(store, 'desk-key.json'));
    const wrong = await desk(['verify', '--store', store], { DESK_PASSPHRASE: 'not the passphrase of this store' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('That passphrase does not open this desk');
    const missing = await desk(['verify', '--store', store], { DESK_PASSPHRASE: '' });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('DESK_PASSPHRASE');
    expect((await readFile(path.join(store, 'desk-key.json'))).equals(before)).toBe(true);
    const again = await desk(['key-create', '--store', store], { DESK_PASSPHRASE: passphrase });
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: { code: 'key_exists' } });
  });

  it('seals what a store held before it had a key, as the key is made', { timeout: 60_000 }, async () => {
    const store = path.join(work, 'older');
    const note = path.join(work, `older-${marker}.txt`);
    await writeFile(note, `Brought in before the key. ${marker}\n`);
    expect((await desk(['ingest', '--store', store, '--case', 'D-100002', note])).code).toBe(0);
    expect(await filesHolding(store, marker)).not.toEqual([]);
    const made = await desk(['key-create', '--store', store, '--key-file']);
    expect(JSON.parse(made.stdout)).toMatchObject({ ok: true, protection: 'key-file', sealed: { objects: 1, mismatched: [] } });
    expect(await filesHolding(store, marker)).toEqual([]);
    // A key file opens without a passphrase.
    expect(JSON.parse((await desk(['verify', '--store', store])).stdout)).toMatchObject({ ok: true, checked: 1 });
  });
});
