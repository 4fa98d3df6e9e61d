// A frame source's error in the reviewer's language, from its code and facts (as refusals are
// worded on the desk, decision 0024).
import type { TFunction } from 'i18next';
import type { FrameSourceError } from './frame-source-error';

/** The sentence a pane shows for `error` about the file named `file`. */
export function frameSourceErrorWords(t: TFunction, error: Pick<FrameSourceError, 'code' | 'params'>, file: string): string {
  return t(`compare.decoder.${error.code}`, { codec: '?', frame: '?', count: '?', width: '?', height: '?', limit: '?', ...error.params, file });
}
