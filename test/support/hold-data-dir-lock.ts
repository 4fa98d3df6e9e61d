// A second Dispute Desk for the data-dir lock's tests: takes the lock on the folder named in its
// argument, prints the outcome as one JSON line, and holds the lock until its stdin closes, then
// exits normally (which releases it).
import { acquireDataDirLock } from '../../electron/services/data-dir-lock';

const outcome = await acquireDataDirLock(process.argv[2]!);
process.stdout.write(`${JSON.stringify(outcome.ok ? { ok: true, file: outcome.lock.file } : outcome)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
