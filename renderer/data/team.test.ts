import { describe, expect, it } from 'vitest';
import { DeskDatabase } from './db';
import { pullTeam } from './team';
import { jsonResponse, testSession } from './test-fixtures';

const team = { members: [{ id: 'u-cm-1', name: 'Ana', role: 'case_manager' }] };

describe('the team list', () => {
  it('is stored for every role, and a failed pull keeps the last list', async () => {
    const db = new DeskDatabase(`team-test-${crypto.randomUUID()}`);
    await db.open();
    await pullTeam(db, testSession, async () => jsonResponse(team));
    expect(await db.meta.get('team')).toEqual({ key: 'team', ...team });

    await pullTeam(db, testSession, async () => new Response('down', { status: 503 }));
    expect(await db.meta.get('team')).toEqual({ key: 'team', ...team });
  });
});
