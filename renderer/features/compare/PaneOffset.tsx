import { Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { framesOfSeconds } from './frame-math';

/**
 * A video pane's offset from the shared timeline, to align two recordings of the same moment:
 * ±1 and ±10 frame buttons, a frame count, or a time in seconds (turned into this pane's frames).
 */
export function PaneOffset(props: { number: number; fps: number; frames: number; onChange: (frames: number) => void }) {
  const { t, i18n } = useTranslation();
  const { number, fps, frames, onChange } = props;
  // The seconds field is typed freely and applied on Enter or leaving it, then shows the frames' time.
  const [typing, setTyping] = useState<string>();
  const seconds = (frames / fps).toFixed(3);

  function applySeconds() {
    if (typing === undefined) return;
    const value = Number(typing.replace(',', '.').replace(/s$/i, '').trim());
    setTyping(undefined);
    if (Number.isFinite(value)) onChange(framesOfSeconds(value, fps));
  }

  const shift = (by: number, key: string) => (
    <Button key={key} size="compact-sm" variant="default" aria-label={t(`compare.offset.${key}`, { number })} onClick={() => onChange(frames + by)}>
      {t(`compare.offset.${key}Short`)}
    </Button>
  );

  return (
    <Stack gap={6}>
      <Group gap={4} wrap="wrap">
        {shift(-10, 'minus10')}
        {shift(-1, 'minus1')}
        {shift(1, 'plus1')}
        {shift(10, 'plus10')}
      </Group>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NumberInput
          size="xs"
          w={120}
          label={t('compare.offset.frames')}
          aria-label={t('compare.offset.framesLabel', { number })}
          // The library draws a text field; it behaves as a spin button (arrows step it), so it says so.
          role="spinbutton"
          aria-valuenow={frames}
          allowDecimal={false}
          value={frames}
          onChange={(value) => {
            if (typeof value === 'number' && Number.isInteger(value)) onChange(value);
          }}
        />
        <TextInput
          size="xs"
          w={120}
          label={t('compare.offset.seconds')}
          aria-label={t('compare.offset.secondsLabel', { number })}
          inputMode="decimal"
          value={typing ?? seconds}
          onChange={(event) => setTyping(event.currentTarget.value)}
          onBlur={applySeconds}
          onKeyDown={(event) => {
            if (event.key === 'Enter') applySeconds();
          }}
        />
      </Group>
      <Text size="xs" c="dimmed">
        {t('compare.offset.explain', { fps: (Math.round(fps * 1000) / 1000).toLocaleString(i18n.language) })}
      </Text>
    </Stack>
  );
}
