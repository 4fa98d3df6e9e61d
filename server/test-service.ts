import { makeDispute } from '../shared/domain/test-fixtures';
import type { Role } from '../shared/domain/model';
import { syncSchemaVersion } from '../shared/sync/protocol';
import { createCaseService, type CaseServiceOptions } from './app';
import { hashPassword } from './auth';
import type { Database } from './db/database';
import type { TestDatabaseKind } from './db/testing';
import { insertDisputes } from './seed';

// A case service on a real database with a small team and workspace, for the tests that drive
// its routes with bad input. Not used by the service itself.

/** The team every such test signs in as; each password is `<username>-pw`. */
export const testTeam: readonly { id: string; username: string; role: Role }[] = [
  { id: 'u-cm-1', username: 'ana', role: 'case_manager' },
  { id: 'u-cm-2', username: 'bo', role: 'case_manager' },
  { id: 'u-rv-1', username: 'rui', role: 'reviewer' },
  { id: 'u-tl-1', username: 'lee', role: 'team_lead' },
];

/** A running test service: its database, its app, a token per username and request helpers. */
export interface TestService {
  db: Database;
  app: ReturnType<typeof createCaseService>;
  tokens: Record<string, string>;
  post(path: string, body: unknown, username?: string): Promise<Response>;
  push(username: string, clientId: string, mutations: unknown[]): Promise<Response>;
  /** Row counts of every table a call can write, to prove a refused call stored nothing. */
  counts(): Promise<Record<string, number>>;
}

/** The tables a route can write to. */
const writtenTables = ['users', 'sessions', 'disputes', 'deleted_disputes', 'clients', 'mutation_outcomes', 'audit_log', 'blobs', 'uploads', 'upload_parts', 'presence'] as const;

/** Adds `users` to a test database, each named by their username in capitals, with `passwordOf(username)`. */
export async function insertTestUsers(
  db: Database,
  users: readonly { id: string; username: string; role: Role }[],
  passwordOf: (username: string) => string,
): Promise<void> {
  for (const user of users) {
    await db.query('INSERT INTO users (id, username, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)', [
      user.id,
      user.username,
      user.username.toUpperCase(),
      user.role,
      await hashPassword(passwordOf(user.username)),
    ]);
  }
}

/**
 * Opens a fresh database of `kind`, adds the team and `disputes` disputes `D-001`… under review,
 * starts the service on it and signs everyone in.
 */
export async function startTestService(
  kind: TestDatabaseKind,
  disputes = 20,
  clock = new Date('2026-11-26T10:00:00.000Z'),
  evidence: Pick<CaseServiceOptions, 'store' | 'maxUploadBytes' | 'uploadPartBytes'> = {},
): Promise<TestService> {
  const db = await kind.open();
  await insertTestUsers(db, testTeam, (username) => `${username}-pw`);
  const workspace = Array.from({ length: disputes }, (_, index) => makeDispute({ id: `D-${String(index + 1).padStart(3, '0')}`, state: 'under_review' }));
  await insertDisputes(db, workspace, clock.toISOString());
  const app = createCaseService({ db, now: () => clock, maxBlobBytes: 4096, ...evidence });
  const tokens: Record<string, string> = {};
  const post = async (path: string, body: unknown, username?: string) =>
    app.request(path, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(username ? { authorization: `Bearer ${tokens[username]}` } : {}) },
    });
  for (const user of testTeam) {
    const response = await post('/auth/login', { username: user.username, password: `${user.username}-pw` });
    tokens[user.username] = ((await response.json()) as { token: string }).token;
  }
  return {
    db,
    app,
    tokens,
    post,
    push: (username, clientId, mutations) => post('/sync/push', { schemaVersion: syncSchemaVersion, clientId, mutations }, username),
    async counts() {
      const counts: Record<string, number> = {};
      for (const table of writtenTables) {
        const [row] = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`);
        counts[table] = row!.count;
      }
      return counts;
    },
  };
}
