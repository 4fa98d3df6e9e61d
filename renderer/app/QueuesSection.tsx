import { Alert, Button, Loader, Stack } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskData, useSyncStatus } from '../data/DeskDataProvider';
import { enqueueMutation } from '../data/outbox';
import { CaseView } from '../features/case/CaseView';
import { EvidenceIntake } from '../features/evidence/EvidenceIntake';
import { QueuesScreen } from '../features/queue/QueuesScreen';
import { SignInForm } from '../features/session/SignInForm';
import { EmptyScreen } from '../ui/EmptyScreen';
import { useNow } from '../ui/use-now';

/** The Queues section: sign in, then the queues, and a case opened from them. */
export function QueuesSection() {
  const { t } = useTranslation();
  const { db, serviceUrl, session, syncNow } = useDeskData();
  const [openCaseId, setOpenCaseId] = useState<string>();
  const [notice, setNotice] = useState<{ color: string; text: string }>();
  // Shown beside the intake, where the user is looking when a stored file cannot join the dispute.
  const [evidenceRefusal, setEvidenceRefusal] = useState<string>();
  const now = useNow();
  const status = useSyncStatus();
  const openCase = useLiveQuery(() => (openCaseId ? db.disputes.get(openCaseId) : undefined), [db, openCaseId]);

  if (!serviceUrl) {
    return <EmptyScreen title={t('queues.title')} emptyTitle={t('queues.noServiceTitle')} emptyBody={t('queues.noServiceBody')} />;
  }
  if (session === undefined) return <Loader aria-label={t('settings.loading')} />;
  if (session === null) return <SignInForm />;
  if (status.kind === 'syncing' && status.first) {
    return <EmptyScreen title={t('queues.title')} emptyTitle={t('queues.firstSyncTitle')} emptyBody={t('queues.firstSyncBody', { count: status.pulled })} />;
  }
  if (openCaseId && openCase) {
    return (
      <Stack>
        <Button variant="subtle" w="fit-content" onClick={() => { setOpenCaseId(undefined); setNotice(undefined); setEvidenceRefusal(undefined); }}>
          {t('queue.backToQueue')}
        </Button>
        {notice && (
          <Alert color={notice.color} role="status" onClose={() => setNotice(undefined)} withCloseButton>
            {notice.text}
          </Alert>
        )}
        <CaseView
          dispute={openCase.doc}
          now={now.toISOString()}
          actor={session.user}
          onAction={async (name) => {
            if (name === 'ruling.record') {
              setNotice({ color: 'gray', text: t('queue.rulingNotYet') });
              return;
            }
            const result = await enqueueMutation(db, session, name, { disputeId: openCase.id }, new Date().toISOString());
            setNotice(result.ok ? { color: 'teal', text: t(`queue.actionQueued.${name}`) } : { color: 'red', text: result.message });
            if (result.ok) void syncNow();
          }}
          evidenceIntake={
            <Stack gap="xs">
              {evidenceRefusal !== undefined && (
                <Alert color="red" role="alert" onClose={() => setEvidenceRefusal(undefined)} withCloseButton>
                  {evidenceRefusal}
                </Alert>
              )}
              <EvidenceIntake
                key={openCase.id}
                dispute={openCase.doc}
                actor={session.user}
                onStored={async (item) => {
                  const result = await enqueueMutation(db, session, 'evidence.add', { disputeId: openCase.id, item }, new Date().toISOString());
                  if (result.ok) void syncNow();
                  else setEvidenceRefusal(t('queue.evidenceRefused', { file: item.fileName ?? item.url ?? item.id, message: result.message }));
                }}
              />
            </Stack>
          }
        />
      </Stack>
    );
  }
  return <QueuesScreen userId={session.user.id} onOpenCase={setOpenCaseId} />;
}
