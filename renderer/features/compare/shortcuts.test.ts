import { describe, expect, it } from 'vitest';
import { commandOfKey, viewerShortcuts } from './shortcuts';

const press = (key: string, shiftKey = false, extra: Partial<{ ctrlKey: boolean }> = {}) => ({ key, shiftKey, ctrlKey: false, metaKey: false, altKey: false, ...extra });

describe('viewer keys', () => {
  it('plays, steps, changes speed and layout', () => {
    expect(commandOfKey(press(' '))).toEqual({ name: 'togglePlay' });
    expect(commandOfKey(press(','))).toEqual({ name: 'step', frames: -1 });
    expect(commandOfKey(press('.'))).toEqual({ name: 'step', frames: 1 });
    // Shift with comma and full stop: both spellings a keyboard may send.
    expect(commandOfKey(press(',', true))).toEqual({ name: 'step', frames: -10 });
    expect(commandOfKey(press('<', true))).toEqual({ name: 'step', frames: -10 });
    expect(commandOfKey(press('>', true))).toEqual({ name: 'step', frames: 10 });
    // The arrow keys step as in most video tools; Shift steps ten.
    expect(commandOfKey(press('ArrowLeft'))).toEqual({ name: 'step', frames: -1 });
    expect(commandOfKey(press('ArrowRight'))).toEqual({ name: 'step', frames: 1 });
    expect(commandOfKey(press('ArrowLeft', true))).toEqual({ name: 'step', frames: -10 });
    expect(commandOfKey(press('ArrowRight', true))).toEqual({ name: 'step', frames: 10 });
    expect(commandOfKey(press('ArrowUp'))).toBeUndefined();
    expect(commandOfKey(press('['))).toEqual({ name: 'slower' });
    expect(commandOfKey(press(']'))).toEqual({ name: 'faster' });
    expect(commandOfKey(press('3'))).toEqual({ name: 'layout', layout: 'swipe' });
  });

  it('zooms, fits, toggles the loupe, notes, snapshots, swaps and helps', () => {
    expect(['+', '=', '-', '0', 'l', 'n', 's', 'x', '?'].map((key) => commandOfKey(press(key))?.name)).toEqual([
      'zoomIn',
      'zoomIn',
      'zoomOut',
      'fit',
      'loupe',
      'note',
      'snapshot',
      'swap',
      'help',
    ]);
  });

  it('leaves browser shortcuts and other keys alone', () => {
    expect(commandOfKey(press('s', false, { ctrlKey: true }))).toBeUndefined();
    expect(commandOfKey(press('q'))).toBeUndefined();
  });

  it('lists every key in the sheet', () => {
    expect(viewerShortcuts.map(([keys]) => keys).join(' ')).toMatch(/Space.*←.*→.*,.*Shift\+←.*Shift\+,.*\[.*1 – 5.*\+.*0.*l.*n.*s.*x.*\?/);
  });
});
