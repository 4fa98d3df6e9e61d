// `npm run simulate -- [TYPE] [--dispute ID] [--count N] [--url URL]`: plays the marketplace's
// buyers and sellers against a case service in demo mode, one event per line of output.
import { parseArgs } from 'node:util';
import { simulatedEventTypes } from './simulator';

const usage = `Usage: npm run simulate -- [TYPE] [--dispute ID] [--count N] [--url URL]
  TYPE        one of: ${simulatedEventTypes.join(', ')} (default: a mix)
  --dispute   the dispute to act on (default: one the event fits)
  --count     how many events (default 1)
  --url       the case service (default http://127.0.0.1:4000)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { dispute: { type: 'string' }, count: { type: 'string', default: '1' }, url: { type: 'string', default: 'http://127.0.0.1:4000' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`);
  }
  if (parsed.values.help) return void process.stdout.write(`${usage}\n`);
  const [type] = parsed.positionals;
  if (type !== undefined && !(simulatedEventTypes as readonly string[]).includes(type)) fail(`Unknown event "${type}".\n${usage}`);
  const count = Number(parsed.values.count);
  if (!Number.isInteger(count) || count < 1) fail('--count must be a whole number of at least 1.');
  for (let i = 0; i < count; i += 1) {
    let response: Response;
    try {
      response = await fetch(new URL('/demo/events', parsed.values.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...(type && { type }), ...(parsed.values.dispute && { disputeId: parsed.values.dispute }) }),
      });
    } catch {
      fail(`No case service answers at ${parsed.values.url}. Start one with \`npm run server\`.`);
    }
    if (response.status === 404) fail(`The case service at ${parsed.values.url} is not in demo mode, so it has no simulator.`);
    process.stdout.write(`${JSON.stringify(await response.json())}\n`);
  }
}

void main();
