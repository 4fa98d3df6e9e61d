import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stopChildProcesses, trackChildProcess } from './child-processes';

describe('child processes stopped at quit', () => {
  it('stops what still runs and forgets what ended by itself', async () => {
    const quick = trackChildProcess(spawn(process.execPath, ['-e', '']));
    await once(quick, 'exit');
    const slow = trackChildProcess(spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']));
    const exited = once(slow, 'exit');
    expect(stopChildProcesses()).toBe(1);
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    expect(stopChildProcesses()).toBe(0);
  });
});
