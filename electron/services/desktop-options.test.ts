import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopOptions } from './desktop-options';

describe('the desktop app command line', () => {
  it('takes --data-dir among Electron and Chromium switches', () => {
    expect(desktopOptions(['/opt/desk/dispute-desk', '--no-sandbox', '--data-dir', 'my-desk', '--enable-logging'], {})).toEqual({ dataDir: path.resolve('my-desk') });
    expect(desktopOptions(['electron', '.', '--data-dir=/tmp/x'], {})).toEqual({ dataDir: '/tmp/x' });
  });

  it('falls back to DESK_DATA_DIR, then to none', () => {
    expect(desktopOptions(['electron', '.'], { DESK_DATA_DIR: '/tmp/iso' })).toEqual({ dataDir: '/tmp/iso' });
    expect(desktopOptions(['electron', '.'], { DESK_DATA_DIR: '' })).toEqual({ dataDir: undefined });
  });
});
