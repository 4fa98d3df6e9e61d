import { expect, test } from '@playwright/test';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Dispute } from '../../shared/domain/model';
import { loginResponseSchema, pullResponseSchema, syncSchemaVersion } from '../../shared/sync/protocol';
import { changeRow, openCase, openRulingForm, recordRuling, signIn } from './ruling-support';

// The README's `npm start`, as a newcomer runs it: the embedded case service and the app as
// separate lives. The service is stopped from the terminal, the app keeps serving and works
// offline, and the ruling made meanwhile is applied once the service is started again, all at
// one address. A second `npm start` on the same demo folder comes back on the same ports.

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

test.describe.configure({ timeout: 240_000 });

/** `npm start` (the build is the one `npm test` just made), its output read line by line. */
class NpmStart {
  readonly lines: string[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiters: { pattern: RegExp; resolve: (match: RegExpExecArray) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [path.join(repoRoot, 'build', 'start.mjs'), '--no-build', ...args], { cwd: repoRoot, env: { ...process.env, DESK_SERVICE_URL: '' } });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      for (const waiter of [...this.waiters]) {
        const match = waiter.pattern.exec(line);
        if (match) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
    });
  }

  /** The first line, printed so far or from now on, that matches. */
  async line(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
    const printed = this.lines.map((line) => pattern.exec(line)).find((match) => match !== null);
    if (printed) return printed;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no line matching ${pattern} within ${timeoutMs} ms:\n${this.lines.join('\n')}`)), timeoutMs);
      this.waiters.push({
        pattern,
        resolve: (match) => {
          clearTimeout(timer);
          resolve(match);
        },
      });
    });
  }

  /** Types a key and Enter, as on a terminal. */
  type(key: string): void {
    this.child.stdin.write(`${key}\n`);
  }

  /** Ends it however it is: q first, a signal if that is ignored. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    this.type('q');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** Reads the service's copy of every dispute, as the team lead, through its own API. */
async function serviceDisputes(serviceUrl: string): Promise<Dispute[]> {
  const login = await fetch(`${serviceUrl}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'dmitri', password: 'demo-dmitri' }),
  });
  const { token } = loginResponseSchema.parse(await login.json());
  const pulled = await fetch(`${serviceUrl}/sync/pull`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ schemaVersion: syncSchemaVersion, clientId: `e2e-${randomUUID()}`, cookie: null, limit: 5000 }),
  });
  return pullResponseSchema.parse(await pulled.json()).disputes as Dispute[];
}

test('npm start: stop the case service from the terminal, rule offline at the same address, start it again and the ruling lands', async ({ page }) => {
  const demoDir = await mkdtemp(path.join(os.tmpdir(), 'desk-start-demo-'));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-start-app-'));
  const start = new NpmStart(['--demo-dir', demoDir, '--data-dir', dataDir, '--service-port', '0', '--demo-size', '60']);
  try {
    // One line per stage, and the seeding counted, so a first start is never silent.
    await start.line(/^Ready\./);
    const printed = start.lines.join('\n');
    expect(printed).toContain('[1/3] Using the last build');
    expect(printed).toMatch(/\[2\/3\] Starting the embedded case service on port \d+/);
    expect(printed).toContain('Seeding the demo workspace: 60/60 disputes written');
    expect(printed).toContain('[3/3] Starting the app in the browser host');
    const serviceUrl = (await start.line(/case service at (http:\/\/\S+)/))[1]!;
    const appUrl = (await start.line(/serving at (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/))[1]!;
    const appOrigin = new URL(appUrl).origin;

    const dispute = (await serviceDisputes(serviceUrl)).find(
      (d) => ['escalated', 'awaiting_evidence', 'under_review'].includes(d.state) && d.assignee === undefined && !d.return && !d.agreement,
    );
    if (!dispute) throw new Error('The demo workspace has no plain unassigned dispute to rule');

    await page.goto(appUrl);
    await signIn(page, 'lina', 'demo-lina');
    await expect(page.getByTestId('network-status')).toHaveText('Online');
    await openCase(page, dispute);

    start.type('s');
    await start.line(/^The case service is stopped\./, 30_000);
    // The badge follows the service, not the browser's network flag (which stays online here).
    await expect(page.getByTestId('network-status')).toHaveText('Offline', { timeout: 20_000 });
    expect(await fetch(`${appOrigin}/`).then((response) => response.status)).toBe(200);

    const form = await openRulingForm(page, dispute.id);
    await recordRuling(page, form, { outcome: 'Full refund', rationale: 'The buyer’s video shows the item does not work.', effect: 'The buyer gets back' });
    await expect(changeRow(page, 'Ruling: Full refund')).toContainText('Waiting to send');
    // Starting the ruling claimed the unassigned case first (issue 21): the claim waits with it.
    await expect(page.getByTestId('pending-changes')).toHaveText('2 changes waiting to send');

    start.type('s');
    await start.line(/^The case service is back\./, 60_000);
    // Nobody clicks Sync now: the app notices the service answering and sends what waited.
    await expect(page.getByTestId('network-status')).toHaveText('Online', { timeout: 20_000 });
    await expect(changeRow(page, 'Ruling: Full refund')).toContainText('Applied', { timeout: 20_000 });
    await expect(page.getByTestId('pending-changes')).toHaveCount(0);
    expect(new URL(page.url()).origin).toBe(appOrigin);

    const ruled = (await serviceDisputes(serviceUrl)).find((d) => d.id === dispute.id);
    expect(ruled).toMatchObject({ state: 'ruled', assignee: 'u-cm-1', ruling: { outcome: 'full_refund', ruledBy: 'u-cm-1' } });

    expect(await start.stop()).toBe(0);
    await expect(fetch(`${serviceUrl}/health`)).rejects.toThrow();

    // Started again on the same demo folder: the same ports, so the same address and session.
    const again = new NpmStart(['--demo-dir', demoDir, '--data-dir', dataDir]);
    try {
      await again.line(/^Ready\./);
      expect(again.lines.join('\n')).not.toContain('Seeding');
      expect((await again.line(/case service at (http:\/\/\S+)/))[1]).toBe(serviceUrl);
      const sameApp = (await again.line(/serving at (http:\/\/127\.0\.0\.1:\d+)\//))[1];
      expect(sameApp).toBe(appOrigin);
    } finally {
      await again.stop();
    }
  } finally {
    await start.stop();
    await rm(demoDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
});
