import { describe, expect, it } from 'vitest';
import { makeDispute } from '../../shared/domain/test-fixtures';
import { syncSchemaVersion } from '../../shared/sync/protocol';
import { DeskDatabase } from './db';
import { jsonResponse, testSession } from './test-fixtures';
import { pullAll } from './sync';

const session = testSession;

function page(ids: string[], cookie: number, more = false) {
  return { cookie, more, disputes: ids.map((id) => makeDispute({ id })), deletedDisputeIds: [], lastMutationId: 0, outcomes: [] };
}

/** A fake case service answering each pull with the next of `answers`. */
function service(answers: (() => Response)[]): { fetch: typeof fetch; bodies: unknown[] } {
  const bodies: unknown[] = [];
  let call = 0;
  return {
    bodies,
    fetch: async (_input, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      const answer = answers[call++];
      if (!answer) throw new TypeError('Failed to fetch');
      return answer();
    },
  };
}

const json = (body: unknown, status = 200) => () => jsonResponse(body, status);

async function freshDb(): Promise<DeskDatabase> {
  const db = new DeskDatabase(`sync-test-${crypto.randomUUID()}`);
  await db.open();
  return db;
}

describe('pullAll', () => {
  it('pulls every page, keeping the cookie with each page, and sends the schema version', async () => {
    const db = await freshDb();
    const fake = service([json(page(['D-1', 'D-2'], 2, true)), json(page(['D-3'], 3))]);
    await expect(pullAll(db, session, () => {}, fake.fetch)).resolves.toMatchObject({ ok: true });
    expect(await db.disputes.count()).toBe(3);
    expect(fake.bodies).toMatchObject([{ schemaVersion: syncSchemaVersion, cookie: null }, { cookie: 2 }]);
    expect(await db.meta.get('sync')).toMatchObject({ cookie: 3 });
  });

  it('refuses a malformed page whole: nothing of it is stored and the cookie stays', async () => {
    const db = await freshDb();
    const broken = page(['D-1', 'D-2'], 9);
    (broken.disputes[1] as { order: unknown }).order = { id: 'O-1' };
    const result = await pullAll(db, session, () => {}, service([json(page(['D-0'], 1, true)), json(broken)]).fetch);
    expect(result).toMatchObject({ ok: false, failure: { kind: 'bad_data', message: expect.stringContaining('Nothing was changed') } });
    expect(await db.disputes.toCollection().primaryKeys()).toEqual(['D-0']);
    expect(await db.meta.get('sync')).toMatchObject({ cookie: 1 });
  });

  it('says the app must be updated when the service speaks another sync version', async () => {
    const db = await freshDb();
    const answer = json({ error: { code: 'schema_version_unsupported', message: 'This service speaks sync version 2, the app sent 1. Update the app.' } }, 426);
    await expect(pullAll(db, session, () => {}, service([answer]).fetch)).resolves.toMatchObject({ ok: false, failure: { kind: 'update_required' } });
  });

  it('asks to sign in again when the token expired, keeping what was synced', async () => {
    const db = await freshDb();
    await pullAll(db, session, () => {}, service([json(page(['D-1'], 1))]).fetch);
    const expired = json({ error: { code: 'token_expired', message: 'Your sign-in has expired. Sign in again.' } }, 401);
    await expect(pullAll(db, session, () => {}, service([expired]).fetch)).resolves.toMatchObject({ ok: false, failure: { kind: 'signed_out' } });
    expect(await db.disputes.count()).toBe(1);
  });

  it('reports offline when the service cannot be reached', async () => {
    const db = await freshDb();
    await expect(pullAll(db, session, () => {}, service([]).fetch)).resolves.toMatchObject({ ok: false, failure: { kind: 'offline' } });
  });

  it('reports a full disk plainly and keeps what was stored before', async () => {
    const db = await freshDb();
    await pullAll(db, session, () => {}, service([json(page(['D-1'], 1))]).fetch);
    db.disputes.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const result = await pullAll(db, session, () => {}, service([json(page(['D-2'], 2))]).fetch);
    expect(result).toMatchObject({ ok: false, failure: { message: expect.stringContaining('out of storage space') } });
    expect(await db.disputes.toCollection().primaryKeys()).toEqual(['D-1']);
    expect(await db.meta.get('sync')).toMatchObject({ cookie: 1 });
  });
});
