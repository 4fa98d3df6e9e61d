import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeskResult } from '../../../shared/contract/errors';
import type { IngestJobProgressValue } from '../../../shared/contract/evidence-calls';
import type { EvidenceItem } from '../../../shared/domain/model';
import { evidenceItemOf, type IntakeTarget } from './intake-context';
import type { StoredReport } from './use-case-reporter';

/** How often a running job is asked for its progress: smooth bars, and cheap for the host. */
const pollEveryMs = 250;
/** After a failed poll (the host busy or gone) the next one waits longer. */
const retryEveryMs = 2_000;

/** One ingestion job the intake started, with what it was for and what the host last said. */
export interface IntakeJob {
  jobId: string;
  target: IntakeTarget;
  /** The external link it fetches, for link jobs. */
  url?: string;
  progress: IngestJobProgressValue | null;
  /** Positions of stored files the case already had, so they were not added again. */
  alreadyInCase: readonly number[];
  /** The host no longer knows the job (restarted, or forgot it long after it finished). */
  lost: boolean;
  /** Why the last poll failed, while it is failing. */
  pollError?: string;
}

/** Waits `ms`, or less if `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

type FollowedJob = Omit<IntakeJob, 'progress' | 'lost' | 'alreadyInCase'>;

/**
 * The intake's jobs: starts them, polls each until it finishes, and hands every stored file to
 * `report` exactly once. Reporting happens in the poll loop, never while rendering, and a map
 * of reported files guards it, so re-renders and repeated polls cannot report a file twice.
 * Leaving the intake stops the polling, not the jobs: the host finishes them either way, and
 * `finishedJobs` (a count that only grows) lets the intake look for what they stored.
 */
export function useIngestJobs(report: (item: EvidenceItem) => StoredReport) {
  const [jobs, setJobs] = useState<IntakeJob[]>([]);
  const [startError, setStartError] = useState<string>();
  const [finishedJobs, setFinishedJobs] = useState(0);
  const reportRef = useRef(report);
  const reported = useRef(new Map<string, StoredReport>());
  const lifetime = useRef<AbortController>(null);

  useEffect(() => {
    reportRef.current = report;
  }, [report]);

  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    return () => controller.abort();
  }, []);

  const update = useCallback((jobId: string, change: Partial<IntakeJob>) => {
    setJobs((current) => current.map((job) => (job.jobId === jobId ? { ...job, ...change } : job)));
  }, []);

  /** Reports the job's newly stored files; answers the positions of those the case already had. */
  const reportStored = useCallback((job: FollowedJob, progress: IngestJobProgressValue): number[] => {
    // Files keep their place in a job, so job and position name a file for good.
    const keyOf = (index: number) => `${job.jobId}#${index}`;
    progress.files.forEach((file, index) => {
      if (file.outcome?.ok !== true || reported.current.has(keyOf(index))) return;
      const made = { id: crypto.randomUUID(), submittedAt: new Date().toISOString(), ...(job.url === undefined ? {} : { url: job.url }) };
      reported.current.set(keyOf(index), reportRef.current(evidenceItemOf(file.outcome, job.target, made)));
    });
    return progress.files.flatMap((_file, index) => (reported.current.get(keyOf(index)) === 'already_in_case' ? [index] : []));
  }, []);

  // One request at a time per job: the next poll is asked for only after the last one answered.
  const follow = useCallback(
    async (job: FollowedJob, signal: AbortSignal) => {
      while (!signal.aborted) {
        const answer = await window.desk.invoke('evidence.job', { jobId: job.jobId });
        if (signal.aborted) return;
        if (!answer.ok) {
          update(job.jobId, { pollError: answer.error.message });
          await pause(retryEveryMs, signal);
          continue;
        }
        if (answer.value === null) {
          update(job.jobId, { lost: true, pollError: undefined });
          setFinishedJobs((count) => count + 1);
          return;
        }
        const alreadyInCase = reportStored(job, answer.value);
        update(job.jobId, { progress: answer.value, alreadyInCase, pollError: undefined });
        if (answer.value.finished) {
          setFinishedJobs((count) => count + 1);
          return;
        }
        await pause(pollEveryMs, signal);
      }
    },
    [reportStored, update],
  );

  /**
   * Starts a job with `start` and follows it; the newest job is listed first. `start` answers
   * null when the user stopped it before anything began (a folder dialog cancelled).
   */
  const track = useCallback(
    async (start: () => Promise<DeskResult<{ jobId: string }> | null>, target: IntakeTarget, url?: string): Promise<boolean> => {
      const signal = lifetime.current?.signal;
      setStartError(undefined);
      const started = await start();
      if (signal === undefined || signal.aborted || started === null) return false;
      if (!started.ok) {
        setStartError(started.error.message);
        return false;
      }
      const job: FollowedJob = { jobId: started.value.jobId, target, ...(url === undefined ? {} : { url }) };
      setJobs((current) => [{ ...job, progress: null, lost: false, alreadyInCase: [] }, ...current]);
      void follow(job, signal);
      return true;
    },
    [follow],
  );

  /** Asks the host to stop a job; files already stored stay stored and are still reported. */
  const cancel = useCallback(
    async (jobId: string) => {
      const answer = await window.desk.invoke('evidence.cancel', { jobId });
      if (!answer.ok && lifetime.current?.signal.aborted === false) update(jobId, { pollError: answer.error.message });
    },
    [update],
  );

  /** Removes finished and lost jobs from the list. */
  const clearFinished = useCallback(() => {
    setJobs((current) => current.filter((job) => !job.lost && job.progress?.finished !== true));
  }, []);

  return { jobs, startError, finishedJobs, track, cancel, clearFinished };
}
