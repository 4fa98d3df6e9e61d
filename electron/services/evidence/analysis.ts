import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { evidenceKindOf, plainTextType } from '../../../shared/domain/evidence-checks';
import type { MediaToolName, MediaTools } from '../../../shared/contract/media-tools';
import type { EvidenceKind } from '../../../shared/domain/model';
import { toolPath } from '../media-tools';
import { readImage, type ImageFacts } from './image-analysis';
import { derivedFolder, sourceOf, type AnalysisSource, type DerivedFiles } from './analysis-source';
import { fileTypeLibrary } from './libraries';
import { videoPerceptualHashes } from './perceptual-hash';
import { probeWithFfprobe, probeWithMp4box, UnreadableVideoError, writePoster, type VideoFacts } from './video-analysis';

/**
 * Everything learned from an object's bytes, once, keyed by its hash. The flags here depend
 * on the content alone (unreadable, unsupported, possibly edited); flags that depend on who
 * submitted it, when and for which request are added per submission.
 */
export interface Analysis {
  mediaType: string | null;
  /** The extension the bytes call for, such as `jpg`. */
  ext: string | null;
  kind: EvidenceKind | null;
  image: Partial<ImageFacts> | null;
  video: VideoFacts | null;
  /** One hash for a photo; one per sampled frame for a video; none otherwise. */
  perceptualHashes: string[];
  thumbnail: boolean;
  poster: boolean;
  flags: EvidenceFlag[];
}

/** Editors whose name in the metadata means the picture or video went through editing. */
const editingSoftware = /photoshop|lightroom|gimp|snapseed|picsart|canva|affinity|pixelmator|paint\.net|facetune|darktable|capture one|luminar|photoscape|fotor|meitu|premiere|after effects|final cut|imovie|davinci|capcut|inshot|kinemaster|vegas/i;

/** A modify date this much after the capture date is editing, not the camera finishing the file. */
const modifyAfterCaptureMs = 60_000;

/** A thumbnail this far from its picture (of 64 bits) no longer shows the same picture. */
const thumbnailMismatchDistance = 16;

/** Whether a file's first bytes are UTF-8; the last few may be a character cut by the end of `head`. */
function headReadsAsUtf8(head: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts loading file-type, which every analysis needs first, without waiting for it. Called as a
 * file starts streaming in, so the first file of a run does not wait for the import (about 70 ms)
 * after its bytes are stored; a load that fails is reported by the sniff that awaits it.
 */
export function prepareAnalysis(): void {
  void fileTypeLibrary().catch(() => undefined);
}

async function sniff(head: Buffer, fileName: string): Promise<{ mediaType: string; ext: string } | null> {
  const { fileTypeFromBuffer } = await fileTypeLibrary();
  const detected = await fileTypeFromBuffer(head);
  if (detected) return { mediaType: detected.mime, ext: detected.ext };
  return plainTextType(fileName, () => headReadsAsUtf8(head));
}

function editingFlags(software: string | null, capturedAt: string | null, modifiedAt: string | null, thumbnailDistance: number | null): EvidenceFlag[] {
  const signs: string[] = [];
  const details: Record<string, string | number> = {};
  if (software !== null && editingSoftware.test(software)) {
    signs.push(`the metadata names editing software (${software})`);
    details.software = software;
  }
  if (capturedAt !== null && modifiedAt !== null && Date.parse(modifiedAt) - Date.parse(capturedAt) > modifyAfterCaptureMs) {
    signs.push(`it was modified (${modifiedAt}) after it was captured (${capturedAt})`);
    details.capturedAt = capturedAt;
    details.modifiedAt = modifiedAt;
  }
  if (thumbnailDistance !== null && thumbnailDistance > thumbnailMismatchDistance) {
    signs.push('its embedded thumbnail shows a different picture');
    details.thumbnailDistance = thumbnailDistance;
  }
  if (signs.length === 0) return [];
  return [{ code: 'possibly_edited', reason: `Possibly edited: ${signs.join('; ')}. Compare it with the party's other evidence.`, details }];
}

/** What each media tool's absence leaves unchecked on a video. */
const gapWithout: Record<MediaToolName, string> = {
  ffmpeg: 'the video has no poster and was not compared with other videos for near duplicates',
  ffprobe: 'only MP4 and MOV videos can be read, without the encoder they name, so editing software is not checked',
};

/** The containers mp4box reads where ffprobe is missing. */
const isoMediaTypes = new Set(['video/mp4', 'video/quicktime', 'video/3gpp']);

function incompleteAnalysis(tool: MediaToolName, tools: MediaTools): EvidenceFlag {
  const status = tools[tool];
  const cause = 'missing' in status ? status.missing : { code: 'failed', message: `${tool} failed.` };
  return {
    code: 'incomplete_analysis',
    reason: `Not fully checked: ${tool} cannot be used on this computer (${cause.message}), so ${gapWithout[tool]}. Settings → Media tools says why.`,
    details: { tool, cause: cause.code },
  };
}

function unreadable(problem: string): EvidenceFlag {
  return { code: 'unreadable', reason: `${problem} Ask the party to submit it again.`, details: { problem } };
}

/**
 * Analyses a stored object. `file` is the object's path in the store, `derivedDir` the folder for
 * its thumbnail or poster, `tools` the ffmpeg and ffprobe to read videos with. Never throws for
 * bad content: bad content is a flag, and so is a check a missing tool left undone.
 */
export async function analyseObject(from: string | AnalysisSource, head: Buffer, fileName: string, derivedTo: string | DerivedFiles, tools: MediaTools): Promise<Analysis> {
  const source = sourceOf(from);
  const derived = typeof derivedTo === 'string' ? derivedFolder(derivedTo) : derivedTo;
  const sniffed = await sniff(head, fileName);
  const analysis: Analysis = {
    mediaType: sniffed?.mediaType ?? null,
    ext: sniffed?.ext ?? null,
    kind: sniffed ? evidenceKindOf(sniffed.mediaType) : null,
    image: null,
    video: null,
    perceptualHashes: [],
    thumbnail: false,
    poster: false,
    flags: [],
  };
  if (analysis.kind === null) {
    const what = sniffed ? `${sniffed.mediaType} files` : 'files of this type';
    analysis.flags.push({
      code: 'unsupported_type',
      reason: `The desk cannot show ${what}. It is kept; ask the party for a photo, a video or a PDF.`,
      details: { mediaType: sniffed?.mediaType ?? 'unknown' },
    });
    return analysis;
  }
  await derived.prepare();
  if (analysis.kind === 'photo') {
    const reading = await readImage(source, derived.target('thumbnail.webp'));
    analysis.image = reading.facts;
    if (reading.readable) {
      analysis.thumbnail = true;
      analysis.perceptualHashes = [reading.perceptualHash];
      const { software, capturedAt, modifiedAt, embeddedThumbnailDistance } = reading.facts;
      analysis.flags.push(...editingFlags(software, capturedAt, modifiedAt, embeddedThumbnailDistance));
    } else {
      analysis.flags.push(unreadable(reading.problem));
      analysis.flags.push(...editingFlags(reading.facts.software ?? null, reading.facts.capturedAt ?? null, reading.facts.modifiedAt ?? null, null));
    }
  } else if (analysis.kind === 'video') {
    const ffprobe = toolPath(tools.ffprobe);
    const ffmpeg = toolPath(tools.ffmpeg);
    if (ffprobe === null) analysis.flags.push(incompleteAnalysis('ffprobe', tools));
    if (ffmpeg === null) analysis.flags.push(incompleteAnalysis('ffmpeg', tools));
    try {
      // Without ffprobe a container mp4box cannot read stays unread: that is this computer's gap, not the file's fault.
      if (ffprobe !== null) analysis.video = await probeWithFfprobe(source.input, ffprobe);
      else if (isoMediaTypes.has(analysis.mediaType ?? '')) analysis.video = await probeWithMp4box(source);
      if (analysis.video !== null) {
        if (!analysis.video.durationSeconds) throw new UnreadableVideoError('The video has no duration: it holds no frames.');
        if (ffmpeg !== null) {
          analysis.poster = await writePoster(source.input, analysis.video.durationSeconds, derived.target('poster.webp'), ffmpeg);
          analysis.perceptualHashes = await videoPerceptualHashes(source.input, analysis.video.durationSeconds, { ffmpegPath: ffmpeg });
        }
        analysis.flags.push(...editingFlags(analysis.video.encoder, null, null, null));
      }
    } catch (error) {
      if (!(error instanceof UnreadableVideoError)) throw error;
      analysis.flags.push(unreadable(error.message));
    }
  }
  return analysis;
}
