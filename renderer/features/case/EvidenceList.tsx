import { Badge, Button, Checkbox, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { Dispute, EvidenceItem } from '../../../shared/domain/model';
import { isLate, requestStatus, type RequestStatus } from './case-facts';
import { CompareBar, isComparable, nearDuplicatePair, type CompareTarget } from './compare-choice';
import { EvidenceFlags } from '../../ui/EvidenceFlags';
import { formatBytes, formatList } from '../../ui/format';
import { ServiceFindings } from '../../ui/ServiceFindings';
import { TableSection, Time, WrittenText } from './parts';

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

/** The evidence requested from each party, with how each stands against its due date at `now`. */
export function EvidenceRequests(props: { dispute: Dispute; now: string }) {
  const { t, i18n } = useTranslation();
  const { evidenceRequests, evidence } = props.dispute;
  return (
    <TableSection
      title={t('case.requests.title')}
      empty={t('case.requests.empty')}
      minWidth={640}
      headers={['request', 'party', 'kinds', 'note', 'requested', 'due', 'status'].map((column) => t(`case.requests.${column}`))}
    >
      {evidenceRequests.map((request) => {
        const badge = statusBadge(requestStatus(request, evidence, props.now));
        return (
          <Table.Tr key={request.id}>
            <Table.Td>{request.id}</Table.Td>
            <Table.Td>{t(`case.party.${request.party}`)}</Table.Td>
            <Table.Td>
              {formatList(
                request.kinds.map((kind) => t(`case.evidenceKind.${kind}`)),
                i18n.language,
              )}
            </Table.Td>
            <Table.Td>
              <WrittenText text={request.note} />
            </Table.Td>
            <Table.Td>
              <Time iso={request.requestedAt} />
            </Table.Td>
            <Table.Td>
              <Time iso={request.dueAt} />
            </Table.Td>
            <Table.Td>
              {badge && (
                <Badge color={badge.color} variant="filled" autoContrast>
                  {t(badge.key)}
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        );
      })}
    </TableSection>
  );
}

/**
 * The desk's flags as the Checks column lists them. Its `late` flag is left out: it says what the
 * desk's clock said against the due date then, and lateness is the one rule's, shown beside the
 * time against the due date as it is now (shared/domain/lateness.ts).
 */
function deskFlagsShown(item: EvidenceItem): EvidenceItem['flags'] {
  return item.flags?.filter((flag) => flag.code !== 'late');
}

/** Where a piece of evidence is: its file name, or the external link as plain text (never followed from here). */
function sourceOf(item: EvidenceItem): string {
  return item.fileName ?? item.url ?? '';
}

/** Ticking items to compare, when the case view offers comparing. */
export interface EvidenceChoice {
  /** Ids of the ticked items, in the order they were ticked (the viewer's pane order). */
  ticked: readonly string[];
  onTick: (id: string, ticked: boolean) => void;
  onCompare: (targets: CompareTarget[]) => void;
}

/**
 * The evidence both parties submitted, each marked late when it came after its request's due date,
 * with what the desk's checks found when a team member brought it in. With `choice`, photos and
 * videos can be ticked and compared in the viewer, and a near-duplicate flag compares its pair.
 */
export function EvidenceItems(props: { dispute: Dispute; choice?: EvidenceChoice }) {
  const { t, i18n } = useTranslation();
  const { evidence, evidenceRequests, id: disputeId } = props.dispute;
  const { choice } = props;
  const columns = ['item', 'party', 'kind', 'channel', 'source', 'size', 'submitted', 'checks'];
  return (
    <TableSection
      title={t('case.evidence.title')}
      empty={t('case.evidence.empty')}
      minWidth={980}
      headers={(choice ? ['compare', ...columns] : columns).map((column) => t(`case.evidence.${column}`))}
      actions={
        choice && (
          <CompareBar
            ticked={choice.ticked.length}
            onCompare={() => choice.onCompare(choice.ticked.map((evidenceId) => ({ disputeId, evidenceId })))}
          />
        )
      }
    >
      {evidence.map((item) => (
        <Table.Tr key={item.id}>
          {choice && (
            <Table.Td>
              <Checkbox
                aria-label={t('case.evidence.compareItem', { id: item.id })}
                title={isComparable(item) ? undefined : t('case.evidence.notComparable')}
                disabled={!isComparable(item)}
                checked={choice.ticked.includes(item.id)}
                onChange={(event) => choice.onTick(item.id, event.currentTarget.checked)}
              />
            </Table.Td>
          )}
          <Table.Td>
            <Text size="sm" fw={600}>
              {item.id}
            </Text>
            <WrittenText text={item.description} />
            {item.requestId !== undefined && (
              <Text size="xs" c="dimmed">
                {t('case.evidence.answers', { request: item.requestId })}
              </Text>
            )}
          </Table.Td>
          <Table.Td>{t(`case.party.${item.party}`)}</Table.Td>
          <Table.Td>{t(`case.evidenceKind.${item.kind}`)}</Table.Td>
          <Table.Td>{t(`case.channel.${item.channel}`)}</Table.Td>
          <Table.Td>
            <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {sourceOf(item)}
            </Text>
          </Table.Td>
          <Table.Td>{item.sizeBytes === undefined ? t('case.evidence.sizeUnknown') : formatBytes(item.sizeBytes, i18n.language)}</Table.Td>
          <Table.Td>
            <Time iso={item.submittedAt} />
            {isLate(item, evidenceRequests) && (
              <Badge color="red.9" variant="filled" ml="xs">
                {t('case.evidence.late')}
              </Badge>
            )}
          </Table.Td>
          <Table.Td miw={220}>
            <EvidenceFlags
              flags={deskFlagsShown(item)}
              action={(flag) => {
                const pair = choice && nearDuplicatePair(disputeId, item, flag);
                if (!pair || !choice) return null;
                const other = pair[1]!;
                const name = ('fileName' in other && other.fileName) || ('sha256' in other ? `${other.sha256.slice(0, 12)}…` : '');
                return (
                  <Button size="compact-xs" variant="light" aria-label={t('case.evidence.compareWith', { file: name })} onClick={() => choice.onCompare(pair)}>
                    {t('case.evidence.compareFlag')}
                  </Button>
                );
              }}
            />
            <ServiceFindings item={item} />
          </Table.Td>
        </Table.Tr>
      ))}
    </TableSection>
  );
}
