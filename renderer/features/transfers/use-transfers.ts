import { useEffect, useState } from 'react';
import type { TransferProgress } from '../../../shared/contract/evidence-calls';
import { createLogger } from '../../../shared/logger';
import { useDeskData } from '../../data/DeskDataProvider';
import { whenIdle } from '../../ui/when-idle';
import { prefetchList } from './prefetch-list';

const log = createLogger('transfers');

/** How often the transfers are read while files move, and while none do. */
const busyPollMs = 1_000;
const idlePollMs = 5_000;

/** How often the background list is sent again (new cases, a freed disk, the service back). */
const prefetchEveryMs = 60_000;

/**
 * How long after sign-in or start-up the first list waits, then for the browser to be idle: making
 * it reads a busy user's whole disputes, which the first screen's reads would otherwise queue
 * behind in IndexedDB (issue 20: 0.7 s of a 2 s `queue-first-rows` at 30,000 disputes).
 */
const firstPrefetchAfterMs = 5_000;

/** The host's transfers, read again every second while files move. Null until the first answer. */
export function useTransfers(): TransferProgress | null {
  const [progress, setProgress] = useState<TransferProgress | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const answer = await window.desk.invoke('evidence.transfers', {});
      if (stopped) return;
      if (answer.ok) setProgress(answer.value);
      timer = setTimeout(() => void read(), answer.ok && answer.value.active > 0 ? busyPollMs : idlePollMs);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return progress;
}

/**
 * Sends the host the evidence to fetch in the background for the signed-in user (their queues and
 * second reviews), shortly after start-up and then every minute; the host keeps within the space limit set in Settings.
 */
export function usePrefetch(): void {
  const { db, session } = useDeskData();
  const userId = session?.user.id;
  const token = session?.token;
  useEffect(() => {
    if (userId === undefined || token === undefined) return;
    let stopped = false;
    const send = async () => {
      const files = await prefetchList(db, userId);
      if (stopped || files.length === 0) return;
      const answer = await window.desk.invoke('evidence.prefetch', { token, files });
      if (!answer.ok) log.warn('the background fetch list was not taken', { code: answer.error.code });
    };
    const run = () => void send().catch((error: unknown) => log.error('reading the background fetch list failed', { error: String(error) }));
    let cancelIdle = () => {};
    const first = setTimeout(() => (cancelIdle = whenIdle(run)), firstPrefetchAfterMs);
    const timer = setInterval(run, prefetchEveryMs);
    return () => {
      stopped = true;
      clearTimeout(first);
      cancelIdle();
      clearInterval(timer);
    };
  }, [db, userId, token]);
}

/**
 * Fetches the files of the case the user opened, ahead of the background list (the host runs
 * on-demand downloads first): a colleague's evidence is on this computer, or arriving, by the
 * time it is compared. Each file is asked for once while the case stays open; one the computer
 * has already is answered by the host without a transfer.
 */
export function useOpenCaseFetch(evidence: readonly { sha256?: string | undefined }[] | undefined, token: string | undefined): void {
  const wanted = [...new Set((evidence ?? []).flatMap((item) => (item.sha256 === undefined ? [] : [item.sha256])))].sort().join(' ');
  useEffect(() => {
    if (token === undefined || wanted === '') return;
    for (const sha256 of wanted.split(' ')) {
      void window.desk.invoke('evidence.startDownload', { sha256, token }).then(
        (answer) => {
          if (!answer.ok) log.warn('an open case’s file was not fetched', { code: answer.error.code });
        },
        (error: unknown) => log.error('asking for an open case’s file failed', { error: String(error) }),
      );
    }
  }, [wanted, token]);
}
