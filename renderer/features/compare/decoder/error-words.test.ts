import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../i18n';
import { frameSourceErrorWords } from './error-words';
import { FrameSourceError, frameSourceErrorCodes } from './frame-source-error';

describe('frame source error words', () => {
  it('has a sentence for every code in both languages, with the facts filled in', async () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const i18n = await createI18n(language);
      for (const code of frameSourceErrorCodes) {
        const words = frameSourceErrorWords(i18n.t, new FrameSourceError(code, { codec: 'hevc', frame: 12, count: 40, width: 40000, height: 40000, limit: 16384 }), 'clip.mov');
        expect(words, `${language} ${code}`).not.toContain('compare.decoder');
        expect(words, `${language} ${code}`).not.toMatch(/\{\{|\?/);
        expect(words, `${language} ${code}`).toContain('clip.mov');
        if (code === 'codec_unsupported') expect(words).toContain('hevc');
        if (code === 'dimensions_too_large') expect(words).toMatch(/40,000 × 40,000 .*16,384/);
      }
    }
  });

  it('offers the playable copy in the words exactly where the error says it helps', async () => {
    const i18n = await createI18n('en');
    for (const code of frameSourceErrorCodes) {
      const error = new FrameSourceError(code, { codec: 'hevc', frame: 1, count: 2, width: 1, height: 1, limit: 1 });
      expect(frameSourceErrorWords(i18n.t, error, 'a.mp4').includes('playable copy'), code).toBe(error.offerPlayableCopy);
    }
  });
});
