import { Alert, Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IngestJobProgressValue } from '../../../shared/contract/evidence-calls';
import { EvidenceFlags } from '../../ui/EvidenceFlags';
import { formatBytes } from '../../ui/format';
import type { IntakeJob } from './use-ingest-jobs';

type JobFile = IngestJobProgressValue['files'][number];

/**
 * One file's bar. With a known size it fills by bytes; without one (a link whose server did not
 * say, or a file still queued) it is striped and moving, and tells assistive technology only the
 * bytes read so far rather than a made-up percentage.
 */
function FileBar(props: { file: JobFile }) {
  const { t, i18n } = useTranslation();
  const { file } = props;
  const locale = i18n.language;
  const settled = file.status === 'done' || file.status === 'failed' || file.status === 'cancelled';
  const known = file.bytesTotal !== null && file.bytesTotal > 0;
  const percent = settled ? 100 : known ? Math.min(100, Math.round((file.bytesDone / file.bytesTotal!) * 100)) : 100;
  const valueText = known
    ? t('evidence.progress.bytesOf', { done: formatBytes(file.bytesDone, locale), total: formatBytes(file.bytesTotal!, locale) })
    : t('evidence.progress.bytes', { done: formatBytes(file.bytesDone, locale) });
  const color = file.status === 'failed' ? 'red.9' : file.status === 'cancelled' ? 'gray.6' : file.status === 'done' ? 'teal.9' : 'indigo.7';
  return (
    <Stack gap={2}>
      <Progress.Root size="lg">
        <Progress.Section
          value={percent}
          color={color}
          animated={!settled && (!known || file.status === 'queued')}
          withAria={false}
          role="progressbar"
          aria-label={t('evidence.progress.label', { name: file.name })}
          aria-valuemin={0}
          aria-valuemax={100}
          {...(known || settled ? { 'aria-valuenow': percent } : {})}
          aria-valuetext={valueText}
        />
      </Progress.Root>
      <Text size="xs" c="dimmed">
        {valueText}
      </Text>
    </Stack>
  );
}

/** What became of a file: its flags once stored, or why it was not brought in. */
function FileResult(props: { file: JobFile }) {
  const { t } = useTranslation();
  const { outcome } = props.file;
  if (outcome === null) return null;
  if (outcome.ok) return <EvidenceFlags flags={outcome.flags} />;
  return (
    <Stack gap={2}>
      <Text size="sm" c="red.9" fw={600}>
        {t(`evidence.error.${outcome.error.code}`)}
      </Text>
      {/* The host's own sentence, as inert text: it may name the file or the folder. */}
      <Text size="xs" c="dimmed" dir="auto" style={{ overflowWrap: 'anywhere' }}>
        {outcome.error.message}
      </Text>
    </Stack>
  );
}

function statusKey(file: JobFile, alreadyInCase: boolean): string {
  if (alreadyInCase) return 'evidence.status.alreadyInCase';
  return file.status === 'done' && file.outcome?.ok === true && file.outcome.existed ? 'evidence.status.doneExisting' : `evidence.status.${file.status}`;
}

/**
 * One ingestion job as it runs: a row per file with its bar, status and result, and a Cancel
 * button while anything is left to do.
 */
export function IngestJobCard(props: { job: IntakeJob; onCancel: () => void }) {
  const { t } = useTranslation();
  const { job } = props;
  const files = job.progress?.files ?? [];
  const settled = files.filter((file) => file.outcome !== null).length;
  const finished = job.progress?.finished === true || job.lost;
  const who = t(`case.party.${job.target.party}`);
  const title =
    job.target.request === undefined ? t('evidence.job.titleFor', { party: who }) : t('evidence.job.titleAnswering', { party: who, request: job.target.request.id });
  return (
    <Paper withBorder p="sm" component="article" aria-label={title}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <div>
          <Text fw={600} size="sm">
            {title}
          </Text>
          <Text size="xs" c="dimmed" aria-live="polite">
            {job.progress === null ? t('evidence.job.starting') : t('evidence.job.count', { settled, count: files.length })}
          </Text>
        </div>
        {!finished && (
          <Button size="xs" variant="default" onClick={props.onCancel} aria-label={t('evidence.job.cancelLabel', { title })}>
            {t('evidence.job.cancel')}
          </Button>
        )}
      </Group>
      {job.lost && (
        <Alert color="orange" mb="xs">
          {t('evidence.job.lost')}
        </Alert>
      )}
      {job.pollError !== undefined && (
        <Alert color="red" mb="xs" role="alert">
          {t('evidence.job.pollFailed', { message: job.pollError })}
        </Alert>
      )}
      {files.length > 0 && (
        <Table.ScrollContainer minWidth={640} scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                {['file', 'progress', 'status', 'result'].map((column) => (
                  <Table.Th key={column}>{t(`evidence.job.${column}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {files.map((file, index) => (
                // Files keep their place in a job and may share a name, so the position is the key.
                <Table.Tr key={index}>
                  <Table.Td w="22%">
                    <Text size="sm" ff="monospace" dir="auto" style={{ overflowWrap: 'anywhere' }}>
                      {file.name}
                    </Text>
                  </Table.Td>
                  <Table.Td w="22%">
                    <FileBar file={file} />
                  </Table.Td>
                  <Table.Td w="12%">
                    <Text size="sm">{t(statusKey(file, job.alreadyInCase.includes(index)))}</Text>
                  </Table.Td>
                  <Table.Td>
                    <FileResult file={file} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
