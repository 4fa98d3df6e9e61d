import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DifferenceTrack, SuggestOffsetResult } from './align/align-result';
import { progressFraction, type AlignProgress } from './align/hash-window';
import { alignProblemWords } from './align/problem-words';
import { suggestOffsetBetween } from './align/suggest-offset';

/** The pane a suggestion lines this one up with: the leading video. */
export interface OffsetAnchor {
  number: number;
  fileName: string;
  url: string;
  offsetFrames: number;
}

type Step =
  | { kind: 'idle' }
  | { kind: 'running'; progress: AlignProgress | undefined; stop: AbortController }
  | { kind: 'done'; result: SuggestOffsetResult; applied: boolean };

/**
 * "Suggest offset" for one video pane (decision 0026): hashes both videos' pictures in a worker,
 * proposes the offset at which this pane lines up with the leading one, says how sure it is, and
 * applies it on request. A low-confidence answer is shown without an Apply: it is more likely
 * wrong than right. The difference track shows, frame by frame, how far apart the lined-up
 * pictures are, so a re-encoded copy (flat) reads differently from an edited one (a rise).
 */
export function SuggestOffset(props: { number: number; fileName: string; url: string; anchor: OffsetAnchor; onApply: (frames: number) => void }) {
  const { t, i18n } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const running = useRef<AbortController>(undefined);
  const { number, anchor } = props;

  // Leaving the pane (or the viewer) stops a suggestion under way.
  useEffect(() => () => running.current?.abort(), []);

  async function start() {
    const stop = new AbortController();
    running.current?.abort();
    running.current = stop;
    setStep({ kind: 'running', progress: undefined, stop });
    const result = await suggestOffsetBetween({ url: anchor.url }, { url: props.url }, {
      signal: stop.signal,
      onProgress: (progress) => setStep((now) => (now.kind === 'running' && now.stop === stop ? { ...now, progress } : now)),
    });
    if (running.current !== stop) return;
    running.current = undefined;
    setStep({ kind: 'done', result, applied: false });
  }

  if (step.kind === 'running') {
    const fraction = step.progress ? progressFraction(step.progress) : 0;
    return (
      <Stack gap={4}>
        <Text size="xs">{t('compare.suggest.running', { number, against: anchor.number })}</Text>
        <Group gap="xs" wrap="nowrap">
          <Progress style={{ flex: 1 }} value={fraction * 100} aria-label={t('compare.suggest.progressLabel', { number })} />
          <Button size="compact-xs" variant="default" onClick={() => step.stop.abort()}>
            {t('compare.suggest.stop')}
          </Button>
        </Group>
      </Stack>
    );
  }

  const button = (
    <Button size="compact-sm" variant="light" w="fit-content" aria-label={t('compare.suggest.buttonLabel', { number, against: anchor.number })} title={t('compare.suggest.hint')} onClick={() => void start()}>
      {step.kind === 'done' ? t('compare.suggest.again') : t('compare.suggest.button')}
    </Button>
  );
  if (step.kind === 'idle') return button;
  const { result } = step;
  if (!result.ok) {
    // Stopping is the reviewer's own doing: the button comes back without a message.
    if (result.problem.code === 'cancelled') return button;
    return (
      <Stack gap={4}>
        <Alert color="orange" variant="light" p="xs">
          <Text size="xs">{alignProblemWords(t, result.problem, { a: anchor.fileName, b: props.fileName })}</Text>
        </Alert>
        {button}
      </Stack>
    );
  }
  const { suggestion, track } = result;
  const frames = anchor.offsetFrames - suggestion.offsetFrames;
  const mean = (Math.round(suggestion.meanDistance * 10) / 10).toLocaleString(i18n.language);
  return (
    <Stack gap={4} role="status" aria-live="polite">
      <Text size="xs" fw={600}>
        {t(suggestion.confidence === 'low' ? 'compare.suggest.foundLow' : 'compare.suggest.found', { number, against: anchor.number, frames })}
      </Text>
      <Text size="xs">{t(`compare.suggest.confidence_${suggestion.confidence}`, { mean, overlap: suggestion.overlap })}</Text>
      <DifferenceStrip number={number} track={track} />
      <Group gap="xs">
        {suggestion.confidence !== 'low' && !step.applied && (
          <Button
            size="compact-sm"
            aria-label={t('compare.suggest.applyLabel', { frames, number })}
            onClick={() => {
              props.onApply(frames);
              setStep({ ...step, applied: true });
            }}
          >
            {t('compare.suggest.apply', { frames })}
          </Button>
        )}
        {step.applied && <Text size="xs">{t('compare.suggest.applied', { number, frames })}</Text>}
        {button}
      </Group>
    </Stack>
  );
}

/** Strip height, and the bits (of 64) at its top: aligned copies sit near 0, unrelated pictures near 32. */
const stripHeight = 28;
const stripTopBits = 32;

/** The difference track as a small bar strip, worded for a screen reader by its highest point. */
function DifferenceStrip(props: { number: number; track: DifferenceTrack }) {
  const { t } = useTranslation();
  const { distances, startFrame } = props.track;
  let peak = -1;
  distances.forEach((value, index) => {
    if (value !== null && (peak < 0 || value > distances[peak]!)) peak = index;
  });
  if (peak < 0) return null;
  const label = t('compare.suggest.track', { number: props.number, frame: startFrame + peak, bits: distances[peak] });
  const width = distances.length;
  return (
    <Stack gap={2}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${stripHeight}`} preserveAspectRatio="none" width="100%" height={stripHeight} style={{ background: 'var(--mantine-color-gray-1)', borderRadius: 2 }}>
        <title>{label}</title>
        {distances.map((value, index) => {
          if (value === null) return null;
          const height = (Math.min(value, stripTopBits) / stripTopBits) * stripHeight;
          return <rect key={index} x={index} y={stripHeight - height} width={1} height={height} fill={value > 16 ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-blue-6)'} />;
        })}
      </svg>
      <Text size="xs" c="dimmed">
        {t('compare.suggest.trackHint')}
      </Text>
    </Stack>
  );
}
