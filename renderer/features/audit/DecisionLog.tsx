import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionRecord } from '../../data/audit-records';
import { usePersonName } from '../../data/use-team';
import { formatCountry, formatDateTime, formatMoney, formatShortDateTime } from '../../ui/format';
import { decisionReason, decisionsCsv, distinctValues, filterDecisions, noDecisionFilter, type DecisionFilter } from './decision-log';

// Compact rows and filters, so that a 1280×720 screen shows a working page of decisions.
const rowHeight = 30;
/** One line per decision, so every row is `rowHeight` tall as the virtual list counts on. */
const cell = { padding: '0 6px', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } as const;
/** Column widths in a fixed layout: the table fits its box at 1280×720 and long cells end in an ellipsis. */
const columnWidths = { when: '15%', actor: '12%', action: '9%', dispute: '10%', outcome: '10%', amount: '9%', reason: '17%', country: '8%', seller: '10%' } as const;

/** A cell of text that may end in an ellipsis: the whole text is its tooltip. */
function TextCell(props: { text: string }) {
  return (
    <td style={cell} title={props.text === '' ? undefined : props.text} dir="auto">
      {props.text}
    </td>
  );
}

/** Saves `text` as a file through the host's download (Electron asks where; a browser saves it). */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Every ruling and case action in the log, filtered, newest first, exportable as CSV. */
export function DecisionLog(props: { decisions: readonly DecisionRecord[]; names: ReadonlyMap<string, string>; onOpen: (disputeId: string) => void }) {
  const { t, i18n } = useTranslation();
  const nameOf = usePersonName();
  const [filter, setFilter] = useState<DecisionFilter>(noDecisionFilter);
  // Typing in the seller box stays responsive while 100,000 records filter behind it.
  const deferred = useDeferredValue(filter);
  const shown = useMemo(() => filterDecisions(props.decisions, deferred), [props.decisions, deferred]);
  const choices = useMemo(
    () => ({
      actor: distinctValues(props.decisions, 'actor').map((id) => ({ value: id, label: nameOf(id) })),
      action: distinctValues(props.decisions, 'action').map((action) => ({ value: action, label: t(`audit.actions.${action}`, { defaultValue: action }) })),
      outcome: distinctValues(props.decisions, 'outcome').map((outcome) => ({ value: outcome, label: t(`case.ruling.outcomes.${outcome}`) })),
      reason: distinctValues(props.decisions, 'reason').map((reason) => ({ value: reason, label: t(`queue.reasons.${reason}`) })),
      country: distinctValues(props.decisions, 'country').map((code) => ({ value: code, label: formatCountry(code, i18n.language) })),
    }),
    [props.decisions, nameOf, t, i18n.language],
  );
  const set = <K extends keyof DecisionFilter>(key: K, value: DecisionFilter[K]) => setFilter((current) => ({ ...current, [key]: value }));
  // Each select as wide as its placeholder needs at 1280×720 ("Case manager", "Dispute reason" are
  // the long ones); the row, date pickers and search box included, still fits on one line there.
  const select = (key: 'actor' | 'action' | 'outcome' | 'reason' | 'country', width = 115) => (
    <Select
      aria-label={t(`audit.log.filters.${key}`)}
      placeholder={t(`audit.log.filters.${key}`)}
      data={choices[key]}
      value={filter[key]}
      onChange={(value) => set(key, value)}
      clearable
      searchable
      size="xs"
      w={width}
    />
  );

  const reasonOf = (record: DecisionRecord) => decisionReason(record, t, i18n.language, nameOf);
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; TanStack Virtual's mutable API is fine without it.
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 10 });

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap={4} wrap="wrap" role="search" aria-label={t('audit.log.filters.label')}>
        {select('actor', 135)}
        {select('action')}
        {select('outcome')}
        {select('reason', 135)}
        <TextInput type="date" aria-label={t('audit.log.filters.from')} title={t('audit.log.filters.from')} size="xs" value={filter.from ?? ''} onChange={(event) => set('from', event.currentTarget.value || null)} w={118} />
        <TextInput type="date" aria-label={t('audit.log.filters.to')} title={t('audit.log.filters.to')} size="xs" value={filter.to ?? ''} onChange={(event) => set('to', event.currentTarget.value || null)} w={118} />
        {select('country')}
        <TextInput aria-label={t('audit.log.filters.search')} placeholder={t('audit.log.filters.search')} size="xs" value={filter.search} onChange={(event) => set('search', event.currentTarget.value)} w={130} />
      </Group>
      <Group justify="space-between" gap="xs">
        <Text size="sm" data-testid="decision-count" aria-live="polite">
          {t('audit.log.count', { count: shown.length, total: props.decisions.length })}
        </Text>
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => setFilter(noDecisionFilter)} disabled={filter === noDecisionFilter}>
            {t('audit.log.filters.clear')}
          </Button>
          <Button
            variant="light"
            size="xs"
            disabled={shown.length === 0}
            onClick={() => download(decisionsCsv(shown, props.names), `decision-log-${new Date().toISOString().slice(0, 10)}.csv`)}
          >
            {t('audit.log.export')}
          </Button>
        </Group>
      </Group>
      {shown.length === 0 ? (
        <Text c="dimmed">{props.decisions.length === 0 ? t('audit.log.empty') : t('audit.log.noMatch')}</Text>
      ) : (
        <div ref={scroller} style={{ height: 'max(240px, calc(100vh - 320px))', overflowY: 'auto', overflowX: 'hidden' }} tabIndex={0} role="region" aria-label={t('audit.log.title')}>
          <table style={{ width: '100%', tableLayout: 'fixed', borderCollapse: 'collapse', fontSize: 'var(--mantine-font-size-sm)' }} aria-rowcount={shown.length + 1}>
            <colgroup>
              {Object.entries(columnWidths).map(([column, width]) => (
                <col key={column} style={{ width }} />
              ))}
            </colgroup>
            <thead style={{ position: 'sticky', top: 0, background: 'var(--mantine-color-body)', zIndex: 1 }}>
              <tr style={{ textAlign: 'left' }}>
                {(Object.keys(columnWidths) as (keyof typeof columnWidths)[]).map((column) => (
                  <th key={column} style={{ ...cell, padding: '4px 6px' }}>
                    {t(`audit.log.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {virtualizer.getVirtualItems().length > 0 && <tr style={{ height: virtualizer.getVirtualItems()[0]!.start }} aria-hidden />}
              {virtualizer.getVirtualItems().map((item) => {
                const record = shown[item.index]!;
                return (
                  <tr key={record.seq} style={{ height: rowHeight, borderTop: '1px solid var(--mantine-color-default-border)' }} aria-rowindex={item.index + 2} data-testid="decision-row">
                    <td style={cell} title={formatDateTime(record.at, i18n.language)}>
                      <time dateTime={record.at}>{formatShortDateTime(record.at, i18n.language)}</time>
                    </td>
                    <TextCell text={nameOf(record.actor)} />
                    <td style={cell}>{t(`audit.actions.${record.action}`, { defaultValue: record.action })}</td>
                    <td style={cell}>
                      <Button variant="subtle" size="compact-xs" onClick={() => props.onOpen(record.disputeId)}>
                        {record.disputeId}
                      </Button>
                    </td>
                    <td style={cell}>
                      {record.unreadable !== undefined ? (
                        <Text span c="red" size="sm" title={t('audit.log.unreadableHint')} data-testid="unreadable-entry">
                          {t('audit.log.unreadable')}
                        </Text>
                      ) : record.outcome ? (
                        t(`case.ruling.outcomes.${record.outcome}`)
                      ) : record.action === 'mutation.rejected' ? (
                        t('audit.log.refused')
                      ) : (
                        ''
                      )}
                    </td>
                    <TextCell text={record.refundMinor !== undefined && record.currency ? formatMoney({ amountMinor: record.refundMinor, currency: record.currency }, i18n.language) : ''} />
                    <td style={cell} title={reasonOf(record)} dir="auto">
                      {reasonOf(record)}
                    </td>
                    <TextCell text={record.country ? formatCountry(record.country, i18n.language) : ''} />
                    <TextCell text={record.sellerName ?? ''} />
                  </tr>
                );
              })}
              {virtualizer.getVirtualItems().length > 0 && (
                <tr style={{ height: virtualizer.getTotalSize() - virtualizer.getVirtualItems().at(-1)!.end }} aria-hidden />
              )}
            </tbody>
          </table>
        </div>
      )}
    </Stack>
  );
}
