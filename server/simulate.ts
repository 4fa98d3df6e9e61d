// `npm run simulate -- [TYPE] [--dispute ID] [--count N] [--url URL]`: plays the marketplace's
// buyers and sellers against a case service in demo mode, one event per line of output. The
// service lets only a signed-in team lead do that; by default this signs in as the demo team lead.
import { parseArgs } from 'node:util';
import { demoUsers } from './demo/users';
import { simulatedEventTypes } from './simulator';

const demoLead = demoUsers.find((user) => user.role === 'team_lead');

const usage = `Usage: npm run simulate -- [TYPE] [--dispute ID] [--count N] [--url URL] [--username NAME]
  TYPE        one of: ${simulatedEventTypes.join(', ')} (default: a mix)
  --dispute   the dispute to act on (default: one the event fits)
  --count     how many events (default 1)
  --url       the case service (default http://127.0.0.1:4000)
  --username  a team lead to sign in as (default the demo team lead, ${demoLead?.username});
              the password is DESK_PASSWORD, or the demo one for the demo team lead`;

/** Signs in as a team lead and returns the bearer token, or ends with what went wrong. */
async function signIn(url: string, username: string): Promise<string> {
  const password = process.env.DESK_PASSWORD ?? (username === demoLead?.username ? demoLead.password : undefined);
  if (!password) fail(`Set DESK_PASSWORD to the password of ${username}.`);
  let response: Response;
  try {
    response = await fetch(new URL('/auth/login', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    fail(`No case service answers at ${url}. Start one with \`npm run server\`.`);
  }
  const body = (await response.json().catch(() => undefined)) as { token?: unknown; error?: { message?: unknown } } | undefined;
  if (!response.ok || typeof body?.token !== 'string') fail(`Could not sign in as ${username}: ${String(body?.error?.message ?? `HTTP ${response.status}`)}`);
  return body.token;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        dispute: { type: 'string' },
        count: { type: 'string', default: '1' },
        url: { type: 'string', default: 'http://127.0.0.1:4000' },
        username: { type: 'string', default: demoLead?.username ?? '' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`);
  }
  if (parsed.values.help) return void process.stdout.write(`${usage}\n`);
  const [type] = parsed.positionals;
  if (type !== undefined && !(simulatedEventTypes as readonly string[]).includes(type)) fail(`Unknown event "${type}".\n${usage}`);
  const count = Number(parsed.values.count);
  if (!Number.isInteger(count) || count < 1) fail('--count must be a whole number of at least 1.');
  const token = await signIn(parsed.values.url, parsed.values.username);
  for (let i = 0; i < count; i += 1) {
    let response: Response;
    try {
      response = await fetch(new URL('/demo/events', parsed.values.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...(type && { type }), ...(parsed.values.dispute && { disputeId: parsed.values.dispute }) }),
      });
    } catch {
      fail(`No case service answers at ${parsed.values.url}. Start one with \`npm run server\`.`);
    }
    if (response.status === 404) fail(`The case service at ${parsed.values.url} is not in demo mode, so it has no simulator.`);
    if (response.status === 403) fail(`${parsed.values.username} is not a team lead; only a team lead may play the demo marketplace.`);
    process.stdout.write(`${JSON.stringify(await response.json())}\n`);
  }
}

void main();
