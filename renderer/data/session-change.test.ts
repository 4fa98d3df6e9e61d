import { describe, expect, it } from 'vitest';
import { DeskDatabase, readSyncRecord, storedRows, type SessionRecord, type SyncRecord } from './db';
import { auditPageOf } from './audit-records';
import { logout } from './service-client';
import { adoptSession, forgetService, removeTeamData, signOutEverywhere, signOutHere } from './session-change';
import { jsonResponse, putRows, testSession } from './test-fixtures';

const lina = testSession;
const mateo: SessionRecord = { ...testSession, token: 'm', user: { id: 'u-cm-2', name: 'Mateo', role: 'case_manager' } };
const dmitri: SessionRecord = { ...testSession, token: 'd', user: { id: 'u-tl-1', name: 'Dmitri', role: 'team_lead' } };
const other: SessionRecord = { ...dmitri, token: 'e', user: { id: 'u-tl-2', name: 'Elena', role: 'team_lead' } };

function freshDb(): DeskDatabase {
  return new DeskDatabase(`session-change-${crypto.randomUUID()}`);
}

async function syncRecord(db: DeskDatabase): Promise<SyncRecord> {
  return (await db.meta.get('sync')) as SyncRecord;
}

/** What a team lead's pull leaves: one audit entry, its decision, a day, the log's record and the team. */
async function withAuditCopy(db: DeskDatabase): Promise<void> {
  await db.auditPages.put(auditPageOf([{ seq: 1, at: '2026-11-26T10:00:00.000Z', actor: 'u-cm-1', action: 'dispute.ruled', disputeId: 'D-1', payload: {}, prevHash: '0', hash: 'h1' }]));
  await db.decisions.put({ seq: 1 } as never);
  await db.auditMonths.put({ month: '2026-11', days: [{ key: 'u-cm-1|2026-11-26' } as never] });
  await db.meta.bulkPut([{ key: 'audit', lastSeq: 1, head: { seq: 1, hash: 'h1' }, pulledAt: null }, { key: 'team', members: [] }]);
}

async function auditCounts(db: DeskDatabase) {
  return [await db.auditPages.count(), await db.decisions.count(), await db.auditMonths.count(), (await db.meta.bulkGet(['audit', 'team'])).filter(Boolean).length];
}

async function queueChange(db: DeskDatabase, mutationId: number, status: 'pending' | 'applied' | 'rejected'): Promise<void> {
  await db.outbox.add({ mutationId, name: 'dispute.claim', args: { disputeId: `D-${mutationId}` }, baseVersion: 1, status, createdAt: '2026-11-26T10:00:00.000Z' });
}

describe('changing who is signed in on this computer', () => {
  it('keeps the client of the user who signs in again, with its changes and mutation ids', async () => {
    const db = freshDb();
    await adoptSession(db, lina);
    const first = await syncRecord(db);
    expect(first.owner).toEqual(lina.user);
    await db.meta.put({ ...first, ackedMutationId: 4, lastMutationId: 5 });
    await queueChange(db, 5, 'pending');
    await expect(adoptSession(db, { ...lina, token: 'again' })).resolves.toEqual({ ok: true });
    expect(await syncRecord(db)).toMatchObject({ clientId: first.clientId, ackedMutationId: 4, lastMutationId: 5 });
    expect(await db.outbox.count()).toBe(1);
    expect(((await db.meta.get('session')) as SessionRecord).token).toBe('again');
  });

  it('gives another user a client of their own, since the service refuses one user’s client to the next', async () => {
    const db = freshDb();
    await adoptSession(db, lina);
    const linas = await syncRecord(db);
    await db.meta.put({ ...linas, cookie: 812, ackedMutationId: 3, lastMutationId: 3, lastSyncedAt: '2026-11-26T11:00:00.000Z' });
    await queueChange(db, 2, 'applied');
    await queueChange(db, 3, 'rejected');
    await expect(adoptSession(db, mateo)).resolves.toEqual({ ok: true });
    const mateos = await syncRecord(db);
    expect(mateos.clientId).not.toBe(linas.clientId);
    expect(mateos.clientId).toMatch(/^desk-/);
    // The disputes pulled so far stay; mutation ids start again, so Li Na's answered changes go.
    expect(mateos).toMatchObject({ owner: mateo.user, cookie: 812, ackedMutationId: 0, lastSyncedAt: '2026-11-26T11:00:00.000Z' });
    expect(mateos.lastMutationId).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses another user while changes wait, naming whose they are, and writes nothing', async () => {
    const db = freshDb();
    await adoptSession(db, lina);
    const before = await syncRecord(db);
    await queueChange(db, 1, 'pending');
    await queueChange(db, 2, 'pending');
    await expect(adoptSession(db, mateo)).resolves.toEqual({ ok: false, owner: lina.user, pending: 2 });
    expect(await syncRecord(db)).toEqual(before);
    expect(((await db.meta.get('session')) as SessionRecord).user).toEqual(lina.user);
    expect(await db.outbox.where('status').equals('pending').count()).toBe(2);
    // Li Na herself may sign in and send them.
    await expect(adoptSession(db, lina)).resolves.toEqual({ ok: true });
  });

  it('takes the owner of a client recorded before owners were kept from the stored session', async () => {
    const db = freshDb();
    const legacy = await readSyncRecord(db);
    await db.meta.put(lina);
    await queueChange(db, 1, 'pending');
    await expect(adoptSession(db, mateo)).resolves.toMatchObject({ ok: false, owner: lina.user, pending: 1 });
    expect((await syncRecord(db)).clientId).toBe(legacy.clientId);
  });

  it('forgets the audit copy when anyone but a team lead signs in, and keeps it for a team lead', async () => {
    const db = freshDb();
    await adoptSession(db, dmitri);
    await withAuditCopy(db);
    await adoptSession(db, other);
    expect(await auditCounts(db)).toEqual([1, 1, 1, 2]);
    await adoptSession(db, lina);
    expect(await auditCounts(db)).toEqual([0, 0, 0, 0]);
  });

  it('signs out: the session and the audit copy go, the queues and the client stay', async () => {
    const db = freshDb();
    await adoptSession(db, dmitri);
    await withAuditCopy(db);
    await putRows(db, [{ row: { id: 'D-1' } as never }]);
    const client = (await syncRecord(db)).clientId;
    await expect(signOutHere(db)).resolves.toEqual({ ok: true });
    expect(await db.meta.get('session')).toBeUndefined();
    expect(await auditCounts(db)).toEqual([0, 0, 0, 0]);
    expect((await storedRows(db)).values.size).toBe(1);
    expect((await syncRecord(db)).clientId).toBe(client);
  });

  it('refuses to sign out while changes wait, and keeps everything', async () => {
    const db = freshDb();
    await adoptSession(db, dmitri);
    await withAuditCopy(db);
    await queueChange(db, 1, 'pending');
    await expect(signOutHere(db)).resolves.toEqual({ ok: false, pending: 1 });
    expect(((await db.meta.get('session')) as SessionRecord).user).toEqual(dmitri.user);
    expect(await auditCounts(db)).toEqual([1, 1, 1, 2]);
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('connecting this computer to another case service', () => {
  /** What a synced, signed-in team lead's computer holds: queues, search, a whole dispute, answered changes, the audit copy. */
  async function withServiceCopy(db: DeskDatabase): Promise<void> {
    await adoptSession(db, dmitri);
    await withAuditCopy(db);
    await putRows(db, [{ row: { id: 'D-1' } as never, search: { id: 'D-1', text: 'd-1' } }]);
    await db.disputes.put({ id: 'D-1' } as never);
    await queueChange(db, 1, 'applied');
    await queueChange(db, 2, 'rejected');
  }

  it('forgets everything of the previous service: session, client, queues, outbox history and audit copy', async () => {
    const db = freshDb();
    await withServiceCopy(db);
    const client = (await syncRecord(db)).clientId;
    await expect(forgetService(db)).resolves.toEqual({ ok: true });
    for (const table of db.tables) expect(await table.count(), table.name).toBe(0);
    // The next service gets a client of its own, with mutation ids from 1.
    const fresh = await readSyncRecord(db);
    expect(fresh.clientId).not.toBe(client);
    expect(fresh).toMatchObject({ cookie: null, ackedMutationId: 0 });
  });

  it('refuses while changes wait for the previous service, and removes nothing', async () => {
    const db = freshDb();
    await withServiceCopy(db);
    await queueChange(db, 3, 'pending');
    await expect(forgetService(db)).resolves.toEqual({ ok: false, pending: 1 });
    expect(await db.meta.get('session')).toBeDefined();
    expect(await auditCounts(db)).toEqual([1, 1, 1, 2]);
    expect([await db.rowPages.count(), await db.disputes.count(), await db.searchPages.count(), await db.outbox.count()]).toEqual([1, 1, 1, 3]);
  });
});

describe('signing out of the case service too', () => {
  it('signs out here first, then has the service revoke the token', async () => {
    const db = freshDb();
    await adoptSession(db, lina);
    const asked: { url: string; method?: string; authorization?: string; signedIn: boolean }[] = [];
    const service: typeof fetch = async (input, init) => {
      asked.push({
        url: String(input),
        method: init?.method,
        authorization: new Headers(init?.headers).get('authorization') ?? undefined,
        signedIn: (await db.meta.get('session')) !== undefined,
      });
      return new Response(null, { status: 204 });
    };
    await expect(signOutEverywhere(db, lina, async (session) => (await logout(service, session)).ok)).resolves.toEqual({ ok: true, revoked: true });
    expect(asked).toEqual([{ url: 'http://127.0.0.1:4000/auth/logout', method: 'POST', authorization: `Bearer ${lina.token}`, signedIn: false }]);
  });

  it('still signs out here when the service cannot be reached or refuses the token', async () => {
    for (const service of [
      (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
      (async () => jsonResponse({ error: { code: 'unauthorized', message: 'This sign-in is not known here. Sign in again.' } }, 401)) as typeof fetch,
    ]) {
      const db = freshDb();
      await adoptSession(db, lina);
      await expect(signOutEverywhere(db, lina, async (session) => (await logout(service, session)).ok)).resolves.toEqual({ ok: true, revoked: false });
      expect(await db.meta.get('session')).toBeUndefined();
    }
  });

  it('asks the service nothing while changes wait to be sent: the user stays signed in', async () => {
    const db = freshDb();
    await adoptSession(db, lina);
    await queueChange(db, 1, 'pending');
    let asked = 0;
    const revoke = async () => {
      asked += 1;
      return true;
    };
    await expect(signOutEverywhere(db, lina, revoke)).resolves.toEqual({ ok: false, pending: 1 });
    expect(asked).toBe(0);
    expect(await db.meta.get('session')).toBeDefined();
  });
});

describe('signing out with "remove this team\'s data"', () => {
  /** A store as a day's work leaves it: the team's disputes, an answered change, a draft, a saved view, the audit copy. */
  async function aDaysWork(db: DeskDatabase): Promise<void> {
    await adoptSession(db, dmitri);
    await putRows(db, [{ row: { id: 'D-1' } as never, search: { id: 'D-1', text: 'li na parcel' } }]);
    await db.disputes.put({ id: 'D-1', doc: { id: 'D-1' } as never });
    await queueChange(db, 1, 'applied');
    await db.drafts.put({ userId: dmitri.user.id, disputeId: 'D-1', savedAt: '2026-11-26T10:00:00.000Z', values: { rationale: 'The photos show a crushed box.' } });
    await db.savedViews.put({ userId: dmitri.user.id, name: 'Mine', savedAt: '2026-11-26T10:00:00.000Z', view: {} });
    await withAuditCopy(db);
  }

  function storage(entries: Record<string, string>) {
    const map = new Map(Object.entries(entries));
    return {
      map,
      get length() {
        return map.size;
      },
      key: (index: number) => [...map.keys()][index] ?? null,
      removeItem: (key: string) => void map.delete(key),
    };
  }

  it('removes the evidence first, then every record of the team here and local storage but the language', async () => {
    const db = freshDb();
    await aDaysWork(db);
    const kept = storage({ 'desk.language': 'zh-CN', 'desk.audit.view': '{"search":"li na"}', 'desk.dismissed.u-tl-1': '[]' });
    const order: string[] = [];
    const removeEvidence = async () => {
      order.push(`evidence removed while ${await db.disputes.count()} dispute(s) were held`);
      return { ok: true as const };
    };

    await expect(removeTeamData(db, removeEvidence, kept, ['desk.language'])).resolves.toEqual({ ok: true });

    expect(order).toEqual(['evidence removed while 1 dispute(s) were held']);
    for (const table of db.tables) expect(await table.count(), table.name).toBe(0);
    expect([...kept.map.keys()]).toEqual(['desk.language']);
  });

  it('removes nothing while changes wait to be sent, or while the host is still moving files', async () => {
    const waiting = freshDb();
    await aDaysWork(waiting);
    await queueChange(waiting, 2, 'pending');
    let asked = 0;
    const removeEvidence = async () => {
      asked += 1;
      return { ok: true as const };
    };
    await expect(removeTeamData(waiting, removeEvidence, storage({}), [])).resolves.toEqual({ ok: false, pending: 1 });
    expect(asked).toBe(0);
    expect(await waiting.disputes.count()).toBe(1);

    const moving = freshDb();
    await aDaysWork(moving);
    const busy = 'Nothing was removed: 2 files are still being brought in. Wait for it to finish, then try again.';
    const local = storage({ 'desk.audit.view': '{}' });
    await expect(removeTeamData(moving, async () => ({ ok: false, message: busy }), local, [])).resolves.toEqual({ ok: false, busy });
    expect(await moving.disputes.count()).toBe(1);
    expect(await moving.meta.get('session')).toBeDefined();
    expect(local.map.size).toBe(1);
  });
});
