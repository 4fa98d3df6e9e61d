import { chromium, type Browser } from '@playwright/test';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { chromiumArgs, chromiumPath } from '../../playwright.config';
import { startBrowserHost } from '../e2e/browser-host';
import { median, round, spreadOf, type Bench } from './harness';

// The floor: a bare Node HTTP server that prints a line and serves one static page with a nav.
// Spawning Node, navigating Chromium and painting cost this much on this machine right now.
const referenceServer = `
const http = require('node:http');
const page = '<!doctype html><title>ref</title><nav aria-label="Sections">Queues</nav>';
const server = http.createServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end(page); });
server.listen(0, '127.0.0.1', () => console.info('serving at http://127.0.0.1:' + server.address().port + '/'));
`;

async function startReference(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', referenceServer], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { url: line.replace('serving at ', ''), stop: () => child.kill() };
}

async function paintTime(browser: Browser, start: () => Promise<{ url: string; stop(): unknown }>): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const began = performance.now();
  const server = await start();
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  // A frame after the nav exists is a frame in which it was painted.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const elapsed = performance.now() - began;
  await context.close();
  await server.stop();
  return elapsed;
}

/** Browser-host start-up to the first painted shell in Chromium, against a bare static server. */
export const startup: Bench = {
  name: 'startup',
  async run(size) {
    const rounds = size === 'small' ? 2 : 10;
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const values: number[] = [];
    const baselines: number[] = [];
    try {
      await paintTime(browser, startReference); // warm Chromium's caches once
      for (let i = 0; i < rounds; i += 1) {
        baselines.push(await paintTime(browser, startReference));
        values.push(await paintTime(browser, () => startBrowserHost()));
      }
    } finally {
      await browser.close();
    }
    const value = median(values);
    const baseline = median(baselines);
    return {
      bench: 'startup',
      value: round(value),
      unit: 'ms',
      baseline: round(baseline),
      ratio: round(value / baseline),
      target: 1000,
      size,
      samples: rounds,
      spread: { value: spreadOf(values), baseline: spreadOf(baselines) },
    };
  },
};
