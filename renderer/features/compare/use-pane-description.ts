import { useEffect, useRef, useState } from 'react';
import type { DeskResponse } from '../../../shared/contract/calls';
import type { EvidenceDescription } from '../../../shared/contract/evidence-calls';

/** Where a pane's object stands: being described or fetched, described, or out of reach with why. */
export type DescriptionState =
  | { status: 'loading' }
  | { status: 'downloading' }
  | { status: 'ready'; description: EvidenceDescription }
  /** `message` is the host's sentence; without one, `reason` says which of the viewer's own to show. */
  | { status: 'failed'; reason: 'signed_out' | 'host' | 'still_missing'; message?: string };

/** One pane's request: its object and how many times it has been asked to describe it again. */
export interface DescriptionRequest {
  key: string;
  sha256: string | undefined;
  reload: number;
}

/**
 * A video still arriving, described well enough to play what has arrived: the host's media URL
 * answers the ranges it has and fetches the others. Null for anything else, which waits whole.
 */
function arrivingVideo(sha256: string, started: DeskResponse<'evidence.startDownload'>): EvidenceDescription | null {
  const { arriving, mediaUrl, mediaType, sizeBytes } = started;
  if (!arriving || mediaUrl === null || mediaType === null || !mediaType.startsWith('video/')) return null;
  return {
    sha256,
    sizeBytes: sizeBytes ?? 0,
    mediaType,
    kind: 'video',
    image: null,
    video: null,
    mediaUrl,
    thumbnailUrl: null,
    posterUrl: null,
    playableUrl: null,
    canMakePlayable: false,
    submissions: [],
    arriving: true,
  };
}

/**
 * Describes one object, bringing it from the case service first when this computer lacks it. A
 * video is offered while it arrives (its first answer), then described again once it is whole.
 */
async function describe(sha256: string, token: string | undefined, progress: (state: DescriptionState) => void): Promise<DescriptionState> {
  const first = await window.desk.invoke('evidence.describe', { sha256 });
  if (!first.ok) return { status: 'failed', reason: 'host', message: first.error.message };
  if (first.value) return { status: 'ready', description: first.value };
  if (token === undefined) return { status: 'failed', reason: 'signed_out' };
  const started = await window.desk.invoke('evidence.startDownload', { sha256, token });
  const arriving = started.ok ? arrivingVideo(sha256, started.value) : null;
  progress(arriving ? { status: 'ready', description: arriving } : { status: 'downloading' });
  const fetched = await window.desk.invoke('evidence.download', { sha256, token });
  if (!fetched.ok) return { status: 'failed', reason: 'host', message: fetched.error.message };
  if (fetched.value.status !== 'stored') return { status: 'failed', reason: 'host', message: fetched.value.message };
  const again = await window.desk.invoke('evidence.describe', { sha256 });
  if (!again.ok) return { status: 'failed', reason: 'host', message: again.error.message };
  return again.value ? { status: 'ready', description: again.value } : { status: 'failed', reason: 'still_missing' };
}

/**
 * Describes each pane's object, bringing it from the case service first when this computer does
 * not have it (an object from another case, or one another desk brought in). Raising a pane's
 * `reload` asks again, after a playable copy is made; until the new answer comes the pane keeps
 * the last one, so its video stays put. Answers are kept by object and reload, so a late answer
 * never lands in a pane that moved on. `token` is undefined while the session is still being
 * read (nothing is asked yet, so a missing object is not refused for want of it), null when
 * nobody is signed in.
 */
export function usePaneDescriptions(requests: readonly DescriptionRequest[], token: string | null | undefined): ReadonlyMap<string, DescriptionState> {
  const [answers, setAnswers] = useState<Readonly<Record<string, DescriptionState>>>({});
  const asked = useRef(new Set<string>());
  const ids = requests.flatMap((request) => (request.sha256 === undefined ? [] : [`${request.sha256}:${request.reload}`]));
  const wanted = [...new Set(ids)].sort().join(' ');

  useEffect(() => {
    if (token === undefined) return;
    for (const id of wanted === '' ? [] : wanted.split(' ')) {
      if (asked.current.has(id)) continue;
      asked.current.add(id);
      const settle = (state: DescriptionState) => setAnswers((current) => ({ ...current, [id]: state }));
      void describe(id.slice(0, id.indexOf(':')), token ?? undefined, settle).then(settle);
    }
  }, [token, wanted]);

  const states = new Map<string, DescriptionState>();
  for (const request of requests) {
    if (request.sha256 === undefined) continue;
    const current = answers[`${request.sha256}:${request.reload}`];
    const previous = request.reload > 0 ? answers[`${request.sha256}:${request.reload - 1}`] : undefined;
    states.set(request.key, current ?? (previous?.status === 'ready' ? previous : { status: 'loading' }));
  }
  return states;
}

/** A playable copy being made: its progress, or why it failed. */
export type PlayableCopyState = { status: 'idle' } | { status: 'running'; progress: number | null } | { status: 'failed'; message: string };

/** How often the copy's task is asked for its progress. */
const pollEveryMs = 500;

/**
 * Makes a playable copy of a video in the main process and follows it; `onDone` runs when the copy
 * exists (the pane then describes the object again and plays the copy).
 */
export function usePlayableCopy(sha256: string | undefined, onDone: () => void) {
  const [state, setState] = useState<PlayableCopyState>({ status: 'idle' });
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  async function start() {
    if (sha256 === undefined) return;
    setState({ status: 'running', progress: null });
    const started = await window.desk.invoke('evidence.makePlayable', { sha256 });
    if (!live.current) return;
    if (!started.ok) return setState({ status: 'failed', message: started.error.message });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
      if (!live.current) return;
      const task = await window.desk.invoke('evidence.task', { taskId: started.value.taskId });
      if (!live.current) return;
      if (!task.ok) return setState({ status: 'failed', message: task.error.message });
      if (task.value === null) return setState({ status: 'failed', message: '' });
      if (task.value.status === 'failed') return setState({ status: 'failed', message: task.value.message });
      if (task.value.status === 'done') {
        setState({ status: 'idle' });
        return onDone();
      }
      setState({ status: 'running', progress: task.value.progress });
    }
  }

  return { state, start };
}
