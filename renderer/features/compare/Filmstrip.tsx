import { Group, Tooltip, UnstyledButton } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecodedVideo } from './decoded-video';
import { secondsOfFrame } from './decoder/frame-clock';
import { formatClock } from './frame-math';
import { useViewer } from './viewer-context';

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

/**
 * A strip of keyframe thumbnails under the timeline for a decoded leading video, made lazily
 * (one after another, in the background, giving way to the frames the reviewer waits for) and
 * kept while the viewer is open. A thumbnail is a button that goes to that keyframe.
 */
export function Filmstrip() {
  const { sync } = useViewer();
  const leaderKey = useSyncExternalStore(sync.subscribe, () => sync.getState().leaderKey);
  const { ref, width } = useElementSize();
  const leader = leaderKey === null ? undefined : sync.decodedLeader();
  const slots = Math.floor(width / slotWidth);
  return (
    <div ref={ref} style={{ width: '100%', minHeight: leader ? thumbHeight : 0, marginTop: leader ? 4 : 0 }}>
      {leader && slots > 0 && <Thumbnails key={leader.key} paneKey={leader.key} video={leader.video} slots={slots} />}
    </div>
  );
}

function Thumbnails(props: { paneKey: string; video: DecodedVideo; slots: number }) {
  const { t } = useTranslation();
  const { sync } = useViewer();
  const { video, slots, paneKey } = props;
  const [pictures, setPictures] = useState<ReadonlyMap<number, ImageBitmap>>(new Map());
  const made = useRef(new Map<number, ImageBitmap>());
  const keyframes = video.index.frames.filter((frame) => frame.key).map((frame) => frame.index);
  const frames = filmstripFrames(keyframes, slots);
  const wanted = frames.join(',');

  useEffect(() => {
    let stopped = false;
    void (async () => {
      for (const frame of wanted.split(',').map(Number)) {
        if (stopped) return;
        if (made.current.has(frame)) continue;
        const picture = await video.thumbnail(frame, thumbHeight * Math.ceil(window.devicePixelRatio || 1));
        if (!picture) return;
        if (stopped) {
          picture.close();
          return;
        }
        made.current.set(frame, picture);
        setPictures(new Map(made.current));
      }
    })();
    return () => {
      stopped = true;
    };
  }, [video, wanted]);

  // The pictures go with the viewer.
  useEffect(() => () => made.current.forEach((picture) => picture.close()), []);

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

function Thumb(props: { picture: ImageBitmap | undefined }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { picture } = props;
  useEffect(() => {
    const element = canvas.current;
    if (!element || !picture) return;
    element.width = picture.width;
    element.height = picture.height;
    element.getContext('2d')?.drawImage(picture, 0, 0);
  }, [picture]);
  const width = picture ? (picture.width / picture.height) * thumbHeight : (thumbHeight * 16) / 9;
  return <canvas ref={canvas} data-drawn={picture ? 'true' : 'false'} style={{ width, height: thumbHeight, background: 'var(--mantine-color-dark-6)', display: 'block' }} />;
}
