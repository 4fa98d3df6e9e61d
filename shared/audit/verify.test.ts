import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../domain/model';
import { auditHashInput } from './canonical-json';
import { verifyAuditChain } from './verify';

/** WebCrypto, as the app has it: shared/ code and its tests run without Node. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function chain(count: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= count; seq += 1) {
    const draft = {
      seq,
      at: new Date(Date.UTC(2026, 10, 1, 0, 0, seq)).toISOString().replace('.000', ''),
      actor: seq % 3 === 0 ? 'u-tl-1' : 'u-cm-1',
      action: seq % 2 === 0 ? 'ruling.record' : 'dispute.claim',
      disputeId: `D-${1000 + (seq % 17)}`,
      payload: { disputeId: `D-${1000 + (seq % 17)}`, n: seq, refund: { amountMinor: seq * 100, currency: 'USD' } },
      prevHash: entries.at(-1)?.hash ?? null,
    };
    entries.push({ ...draft, hash: await sha256(auditHashInput(draft)) });
  }
  return entries;
}

/** A seeded generator, so a failing tampering can be replayed. */
function seeded(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 48271) % 2147483647;
    return state % below;
  };
}

describe('verifying the audit chain', async () => {
  const log = await chain(60);
  const head = { seq: 60, hash: log.at(-1)!.hash };

  it('accepts an untouched log and reports its head', async () => {
    expect(await verifyAuditChain(log, sha256, head)).toEqual({ ok: true, count: 60, head });
  });

  it('says an empty log is fine with no head reported, and not when the service reported entries', async () => {
    expect(await verifyAuditChain([], sha256)).toMatchObject({ ok: true, count: 0, head: null });
    expect(await verifyAuditChain([], sha256, head)).toMatchObject({ ok: false, problem: { kind: 'empty' } });
  });

  it('finds 1,000 random tamperings, each at the first bad position', async () => {
    const random = seeded(20261126);
    const kinds = ['flip', 'remove', 'swap', 'rewrite'] as const;
    for (let round = 0; round < 1_000; round += 1) {
      const tampered = structuredClone(log);
      const at = 1 + random(tampered.length - 2);
      const kind = kinds[round % kinds.length]!;
      let expected: number;
      switch (kind) {
        case 'flip': {
          // One changed character in the entry's content: the hash no longer matches, there.
          const entry = tampered[at]!;
          const text = JSON.stringify(entry.payload);
          const index = random(text.length);
          const flipped = text.slice(0, index) + (text[index] === '1' ? '2' : '1') + text.slice(index + 1);
          try {
            entry.payload = JSON.parse(flipped) as Record<string, unknown>;
          } catch {
            entry.actor = `${entry.actor}x`;
          }
          if (canonicalSame(entry, log[at]!)) entry.actor = `${entry.actor}x`;
          expected = at;
          break;
        }
        case 'remove':
          tampered.splice(at, 1);
          expected = at;
          break;
        case 'swap':
          [tampered[at], tampered[at + 1]] = [tampered[at + 1]!, tampered[at]!];
          expected = at;
          break;
        case 'rewrite': {
          // Rewritten with every later hash recomputed: only the reported head gives it away.
          tampered[at]!.payload = { ...tampered[at]!.payload, refund: { amountMinor: 1, currency: 'USD' } };
          for (let i = at; i < tampered.length; i += 1) {
            const entry = tampered[i]!;
            entry.prevHash = tampered[i - 1]?.hash ?? null;
            entry.hash = await sha256(auditHashInput(entry));
          }
          expected = tampered.length - 1;
          break;
        }
      }
      const verdict = await verifyAuditChain(tampered, sha256, head);
      expect(verdict.ok, `${kind} at ${at}`).toBe(false);
      if (!verdict.ok) expect(verdict.problem.position, `${kind} at ${at}`).toBe(expected);
    }
  });

  it('reads an async stream of entries, as pages arrive', async () => {
    async function* pages() {
      for (const entry of log) yield entry;
    }
    expect(await verifyAuditChain(pages(), sha256, head)).toMatchObject({ ok: true, count: 60 });
  });
});

function canonicalSame(a: AuditEntry, b: AuditEntry): boolean {
  return auditHashInput(a) === auditHashInput(b);
}
