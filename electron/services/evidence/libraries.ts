// The libraries only bringing evidence in needs (decoding pictures, reading EXIF, sniffing types,
// parsing MP4 headers), loaded on first use instead of when a host starts: together they were about
// 200 ms of module loading before the browser host or Electron's main process could answer
// (issue 20). Each is loaded once; a load that fails is a broken install and rejects every use.

/** Calls `load` once and hands every caller the same promise. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** sharp: picture decoding, thumbnails, posters and perceptual hashes. */
export const sharpLibrary = once(async () => (await import('sharp')).default);

/** exifr: EXIF and XMP of pictures. */
export const exifLibrary = once(async () => (await import('exifr')).default);

/** file-type: a file's type from its first bytes. */
export const fileTypeLibrary = once(() => import('file-type'));

/** mp4box: MP4 and MOV headers where ffprobe cannot be used. */
export const mp4Library = once(() => import('mp4box'));
