import { hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { maxAuditPage, readAuditPage } from '../../server/audit';
import { openPglite } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { auditHashInput } from '../../shared/audit/canonical-json';
import { verifyAuditChain } from '../../shared/audit/verify';
import type { AuditEntry } from '../../shared/domain/model';
import { round, type Bench } from './harness';

// As the command line's `audit-verify` hashes (electron/cli.ts).
const sha256 = (text: string) => hash('sha256', text);

/**
 * Verifying the service's audit chain: 100,000 entries (small: 5,000) read from the service's
 * database a page at a time (`readAuditPage`, as GET /audit reads them) and checked link by link and hash by hash. Baseline: reading the
 * same pages without checking them.
 */
export const auditVerifyService: Bench = {
  name: 'audit-verify-service',
  async run(size) {
    const count = size === 'small' ? 5_000 : 100_000;
    const db = await openPglite();
    try {
      await migrate(db);
      let previous: string | null = null;
      for (let start = 1; start <= count; start += 1_000) {
        const rows: unknown[] = [];
        const values: string[] = [];
        for (let seq = start; seq < Math.min(start + 1_000, count + 1); seq += 1) {
          const disputeId = `D-${100_000 + (seq % 5_000)}`;
          const draft = {
            seq,
            at: new Date(Date.UTC(2026, 0, 1) + seq * 1_000).toISOString(),
            actor: `u-cm-${seq % 7}`,
            action: 'ruling.record',
            disputeId,
            payload: { disputeId, outcome: 'partial_refund', refund: { amountMinor: seq, currency: 'EUR' }, rationale: 'Photos show a cracked lid.', citedEvidenceIds: [`E-${seq}`] },
            prevHash: previous,
          };
          const hash = sha256(auditHashInput(draft));
          previous = hash;
          const base = rows.length;
          values.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8})`);
          rows.push(draft.seq, draft.at, draft.actor, draft.action, draft.disputeId, JSON.stringify(draft.payload), draft.prevHash, hash);
        }
        await db.query(`INSERT INTO audit_log (seq, at, actor, action, dispute_id, payload, prev_hash, hash) VALUES ${values.join(', ')}`, rows);
      }
      // The service's own read path, a page at a time, as GET /audit serves it.
      async function* entries(): AsyncGenerator<AuditEntry> {
        for (let after = 0; ; ) {
          const { entries: page, more } = await readAuditPage(db, after, maxAuditPage);
          yield* page;
          if (!more || page.length === 0) return;
          after = page.at(-1)!.seq;
        }
      }
      const readStarted = performance.now();
      let read = 0;
      for await (const entry of entries()) read += entry.seq > 0 ? 1 : 0;
      const readMs = performance.now() - readStarted;
      const verifyStarted = performance.now();
      const verdict = await verifyAuditChain(entries(), sha256, { seq: count, hash: previous! });
      const verifyMs = performance.now() - verifyStarted;
      if (!verdict.ok || verdict.count !== count || read !== count) throw new Error(`the benchmark chain did not verify: ${JSON.stringify(verdict)}`);
      return {
        bench: 'audit-verify-service',
        value: round(count / (verifyMs / 1000)),
        unit: 'entries/s',
        baseline: round(count / (readMs / 1000)),
        ratio: round(verifyMs / readMs),
        target: 50_000,
        size,
        // One read and one verification: at full size the two take ~4.5 s, so two more of each would add ~9 s.
        samples: 1,
      };
    } finally {
      await db.close();
    }
  },
};
