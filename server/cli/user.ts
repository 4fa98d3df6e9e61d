// `npm run server -- user COMMAND`: manages the team of a PostgreSQL deployment (decision 0018).
// Passwords are read from standard input, never from the command line, where `ps` would show them.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openPostgres, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import { addUser, changeRole, disableUser, enableUser, listUsers, minPasswordLength, resetPassword, unlockUser, type UserChange } from '../users';

const usage = `Usage: npm run server -- user COMMAND [--database-url URL]
  list                                   the team: username, role, name
  add USERNAME --name NAME --role ROLE   a new member; the password is read from standard input
  disable USERNAME                       signs them out everywhere; they can no longer sign in
  enable USERNAME                        lets a disabled member sign in again
  reset-password USERNAME                a new password from standard input; signs them out everywhere
  role USERNAME ROLE                     case_manager, reviewer or team_lead; signs them out everywhere
  unlock USERNAME                        lifts a lock left by too many failed sign-ins
The database is --database-url or DATABASE_URL (PostgreSQL). Passwords have at least
${minPasswordLength} characters: printf '%s\\n' "$PASSWORD" | npm run server -- user add ...`;

/** What a run of the command ends with: the exit code and the lines to print. */
interface Ending {
  code: 0 | 1 | 2;
  out: string;
}

const usageError = (message: string): Ending => ({ code: 2, out: `${message}\n${usage}` });

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

function ended(change: UserChange): Ending {
  return change.ok ? { code: 0, out: change.message } : { code: 1, out: change.refusal.message };
}

async function run(db: Database, command: string, args: string[], name: string | undefined, role: string | undefined): Promise<Ending> {
  const [username, extra] = args;
  const needs = (count: number, what: string) => (args.length === count ? undefined : usageError(`\`user ${command}\` takes ${what}.`));
  switch (command) {
    case 'list': {
      const lines = await listUsers(db);
      return { code: 0, out: lines.length > 0 ? lines.join('\n') : 'The team has no members yet. Add one with `user add`.' };
    }
    case 'add':
      if (!username || args.length !== 1) return usageError('`user add` takes a USERNAME.');
      if (!name || !role) return usageError('`user add` needs --name and --role.');
      return ended(await addUser(db, { username, name, role, password: await readPassword() }));
    case 'disable':
      return needs(1, 'a USERNAME') ?? ended(await disableUser(db, username ?? ''));
    case 'enable':
      return needs(1, 'a USERNAME') ?? ended(await enableUser(db, username ?? ''));
    case 'reset-password':
      return needs(1, 'a USERNAME') ?? ended(await resetPassword(db, username ?? '', await readPassword()));
    case 'role':
      return needs(2, 'a USERNAME and a ROLE') ?? ended(await changeRole(db, username ?? '', extra ?? ''));
    case 'unlock':
      return needs(1, 'a USERNAME') ?? ended(await unlockUser(db, username ?? '', new Date()));
    default:
      return usageError(`Unknown command "${command.slice(0, 40)}".`);
  }
}

/** Runs `user …` with the arguments after `user`, printing its answer and exiting with its code. */
export async function runUserCommand(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'database-url': { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    return finish(usageError((error as Error).message));
  }
  const [command, ...args] = parsed.positionals;
  if (parsed.values.help || !command) return finish({ code: parsed.values.help ? 0 : 2, out: usage });
  const url = parsed.values['database-url'] ?? process.env.DATABASE_URL;
  if (!url) return finish(usageError('The user command manages a PostgreSQL deployment: give --database-url or set DATABASE_URL.'));
  let db: Database;
  try {
    db = await openPostgres(url);
  } catch (error) {
    return finish({ code: 1, out: `Cannot reach the PostgreSQL server: ${(error as Error).message}` });
  }
  try {
    await migrate(db);
    finish(await run(db, command, args, parsed.values.name, parsed.values.role));
  } finally {
    await db.close();
  }
}

function finish(ending: Ending): void {
  (ending.code === 0 ? process.stdout : process.stderr).write(`${ending.out}\n`);
  process.exitCode = ending.code;
}
