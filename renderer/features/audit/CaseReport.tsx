import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Dispute } from '../../../shared/domain/model';
import type { AuditVerification } from '../../data/db';
import { usePersonName } from '../../data/use-team';
import { formatDateTime, formatList, formatMoney } from '../../ui/format';
import type { WordedStep } from './history-words';
import './print.css';
import { evidenceNamer, outcomeLabel, stateLabel } from '../../ui/labels';

/**
 * A dispute's report as printed or saved as PDF: the parties, the standing ruling and any set
 * aside, the second review, every step of its history with what it changed, and whether the log
 * it comes from verified. Rendered beside the app, shown only when printing.
 */
export function CaseReport(props: {
  dispute: Dispute;
  steps: readonly WordedStep[];
  printedBy: string;
  verification: AuditVerification | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { dispute } = props;
  const name = usePersonName();
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  const evidenceName = evidenceNamer(t, dispute);
  return createPortal(
    <article className="desk-print-report" data-testid="case-report" aria-hidden>
      <h1>{t('audit.report.title', { id: dispute.id })}</h1>
      <p>{t('audit.report.printed', { at: when(new Date().toISOString()), by: props.printedBy })}</p>
      <p>
        {props.verification === undefined
          ? t('audit.report.notVerified')
          : props.verification.ok
            ? t('audit.report.verified', { at: when(props.verification.at), count: props.verification.count })
            : t('audit.report.verifyFailed', { at: when(props.verification.at), seq: props.verification.problem?.seq ?? '—' })}
      </p>
      <h2>{t('audit.report.case')}</h2>
      <table>
        <tbody>
          <tr><th>{t('audit.report.buyer')}</th><td>{dispute.buyer.name} ({dispute.buyer.country})</td></tr>
          <tr><th>{t('audit.report.seller')}</th><td>{dispute.seller.name} ({dispute.seller.country})</td></tr>
          <tr><th>{t('audit.report.order')}</th><td>{dispute.order.id} · {formatMoney(dispute.order.paid, i18n.language)}</td></tr>
          <tr><th>{t('audit.report.reason')}</th><td>{t(`queue.reasons.${dispute.reason}`)}</td></tr>
          <tr><th>{t('audit.report.state')}</th><td>{stateLabel(t, dispute.state)}</td></tr>
          <tr><th>{t('audit.report.assignee')}</th><td>{dispute.assignee ? name(dispute.assignee) : '—'}</td></tr>
        </tbody>
      </table>
      {dispute.ruling && (
        <>
          <h2>{t('audit.report.ruling')}</h2>
          <p>
            {outcomeLabel(t, dispute.ruling.outcome)}
            {dispute.ruling.refund ? ` · ${formatMoney(dispute.ruling.refund, i18n.language)}` : ''} · {name(dispute.ruling.ruledBy)} · {when(dispute.ruling.ruledAt)}
          </p>
          <p>{dispute.ruling.rationale}</p>
          <p>{t('audit.report.cited', { ids: formatList(dispute.ruling.citedEvidenceIds.map((id) => evidenceName(id) ?? t('audit.history.itemGone')), i18n.language) || '—' })}</p>
        </>
      )}
      {(dispute.overturnedRulings ?? []).map((ruling) => (
        <p key={`${ruling.ruledAt}-${ruling.overturnedAt}`}>
          {t('audit.report.overturned', { outcome: outcomeLabel(t, ruling.outcome), by: name(ruling.overturnedBy), at: when(ruling.overturnedAt), reason: ruling.overturnReason })}
        </p>
      ))}
      {dispute.secondReview && (
        <p>
          {t('audit.report.review', {
            reviewer: name(dispute.secondReview.reviewerId),
            verdict: t(`audit.sampling.reviews.verdicts.${dispute.secondReview.verdict ?? 'pending'}`),
            comment: dispute.secondReview.comment ?? '',
          })}
        </p>
      )}
      <h2>{t('audit.report.history')}</h2>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('audit.log.columns.when')}</th>
            <th>{t('audit.log.columns.action')}</th>
            <th>{t('audit.history.details')}</th>
            <th>{t('audit.history.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {props.steps.map(({ seq, at, sentence, details, changes }) => (
            <tr key={seq}>
              <td>{seq}</td>
              <td>{when(at)}</td>
              <td>{sentence}</td>
              <td>{details.map((detail) => `${detail.label}: ${detail.value}`).join(' · ')}</td>
              <td>{changes === null ? t('audit.history.notRecorded') : changes.map((change) => `${change.label}: ${change.before} → ${change.after}`).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>,
    document.body,
  );
}
