import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../i18n';
import { frameSourceErrorCodes } from '../decoder/frame-source-error';
import type { AlignProblem } from './align-result';
import { alignProblemWords } from './problem-words';

const files = { a: 'original.mp4', b: 'copy.mov' };

describe('why no offset was suggested, in words', () => {
  it('has a sentence for every problem in both languages, with no code or placeholder left', async () => {
    const problems: AlignProblem[] = [
      { code: 'too_few_frames', minimum: 8 },
      { code: 'no_overlap' },
      { code: 'frame_rates_differ', a: 30, b: 25 },
      { code: 'cancelled' },
      { code: 'worker_failed' },
      ...frameSourceErrorCodes.map((code): AlignProblem => ({ code, video: 'b', params: { codec: 'hevc', frame: 3, count: 9, width: 1, height: 1, limit: 1 }, offerPlayableCopy: false })),
    ];
    for (const language of ['en', 'zh-CN'] as const) {
      const i18n = await createI18n(language);
      for (const problem of problems) {
        const words = alignProblemWords(i18n.t, problem, files);
        expect(words, `${language} ${problem.code}`).not.toMatch(/suggestOffset\.|compare\.decoder|\{\{|_/);
        if ('video' in problem) expect(words).toContain('copy.mov');
      }
      expect(alignProblemWords(i18n.t, { code: 'too_few_frames', minimum: 8 }, files)).toContain('8');
      expect(alignProblemWords(i18n.t, { code: 'frame_rates_differ', a: 29.97, b: 25 }, files)).toMatch(/29\.97.*25/);
    }
  });

  it('names the video a decoder problem is about, as the player words it', async () => {
    const i18n = await createI18n('en');
    const words = alignProblemWords(i18n.t, { code: 'codec_unsupported', video: 'a', params: { codec: 'hevc' }, offerPlayableCopy: true }, files);
    expect(words).toContain('original.mp4');
    expect(words).toContain('hevc');
    expect(words).toContain('playable copy');
  });
});
