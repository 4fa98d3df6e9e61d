// Why no offset was suggested, in the reviewer's language. A video that cannot be read is worded
// as the player words it (compare.decoder.*), naming that video's file; the rest are
// suggestOffset.problems.*, kept in their own block of the locales.
import type { TFunction } from 'i18next';
import { missingCaseError } from '../../../../shared/contract/errors';
import { frameSourceErrorWords } from '../decoder/error-words';
import type { AlignProblem, WhichVideo } from './align-result';

/** The sentence for `problem`; `files` names each video as the reviewer knows it. */
export function alignProblemWords(t: TFunction, problem: AlignProblem, files: Record<WhichVideo, string>): string {
  if ('video' in problem) return frameSourceErrorWords(t, problem, files[problem.video]);
  switch (problem.code) {
    case 'too_few_frames':
      return t('suggestOffset.problems.too_few_frames', { minimum: problem.minimum });
    case 'frame_rates_differ':
      return t('suggestOffset.problems.frame_rates_differ', { a: problem.a, b: problem.b });
    case 'no_overlap':
    case 'cancelled':
    case 'worker_failed':
      return t(`suggestOffset.problems.${problem.code}`);
    default:
      throw missingCaseError(problem);
  }
}
