import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { Placement, Size } from './view-transform';
import { useViewer } from './viewer-context';

/** Why a pane's element could not show its media, as the element itself reported. */
export type MediaFailure = 'network' | 'unplayable' | 'no_video_track' | 'image_error';

/** The picture of a pane: drawn at its own size and moved by the shared view's placement. */
function placedStyle(size: Size, place: Placement, shown: boolean, pixelated: boolean): CSSProperties {
  return {
    position: 'absolute',
    left: 0,
    top: 0,
    width: size.width,
    height: size.height,
    maxWidth: 'none',
    transformOrigin: '0 0',
    transform: `translate(${place.x}px, ${place.y}px) scale(${place.scale})`,
    visibility: shown ? 'visible' : 'hidden',
    // Zoomed in past a few screen pixels per picture pixel, the pixels themselves are the evidence.
    imageRendering: pixelated ? 'pixelated' : 'auto',
    userSelect: 'none',
  };
}

/** Props of the element a pane draws. */
export interface PaneMediaProps {
  paneKey: string;
  index: number;
  type: 'video' | 'image';
  url: string;
  label: string;
  /** The size to lay out with until the element knows its own. */
  size: Size;
  place: Placement;
  fps: number;
  knownDuration: number;
  onLoaded: (size: Size) => void;
  onFailure: (failure: MediaFailure) => void;
}

/**
 * A pane's <video> or <img>. Once it knows its size it joins the viewer: a video to the transport,
 * any element to the drawn elements the difference view, loupe and snapshots read.
 */
export function PaneMedia(props: PaneMediaProps) {
  const { sync, elements } = useViewer();
  const video = useRef<HTMLVideoElement>(null);
  const image = useRef<HTMLImageElement>(null);
  const [loaded, setLoaded] = useState<{ url: string; size: Size }>();
  const { paneKey, type, url, fps, knownDuration } = props;
  const ready = loaded?.url === url ? loaded : undefined;

  useEffect(() => {
    if (!ready) return;
    const element = type === 'video' ? video.current : image.current;
    if (!element) return;
    const leave = elements.set(paneKey, { element, size: ready.size });
    const unsync = element instanceof HTMLVideoElement ? sync.register(paneKey, element, fps, knownDuration) : undefined;
    return () => {
      leave();
      unsync?.();
    };
  }, [elements, fps, knownDuration, paneKey, ready, sync, type]);

  const style = placedStyle(props.size, props.place, ready !== undefined, props.place.scale >= 4);
  if (type === 'image') {
    return (
      <img
        ref={image}
        key={url}
        src={url}
        // Electron serves media from its own evidence: origin; reading pixels back (difference,
        // snapshot) needs the answer to allow the app's origin, which the media handler sends.
        crossOrigin="anonymous"
        alt={props.label}
        draggable={false}
        decoding="async"
        data-testid={`pane-image-${props.index}`}
        style={style}
        onLoad={(event) => {
          const size = { width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight };
          setLoaded({ url, size });
          props.onLoaded(size);
        }}
        onError={() => props.onFailure('image_error')}
      />
    );
  }
  return (
    <video
      ref={video}
      key={url}
      src={url}
      crossOrigin="anonymous"
      aria-label={props.label}
      preload="auto"
      playsInline
      disablePictureInPicture
      data-testid={`pane-video-${props.index}`}
      style={style}
      onLoadedMetadata={(event) => {
        const element = event.currentTarget;
        // Metadata without a picture size is a file with sound only.
        if (element.videoWidth === 0 || element.videoHeight === 0) props.onFailure('no_video_track');
        else {
          const size = { width: element.videoWidth, height: element.videoHeight };
          setLoaded({ url, size });
          props.onLoaded(size);
        }
      }}
      onError={(event) => {
        const code = event.currentTarget.error?.code;
        if (code === MediaError.MEDIA_ERR_ABORTED) return;
        props.onFailure(code === MediaError.MEDIA_ERR_NETWORK ? 'network' : 'unplayable');
      }}
    />
  );
}
