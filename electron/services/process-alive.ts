/**
 * Whether a process with this id runs on this machine. Signal 0 checks without sending anything:
 * ESRCH means there is no such process; EPERM means there is one, run by another user.
 * A process id can be reused after its process ended, so "running" may be a stranger: callers
 * then keep what they found, which is the safe mistake.
 */
export function isProcessRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
