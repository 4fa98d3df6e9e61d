import { Badge, Checkbox, Group, MultiSelect, Radio, Stack, Text } from '@mantine/core';
import { Controller, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import { rulingOutcomeSchema, type Dispute, type EvidenceNote, type RulingOutcome } from '../../../shared/domain/model';
import { evidenceLabelText } from '../../../shared/domain/evidence-label';
import { usePersonName } from '../../data/use-team';
import { formatMoney } from '../../ui/format';
import { evidenceKindLabel, evidenceName, partyLabel } from '../../ui/labels';
import { policyCodes } from './policy-codes';
import { isLateItem } from './ruling-rules';
import type { RulingFormValues } from './ruling-values';

/** A line under each outcome saying what it would mean for this dispute as it stands. */
function useOutcomeHint(dispute: Dispute): (outcome: RulingOutcome) => string {
  const { t, i18n } = useTranslation();
  const paid = formatMoney(dispute.order.paid, i18n.language);
  return (outcome) => {
    switch (outcome) {
      case 'full_refund':
        return t('ruling.hints.fullRefund', { paid });
      case 'partial_refund':
        return t('ruling.hints.partialRefund', { paid });
      case 'refund_after_return': {
        const stage = dispute.return?.stage;
        if (stage === undefined) return t('ruling.hints.noReturn');
        if (stage === 'requested') return t('ruling.hints.addressUnconfirmed');
        return t('ruling.hints.addressConfirmed', { address: dispute.return?.address ?? '' });
      }
      case 'claim_rejected':
        return t('ruling.hints.rejected');
      case 'as_agreed':
        return dispute.agreement === undefined
          ? t('ruling.hints.noAgreement')
          : t('ruling.hints.agreement', { terms: dispute.agreement.terms, refund: formatMoney(dispute.agreement.refund, i18n.language) });
      default:
        throw missingCaseError(outcome);
    }
  };
}

/** The outcome, one radio each, with what it means for this dispute under it. */
export function OutcomeField(props: { control: Control<RulingFormValues>; dispute: Dispute; error: string | undefined }) {
  const { t } = useTranslation();
  const hint = useOutcomeHint(props.dispute);
  return (
    <Controller
      name="outcome"
      control={props.control}
      render={({ field }) => (
        <Radio.Group label={t('ruling.outcome')} value={field.value} onChange={field.onChange} error={props.error} withAsterisk>
          <Stack gap="xs" mt="xs">
            {rulingOutcomeSchema.options.map((outcome) => (
              <Radio key={outcome} value={outcome} label={t(`case.ruling.outcomes.${outcome}`)} description={hint(outcome)} onBlur={field.onBlur} />
            ))}
          </Stack>
        </Radio.Group>
      )}
    />
  );
}

/**
 * The evidence the ruling cites, late items marked as such. An id the draft cites but the
 * dispute no longer has stays listed, so the case manager can untick what the rules refuse.
 */
export function CitedEvidenceField(props: { control: Control<RulingFormValues>; dispute: Dispute; error: string | undefined }) {
  const { t } = useTranslation();
  const { dispute } = props;
  return (
    <Controller
      name="citedEvidenceIds"
      control={props.control}
      render={({ field }) => {
        const missing = field.value.filter((id) => !dispute.evidence.some((item) => item.id === id));
        return (
          <Checkbox.Group label={t('ruling.cited')} description={t('ruling.citedHint')} value={field.value} onChange={field.onChange} error={props.error}>
            <Stack gap={6} mt="xs">
              {dispute.evidence.length === 0 && <Text size="sm" c="dimmed">{t('ruling.noEvidence')}</Text>}
              {dispute.evidence.map((item) => (
                <Checkbox
                  key={item.id}
                  value={item.id}
                  label={
                    <Group gap={6} component="span">
                      <span>
                        {t('ruling.evidenceLabel', {
                          label: evidenceLabelText(dispute, item, t('case.evidence.new')),
                          party: partyLabel(t, item.party),
                          kind: evidenceKindLabel(t, item.kind),
                          source: evidenceName(t, { ...item, label: undefined }),
                        })}
                      </span>
                      {isLateItem(dispute, item) && (
                        <Badge color="red.9" variant="filled" size="sm">
                          {t('ruling.late')}
                        </Badge>
                      )}
                    </Group>
                  }
                />
              ))}
              {missing.map((id, index) => (
                // A marketplace id (E-…) is what people call the item; a desk's id (a UUID) is not.
                <Checkbox key={id} value={id} label={/^E-[\w-]{1,40}$/.test(id) ? t('ruling.evidenceGone', { label: id }) : t('ruling.evidenceGoneUnnamed', { n: index + 1 })} />
              ))}
            </Stack>
          </Checkbox.Group>
        );
      }}
    />
  );
}

/**
 * How a reviewer's note is named, in the form and in the rationale's closing line: who wrote it, on
 * which item ("Sofia Petrova on E-100180-2"). A note the service has not stamped yet has no author.
 */
export function useNoteReference(dispute: Dispute): (note: EvidenceNote) => string {
  const { t } = useTranslation();
  const personName = usePersonName();
  return (note) => {
    const found = dispute.evidence.find((item) => item.id === note.evidenceId);
    const item = found === undefined ? t('refusals._anItem') : evidenceLabelText(dispute, found, t('case.evidence.new'));
    return note.by === undefined ? t('ruling.noteOnItem', { item }) : t('ruling.noteByOnItem', { person: personName(note.by), item });
  };
}

/** The reviewers' notes on the evidence the ruling relies on; shown only when the dispute has some. */
export function CitedNotesField(props: { control: Control<RulingFormValues>; dispute: Dispute }) {
  const { t } = useTranslation();
  const noteRef = useNoteReference(props.dispute);
  const notes = props.dispute.evidenceNotes ?? [];
  if (notes.length === 0) return null;
  return (
    <Controller
      name="citedNoteIds"
      control={props.control}
      render={({ field }) => (
        <Checkbox.Group label={t('ruling.citedNotes')} description={t('ruling.citedNotesHint')} value={field.value} onChange={field.onChange}>
          <Stack gap={6} mt="xs">
            {notes.map((note) => (
              <Checkbox
                key={note.id}
                value={note.id}
                label={t('ruling.noteLabel', { note: noteRef(note), text: note.text.length > 120 ? `${note.text.slice(0, 119)}…` : note.text })}
              />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
    />
  );
}

/** The policy reasons the ruling rests on, from the fixed list. */
export function PolicyCodesField(props: { control: Control<RulingFormValues> }) {
  const { t } = useTranslation();
  return (
    <Controller
      name="policyCodes"
      control={props.control}
      render={({ field }) => (
        <MultiSelect
          label={t('ruling.policyCodes')}
          placeholder={field.value.length === 0 ? t('ruling.policyPlaceholder') : undefined}
          data={policyCodes.map((code) => ({ value: code, label: t(`ruling.policy.${code}`) }))}
          value={field.value}
          onChange={field.onChange}
          onBlur={field.onBlur}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
      )}
    />
  );
}
