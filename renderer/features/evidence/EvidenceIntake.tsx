import { Alert, Button, Group, NativeSelect, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deskFailure, missingCaseError } from '../../../shared/contract/errors';
import { requestLabel } from '../../../shared/domain/evidence-label';
import type { Dispute, EvidenceItem, Party, Role } from '../../../shared/domain/model';
import { useAppInfo } from '../../data/use-app-info';
import { formatDateTime, formatList } from '../../ui/format';
import { evidenceKindLabel } from '../../ui/labels';
import { FileDrop } from './FileDrop';
import { FolderIntake } from './FolderIntake';
import { IngestJobCard } from './IngestProgress';
import {
  evidenceItemOfSubmission,
  ingestContextOf,
  mayAddEvidence,
  requestedKindOf,
  requestsOf,
  unfiledSubmissions,
  type IntakeTarget,
  type UnfiledSubmission,
} from './intake-context';
import { LinkIntake } from './LinkIntake';
import { UnfiledEvidence } from './UnfiledEvidence';
import { useCaseReporter } from './use-case-reporter';
import { useIngestJobs } from './use-ingest-jobs';
import { useStoredForCase } from './use-stored-for-case';

/** Props of the evidence intake. */
export interface EvidenceIntakeProps {
  dispute: Dispute;
  actor: { id: string; role: Role } | undefined;
  /**
   * Called once for every file stored that the dispute does not already hold (same bytes from the
   * same party), and for each stored-but-unfiled file the user adds, with the item to add.
   */
  onStored: (item: EvidenceItem) => void;
}

/**
 * "Bring in evidence" for one dispute: files dropped or chosen, a folder on this computer, or an
 * external link, for a party and optionally the request they answer. Shown only when the shared
 * rules would accept new evidence from this user on this dispute.
 */
export function EvidenceIntake(props: EvidenceIntakeProps) {
  if (!mayAddEvidence(props.dispute, props.actor)) return null;
  return <Intake {...props} />;
}

function Intake(props: EvidenceIntakeProps) {
  const { t, i18n } = useTranslation();
  const { dispute } = props;
  const titleId = useId();
  const [party, setParty] = useState<Party>('buyer');
  const [requestId, setRequestId] = useState('');
  // The intake offers the folder control this host has: its own dialog, or a typed path.
  const appInfo = useAppInfo();
  const canChooseFolders = appInfo.status === 'ready' ? appInfo.info.canChooseFolders : undefined;
  const { report, claimed } = useCaseReporter(dispute, props.onStored);
  const { jobs, startError, finishedJobs, track, cancel, clearFinished } = useIngestJobs(report);
  const { stored, error: storedError } = useStoredForCase(dispute.id, finishedJobs);
  const unfiled = unfiledSubmissions(stored, dispute, claimed);
  const requests = requestsOf(dispute, party);
  // A request of the other party no longer applies once the party changes.
  const request = requests.find((candidate) => candidate.id === requestId);
  const target = (channel: IntakeTarget['channel']): IntakeTarget => ({ disputeId: dispute.id, party, request, channel });
  const requested = request === undefined ? undefined : requestedKindOf(request);
  const anyFinished = jobs.some((job) => job.lost || job.progress?.finished === true);

  function addUnfiled(entries: readonly UnfiledSubmission[]) {
    for (const { description, submission } of entries) report(evidenceItemOfSubmission(description, submission, crypto.randomUUID()));
  }

  function bringTypedFolder(path: string): Promise<boolean> {
    const upload = target('upload');
    return track(() => window.desk.invoke('evidence.ingest', { context: ingestContextOf(upload), paths: [path] }), upload);
  }

  // The host shows its own dialog; a cancelled dialog starts nothing and says nothing.
  async function chooseFolder(): Promise<void> {
    const upload = target('upload');
    await track(async () => {
      const answer = await window.desk.invoke('evidence.chooseFolder', { context: ingestContextOf(upload) });
      if (!answer.ok) return answer;
      switch (answer.value.status) {
        case 'started':
          return { ok: true, value: { jobId: answer.value.jobId } };
        case 'cancelled':
          return null;
        case 'unavailable':
          return deskFailure('unknown_call', t('evidence.folder.unavailable'));
        default:
          throw missingCaseError(answer.value);
      }
    }, upload);
  }

  return (
    <Paper component="section" withBorder p="md" aria-labelledby={titleId}>
      <Title order={3} size="h4" mb="sm" id={titleId}>
        {t('evidence.title')}
      </Title>
      <Stack gap="md">
        <UnfiledEvidence unfiled={unfiled} error={storedError} onAdd={addUnfiled} />
        <Group align="flex-start" gap="xl">
          <Radio.Group label={t('evidence.party')} value={party} onChange={(value) => setParty(value as Party)}>
            <Group gap="md" mt={6}>
              <Radio value="buyer" label={t('case.party.buyer')} />
              <Radio value="seller" label={t('case.party.seller')} />
            </Group>
          </Radio.Group>
          <NativeSelect
            label={t('evidence.request.label')}
            value={request?.id ?? ''}
            onChange={(event) => setRequestId(event.currentTarget.value)}
            style={{ minWidth: 280 }}
            data={[
              { value: '', label: t('evidence.request.none') },
              ...requests.map((candidate) => ({
                value: candidate.id,
                label: t('evidence.request.option', {
                  request: requestLabel(dispute, candidate.id),
                  kinds: formatList(candidate.kinds.map((kind) => evidenceKindLabel(t, kind)), i18n.language),
                  due: formatDateTime(candidate.dueAt, i18n.language),
                }),
              })),
            ]}
          />
        </Group>
        <Text size="sm" c="dimmed" aria-live="polite">
          {request === undefined
            ? t('evidence.request.unrequested')
            : t(requested === undefined ? 'evidence.request.checksDue' : 'evidence.request.checksKindAndDue', {
                kind: requested === undefined ? '' : t(`case.evidenceKind.${requested}`),
                due: formatDateTime(request.dueAt, i18n.language),
              })}
        </Text>

        <FileDrop onFiles={(files) => void track(() => window.desk.ingestFiles(ingestContextOf(target('upload')), files), target('upload'))} />

        <FolderIntake canChooseFolders={canChooseFolders} onTyped={bringTypedFolder} onChoose={chooseFolder} />

        <LinkIntake
          onFetch={(url) => {
            const link = target('external_link');
            return track(() => window.desk.invoke('evidence.fetchLink', { context: ingestContextOf(link), url }), link, url);
          }}
        />

        {startError !== undefined && (
          <Alert color="red" role="alert" title={t('evidence.startFailed')}>
            {startError}
          </Alert>
        )}
        {jobs.length > 0 && (
          <Stack gap="sm" aria-label={t('evidence.jobs')} component="section">
            <Group justify="space-between">
              <Text fw={600}>{t('evidence.jobs')}</Text>
              {anyFinished && (
                <Button size="xs" variant="subtle" onClick={clearFinished}>
                  {t('evidence.clearFinished')}
                </Button>
              )}
            </Group>
            {jobs.map((job) => (
              <IngestJobCard key={job.jobId} job={job} onCancel={() => void cancel(job.jobId)} />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
