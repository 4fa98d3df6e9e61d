import { useTranslation } from 'react-i18next';
import { useDeskData } from '../data/DeskDataProvider';
import { enqueueMutation } from '../data/outbox';
import type { QueueChange } from '../data/queue-change';

/**
 * Queues a change through the outbox as the signed-in team member, then asks for a sync so it
 * goes out at once when online. Offline it simply waits in the outbox.
 */
export function useQueueChange(): QueueChange {
  const { t } = useTranslation();
  const { db, session, syncNow } = useDeskData();
  return async (name, args) => {
    if (!session) return { ok: false, code: 'signed_out', message: t('case.actions.signedOut') };
    const result = await enqueueMutation(db, session, name, args, new Date().toISOString());
    if (result.ok) void syncNow();
    return result;
  };
}
