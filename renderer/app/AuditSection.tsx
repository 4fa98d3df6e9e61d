import { AuditScreen } from '../features/audit';
import { SecondReviewForm } from '../features/review';
import { useRefusalWords } from '../ui/use-refusal-words';
import { useQueueChange } from './use-queue-change';

/** The audit section, its changes queued as the signed-in team lead; the second review is the review feature's form. */
export function AuditSection() {
  const onQueue = useQueueChange();
  const refusalWords = useRefusalWords();
  return (
    <AuditScreen
      onQueue={onQueue}
      secondReview={({ dispute, ruledBy, canRecord }) =>
        dispute.secondReview &&
        dispute.ruling && (
          <SecondReviewForm
            review={dispute.secondReview}
            ruling={{ ruledBy, outcome: dispute.ruling.outcome }}
            canRecord={canRecord}
            onRecord={async (verdict, comment) => {
              const result = await onQueue('review.record', { disputeId: dispute.id, verdict, comment });
              return result.ok ? undefined : refusalWords(result).text;
            }}
          />
        )
      }
    />
  );
}
