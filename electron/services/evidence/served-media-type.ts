import { evidenceKindOf } from '../../../shared/domain/evidence-checks';
import type { EvidenceService } from './evidence-service';

/**
 * The Content-Type an object is served with: its sniffed type when it is one the desk shows
 * (photo, video, PDF, text), otherwise `application/octet-stream`, so a party's HTML or SVG is
 * never rendered as a page in the app's origin.
 */
export function servedMediaType(evidence: EvidenceService, sha256: string): string {
  const mediaType = evidence.index.object(sha256)?.analysis.mediaType ?? null;
  return mediaType !== null && evidenceKindOf(mediaType) !== null ? mediaType : 'application/octet-stream';
}
