import { Group, Tooltip, UnstyledButton } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { createLogger } from '../../../shared/logger';
import type { DecodedVideo } from './decoded-video';
import { secondsOfFrame } from './decoder/frame-clock';
import type { FilmstripShelf } from './filmstrip-shelf';
import { formatClock } from './frame-math';
import { useViewer } from './viewer-context';

const log = createLogger('filmstrip');

/** Thumbnail height in CSS pixels: enough to tell scenes apart, little enough for a 720-pixel screen. */
const thumbHeight = 32;
/** Room per thumbnail, a 16:9 picture and a gap. */
const slotWidth = 60;

/**
 * The keyframes to show for a video: evenly spread over its keyframes, as many as fit. Keyframes
 * decode alone, so each thumbnail costs one frame.
 */
export function filmstripFrames(keyframes: readonly number[], slots: number): number[] {
  if (slots <= 0 || keyframes.length === 0) return [];
  if (keyframes.length <= slots) return [...keyframes];
  return Array.from({ length: slots }, (_, slot) => keyframes[Math.floor((slot * keyframes.length) / slots)]!);
}

/** Thumbnails made since the last were kept, kept together in one call. */
const keepBatch = 8;

/**
 * A strip of keyframe thumbnails under the timeline for a decoded leading video. Those kept in
 * the evidence store from an earlier opening are read back first; the others are made lazily (one
 * after another, in the background, giving way to the frames the reviewer waits for) and kept in
 * the store for next time. A thumbnail is a button that goes to that keyframe.
 */
export function Filmstrip() {
  const { sync } = useViewer();
  const leaderKey = useSyncExternalStore(sync.subscribe, () => sync.getState().leaderKey);
  const { ref, width } = useElementSize();
  const leader = leaderKey === null ? undefined : sync.decodedLeader();
  const slots = Math.floor(width / slotWidth);
  return (
    <div ref={ref} style={{ width: '100%', minHeight: leader ? thumbHeight : 0, marginTop: leader ? 4 : 0 }}>
      {leader && slots > 0 && <Thumbnails key={leader.key} paneKey={leader.key} video={leader.video} shelf={leader.shelf} slots={slots} />}
    </div>
  );
}

/** A thumbnail on screen, and whether it was read from the store or made now. */
interface Picture {
  bitmap: ImageBitmap;
  from: 'store' | 'decoded';
}

function Thumbnails(props: { paneKey: string; video: DecodedVideo; shelf: FilmstripShelf | undefined; slots: number }) {
  const { t } = useTranslation();
  const { sync } = useViewer();
  const { video, slots, paneKey, shelf } = props;
  const [pictures, setPictures] = useState<ReadonlyMap<number, Picture>>(new Map());
  const made = useRef(new Map<number, Picture>());
  const keyframes = video.index.frames.filter((frame) => frame.key).map((frame) => frame.index);
  const frames = filmstripFrames(keyframes, slots);
  const wanted = frames.join(',');

  useEffect(() => {
    let stopped = false;
    const height = thumbHeight * Math.ceil(window.devicePixelRatio || 1);
    const unkept: { frame: number; picture: ImageBitmap }[] = [];
    const keep = () => {
      if (!shelf || unkept.length === 0) return;
      shelf.keep(height, unkept.splice(0)).catch((error: unknown) => log.info('filmstrip thumbnails were not kept', { error: String(error) }));
    };
    const show = (frame: number, picture: Picture) => {
      made.current.set(frame, picture);
      setPictures(new Map(made.current));
    };
    void (async () => {
      const missing = () => wanted.split(',').map(Number).filter((frame) => !made.current.has(frame));
      if (shelf) {
        const kept = await shelf.load(height, missing()).catch((error: unknown) => {
          log.warn('kept filmstrip thumbnails could not be read', { error: String(error) });
          return new Map<number, ImageBitmap>();
        });
        for (const [frame, bitmap] of kept) {
          if (stopped || made.current.has(frame)) bitmap.close();
          else show(frame, { bitmap, from: 'store' });
        }
      }
      for (const frame of missing()) {
        if (stopped) break;
        const bitmap = await video.thumbnail(frame, height);
        if (!bitmap) break;
        if (stopped) {
          bitmap.close();
          break;
        }
        show(frame, { bitmap, from: 'decoded' });
        unkept.push({ frame, picture: bitmap });
        if (unkept.length >= keepBatch) keep();
      }
      keep();
    })();
    return () => {
      stopped = true;
    };
  }, [video, shelf, wanted]);

  // The pictures go with the viewer.
  useEffect(() => () => made.current.forEach((picture) => picture.bitmap.close()), []);

  return (
    <Group gap={4} wrap="nowrap" justify="space-between" aria-label={t('compare.filmstrip.label')} role="group">
      {frames.map((frame) => {
        const label = t('compare.filmstrip.thumb', { clock: formatClock(secondsOfFrame(video.index, frame)), frame });
        return (
          <Tooltip key={frame} label={label} openDelay={300}>
            <UnstyledButton aria-label={label} onClick={() => sync.showPaneFrame(paneKey, frame)} style={{ lineHeight: 0, borderRadius: 2, overflow: 'hidden' }}>
              <Thumb picture={pictures.get(frame)} />
            </UnstyledButton>
          </Tooltip>
        );
      })}
    </Group>
  );
}

function Thumb(props: { picture: Picture | undefined }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const bitmap = props.picture?.bitmap;
  useEffect(() => {
    const element = canvas.current;
    if (!element || !bitmap) return;
    element.width = bitmap.width;
    element.height = bitmap.height;
    element.getContext('2d')?.drawImage(bitmap, 0, 0);
  }, [bitmap]);
  const width = bitmap ? (bitmap.width / bitmap.height) * thumbHeight : (thumbHeight * 16) / 9;
  return (
    <canvas
      ref={canvas}
      data-drawn={bitmap ? 'true' : 'false'}
      data-from={props.picture?.from}
      style={{ width, height: thumbHeight, background: 'var(--mantine-color-dark-6)', display: 'block' }}
    />
  );
}
