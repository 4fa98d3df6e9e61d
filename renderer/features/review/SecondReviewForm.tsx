import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useId, useState, type FormEventHandler, type ReactNode } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { usePersonName } from '../../data/use-team';
import { formatDateTime } from '../../ui/format';
import { outcomeLabel } from '../../ui/labels';

const verdicts = ['agree', 'disagree'] as const;
type Verdict = (typeof verdicts)[number];

// A disagreement without a reason teaches the case manager nothing, so it needs a comment.
const reviewSchema = z
  .object({
    verdict: z.enum(verdicts, { message: 'review.errors.verdictRequired' }),
    comment: z.string().trim().max(4000, { message: 'review.errors.tooLong' }),
  })
  .superRefine((values, ctx) => {
    if (values.verdict === 'disagree' && values.comment.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'review.errors.commentRequired' });
    }
  });
type ReviewValues = z.infer<typeof reviewSchema>;

/**
 * A second review of a ruling: the reviewer agrees or disagrees, with a comment that is required
 * when disagreeing. Once a verdict is recorded it is shown read-only; to anyone who cannot record
 * it, only whom it is assigned to. `onRecord` answers with a message to show when it failed, and
 * the reviewer's input stays for another try.
 */
export function SecondReviewForm(props: {
  review: { reviewerId: string; verdict?: Verdict; comment?: string; reviewedAt?: string };
  ruling: { ruledBy: string; outcome: string };
  canRecord: boolean;
  onRecord(verdict: Verdict, comment: string): Promise<string | undefined>;
}) {
  const { t, i18n } = useTranslation();
  const { review, ruling } = props;
  const personName = usePersonName();
  const form = useForm<ReviewValues>({ resolver: zodResolver(reviewSchema), defaultValues: { comment: '' } });
  const [failure, setFailure] = useState<string>();
  // What this form recorded, shown until the review read back carries the verdict.
  const [recorded, setRecorded] = useState<{ verdict: Verdict; comment: string }>();
  const { errors, isSubmitting } = form.formState;
  const rulingLine = (
    <Text size="sm">{t('review.ruling', { ruledBy: personName(ruling.ruledBy), outcome: outcomeLabel(t, ruling.outcome) })}</Text>
  );

  const shown = review.verdict !== undefined ? { verdict: review.verdict, comment: review.comment ?? '' } : recorded;
  if (shown !== undefined) {
    return (
      <ReviewPanel title={t('review.title')}>
        {rulingLine}
        <Text fw={600}>{t(`review.verdicts.${shown.verdict}`)}</Text>
        <Text style={{ whiteSpace: 'pre-wrap' }} c={shown.comment === '' ? 'dimmed' : undefined}>
          {shown.comment === '' ? t('review.noComment') : shown.comment}
        </Text>
        <Text size="sm" c="dimmed">
          {t('review.reviewedBy', { reviewer: personName(review.reviewerId) })}
          {review.reviewedAt !== undefined && ` · ${t('review.reviewedAt', { at: formatDateTime(review.reviewedAt, i18n.language) })}`}
        </Text>
      </ReviewPanel>
    );
  }
  if (!props.canRecord) {
    return (
      <ReviewPanel title={t('review.title')}>
        {rulingLine}
        <Text>{t('review.assignedTo', { reviewer: personName(review.reviewerId) })}</Text>
      </ReviewPanel>
    );
  }

  const record = form.handleSubmit(async (values) => {
    setFailure(undefined);
    const error = await props.onRecord(values.verdict, values.comment);
    if (error === undefined) setRecorded({ verdict: values.verdict, comment: values.comment });
    else setFailure(error);
  });
  return (
    <ReviewPanel title={t('review.title')} onSubmit={record}>
      {rulingLine}
      <Controller
        name="verdict"
        control={form.control}
        render={({ field }) => (
          <Radio.Group
            label={t('review.verdict')}
            value={field.value ?? null}
            onChange={(value) => {
              field.onChange(value);
              // A comment asked for under "disagree" is no longer missing under "agree".
              if (form.formState.isSubmitted) void form.trigger();
            }}
            error={errors.verdict?.message && t(errors.verdict.message)}
            withAsterisk
          >
            <Group gap="lg" mt="xs">
              {verdicts.map((verdict) => (
                <Radio key={verdict} value={verdict} label={t(`review.${verdict}`)} />
              ))}
            </Group>
          </Radio.Group>
        )}
      />
      <Textarea
        label={t('review.comment')}
        description={t('review.commentHint')}
        rows={3}
        resize="vertical"
        error={errors.comment?.message && t(errors.comment.message)}
        {...form.register('comment')}
      />
      {failure !== undefined && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      <Group>
        <Button type="submit" color="indigo.8" loading={isSubmitting}>
          {t('review.submit')}
        </Button>
      </Group>
    </ReviewPanel>
  );
}

/** The review's titled region; a form when there is something to submit. */
function ReviewPanel(props: { title: string; onSubmit?: FormEventHandler<HTMLFormElement>; children: ReactNode }) {
  const headingId = useId();
  const body = (
    <Stack gap="md">
      <Title order={3} size="h4" id={headingId}>
        {props.title}
      </Title>
      {props.children}
    </Stack>
  );
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" shadow="xs">
      {props.onSubmit === undefined ? (
        body
      ) : (
        <form noValidate onSubmit={props.onSubmit}>
          {body}
        </form>
      )}
    </Paper>
  );
}
