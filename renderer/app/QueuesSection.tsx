import { Button, Loader, Stack } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskData } from '../data/DeskDataProvider';
import { CaseView } from '../features/case/CaseView';
import { QueuesScreen } from '../features/queue/QueuesScreen';
import { SignInForm } from '../features/session/SignInForm';
import { EmptyScreen } from '../ui/EmptyScreen';
import { useNow } from '../ui/use-now';

/** The Queues section: sign in, then the queues, and a case opened from them. */
export function QueuesSection() {
  const { t } = useTranslation();
  const { db, serviceUrl, session } = useDeskData();
  const [openCaseId, setOpenCaseId] = useState<string>();
  const now = useNow();
  const openCase = useLiveQuery(() => (openCaseId ? db.disputes.get(openCaseId) : undefined), [db, openCaseId]);

  if (!serviceUrl) {
    return <EmptyScreen title={t('queues.title')} emptyTitle={t('queues.noServiceTitle')} emptyBody={t('queues.noServiceBody')} />;
  }
  if (session === undefined) return <Loader aria-label={t('settings.loading')} />;
  if (session === null) return <SignInForm />;
  if (openCaseId && openCase) {
    return (
      <Stack>
        <Button variant="subtle" w="fit-content" onClick={() => setOpenCaseId(undefined)}>
          {t('queue.backToQueue')}
        </Button>
        <CaseView dispute={openCase.doc} now={now.toISOString()} actor={session.user} />
      </Stack>
    );
  }
  return <QueuesScreen userId={session.user.id} onOpenCase={setOpenCaseId} />;
}
