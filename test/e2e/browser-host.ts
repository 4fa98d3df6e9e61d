import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** A browser host started from the build, as `npm start` starts it, with its own data folder. */
export interface RunningHost {
  /** The full address it printed, token included. */
  url: string;
  /** The origin without the token, such as http://127.0.0.1:41234. */
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const servingLine = /^Dispute Desk is serving at (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)$/;

/** Starts out/main/browser-host.js on a free port and waits for its serving line. */
export async function startBrowserHost(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<RunningHost> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, 'out', 'main', 'browser-host.js'), '--port', '0', '--data-dir', dataDir, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  const lines = createInterface({ input: child.stdout! });
  // Log records (JSON lines, such as the desk key made at a first start) may come before it.
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The browser host printed no serving line within 15 s')), 15_000);
    const onLine = (line: string) => {
      if (line.startsWith('{')) return;
      clearTimeout(timer);
      lines.off('line', onLine);
      resolve(line);
    };
    lines.on('line', onLine);
    child.once('exit', (code) => reject(new Error(`The browser host exited with code ${code} before serving`)));
  });
  const match = servingLine.exec(first);
  if (!match) throw new Error(`Unexpected line from the browser host before its serving line: ${first}`);
  return {
    url: `${match[1]}/#token=${match[2]}`,
    origin: match[1]!,
    token: match[2]!,
    dataDir,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
