import { chromium, type BrowserContext } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { chromiumArgs, chromiumPath } from '../../playwright.config';
import { startBrowserHost } from '../e2e/browser-host';
import { comparedResult, median, type Bench, type BenchResult, type BenchSize } from './harness';

// The floor: a bare Node HTTP server that prints a line and serves one static page with a nav.
// Spawning Node, navigating Chromium and painting cost this much on this machine right now.
const referenceServer = `
const http = require('node:http');
const page = '<!doctype html><title>ref</title><nav aria-label="Sections">Queues</nav>';
const server = http.createServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end(page); });
server.listen(Number(process.argv[1] ?? 0), '127.0.0.1', () => console.info('serving at http://127.0.0.1:' + server.address().port + '/'));
`;

async function startReference(port = 0): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', referenceServer, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { url: line.replace('serving at ', ''), stop: () => child.kill() };
}

/** From starting a server to the shell painted, in a new page of `context`. */
async function paintTime(context: BrowserContext, start: () => Promise<{ url: string; stop(): unknown }>): Promise<number> {
  const page = await context.newPage();
  const began = performance.now();
  const server = await start();
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  // A frame after the nav exists is a frame in which it was painted.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const elapsed = performance.now() - began;
  await page.close();
  await server.stop();
  return elapsed;
}

function result(bench: string, size: BenchSize, values: number[], baselines: number[]): BenchResult {
  return comparedResult({ bench, unit: 'ms', target: 1000, size }, values, baselines, median);
}

/**
 * Browser-host start-up to the first painted shell in Chromium, against a bare static server.
 * `startup` is a first start: a browser profile that never saw this build, so every script is
 * fetched and compiled. `startup-warm` is every start after it, as a case manager's morning goes:
 * the same profile and address, so the browser has the hashed scripts and their compiled code.
 */
export const startup: Bench = {
  name: 'startup',
  async run(size) {
    const rounds = size === 'small' ? 2 : 10;
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const cold: number[] = [];
    const coldBaselines: number[] = [];
    try {
      const fresh = async (start: () => Promise<{ url: string; stop(): unknown }>) => {
        const context = await browser.newContext();
        try {
          return await paintTime(context, start);
        } finally {
          await context.close();
        }
      };
      await fresh(startReference); // warm Chromium's own caches once
      for (let i = 0; i < rounds; i += 1) {
        coldBaselines.push(await fresh(startReference));
        cold.push(await fresh(() => startBrowserHost()));
      }
    } finally {
      await browser.close();
    }
    const profile = await mkdtemp(path.join(os.tmpdir(), 'desk-bench-profile-'));
    const warm: number[] = [];
    const warmBaselines: number[] = [];
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs });
    try {
      // One fixed address each, as `npm start` keeps its port; the first start of each fills the cache.
      const [appPort, referencePort] = [47_000 + (process.pid % 1_000), 48_000 + (process.pid % 1_000)];
      const app = () => startBrowserHost(['--port', String(appPort)]);
      const reference = () => startReference(referencePort);
      await paintTime(context, app);
      await paintTime(context, reference);
      for (let i = 0; i < rounds; i += 1) {
        warmBaselines.push(await paintTime(context, reference));
        warm.push(await paintTime(context, app));
      }
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
    return [result('startup', size, cold, coldBaselines), result('startup-warm', size, warm, warmBaselines)];
  },
};
