import { describe, expect, it } from 'vitest';
import { asciiJson, jsonStream } from './sync';

async function text(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number[] }> {
  const chunks: number[] = [];
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value.byteLength);
    parts.push(read.value);
  }
  return { text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(parts)), chunks };
}

describe('jsonStream: a pull answer encoded as it is sent', () => {
  it('gives the parts one after another, in chunks of at most 64 KiB', async () => {
    const docs = Array.from({ length: 300 }, (_, n) => JSON.stringify({ id: `D-${n}`, note: 'x'.repeat(500 + n) }));
    const { text: sent, chunks } = await text(jsonStream(['{"disputes":[', docs.join(','), ']}']));
    expect(JSON.parse(sent)).toEqual({ disputes: docs.map((doc) => JSON.parse(doc)) });
    expect(chunks.length).toBeGreaterThan(2);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(64 * 1024);
  });

  it('keeps characters of two, three and four bytes whole where a chunk ends inside a text larger than a chunk', async () => {
    const wide = 'é€😀'.repeat(40_000); // 9 bytes per repeat: 360 kB, across several chunk edges
    const { text: sent } = await text(jsonStream(['[', JSON.stringify(wide), ',', '"', '"', ']']));
    expect(JSON.parse(sent)).toEqual([wide, '']);
  });

  it('answers an empty page and no parts at all', async () => {
    expect((await text(jsonStream(['{"disputes":[', '], "more": false}']))).text).toBe('{"disputes":[], "more": false}');
    expect(await text(jsonStream([]))).toEqual({ text: '', chunks: [] });
  });
});

describe('asciiJson: a document sent as ASCII', () => {
  it('writes every character outside ASCII as an escape and parses back to the same value', () => {
    const doc = { buyer: 'Mateo Fernández', seller: '李娜的小店', note: 'Arrived broken 😀\n"quoted" \\ slash', control: '\u0001', amount: 12.5 };
    const sent = asciiJson(JSON.stringify(doc));
    expect(/[\u0080-\uffff]/.test(sent)).toBe(false);
    expect(JSON.parse(sent)).toEqual(doc);
  });

  it('gives ASCII text back as it was', () => {
    const json = JSON.stringify({ id: 'D-1', note: 'plain' });
    expect(asciiJson(json)).toBe(json);
    expect(asciiJson(json)).toBe(json);
  });
});
