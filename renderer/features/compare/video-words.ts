// How a video's codec and container read to a person: "H.264 · MP4", not ffprobe's
// "h264 · mov,mp4,m4a,3gp,3g2,mj2". ffprobe names a family of containers it cannot tell apart
// (the QuickTime family), and MP4 box parsing gives brands ("isom,iso2,avc1,mp41"), so the
// container is read from the media type or the file name first, and from those lists after.

const codecNames: Record<string, string> = {
  h264: 'H.264',
  avc1: 'H.264',
  hevc: 'H.265 (HEVC)',
  h265: 'H.265 (HEVC)',
  hvc1: 'H.265 (HEVC)',
  hev1: 'H.265 (HEVC)',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  mpeg4: 'MPEG-4 Part 2',
  mpeg2video: 'MPEG-2',
  prores: 'Apple ProRes',
  mjpeg: 'Motion JPEG',
  theora: 'Theora',
};

const containerByMediaType: Record<string, string> = {
  'video/mp4': 'MP4',
  'video/quicktime': 'QuickTime (MOV)',
  'video/webm': 'WebM',
  'video/x-matroska': 'Matroska (MKV)',
  'video/x-msvideo': 'AVI',
  'video/3gpp': '3GP',
  'video/ogg': 'Ogg',
};

const containerByExtension: Record<string, string> = {
  mp4: 'MP4',
  m4v: 'MP4',
  mov: 'QuickTime (MOV)',
  webm: 'WebM',
  mkv: 'Matroska (MKV)',
  avi: 'AVI',
  '3gp': '3GP',
  ogv: 'Ogg',
};

// ffprobe's format names and MP4 brands, checked in order: the first that matches names it.
const containerByProbe: [RegExp, string][] = [
  [/\bwebm\b/, 'WebM'],
  [/\bmatroska\b/, 'Matroska (MKV)'],
  [/\bqt\b/, 'QuickTime (MOV)'],
  [/\b(mp4|isom|iso\d|mp4\d|avc1|m4v)\b/, 'MP4'],
  [/\bmov\b/, 'QuickTime (MOV)'],
  [/\bavi\b/, 'AVI'],
  [/\bogg\b/, 'Ogg'],
];

/** A codec's usual name, or the name as given (upper-cased) when it is not one we know. */
export function codecWord(codec: string | null | undefined): string | undefined {
  if (!codec) return undefined;
  return codecNames[codec.toLowerCase()] ?? codec.toUpperCase();
}

/** A container's usual name, from the media type, the file name, or what the probe reported. */
export function containerWord(container: string | null | undefined, mediaType?: string | null, fileName?: string | null): string | undefined {
  const byType = mediaType ? containerByMediaType[mediaType.toLowerCase()] : undefined;
  if (byType) return byType;
  const extension = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const byName = extension ? containerByExtension[extension] : undefined;
  if (byName) return byName;
  if (!container || container === 'unknown') return undefined;
  const probed = container.toLowerCase().replace(/,/g, ' ');
  return containerByProbe.find(([pattern]) => pattern.test(probed))?.[1] ?? container.split(',')[0]!.toUpperCase();
}

/** "H.264 · MP4": a video's codec and container as one line, or undefined when neither is known. */
export function videoFormatLine(video: { codec: string | null; container: string }, mediaType?: string | null, fileName?: string | null): string | undefined {
  const words = [codecWord(video.codec), containerWord(video.container, mediaType, fileName)].filter(Boolean);
  return words.length > 0 ? words.join(' · ') : undefined;
}
