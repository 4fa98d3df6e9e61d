import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Box, Button, Code, Group, List, Modal, NativeSelect, NumberInput, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { TeamMember } from '../../../data/audit-records';
import { formatDateTime } from '../../../ui/format';
import type { KeptSample } from './kept-sample';
import { agreementByCaseManager, allocate, drawSample, reviewerFor, sampleSizeWorking, type Confidence } from './sample-size';

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

const confidences = ['0.9', '0.95', '0.99'] as const;

function samplingSchema(teamIds: readonly string[]) {
  return z.object({
    confidence: z.enum(confidences),
    margin: z
      .number({ message: 'audit.sampling.errors.margin' })
      .min(1, { message: 'audit.sampling.errors.margin' })
      .max(10, { message: 'audit.sampling.errors.margin' }),
    expected: z
      .number({ message: 'audit.sampling.errors.expected' })
      .min(1, { message: 'audit.sampling.errors.expected' })
      .max(50, { message: 'audit.sampling.errors.expected' }),
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

/**
 * The default sample: 90 % confidence, ±10 points, expecting about 10 % of rulings to be unsound.
 * A team lead's check of a few dozen rulings a week needs an estimate to act on, not a survey:
 * 95 % ± 5 % at p = 0.5 would draw 65 of 77 rulings; this draws 19.
 */
const defaultPlan = { confidence: '0.9', margin: 10, expected: 10 } as const;

/** How many to draw, and from whom, for a confidence level, a margin and an expected share of unsound rulings in percent. */
function planFor(strata: Map<string, SampleCandidate[]>, population: number, confidence: SamplingValues['confidence'], margin: number, expected: number) {
  const working = sampleSizeWorking(population, Number(confidence) as Confidence, margin / 100, expected / 100);
  return { size: working.n, working, shares: allocate([...strata].map(([key, items]) => ({ key, size: items.length })), working.n) };
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
  /** The sample drawn and kept, not yet assigned or discarded (null: none). */
  kept: KeptSample | null;
  onKeep(sample: KeptSample): Promise<void>;
  onForget(): Promise<void>;
  onAssign(assignments: { disputeId: string; reviewerId: string }[]): Promise<AssignResult>;
  onOpenCase(disputeId: string): void;
  random?: () => number;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const { candidates, team, kept } = props;
  const names = useMemo(() => new Map(team.map((member) => [member.id, member.name])), [team]);
  const nameOf = (id: string) => names.get(id) ?? id;
  const strata = useMemo(() => byCaseManager(candidates, (id) => names.get(id) ?? id), [candidates, names]);
  // What the service made of the last assignment: shown once the sample it came from is gone.
  const [result, setResult] = useState<AssignResult>();

  async function draw(values: SamplingValues) {
    const { shares } = planFor(strata, candidates.length, values.confidence, values.margin, values.expected);
    const sample = drawSample(strata, shares, props.random ?? cryptoFraction);
    setResult(undefined);
    await props.onKeep({
      drawnAt: new Date().toISOString(),
      chosenId: values.reviewerId,
      rows: sample.map((candidate) => {
        const reviewerId = reviewerFor(values.reviewerId, candidate.ruledBy, team);
        return { ...candidate, ...(reviewerId === undefined ? {} : { reviewerId }) };
      }),
    });
  }

  async function assign(sample: KeptSample) {
    const outcome = await props.onAssign(sample.rows.flatMap((row) => (row.reviewerId === undefined ? [] : [{ disputeId: row.disputeId, reviewerId: row.reviewerId }])));
    setResult(outcome);
    // Assigned or refused, these disputes are settled: a new draw starts from the rulings left.
    await props.onForget();
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
          {result && <AssignOutcome result={result} />}
          {kept ? (
            <DrawnSample sample={kept} nameOf={nameOf} openCase={openCase} onAssign={() => assign(kept)} onDiscard={props.onForget} />
          ) : candidates.length === 0 ? (
            <Alert color="gray" title={t('audit.sampling.empty')}>
              {t('audit.sampling.emptyBody')}
            </Alert>
          ) : (
            <SampleForm strata={strata} population={candidates.length} team={team} nameOf={nameOf} onDraw={draw} />
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
  onDraw: (values: SamplingValues) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const { strata, population, team, nameOf } = props;
  const schema = useMemo(() => samplingSchema(team.map((member) => member.id)), [team]);
  const firstReviewer = team.find((member) => member.role === 'reviewer') ?? team[0];
  const form = useForm<SamplingValues>({
    resolver: zodResolver(schema),
    mode: 'onChange',
    defaultValues: { ...defaultPlan, reviewerId: firstReviewer?.id ?? '' },
  });
  const [confidence, margin, expected] = useWatch({ control: form.control, name: ['confidence', 'margin', 'expected'] });
  const plan =
    schema.shape.margin.safeParse(margin).success && schema.shape.expected.safeParse(expected).success ? planFor(strata, population, confidence, margin, expected) : undefined;
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const { errors } = form.formState;
  return (
    <form noValidate onSubmit={form.handleSubmit(props.onDraw)} aria-label={t('audit.sampling.formLabel')}>
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
          <Controller
            name="expected"
            control={form.control}
            render={({ field }) => (
              <NumberInput
                label={t('audit.sampling.expected')}
                description={t('audit.sampling.expectedHint')}
                min={1}
                max={50}
                step={1}
                decimalScale={1}
                clampBehavior="none"
                withAsterisk
                w={220}
                error={errors.expected?.message && t(errors.expected.message)}
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
        {plan && (
          <>
            <Text role="status">{t('audit.sampling.sampleSize', { size: plan.size, population })}</Text>
            <Formula working={plan.working} confidence={Number(confidence)} />
          </>
        )}
        <Group>
          <Button type="submit" color="indigo.8">
            {t('audit.sampling.draw')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Cochran's formula with the finite-population correction, with this plan's numbers filled in. */
function Formula(props: { working: ReturnType<typeof sampleSizeWorking>; confidence: number }) {
  const { t, i18n } = useTranslation();
  const { z, p, e, n0, corrected, n, population } = props.working;
  const number = (value: number, digits: number) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <Box data-testid="sample-formula" aria-label={t('audit.sampling.formula.label')} role="group">
      <Text size="sm" fw={600}>
        {t('audit.sampling.formula.label')}
      </Text>
      <Code block fz="sm">
        {`n₀ = z²·p(1−p)/e² = ${number(z, 3)}² × ${number(p, 2)} × ${number(1 - p, 2)} / ${number(e, 2)}² = ${number(n0, 1)}\n` +
          `n = n₀ / (1 + (n₀ − 1)/N) = ${number(n0, 1)} / (1 + ${number(n0 - 1, 1)} / ${number(population, 0)}) = ${number(corrected, 1)} → ${number(n, 0)}`}
      </Code>
      <Text size="xs" c="dimmed">
        {t('audit.sampling.formula.legend', { z: number(z, 3), confidence: percent.format(props.confidence), p: percent.format(p), e: percent.format(e), population })}
      </Text>
    </Box>
  );
}

/**
 * The drawn disputes, who reviews each (and why, when not the chosen reviewer), and assigning or
 * discarding them: the buttons stay in view above the rows, however many were drawn.
 */
function DrawnSample(props: {
  sample: KeptSample;
  nameOf: (id: string) => string;
  openCase: (disputeId: string) => ReactNode;
  onAssign(): Promise<void>;
  onDiscard(): Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const { sample, nameOf } = props;
  const { rows, chosenId } = sample;
  const [assigning, setAssigning] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const captionId = useId();

  async function assign() {
    setAssigning(true);
    try {
      await props.onAssign();
    } finally {
      setAssigning(false);
    }
  }

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="sm" data-testid="drawn-sample-actions">
        <Text size="sm" id={captionId}>
          {t('audit.sampling.drawnCount', { count: rows.length, at: formatDateTime(sample.drawnAt, i18n.language) })}
        </Text>
        <Group gap="sm">
          <Button color="indigo.8" loading={assigning} disabled={rows.every((row) => row.reviewerId === undefined)} onClick={() => void assign()}>
            {t('audit.sampling.assign')}
          </Button>
          <Button variant="default" color="red" disabled={assigning} onClick={() => setDiscarding(true)}>
            {t('audit.sampling.discard.open')}
          </Button>
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {t('audit.sampling.kept')}
      </Text>
      {/* The rows scroll inside their own box, so the buttons above never leave the screen. */}
      <Box style={{ maxHeight: 'max(240px, calc(100vh - 360px))', overflowY: 'auto' }} tabIndex={0} role="region" aria-labelledby={captionId}>
        <Table withTableBorder stickyHeader captionSide="top" data-testid="drawn-sample">
          <Table.Caption>{t('audit.sampling.drawn')}</Table.Caption>
          <Headers labels={[t('audit.sampling.dispute'), t('audit.sampling.caseManager'), t('audit.sampling.ruledAt'), t('audit.sampling.outcome'), t('audit.sampling.assignTo')]} />
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.disputeId}>
                <Table.Td>{props.openCase(row.disputeId)}</Table.Td>
                <Table.Td>{nameOf(row.ruledBy)}</Table.Td>
                <Table.Td>{formatDateTime(row.ruledAt, i18n.language)}</Table.Td>
                <Table.Td>{t(`case.ruling.outcomes.${row.outcome}`, { defaultValue: t('audit.history.otherState') })}</Table.Td>
                <Table.Td>
                  {row.reviewerId === undefined ? (
                    <Text size="sm" c="red.8">
                      {t('audit.sampling.skipped', { caseManager: nameOf(row.ruledBy) })}
                    </Text>
                  ) : (
                    <>
                      <Text size="sm">{nameOf(row.reviewerId)}</Text>
                      {row.reviewerId !== chosenId && (
                        <Text size="xs" c="dimmed">
                          {t('audit.sampling.reassigned', { chosen: nameOf(chosenId), reviewer: nameOf(row.reviewerId) })}
                        </Text>
                      )}
                    </>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      <Modal opened={discarding} onClose={() => setDiscarding(false)} title={t('audit.sampling.discard.title')} closeButtonProps={{ 'aria-label': t('audit.sampling.discard.keep') }}>
        <Stack gap="md">
          <Text size="sm">{t('audit.sampling.discard.body', { count: rows.length })}</Text>
          <Group gap="sm">
            <Button
              color="red.8"
              onClick={() => {
                setDiscarding(false);
                void props.onDiscard();
              }}
            >
              {t('audit.sampling.discard.confirm')}
            </Button>
            <Button variant="default" onClick={() => setDiscarding(false)} data-autofocus>
              {t('audit.sampling.discard.keep')}
            </Button>
          </Group>
        </Stack>
      </Modal>
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
