import { AspectRatio, Badge, Box, Button, Checkbox, Group, Image, Paper, Popover, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { evidenceLabel } from '../../../shared/domain/evidence-label';
import type { Dispute, EvidenceItem, EvidenceKind } from '../../../shared/domain/model';
import { requestLabel } from '../../../shared/domain/evidence-label';
import { isLate, requestStatus, type RequestStatus } from './case-facts';
import { CompareBar, isComparable, nearDuplicatePair, type CompareTarget } from './compare-choice';
import { FlagExplanation } from '../../ui/EvidenceFlags';
import { formatBytes, formatList } from '../../ui/format';
import { hasServiceFindingsToShow, ServiceFindings } from '../../ui/ServiceFindings';
import { CaseSection, Time, WrittenText } from './parts';
import { useThumbnail } from './use-thumbnail';

/** Colours dark enough for white badge text to pass WCAG AA; yellow gets dark text instead. */
function statusBadge(status: RequestStatus): { color: string; key: string } | undefined {
  switch (status) {
    case 'answered':
      return { color: 'teal.9', key: 'case.requests.answered' };
    case 'overdue':
      return { color: 'red.9', key: 'case.requests.overdue' };
    case 'due_soon':
      return { color: 'yellow.4', key: 'case.requests.dueSoon' };
    case 'open':
      return undefined;
    default:
      throw missingCaseError(status);
  }
}

/** The evidence requested from each party, with how each stands against its due date at `now`: a compact list for the side panel. */
export function EvidenceRequests(props: { dispute: Dispute; now: string }) {
  const { t, i18n } = useTranslation();
  const { dispute } = props;
  const { evidenceRequests, evidence } = dispute;
  return (
    <CaseSection title={t('case.requests.title')}>
      {evidenceRequests.length === 0 ? (
        <Text c="dimmed">{t('case.requests.empty')}</Text>
      ) : (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {evidenceRequests.map((request) => {
            const badge = statusBadge(requestStatus(request, evidence, props.now));
            return (
              <li key={request.id}>
                <Group gap={6} justify="space-between" wrap="nowrap" align="flex-start">
                  <Text size="sm" fw={600}>
                    {t('case.requests.line', {
                      request: requestLabel(dispute, request.id),
                      party: t(`case.party.${request.party}`),
                      kinds: formatList(request.kinds.map((kind) => t(`case.evidenceKind.${kind}`)), i18n.language),
                    })}
                  </Text>
                  {badge && (
                    // Never cut short: the word is the whole point of the badge.
                    <Badge color={badge.color} variant="filled" autoContrast style={{ flexShrink: 0, overflow: 'visible' }} tt="none">
                      {t(badge.key)}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {t('case.requests.due')} <Time iso={request.dueAt} />
                </Text>
                {request.note !== '' && <WrittenText text={request.note} />}
              </li>
            );
          })}
        </Stack>
      )}
    </CaseSection>
  );
}

/**
 * The desk's flags as a card's chips show them. Its `late` flag is left out: it says what the
 * desk's clock said against the due date then, and lateness is the one rule's, shown as its own
 * chip against the due date as it is now (shared/domain/lateness.ts).
 */
function deskFlagsShown(item: EvidenceItem): EvidenceFlag[] {
  return item.flags?.filter((flag) => flag.code !== 'late') ?? [];
}

/** The other side of a near duplicate, by file name or, known only by its digest, its first characters. */
function otherName(other: CompareTarget): string {
  return ('fileName' in other && other.fileName) || ('sha256' in other ? `${other.sha256.slice(0, 12)}…` : '');
}

/** Ticking items to compare, when the case view offers comparing. */
export interface EvidenceChoice {
  /** Ids of the ticked items, in the order they were ticked (the viewer's pane order). */
  ticked: readonly string[];
  onTick: (id: string, ticked: boolean) => void;
  onCompare: (targets: CompareTarget[]) => void;
}

/** A plain drawing of the file's kind, for a card with no picture of its own. */
function KindIcon(props: { kind: EvidenceKind; link: boolean }) {
  const common = { width: 40, height: 40, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': true } as const;
  if (props.link) {
    return (
      <svg {...common}>
        <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" />
        <path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
      </svg>
    );
  }
  switch (props.kind) {
    case 'photo':
      return (
        <svg {...common}>
          <rect x="3" y="5" width="18" height="14" rx="2" />
          <circle cx="9" cy="10" r="2" />
          <path d="M21 16l-5-5-9 8" />
        </svg>
      );
    case 'video':
      return (
        <svg {...common}>
          <rect x="3" y="6" width="13" height="12" rx="2" />
          <path d="M16 10l5-3v10l-5-3z" />
        </svg>
      );
    case 'document':
      return (
        <svg {...common}>
          <path d="M6 3h8l4 4v14H6z" />
          <path d="M14 3v4h4M9 12h6M9 16h6" />
        </svg>
      );
    default:
      throw missingCaseError(props.kind);
  }
}

/** The card's picture: the store's thumbnail or poster when this computer has the file, else the kind's icon. */
function Preview(props: { item: EvidenceItem }) {
  const url = useThumbnail(props.item);
  return (
    <AspectRatio ratio={16 / 9}>
      {url ? (
        // The file name is written under it; the picture adds nothing a screen reader should repeat.
        <Image src={url} alt="" fit="cover" />
      ) : (
        <Box bg="gray.1" c="gray.7" style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }} data-testid="kind-icon">
          <KindIcon kind={props.item.kind} link={props.item.sha256 === undefined} />
        </Box>
      )}
    </AspectRatio>
  );
}

/** A compact chip that opens its sentence on demand (click, Enter or Space). */
function Chip(props: { label: string; color: string; children: ReactNode }) {
  return (
    <Popover width={300} position="bottom-start" withArrow shadow="md" trapFocus={false}>
      <Popover.Target>
        <UnstyledButton aria-haspopup="dialog" style={{ borderRadius: 16 }}>
          <Badge color={props.color} variant="filled" autoContrast tt="none" style={{ cursor: 'pointer' }}>
            {props.label}
          </Badge>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>{props.children}</Popover.Dropdown>
    </Popover>
  );
}

/** One piece of evidence as a card: picture, label, file name, who sent it, and its checks as chips. */
function EvidenceCard(props: { dispute: Dispute; item: EvidenceItem; choice?: EvidenceChoice }) {
  const { t, i18n } = useTranslation();
  const { dispute, item, choice } = props;
  const label = evidenceLabel(dispute, item);
  const labelText = label.kind === 'label' ? label.text : t('case.evidence.new');
  const name = item.fileName ?? item.url ?? t(`case.evidenceKind.${item.kind}`);
  const late = isLate(item, dispute.evidenceRequests);
  const flags = deskFlagsShown(item);
  const checked = item.flags !== undefined;
  const person = item.party === 'buyer' ? dispute.buyer : dispute.seller;
  return (
    <Paper component="li" withBorder radius="md" p={0} style={{ overflow: 'hidden', minWidth: 0 }}>
      <Preview item={item} />
      <Stack gap={4} p="xs">
        <Group gap={6} wrap="nowrap">
          {choice && (
            <Checkbox
              size="xs"
              aria-label={t('case.evidence.compareItem', { label: labelText, file: name })}
              title={isComparable(item) ? undefined : t('case.evidence.notComparable')}
              disabled={!isComparable(item)}
              checked={choice.ticked.includes(item.id)}
              onChange={(event) => choice.onTick(item.id, event.currentTarget.checked)}
            />
          )}
          <Text size="sm" fw={700} truncate="end" title={labelText}>
            {labelText}
          </Text>
        </Group>
        <Text size="sm" ff="monospace" truncate="end" title={name} dir="auto">
          {name}
        </Text>
        <Text size="xs" c="dimmed" truncate="end" title={`${person.name} (${t(`case.party.${item.party}`)})`}>
          {t('case.timeline.from', { name: person.name, party: t(`case.party.${item.party}`) })}
        </Text>
        <Text size="xs" c="dimmed">
          {t(`case.evidenceKind.${item.kind}`)}
          {item.sizeBytes === undefined ? '' : ` · ${formatBytes(item.sizeBytes, i18n.language)}`}
          {' · '}
          <Time iso={item.receivedAt ?? item.submittedAt} />
        </Text>
        {item.requestId !== undefined && (
          <Text size="xs" c="dimmed">
            {t('case.evidence.answers', { request: requestLabel(dispute, item.requestId) })}
          </Text>
        )}
        {item.description !== '' && (
          <Text size="xs" lineClamp={2} title={item.description} dir="auto">
            {item.description}
          </Text>
        )}
        <Group gap={4} aria-label={t('case.evidence.checksOf', { label: labelText })} role="group">
          {late && (
            <Badge color="red.9" variant="filled" tt="none">
              {t('case.evidence.late')}
            </Badge>
          )}
          {checked && flags.length === 0 && !late && (
            <Text size="xs" c="dimmed">
              {t('evidence.flags.none')}
            </Text>
          )}
          {flags.map((flag, index) => {
            const pair = choice && nearDuplicatePair(dispute.id, item, flag);
            return (
              // A file can carry the same code twice (two near duplicates), so the position keeps keys apart.
              <Chip key={`${flag.code}-${index}`} label={t(`evidence.flagName.${flag.code}`)} color="yellow.4">
                <FlagExplanation
                  flag={flag}
                  action={
                    pair &&
                    choice && (
                      <Button size="compact-xs" variant="light" aria-label={t('case.evidence.compareWith', { file: otherName(pair[1]!) })} onClick={() => choice.onCompare(pair)}>
                        {t('case.evidence.compareFlag')}
                      </Button>
                    )
                  }
                />
              </Chip>
            );
          })}
          {hasServiceFindingsToShow(item) && (
            <Chip label={t('case.evidence.serviceChip')} color="red.9">
              <ServiceFindings item={item} />
            </Chip>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * The evidence both parties submitted, as a grid of cards with a picture of each (or its kind's
 * icon), its label and file name, and what the checks found as chips whose sentence opens on
 * demand. With `choice`, photos and videos can be ticked and compared in the viewer, and a
 * near-duplicate chip compares its pair.
 */
export function EvidenceItems(props: { dispute: Dispute; choice?: EvidenceChoice }) {
  const { t } = useTranslation();
  const { evidence, id: disputeId } = props.dispute;
  const { choice } = props;
  return (
    <CaseSection
      title={t('case.evidence.title')}
      actions={
        choice &&
        evidence.length > 0 && (
          <CompareBar ticked={choice.ticked.length} onCompare={() => choice.onCompare(choice.ticked.map((evidenceId) => ({ disputeId, evidenceId })))} />
        )
      }
    >
      {evidence.length === 0 ? (
        <Text c="dimmed">{t('case.evidence.empty')}</Text>
      ) : (
        <SimpleGrid component="ul" type="container" cols={{ base: 1, '420px': 2, '640px': 3, '900px': 4 }} spacing="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {evidence.map((item) => (
            <EvidenceCard key={item.id} dispute={props.dispute} item={item} choice={choice} />
          ))}
        </SimpleGrid>
      )}
    </CaseSection>
  );
}
