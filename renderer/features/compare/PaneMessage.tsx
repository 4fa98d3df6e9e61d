import { Alert, Button, Loader, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EvidenceDescription } from '../../../shared/contract/evidence-calls';
import { frameSourceErrorWords } from './decoder/error-words';
import type { FrameSourceError } from './decoder/frame-source-error';
import { usePlayableCopy } from './use-pane-description';

/** Why a pane shows a message instead of its picture. */
export type PaneProblem =
  | { kind: 'loading' | 'downloading' | 'signed_out' | 'still_missing' | 'no_item' | 'no_file' }
  | { kind: 'no_video_track' | 'zero_length' | 'not_viewable' | 'image_error' }
  | { kind: 'host'; message: string }
  | { kind: 'network' }
  | { kind: 'too_large'; width: number; height: number }
  | { kind: 'unplayable'; description: EvidenceDescription }
  /** The frame-exact player's own finding: a damaged file, or one a playable copy gets round. */
  | { kind: 'decoder'; error: FrameSourceError; description: EvidenceDescription };

/** A readable message filling a pane; a video Chromium cannot play also gets "Make a playable copy". */
export function PaneMessage(props: { problem: PaneProblem; fileName: string; onCopyMade: () => void }) {
  const { t, i18n } = useTranslation();
  const { problem, fileName } = props;
  if (problem.kind === 'loading' || problem.kind === 'downloading') {
    return (
      <Stack align="center" gap="xs" role="status">
        <Loader size="sm" aria-hidden />
        <Text size="sm" c="gray.3">
          {t(problem.kind === 'loading' ? 'compare.pane.loading' : 'compare.pane.downloading', { file: fileName })}
        </Text>
      </Stack>
    );
  }
  if (problem.kind === 'unplayable') return <UnplayableVideo description={problem.description} fileName={fileName} onCopyMade={props.onCopyMade} />;
  if (problem.kind === 'decoder') {
    const words = frameSourceErrorWords(t, problem.error, fileName);
    // A copy is offered only where it helps and only for the original: a copy that fails too is
    // not copied again.
    if (problem.error.offerPlayableCopy && !problem.description.playableUrl) {
      return <UnplayableVideo description={problem.description} fileName={fileName} onCopyMade={props.onCopyMade} sentence={words} />;
    }
    return (
      <Alert color="red" variant="filled" autoContrast maw={520}>
        {words}
      </Alert>
    );
  }
  let text: string;
  switch (problem.kind) {
    case 'host':
      text = t('compare.pane.hostProblem', { file: fileName, message: problem.message });
      break;
    case 'too_large':
      text = t('compare.pane.tooLarge', {
        file: fileName,
        width: problem.width.toLocaleString(i18n.language),
        height: problem.height.toLocaleString(i18n.language),
        megapixels: Math.round((problem.width * problem.height) / 1e6).toLocaleString(i18n.language),
      });
      break;
    default:
      text = t(`compare.pane.${problem.kind}`, { file: fileName });
  }
  return (
    <Alert color={problem.kind === 'too_large' ? 'yellow' : 'red'} variant="filled" autoContrast maw={520}>
      {text}
    </Alert>
  );
}

function UnplayableVideo(props: { description: EvidenceDescription; fileName: string; onCopyMade: () => void; sentence?: string }) {
  const { t } = useTranslation();
  const { description } = props;
  const copy = usePlayableCopy(description.sha256, props.onCopyMade);
  const codec = description.video?.codec ?? description.mediaType ?? t('compare.pane.unknownCodec');
  return (
    <Alert color="red" variant="filled" autoContrast maw={520}>
      <Stack gap="xs">
        <Text size="sm">{props.sentence ?? t('compare.pane.cannotPlay', { file: props.fileName, codec })}</Text>
        {description.canMakePlayable ? (
          <>
            <Text size="sm">{t('compare.pane.copyExplained')}</Text>
            {copy.state.status === 'running' ? (
              <Stack gap={4}>
                <Text size="sm">{t('compare.pane.makingCopy')}</Text>
                <Progress
                  value={copy.state.progress === null ? 100 : copy.state.progress * 100}
                  striped={copy.state.progress === null}
                  animated={copy.state.progress === null}
                  aria-label={t('compare.pane.copyProgress', { file: props.fileName })}
                />
              </Stack>
            ) : (
              <Button variant="white" color="dark" w="fit-content" onClick={() => void copy.start()}>
                {t('compare.pane.makeCopy')}
              </Button>
            )}
            {copy.state.status === 'failed' && <Text size="sm">{copy.state.message || t('compare.pane.copyLost')}</Text>}
          </>
        ) : (
          <Text size="sm">{t('compare.pane.noFfmpeg')}</Text>
        )}
      </Stack>
    </Alert>
  );
}
