import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Group, List, NativeSelect, NumberInput, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { TeamMember } from '../../../data/audit-records';
import { formatDateTime } from '../../../ui/format';
import { agreementByCaseManager, allocate, drawSample, reviewerFor, sampleSize, type Confidence } from './sample-size';

/** A ruled dispute not yet drawn for a second review. */
export interface SampleCandidate {
  disputeId: string;
  ruledBy: string;
  ruledAt: string;
  outcome: string;
}

interface AssignedReview {
  disputeId: string;
  ruledBy: string;
  reviewerId: string;
  verdict?: 'agree' | 'disagree';
  comment?: string;
}

interface AssignResult {
  assigned: number;
  refused: { disputeId: string; message: string }[];
}

/** A drawn dispute and who will review it: undefined when nobody on the team can. */
interface DrawnRow {
  candidate: SampleCandidate;
  reviewerId: string | undefined;
}

const confidences = ['0.9', '0.95', '0.99'] as const;

function samplingSchema(teamIds: readonly string[]) {
  return z.object({
    confidence: z.enum(confidences),
    margin: z
      .number({ message: 'audit.sampling.errors.margin' })
      .min(1, { message: 'audit.sampling.errors.margin' })
      .max(10, { message: 'audit.sampling.errors.margin' }),
    reviewerId: z.string().refine((id) => teamIds.includes(id), { message: 'audit.sampling.errors.reviewer' }),
  });
}
type SamplingValues = z.infer<ReturnType<typeof samplingSchema>>;

/** Fractions in [0, 1) from the platform's cryptographic generator, so nobody can predict or steer a draw. */
function cryptoFraction(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

/** Rulings grouped by the case manager who made them: the strata of the sample, by name. */
function byCaseManager(candidates: readonly SampleCandidate[], nameOf: (id: string) => string): Map<string, SampleCandidate[]> {
  const strata = new Map<string, SampleCandidate[]>();
  for (const candidate of candidates) {
    const stratum = strata.get(candidate.ruledBy);
    if (stratum === undefined) strata.set(candidate.ruledBy, [candidate]);
    else stratum.push(candidate);
  }
  return new Map([...strata].sort(([a], [b]) => nameOf(a).localeCompare(nameOf(b))));
}

/** How many to draw, and from whom, for a confidence level and a margin in percent. */
function planFor(strata: Map<string, SampleCandidate[]>, population: number, confidence: SamplingValues['confidence'], margin: number) {
  const size = sampleSize(population, Number(confidence) as Confidence, margin / 100);
  return { size, shares: allocate([...strata].map(([key, items]) => ({ key, size: items.length })), size) };
}

/**
 * The team lead's quality sampling: a stratified random sample of ruled disputes, sized for a
 * confidence level and margin of error and spread over the case managers in proportion to their
 * rulings, assigned to a reviewer for a second review; below it, how often reviewers agreed with
 * each case manager's rulings. Nobody reviews their own ruling: such a dispute goes to another
 * member of the team, or is skipped when there is none. `random` defaults to the crypto generator.
 */
export function SamplingPanel(props: {
  candidates: SampleCandidate[];
  team: TeamMember[];
  reviews: AssignedReview[];
  onAssign(assignments: { disputeId: string; reviewerId: string }[]): Promise<AssignResult>;
  onOpenCase(disputeId: string): void;
  random?: () => number;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const { candidates, team } = props;
  const names = useMemo(() => new Map(team.map((member) => [member.id, member.name])), [team]);
  const nameOf = (id: string) => names.get(id) ?? id;
  const strata = useMemo(() => byCaseManager(candidates, (id) => names.get(id) ?? id), [candidates, names]);
  // Each draw is numbered so the list below starts afresh, without the last draw's assignment result.
  const [drawn, setDrawn] = useState<{ number: number; rows: DrawnRow[]; chosenId: string }>();

  function draw(values: SamplingValues) {
    const { shares } = planFor(strata, candidates.length, values.confidence, values.margin);
    const sample = drawSample(strata, shares, props.random ?? cryptoFraction);
    const rows = sample.map((candidate) => ({ candidate, reviewerId: reviewerFor(values.reviewerId, candidate.ruledBy, team) }));
    setDrawn({ number: (drawn?.number ?? 0) + 1, rows, chosenId: values.reviewerId });
  }

  const openCase = (disputeId: string) => (
    <Anchor component="button" type="button" aria-label={t('audit.sampling.openCase', { disputeId })} onClick={() => props.onOpenCase(disputeId)}>
      {disputeId}
    </Anchor>
  );

  return (
    <Stack gap="lg">
      <Paper component="section" aria-labelledby={headingId} withBorder p="md" shadow="xs">
        <Stack gap="md">
          <Title order={3} size="h4" id={headingId}>
            {t('audit.sampling.title')}
          </Title>
          {candidates.length === 0 ? (
            <Alert color="gray" title={t('audit.sampling.empty')}>
              {t('audit.sampling.emptyBody')}
            </Alert>
          ) : (
            <SampleForm strata={strata} population={candidates.length} team={team} nameOf={nameOf} onDraw={draw} />
          )}
          {drawn && (
            <DrawnSample key={drawn.number} rows={drawn.rows} chosenId={drawn.chosenId} nameOf={nameOf} openCase={openCase} onAssign={props.onAssign} />
          )}
        </Stack>
      </Paper>
      <AgreementReport reviews={props.reviews} nameOf={nameOf} openCase={openCase} />
    </Stack>
  );
}

/** The confidence level, margin of error and reviewer; the plan they give per case manager; and the draw. */
function SampleForm(props: {
  strata: Map<string, SampleCandidate[]>;
  population: number;
  team: TeamMember[];
  nameOf: (id: string) => string;
  onDraw: (values: SamplingValues) => void;
}) {
  const { t, i18n } = useTranslation();
  const { strata, population, team, nameOf } = props;
  const schema = useMemo(() => samplingSchema(team.map((member) => member.id)), [team]);
  const firstReviewer = team.find((member) => member.role === 'reviewer') ?? team[0];
  const form = useForm<SamplingValues>({
    resolver: zodResolver(schema),
    mode: 'onChange',
    defaultValues: { confidence: '0.95', margin: 5, reviewerId: firstReviewer?.id ?? '' },
  });
  const [confidence, margin] = useWatch({ control: form.control, name: ['confidence', 'margin'] });
  const plan = schema.shape.margin.safeParse(margin).success ? planFor(strata, population, confidence, margin) : undefined;
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const { errors } = form.formState;
  return (
    <form noValidate onSubmit={form.handleSubmit(props.onDraw)}>
      <Stack gap="md">
        <Text size="sm">{t('audit.sampling.intro')}</Text>
        <Group align="flex-start" gap="xl">
          <Controller
            name="confidence"
            control={form.control}
            render={({ field }) => (
              <Radio.Group label={t('audit.sampling.confidence')} value={field.value} onChange={field.onChange} withAsterisk>
                <Group gap="md" mt="xs">
                  {confidences.map((level) => (
                    <Radio key={level} value={level} label={percent.format(Number(level))} />
                  ))}
                </Group>
              </Radio.Group>
            )}
          />
          <Controller
            name="margin"
            control={form.control}
            render={({ field }) => (
              <NumberInput
                label={t('audit.sampling.margin')}
                description={t('audit.sampling.marginHint')}
                min={1}
                max={10}
                step={0.5}
                decimalScale={1}
                // Out-of-range values stay as typed, so the message can say what is wrong with them.
                clampBehavior="none"
                withAsterisk
                w={220}
                error={errors.margin?.message && t(errors.margin.message)}
                name={field.name}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
              />
            )}
          />
          <NativeSelect
            label={t('audit.sampling.reviewer')}
            data={team.map((member) => ({
              value: member.id,
              label: t('audit.sampling.reviewerOption', { name: member.name, role: t(`audit.sampling.roles.${member.role}`) }),
            }))}
            withAsterisk
            error={errors.reviewerId?.message && t(errors.reviewerId.message)}
            {...form.register('reviewerId')}
          />
        </Group>
        <Table withTableBorder captionSide="top" data-testid="sample-plan">
          <Table.Caption>{t('audit.sampling.strata')}</Table.Caption>
          <Headers labels={[t('audit.sampling.caseManager'), t('audit.sampling.population'), t('audit.sampling.share')]} />
          <Table.Tbody>
            {[...strata].map(([ruledBy, items]) => (
              <Table.Tr key={ruledBy}>
                <Table.Td>{nameOf(ruledBy)}</Table.Td>
                <Table.Td>{items.length}</Table.Td>
                <Table.Td>{plan?.shares.get(ruledBy) ?? '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>{t('audit.sampling.total')}</Table.Th>
              <Table.Td>{population}</Table.Td>
              <Table.Td>{plan?.size ?? '–'}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
        {plan && <Text role="status">{t('audit.sampling.sampleSize', { size: plan.size, population })}</Text>}
        <Group>
          <Button type="submit" color="indigo.8">
            {t('audit.sampling.draw')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The drawn disputes, who reviews each (and why, when not the chosen reviewer), and assigning them. */
function DrawnSample(props: {
  rows: DrawnRow[];
  chosenId: string;
  nameOf: (id: string) => string;
  openCase: (disputeId: string) => ReactNode;
  onAssign(assignments: { disputeId: string; reviewerId: string }[]): Promise<AssignResult>;
}) {
  const { t, i18n } = useTranslation();
  const { rows, chosenId, nameOf } = props;
  const [assigning, setAssigning] = useState(false);
  const [result, setResult] = useState<AssignResult>();

  async function assign() {
    setAssigning(true);
    try {
      setResult(await props.onAssign(rows.flatMap((row) => (row.reviewerId === undefined ? [] : [{ disputeId: row.candidate.disputeId, reviewerId: row.reviewerId }]))));
    } finally {
      setAssigning(false);
    }
  }

  return (
    <Stack gap="sm">
      <Table withTableBorder captionSide="top" data-testid="drawn-sample">
        <Table.Caption>{t('audit.sampling.drawn')}</Table.Caption>
        <Headers labels={[t('audit.sampling.dispute'), t('audit.sampling.caseManager'), t('audit.sampling.ruledAt'), t('audit.sampling.outcome'), t('audit.sampling.assignTo')]} />
        <Table.Tbody>
          {rows.map(({ candidate, reviewerId }) => (
            <Table.Tr key={candidate.disputeId}>
              <Table.Td>{props.openCase(candidate.disputeId)}</Table.Td>
              <Table.Td>{nameOf(candidate.ruledBy)}</Table.Td>
              <Table.Td>{formatDateTime(candidate.ruledAt, i18n.language)}</Table.Td>
              <Table.Td>{t(`case.ruling.outcomes.${candidate.outcome}`, { defaultValue: candidate.outcome })}</Table.Td>
              <Table.Td>
                {reviewerId === undefined ? (
                  <Text size="sm" c="red.8">
                    {t('audit.sampling.skipped', { caseManager: nameOf(candidate.ruledBy) })}
                  </Text>
                ) : (
                  <>
                    <Text size="sm">{nameOf(reviewerId)}</Text>
                    {reviewerId !== chosenId && (
                      <Text size="xs" c="dimmed">
                        {t('audit.sampling.reassigned', { chosen: nameOf(chosenId), reviewer: nameOf(reviewerId) })}
                      </Text>
                    )}
                  </>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button
          color="indigo.8"
          loading={assigning}
          // Once the service has answered, these disputes are assigned or refused; a new draw starts over.
          disabled={result !== undefined || rows.every((row) => row.reviewerId === undefined)}
          onClick={() => void assign()}
        >
          {t('audit.sampling.assign')}
        </Button>
      </Group>
      {result && <AssignOutcome result={result} />}
    </Stack>
  );
}

/** How many assignments the service took, and each it refused with its reason as worded. */
function AssignOutcome(props: { result: AssignResult }) {
  const { t } = useTranslation();
  const { refused } = props.result;
  return (
    <Stack gap="xs">
      <Alert color="green" role="status">
        {t('audit.sampling.assigned', { number: props.result.assigned })}
      </Alert>
      {refused.length > 0 && (
        <Alert color="red" role="alert" title={t('audit.sampling.refused')}>
          <List size="sm">
            {refused.map((refusal) => (
              <List.Item key={refusal.disputeId}>
                {refusal.disputeId}: {refusal.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

/** Second reviews per case manager (agree, disagree, agreement rate, pending), then each review. */
function AgreementReport(props: { reviews: readonly AssignedReview[]; nameOf: (id: string) => string; openCase: (disputeId: string) => ReactNode }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const { nameOf } = props;
  const rows = agreementByCaseManager(props.reviews);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" shadow="xs">
      <Stack gap="md">
        <Title order={3} size="h4" id={headingId}>
          {t('audit.sampling.agreement.title')}
        </Title>
        {rows.length === 0 ? (
          <Text c="dimmed">{t('audit.sampling.agreement.none')}</Text>
        ) : (
          <>
            <Table withTableBorder data-testid="agreement-report">
              <Headers labels={[t('audit.sampling.caseManager'), t('audit.sampling.agreement.agree'), t('audit.sampling.agreement.disagree'), t('audit.sampling.agreement.rate'), t('audit.sampling.agreement.pending')]} />
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.ruledBy}>
                    <Table.Td>{nameOf(row.ruledBy)}</Table.Td>
                    <Table.Td>{row.agree}</Table.Td>
                    <Table.Td>{row.disagree}</Table.Td>
                    <Table.Td>{row.rate === undefined ? t('audit.sampling.agreement.noRate') : percent.format(row.rate)}</Table.Td>
                    <Table.Td>{row.pending}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Table withTableBorder captionSide="top" data-testid="second-reviews">
              <Table.Caption>{t('audit.sampling.reviews.title')}</Table.Caption>
              <Headers labels={[t('audit.sampling.dispute'), t('audit.sampling.caseManager'), t('audit.sampling.reviews.reviewer'), t('audit.sampling.reviews.verdict'), t('audit.sampling.reviews.comment')]} />
              <Table.Tbody>
                {props.reviews.map((review) => (
                  <Table.Tr key={review.disputeId}>
                    <Table.Td>{props.openCase(review.disputeId)}</Table.Td>
                    <Table.Td>{nameOf(review.ruledBy)}</Table.Td>
                    <Table.Td>{nameOf(review.reviewerId)}</Table.Td>
                    <Table.Td>{t(`audit.sampling.reviews.verdicts.${review.verdict ?? 'pending'}`)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{review.comment}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** A table's column headers. */
function Headers(props: { labels: string[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {props.labels.map((label) => (
          <Table.Th key={label}>{label}</Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}
