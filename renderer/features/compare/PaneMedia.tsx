import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { DecodedVideo } from './decoded-video';
import { openFrameSource } from './decoder/frame-source';
import { deskFilmstripShelf, type DecodedFile } from './filmstrip-shelf';
import type { FrameSourceError, FrameSourceErrorCode } from './decoder/frame-source-error';
import type { Placement, Size } from './view-transform';
import { useViewer } from './viewer-context';

/**
 * Why a pane's element could not show its media: as a <video> or <img> reported it, or the
 * frame-exact player's typed error.
 */
export type MediaFailure = 'network' | 'unplayable' | 'no_video_track' | 'image_error' | { decoder: FrameSourceError };

/**
 * What the frame-exact player cannot do here but a <video> may: a codec or container WebCodecs or
 * the demuxer does not take. The pane then plays with Chromium's <video>, which offers the
 * playable copy if it cannot either (decision 0025).
 */
const videoElementMayPlay: ReadonlySet<FrameSourceErrorCode> = new Set<FrameSourceErrorCode>(['codec_unsupported', 'unsupported_container', 'no_range_support']);

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
  /**
   * A video still arriving from the case service: a <video> plays what has arrived (the host
   * serves the growing file); the frame-exact player, which needs the whole sample table and
   * checks the last sample, takes over once it is whole.
   */
  arriving?: boolean;
  /** The stored file a video pane shows (the object or its playable copy), whose filmstrip is kept with it. */
  file?: DecodedFile;
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
  // Which player a video pane uses: the frame-exact one first, <video> where it cannot decode.
  const [player, setPlayer] = useState<{ url: string; kind: 'decoded' | 'element' }>();
  const { paneKey, type, url, fps, knownDuration } = props;
  const ready = loaded?.url === url ? loaded : undefined;
  const playerKind = type === 'video' && !props.arriving ? (player?.url === url ? player.kind : 'decoded') : 'element';

  useEffect(() => {
    if (!ready || playerKind === 'decoded') return;
    const element = type === 'video' ? video.current : image.current;
    if (!element) return;
    const leave = elements.set(paneKey, { element, size: ready.size });
    const unsync = element instanceof HTMLVideoElement ? sync.register(paneKey, element, fps, knownDuration) : undefined;
    return () => {
      leave();
      unsync?.();
    };
  }, [elements, fps, knownDuration, paneKey, ready, sync, type, playerKind]);

  const style = placedStyle(props.size, props.place, ready !== undefined, props.place.scale >= 4);
  if (playerKind === 'decoded') {
    return (
      <DecodedCanvas
        {...props}
        style={style}
        onLoaded={(size) => {
          setLoaded({ url, size });
          props.onLoaded(size);
        }}
        onCannotDecode={() => setPlayer({ url, kind: 'element' })}
      />
    );
  }
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

/**
 * A video pane drawn frame by frame from the evidence file (decoder/, decision 0025): it opens the
 * file by ranged reads, joins the transport and the drawn elements once its first frame can be
 * asked for, and hands over to a <video> when this computer cannot decode the file.
 */
function DecodedCanvas(
  props: PaneMediaProps & { style: CSSProperties; onLoaded: (size: Size) => void; onCannotDecode: () => void },
) {
  const { sync, elements } = useViewer();
  const canvas = useRef<HTMLCanvasElement>(null);
  const sound = useRef<HTMLAudioElement>(null);
  const { paneKey, url } = props;
  // The latest callbacks, read when the file has opened: opening takes longer than a render.
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    let cancelled = false;
    let leave: (() => void) | undefined;
    let video: DecodedVideo | undefined;
    void openFrameSource(url).then((opened) => {
      const element = canvas.current;
      if (cancelled || !element) {
        if (opened.ok) opened.source.close();
        return;
      }
      if (!opened.ok) {
        if (videoElementMayPlay.has(opened.error.code)) latest.current.onCannotDecode();
        else latest.current.onFailure({ decoder: opened.error });
        return;
      }
      const { codedWidth: width, codedHeight: height, hasAudio } = opened.source.facts;
      video = new DecodedVideo(opened.source, element, (error) => latest.current.onFailure({ decoder: error }));
      const size = { width, height };
      // The sound is played by an <audio> of the same file, kept with the frame clock by the
      // transport; it lets go of the file when the pane closes.
      const audio = hasAudio ? (sound.current ?? undefined) : undefined;
      if (audio) audio.src = url;
      const { file } = latest.current;
      const unsync = sync.registerDecoded(paneKey, video, audio, file && deskFilmstripShelf(window.desk, file));
      const unlist = elements.set(paneKey, { element, size });
      leave = () => {
        unlist();
        unsync();
        if (audio) {
          audio.pause();
          audio.removeAttribute('src');
          audio.load();
        }
      };
      latest.current.onLoaded(size);
    });
    return () => {
      cancelled = true;
      leave?.();
      video?.close();
    };
  }, [elements, paneKey, sync, url]);

  return (
    <>
      <canvas ref={canvas} role="img" aria-label={props.label} data-testid={`pane-video-${props.index}`} data-player="decoded" style={props.style} />
      <audio ref={sound} preload="metadata" hidden data-testid={`pane-sound-${props.index}`} />
    </>
  );
}
