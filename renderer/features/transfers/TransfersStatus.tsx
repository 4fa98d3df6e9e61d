import { Popover, Progress, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TransferFile, TransferProgress } from '../../../shared/contract/evidence-calls';
import { formatBytes } from '../../ui/format';
import { usePrefetch, useTransfers } from './use-transfers';

/** The status bar's word on evidence moving: "Fetching 2 files, 310 MB of 1.2 GB", and each file's progress on click. */
export function TransfersStatus() {
  usePrefetch();
  const progress = useTransfers();
  const { t, i18n } = useTranslation();
  if (progress === null) return null;
  const text = summaryText(progress, t, i18n.language);
  if (text === null) return null;
  const shown = progress.files.filter((file) => file.state !== 'done');
  const alarming = progress.bytesToFree !== null || (progress.active === 0 && progress.waitingForSpace === 0);
  return (
    <Popover position="top" withArrow>
      <Popover.Target>
        <UnstyledButton data-testid="transfers-status" title={text} style={{ minWidth: 0 }}>
          <Text size="sm" truncate="end" role={alarming ? 'alert' : 'status'} c={alarming ? 'red.9' : undefined}>
            {text}
          </Text>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" aria-label={t('transfers.listLabel')} w={320}>
          {shown.length === 0 && <Text size="sm">{t('transfers.none')}</Text>}
          {shown.map((file, index) => (
            <FileRow key={`${file.direction}-${file.sha256}`} file={file} index={index + 1} />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function FileRow(props: { file: TransferFile; index: number }) {
  const { t, i18n } = useTranslation();
  const { file } = props;
  const total = file.bytesTotal;
  const done = formatBytes(file.bytesDone, i18n.language);
  return (
    <Stack gap={2}>
      <Text size="xs">
        {t(`transfers.file.${file.direction}`, { index: props.index })} · {t(`transfers.state.${file.state}`)} ·{' '}
        {total === null ? done : t('transfers.ofTotal', { done, total: formatBytes(total, i18n.language) })}
      </Text>
      {total !== null && total > 0 && <Progress value={(100 * file.bytesDone) / total} size="sm" aria-hidden />}
      {file.message !== null && (
        <Text size="xs" c="dimmed">
          {file.message}
        </Text>
      )}
    </Stack>
  );
}

/** The one sentence for the bar, or null when nothing moves or waits. */
function summaryText(progress: TransferProgress, t: (key: string, options?: Record<string, unknown>) => string, locale: string): string | null {
  if (progress.bytesToFree !== null) return t('transfers.diskFull', { size: formatBytes(progress.bytesToFree, locale) });
  if (progress.active > 0) {
    return t('transfers.moving', {
      count: progress.active,
      done: formatBytes(progress.bytesDone, locale),
      total: formatBytes(progress.bytesTotal, locale),
    });
  }
  if (progress.waitingForSpace > 0) return t('transfers.waitingForSpace', { count: progress.waitingForSpace });
  const failed = progress.files.filter((file) => file.state === 'failed').length;
  return failed > 0 ? t('transfers.failed', { count: failed }) : null;
}
