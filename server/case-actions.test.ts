import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellArgs, cellDispute, gridActors, gridCells, type GridCell } from '../shared/domain/case-action-grid';
import { caseActionAllowed } from '../shared/domain/case-actions';
import type { Dispute } from '../shared/domain/model';
import { maxMutationsPerPush, type MutationOutcome } from '../shared/sync/protocol';
import { testDatabaseKinds } from './db/testing';
import { insertDisputes } from './seed';
import { startTestService, type TestService } from './test-service';

// The state-by-action table on the service's side: every dispute state × role × who holds it ×
// case action, each cell on a dispute of its own, pushed to a real service. What the service does
// with each mutation (applied, or rejected with a code) must be what the desk shows for it
// (caseActionAllowed), so no button offers what the service refuses, and none hides what it allows.

const clock = new Date('2026-11-26T10:00:00.000Z');
const now = clock.toISOString();

describe.each(testDatabaseKinds())('the state-by-action table on $name', (kind) => {
  let service: TestService;
  const cells = gridCells().map((cell, index) => ({ cell, dispute: cellDispute(cell, `G-${index}`, now) }));

  beforeAll(async () => {
    service = await startTestService(kind, 0, clock);
    await insertDisputes(service.db, cells.map((row) => row.dispute), now);
  }, 120_000);
  afterAll(() => service.db.close());

  async function pushAll(role: GridCell['role'], rows: { cell: GridCell; dispute: Dispute }[]): Promise<MutationOutcome[]> {
    const outcomes: MutationOutcome[] = [];
    const clientId = `client-grid-${role}`;
    for (let start = 0; start < rows.length; start += maxMutationsPerPush) {
      const mutations = rows.slice(start, start + maxMutationsPerPush).map((row, offset) => ({
        clientId,
        mutationId: start + offset + 1,
        name: row.cell.action,
        args: cellArgs(row.cell.action, row.dispute, now),
        // Based on the version stored, as a desk that pulled it would be.
        baseVersion: row.dispute.version,
      }));
      const response = await service.push(gridActors[role].username, clientId, mutations);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { outcomes: MutationOutcome[] };
      outcomes.push(...body.outcomes);
    }
    return outcomes;
  }

  it('applies exactly what the desk offers, and refuses the rest with the desk\'s code', async () => {
    const stored = new Map((await service.db.query<{ id: string; version: number }>('SELECT id, version FROM disputes')).map((row) => [row.id, row.version]));
    const disagreements: unknown[] = [];
    for (const role of ['case_manager', 'reviewer', 'team_lead'] as const) {
      const rows = cells.filter((row) => row.cell.role === role).map((row) => ({ ...row, dispute: { ...row.dispute, version: stored.get(row.dispute.id)! } }));
      const outcomes = await pushAll(role, rows);
      expect(outcomes).toHaveLength(rows.length);
      rows.forEach((row, index) => {
        const desk = caseActionAllowed(row.cell.action, row.dispute, { id: gridActors[role].id, role }, now);
        const outcome = outcomes[index]!;
        const service = outcome.status === 'applied' ? 'allowed' : outcome.code;
        const expected = desk.ok ? 'allowed' : desk.refusal.code;
        if (service !== expected) disagreements.push({ ...row.cell, desk: expected, service });
      });
    }
    expect(disagreements).toEqual([]);
  }, 300_000);
});
