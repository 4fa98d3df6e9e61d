import { useEffect, useState } from 'react';
import type { EvidenceItem } from '../../../shared/domain/model';
import { createLogger } from '../../../shared/logger';

const log = createLogger('thumbnails');

/** How long to wait before asking again for a file still on its way to this computer. */
const retryMs = 5000;
/** How many times to ask; the open case's files are fetched first, so they come within minutes. */
const maxTries = 24;

/**
 * The picture a grid card shows for an item: the thumbnail the evidence store made of a photo,
 * or a video's poster frame. Null while the file is not on this computer (it is being fetched
 * when the case is opened, so it is asked for again a few times) and for anything else.
 */
export function useThumbnail(item: Pick<EvidenceItem, 'sha256' | 'kind'>): string | null {
  const [url, setUrl] = useState<{ sha256: string; url: string } | null>(null);
  const { sha256, kind } = item;
  const wanted = sha256 !== undefined && (kind === 'photo' || kind === 'video');
  useEffect(() => {
    // Without a desk (a component test), there is nothing to ask.
    if (!wanted || typeof window.desk?.invoke !== 'function') return;
    let stopped = false;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      tries += 1;
      // A broken desk call leaves the card with its kind icon; the log says why.
      const answer = await window.desk.invoke('evidence.describe', { sha256 }).catch((error: unknown) => {
        log.warn('a thumbnail could not be asked for', { sha256, error: error instanceof Error ? error.message : String(error) });
        return undefined;
      });
      if (stopped) return;
      const description = answer?.ok ? answer.value : null;
      const found = description ? (kind === 'video' ? description.posterUrl : description.thumbnailUrl) : null;
      if (found) setUrl({ sha256, url: found });
      else if (description === null && tries < maxTries) timer = setTimeout(() => void ask(), retryMs);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [wanted, sha256, kind]);
  return url !== null && url.sha256 === sha256 ? url.url : null;
}
