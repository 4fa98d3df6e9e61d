import { describe, expect, it } from 'vitest';
import { TimelinePress } from './timeline-press';

describe('TimelinePress', () => {
  it('seeks the first change of a press exactly, and the changes after it as a drag', () => {
    const press = new TimelinePress();
    expect(press.change(1.2)).toEqual({ preview: false });
    expect(press.change(1.5)).toEqual({ preview: true });
    expect(press.change(1.9)).toEqual({ preview: true });
  });

  it('asks nothing for a change to the value the press holds (a mouse move under a still pointer)', () => {
    const press = new TimelinePress();
    expect(press.change(1.2)).toEqual({ preview: false });
    expect(press.change(1.2)).toBeNull();
    expect(press.change(1.2)).toBeNull();
  });

  it('starts again after the release', () => {
    const press = new TimelinePress();
    press.change(1.2);
    press.change(1.4);
    press.end();
    expect(press.change(1.4)).toEqual({ preview: false });
  });
});
