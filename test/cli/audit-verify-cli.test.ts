// `dispute-desk audit-verify` against a real case service: a clean log passes, a tampered one is
// reported at its first bad entry.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAuditPage } from '../../server/audit';
import { appendAuditBatch } from '../../server/store';
import { startCaseService, type RunningService } from '../e2e/case-service';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
let service: RunningService;

async function auditVerify(username: string, password: string): Promise<{ code: number; line: Record<string, unknown> | null; stderr: string }> {
  const argv = [path.join(root, 'electron', 'cli.ts'), 'audit-verify', '--service', service.url, '--username', username];
  try {
    const { stdout, stderr } = await run(path.join(root, 'node_modules', '.bin', 'tsx'), argv, { cwd: root, env: { ...process.env, DESK_PASSWORD: password } });
    return { code: 0, line: JSON.parse(stdout) as Record<string, unknown>, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, line: failed.stdout.trim() ? (JSON.parse(failed.stdout) as Record<string, unknown>) : null, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  service = await startCaseService(20);
  for (const type of ['claim.cancelled', 'offer.accepted']) await service.simulate({ type });
}, 60_000);
afterAll(() => service.stop());

describe('dispute-desk audit-verify', () => {
  it('verifies the whole log against the head the service reports', async () => {
    const result = await auditVerify('dmitri', 'demo-dmitri');
    expect(result.code).toBe(0);
    expect(result.line).toMatchObject({ ok: true, head: { seq: expect.any(Number) } });
  });

  it('is refused to anyone but a team lead', async () => {
    const result = await auditVerify('lina', 'demo-lina');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/403/);
  });

  it('verifies a log of several pages, asking for each next page while it checks one', async () => {
    const entries = Array.from({ length: 2 * maxAuditPage + 10 }, (_, index) => ({
      at: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
      actor: 'u-cm-mateo',
      action: 'ruling.record',
      disputeId: 'D-1',
      payload: { disputeId: 'D-1', outcome: 'claim_rejected', rationale: `Entry ${index}.`, citedEvidenceIds: [] },
    }));
    await service.db.transaction((tx) => appendAuditBatch(tx, entries));
    const result = await auditVerify('dmitri', 'demo-dmitri');
    expect(result.code).toBe(0);
    const [{ total }] = (await service.db.query<{ total: number }>('SELECT count(*)::int AS total FROM audit_log')) as [{ total: number }];
    expect(result.line).toMatchObject({ ok: true, count: total, head: { seq: total } });
  }, 60_000);

  // The log has three pages by now: the check stops on the first while the second is being read.
  it('names the first bad entry when the log was changed in the database', async () => {
    await service.db.query(`UPDATE audit_log SET payload = jsonb_set(payload, '{tampered}', 'true') WHERE seq = 2`);
    const result = await auditVerify('dmitri', 'demo-dmitri');
    expect(result.code).toBe(1);
    expect(result.line).toMatchObject({ ok: false, problem: { kind: 'hash', position: 1, seq: 2 } });
  });
});
