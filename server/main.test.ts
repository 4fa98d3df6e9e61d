import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('the case service process, stopped with SIGTERM', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-stop-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('stops accepting, answers the request under way, closes the database and exits 0', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--no-demo', '--port', '0', '--data-dir', dataDir], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '' },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (pattern: RegExp) => {
      for (let waited = 0; !pattern.test(out); waited += 50) {
        if (waited > 90_000) throw new Error(`Gave up waiting for ${pattern}; the service printed:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return pattern.exec(out)!;
    };
    try {
      const port = Number((await waitFor(/case service at http:\/\/127\.0\.0\.1:(\d+)/))[1]);

      // A sign-in whose body is still arriving when the signal comes.
      const body = JSON.stringify({ username: 'nobody', password: 'wrong password' });
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.write(`POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nX-Request-Id: in-flight-1\r\n\r\n`);
      socket.write(body.slice(0, 10));
      // And one whose body never finishes: the stop must not wait for it past its bound.
      const stuck = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => stuck.once('connect', resolve));
      stuck.on('error', () => undefined);
      stuck.write(`POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n{`);
      await new Promise((resolve) => setTimeout(resolve, 300));

      const signalled = Date.now();
      child.kill('SIGTERM');
      await waitFor(/"message":"stopping: no new connections/);
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
      socket.write(body.slice(10));
      // The service closes the connection once it has answered: it is stopping.
      await closed;
      expect(answer, out).toMatch(/^HTTP\/1\.1 401/);
      expect(answer).toMatch(/x-request-id: in-flight-1/i);

      expect(await exited).toBe(0);
      const stoppedAfter = Date.now() - signalled;
      expect(stoppedAfter).toBeGreaterThanOrEqual(9_000);
      expect(stoppedAfter).toBeLessThan(40_000);
      expect(out).toMatch(/"connections":1,.*"message":"stopped waiting for requests still under way"/);
      expect(out).toMatch(/"requestId":"in-flight-1".*"message":"answered"/);
      expect(out).toMatch(/"message":"stopped"/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 180_000); // Starts TypeScript and PGlite in a child process: many seconds on a loaded machine.
});
