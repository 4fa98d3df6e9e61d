import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

/** Keeps `child` on the list of processes to stop at quit, until it exits by itself. */
export function trackChildProcess<T extends ChildProcess>(child: T): T {
  if (child.exitCode !== null || child.signalCode !== null) return child;
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/**
 * Stops every tracked child (ffmpeg and ffprobe reading evidence) at quit: an ffmpeg left
 * behind keeps a multi-gigabyte file open and its CPU busy after the window is gone. Returns how
 * many were stopped.
 */
export function stopChildProcesses(): number {
  const count = running.size;
  for (const child of running) child.kill('SIGKILL');
  running.clear();
  return count;
}
