import { useEffect, useMemo, useRef } from 'react';
import { missingCaseError } from '../../shared/contract/errors';
import type { Dispute, RulingDraft } from '../../shared/domain/model';
import type { OutboxEntry } from '../data/db';
import { AgreementForm, ExtendDueForm, InternalNoteForm, RequestEvidenceForm } from '../features/case-actions';
import type { CaseAction } from '../features/case';
import { useDeskData } from '../data/DeskDataProvider';
import { RulingForm, rulingDrafts } from '../features/ruling';
import { useQueueChange } from './use-queue-change';

/** A case action that opens a form; claiming and releasing happen at one click. */
type FormAction = Exclude<CaseAction, 'dispute.claim' | 'dispute.release'>;

/** The form open on a dispute, and for a ruling made again, the refused change it replaces. */
export interface OpenForm {
  disputeId: string;
  name: FormAction;
  prefill?: RulingDraft;
  replaces?: OutboxEntry;
}

/**
 * The form of the chosen case action, wired to the outbox. It is brought into view when it opens,
 * since the button that opened it may be far above on a small window.
 */
export function CaseActionForm(props: { form: OpenForm; dispute: Dispute; now: string; onQueued: () => void; onClose: () => void }) {
  const onQueue = useQueueChange();
  const { db, session } = useDeskData();
  // A form opens only for a signed-in user; the drafts are theirs (decision 0019).
  const userId = session?.user.id ?? '';
  const drafts = useMemo(() => rulingDrafts(db, userId), [db, userId]);
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => {
    frame.current?.scrollIntoView?.({ block: 'nearest' });
    frame.current?.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select')?.focus({ preventScroll: true });
  }, [props.form]);
  const { form, dispute } = props;
  const common = { dispute, onQueue, onDone: props.onQueued, onCancel: props.onClose };
  let body;
  switch (form.name) {
    case 'ruling.record':
      body = (
        <RulingForm
          dispute={dispute}
          now={props.now}
          prefill={form.prefill}
          onRecord={(draft) => onQueue('ruling.record', { disputeId: dispute.id, draft })}
          onRecorded={props.onQueued}
          onCancel={props.onClose}
          drafts={drafts}
        />
      );
      break;
    case 'evidence.request':
      body = <RequestEvidenceForm {...common} now={props.now} />;
      break;
    case 'evidence.extendDue':
      body = <ExtendDueForm {...common} now={props.now} />;
      break;
    case 'case.note':
      body = <InternalNoteForm {...common} />;
      break;
    case 'agreement.record':
      body = <AgreementForm {...common} />;
      break;
    default:
      throw missingCaseError(form.name);
  }
  return <div ref={frame}>{body}</div>;
}
