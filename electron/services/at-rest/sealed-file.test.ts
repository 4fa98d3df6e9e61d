import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSealedBytes, plainSizeOf, sealBytes, SealedFileError, SealedReader, sealedChunkBytes, sealedHeaderBytes, sealedSizeOf, Sealer, type SealingKey } from './sealed-file';

const key: SealingKey = { keyId: randomBytes(16), key: randomBytes(32) };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sealed-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Seals `content`, fed in pieces of `pieceBytes`, into a file; returns its path. */
async function seal(content: Buffer, pieceBytes = 100_003, with_: SealingKey = key): Promise<string> {
  const sealer = new Sealer(with_);
  const out: Buffer[] = [];
  for (let at = 0; at < content.length; at += pieceBytes) out.push(...sealer.push(content.subarray(at, at + pieceBytes)));
  out.push(...sealer.finish());
  const file = path.join(dir, randomBytes(8).toString('hex'));
  await writeFile(file, Buffer.concat(out));
  return file;
}

/** Compares bytes without vitest's deep equality, which takes seconds over megabytes. */
function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.equals(expected)).toBe(true);
}

async function readRange(file: string, start?: number, end?: number, with_: SealingKey = key): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const reader = await SealedReader.open(handle, with_);
    const pieces: Buffer[] = [];
    for await (const piece of reader.read(start, end)) pieces.push(piece);
    return Buffer.concat(pieces);
  } finally {
    await handle.close();
  }
}

describe('sealed files', () => {
  it.each([0, 1, sealedChunkBytes - 1, sealedChunkBytes, sealedChunkBytes + 1, 3 * sealedChunkBytes, 5_000_001])(
    'gives back %i bytes as they were, in a file of the size sealedSizeOf says, with none of the content in the clear',
    async (size) => {
      const content = randomBytes(size);
      const file = await seal(content);
      const sealed = await readFile(file);
      expect(sealed.length).toBe(sealedSizeOf(size));
      expect(plainSizeOf(sealed.length)).toBe(size);
      expectSameBytes(await readRange(file), content);
      if (size >= 32) expect(sealed.includes(content.subarray(0, 32))).toBe(false);
    },
  );

  it('finds no readable marker in a sealed file', async () => {
    const marker = Buffer.from('MARKER-7f3a9c-this-must-not-be-found-on-disk');
    const file = await seal(Buffer.concat([randomBytes(70_000), marker, randomBytes(200_000), marker]));
    expect((await readFile(file)).includes(marker)).toBe(false);
  });

  it('answers any range with exactly its bytes, whatever the pieces it was sealed from', async () => {
    const content = randomBytes(3 * sealedChunkBytes + 12_345);
    const files = await Promise.all([1, 4_096, sealedChunkBytes, 1_000_000].map((piece) => seal(content, piece)));
    await fc.assert(
      fc.asyncProperty(fc.nat(content.length - 1), fc.nat(content.length - 1), fc.constantFrom(...files), async (a, b, file) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        expectSameBytes(await readRange(file, start, end), content.subarray(start, end + 1));
      }),
      { numRuns: 60 },
    );
  });

  it('reads a range past a megabyte in pieces of at most a megabyte, the first one chunk alone', async () => {
    const content = randomBytes(40 * sealedChunkBytes);
    const handle = await open(await seal(content), 'r');
    try {
      const reader = await SealedReader.open(handle, key);
      const sizes: number[] = [];
      for await (const piece of reader.read(10, content.length - 10)) sizes.push(piece.length);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(16 * sealedChunkBytes);
      expect(sizes[0]).toBeLessThanOrEqual(sealedChunkBytes);
      expect(sizes.reduce((a, b) => a + b)).toBe(content.length - 19);
    } finally {
      await handle.close();
    }
  });

  it('refuses a range outside the content', async () => {
    const file = await seal(randomBytes(1_000));
    await expect(readRange(file, 0, 1_000)).rejects.toThrow(RangeError);
  });

  it('names the chunk that a changed byte is in, and serves the chunks before it', async () => {
    const content = randomBytes(4 * sealedChunkBytes);
    const file = await seal(content);
    const bytes = await readFile(file);
    bytes[sealedHeaderBytes + 2 * (sealedChunkBytes + 16) + 77]! ^= 1;
    await writeFile(file, bytes);
    expectSameBytes(await readRange(file, 0, 2 * sealedChunkBytes - 1), content.subarray(0, 2 * sealedChunkBytes));
    const failure = await readRange(file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SealedFileError);
    expect(failure).toMatchObject({ code: 'damaged', chunk: 2 });
  });

  it('refuses a file cut after a whole chunk, chunks swapped, and a changed header', async () => {
    const content = randomBytes(3 * sealedChunkBytes + 5);
    const bytes = await readFile(await seal(content));
    const sealedChunk = sealedChunkBytes + 16;
    const cut = path.join(dir, 'cut');
    await writeFile(cut, bytes.subarray(0, sealedHeaderBytes + 2 * sealedChunk));
    await expect(readRange(cut)).rejects.toMatchObject({ code: 'damaged', chunk: 1 });

    const swapped = Buffer.from(bytes);
    bytes.copy(swapped, sealedHeaderBytes, sealedHeaderBytes + sealedChunk, sealedHeaderBytes + 2 * sealedChunk);
    bytes.copy(swapped, sealedHeaderBytes + sealedChunk, sealedHeaderBytes, sealedHeaderBytes + sealedChunk);
    await writeFile(cut, swapped);
    await expect(readRange(cut)).rejects.toMatchObject({ code: 'damaged', chunk: 0 });

    const salted = Buffer.from(bytes);
    salted[40]! ^= 1;
    await writeFile(cut, salted);
    await expect(readRange(cut)).rejects.toMatchObject({ code: 'damaged', chunk: 0 });
  });

  it("refuses a chunk taken from another file sealed with the same key", async () => {
    const [a, b] = [await readFile(await seal(randomBytes(100))), await readFile(await seal(randomBytes(100)))];
    const mixed = path.join(dir, 'mixed');
    await writeFile(mixed, Buffer.concat([a.subarray(0, sealedHeaderBytes), b.subarray(sealedHeaderBytes)]));
    await expect(readRange(mixed)).rejects.toMatchObject({ code: 'damaged' });
  });

  it("says a file is another desk's, or not sealed at all, or too short to be one", async () => {
    const other: SealingKey = { keyId: randomBytes(16), key: randomBytes(32) };
    await expect(readRange(await seal(randomBytes(10)), undefined, undefined, other)).rejects.toMatchObject({ code: 'other_key' });
    // Same id, another key: as damaged as a changed byte.
    await expect(readRange(await seal(randomBytes(10)), undefined, undefined, { keyId: key.keyId, key: other.key })).rejects.toMatchObject({ code: 'damaged' });
    const plain = path.join(dir, 'plain.jpg');
    await writeFile(plain, randomBytes(5_000));
    await expect(readRange(plain)).rejects.toMatchObject({ code: 'not_sealed' });
    const short = path.join(dir, 'short');
    await writeFile(short, (await readFile(await seal(randomBytes(10)))).subarray(0, sealedHeaderBytes + 8));
    await expect(readRange(short)).rejects.toMatchObject({ code: 'damaged' });
  });
});

describe('sealing from reused buffers', () => {
  it('keeps what it holds back, though the caller overwrites its buffer at once', async () => {
    const content = randomBytes(2 * sealedChunkBytes + 999);
    const sealer = new Sealer(key);
    const reused = Buffer.alloc(10_000);
    const out: Buffer[] = [];
    for (let at = 0; at < content.length; at += reused.length) {
      const piece = content.subarray(at, at + reused.length);
      piece.copy(reused);
      out.push(...sealer.push(reused.subarray(0, piece.length)));
      reused.fill(0xee);
    }
    out.push(...sealer.finish());
    const file = path.join(dir, 'reused');
    await writeFile(file, Buffer.concat(out));
    expectSameBytes(await readRange(file), content);
  });
});

describe('small files sealed in memory', () => {
  it('opens what it sealed, reads the same as a sealed file on disk, and refuses a changed byte or another key', async () => {
    for (const size of [0, 10, sealedChunkBytes, 3 * sealedChunkBytes + 1]) {
      const content = randomBytes(size);
      const sealed = sealBytes(key, content);
      expect(openSealedBytes(key, sealed).equals(content)).toBe(true);
      const file = path.join(dir, `small-${size}`);
      await writeFile(file, sealed);
      expectSameBytes(await readRange(file), content);
    }
    const sealed = sealBytes(key, randomBytes(100_000));
    sealed[sealedHeaderBytes + 70_000]! ^= 1;
    expect(() => openSealedBytes(key, sealed)).toThrow(expect.objectContaining({ code: 'damaged', chunk: 1 }));
    expect(() => openSealedBytes({ keyId: randomBytes(16), key: randomBytes(32) }, sealBytes(key, Buffer.from('x')))).toThrow(expect.objectContaining({ code: 'other_key' }));
    expect(() => openSealedBytes(key, Buffer.from('RIFF....WEBPVP8 '))).toThrow(expect.objectContaining({ code: 'not_sealed' }));
    expect(() => openSealedBytes(key, sealBytes(key, randomBytes(2_000)), 1_000)).toThrow(expect.objectContaining({ code: 'damaged' }));
  });
});
