import { describe, expect, it } from 'vitest';
import { codecWord, containerWord, videoFormatLine } from './video-words';

describe('a video format in words', () => {
  it('reads "H.264 · MP4", not the probe\'s list of containers', () => {
    expect(videoFormatLine({ codec: 'h264', container: 'mov,mp4,m4a,3gp,3g2,mj2' }, 'video/mp4', 'unboxing.mp4')).toBe('H.264 · MP4');
    expect(videoFormatLine({ codec: 'h264', container: 'mov,mp4,m4a,3gp,3g2,mj2' }, null, 'IMG_0042.MOV')).toBe('H.264 · QuickTime (MOV)');
  });

  it('names the container from what the probe said when nothing else does', () => {
    expect(containerWord('isom,iso2,avc1,mp41')).toBe('MP4');
    expect(containerWord('matroska,webm')).toBe('WebM');
    expect(containerWord('unknown')).toBeUndefined();
  });

  it('names known codecs, and shows an unknown one as given', () => {
    expect(codecWord('hevc')).toBe('H.265 (HEVC)');
    expect(codecWord('vp9')).toBe('VP9');
    expect(codecWord('cinepak')).toBe('CINEPAK');
    expect(codecWord(null)).toBeUndefined();
    expect(videoFormatLine({ codec: null, container: 'unknown' })).toBeUndefined();
  });
});
