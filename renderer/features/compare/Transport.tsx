import { ActionIcon, Group, NativeSelect, Paper, Slider, Text, Tooltip } from '@mantine/core';
import { useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Filmstrip } from './Filmstrip';
import { formatClock, speeds } from './frame-math';
import type { TimelineMarker } from './notes';
import { TimelinePress } from './timeline-press';
import { useViewer } from './viewer-context';

function StepButton(props: { label: string; glyph: string; disabled: boolean; onClick: () => void }) {
  return (
    <Tooltip label={props.label} openDelay={400}>
      <ActionIcon variant="default" size="md" aria-label={props.label} disabled={props.disabled} onClick={props.onClick}>
        <span aria-hidden style={{ fontSize: 15, lineHeight: 1 }}>
          {props.glyph}
        </span>
      </ActionIcon>
    </Tooltip>
  );
}

/**
 * The one transport for every video pane: play and pause, frame steps, speed, the leader's frame
 * and time, and a timeline with a mark for each note. The readout changes only once the frame
 * asked for is on screen, so what it says is what the reviewer sees.
 */
export function Transport(props: { markers: readonly TimelineMarker[] }) {
  const { t } = useTranslation();
  const { sync } = useViewer();
  const state = useSyncExternalStore(sync.subscribe, sync.getState);
  const [scrubbing, setScrubbing] = useState<number>();
  const press = useRef(new TimelinePress());
  const disabled = state.leaderKey === null;
  const frame = state.leaderFrame;
  const duration = Math.max(state.leaderDuration, 0);
  const step = 1 / state.leaderFps;

  return (
    <Paper withBorder px="xs" py={4} component="section" aria-label={t('compare.transport.label')}>
      {/* One row: steps, speed, the timeline taking the width left, and the readout. */}
      <Group gap={6} wrap="nowrap" align="center">
        <StepButton label={t('compare.transport.back10')} glyph="«" disabled={disabled} onClick={() => sync.step(-10)} />
        <StepButton label={t('compare.transport.previous')} glyph="‹" disabled={disabled} onClick={() => sync.step(-1)} />
        <StepButton
          label={state.playing ? t('compare.transport.pause') : t('compare.transport.play')}
          glyph={state.playing ? '❚❚' : '▶'}
          disabled={disabled}
          onClick={() => sync.toggle()}
        />
        <StepButton label={t('compare.transport.next')} glyph="›" disabled={disabled} onClick={() => sync.step(1)} />
        <StepButton label={t('compare.transport.forward10')} glyph="»" disabled={disabled} onClick={() => sync.step(10)} />
        <NativeSelect
          aria-label={t('compare.transport.speed')}
          size="xs"
          w={80}
          disabled={disabled}
          value={String(state.rate)}
          onChange={(event) => sync.setRate(Number(event.currentTarget.value))}
          data={speeds.map((speed) => ({ value: String(speed), label: t('compare.transport.speedOption', { speed }) }))}
        />
        <Slider
          style={{ flex: 1, minWidth: 120 }}
          thumbLabel={t('compare.transport.seek')}
          min={0}
          max={duration > 0 ? duration : 1}
          step={step}
          disabled={disabled}
          value={scrubbing ?? Math.min(state.leaderTime, duration)}
          label={(value) => formatClock(value)}
          marks={props.markers.map((marker) => ({ value: marker.at }))}
          onChange={(value) => {
            setScrubbing(value);
            // While the thumb is dragged, decoded panes show keyframes, which keep up; the release shows the exact frame.
            const asked = press.current.change(value);
            if (asked) sync.seek(value, asked);
          }}
          onChangeEnd={(value) => {
            press.current.end();
            setScrubbing(undefined);
            sync.seek(value);
          }}
          styles={{ mark: { width: 10, height: 10, borderColor: 'var(--mantine-color-orange-7)', background: 'var(--mantine-color-orange-7)', transform: 'translate(-1px, -2px)' } }}
        />
        <Text ff="monospace" size="xs" data-testid="viewer-time" aria-live="off">
          {t('compare.transport.readout', { frame, clock: formatClock(state.leaderTime) })}
        </Text>
        <Text ff="monospace" size="xs" c="dimmed">
          {t('compare.transport.of', { clock: formatClock(duration), fps: Math.round(state.leaderFps * 1000) / 1000 })}
        </Text>
      </Group>
      <Filmstrip />
    </Paper>
  );
}
