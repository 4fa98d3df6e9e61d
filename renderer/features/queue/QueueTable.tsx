import { Badge, Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { noDueDate, type QueueRow } from '../../data/db';
import { dueUrgency } from '../../../shared/domain/due';
import { formatCountdown, formatMoney } from '../../ui/format';
import classes from './QueueTable.module.css';

const rowHeight = 44;
const headerHeight = 40;
const columns = ['id', 'buyer', 'reason', 'state', 'amount', 'due', 'assignee'] as const;

/**
 * One queue's disputes as a keyboard-first grid. Only the rows in view exist in the DOM, so a
 * queue of 100,000 renders what a screenful renders.
 */
export function QueueTable(props: { rows: readonly QueueRow[]; now: Date; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // The grid is its own scroller (one tab stop, keyboard-scrollable); rows start below its header.
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; TanStack Virtual's mutable API is fine without it.
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin: headerHeight,
  });
  const items = virtualizer.getVirtualItems();
  const activeIndex = Math.min(active, Math.max(props.rows.length - 1, 0));

  const move = (to: number) => {
    const next = Math.max(0, Math.min(props.rows.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'j') move(activeIndex + 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') move(activeIndex - 1);
    else if (event.key === 'Enter' && props.rows[activeIndex]) props.onOpen(props.rows[activeIndex].id);
    else return;
    event.preventDefault();
  };

  return (
    <div
      role="grid"
      aria-label={t('queue.gridLabel')}
      aria-rowcount={props.rows.length + 1}
      aria-activedescendant={props.rows.length > 0 ? `queue-row-${activeIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      className={classes.grid}
      ref={scroller}
    >
      <div role="row" aria-rowindex={1} className={`${classes.row} ${classes.header}`}>
        {columns.map((column) => (
          <div role="columnheader" key={column} className={classes.cell}>
            {t(`queue.columns.${column}`)}
          </div>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = props.rows[item.index]!;
          return (
            <div
              role="row"
              id={`queue-row-${item.index}`}
              key={item.key}
              aria-rowindex={item.index + 2}
              aria-selected={item.index === activeIndex}
              className={classes.row}
              data-active={item.index === activeIndex || undefined}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start - headerHeight}px)` }}
              onClick={() => setActive(item.index)}
              onDoubleClick={() => props.onOpen(row.id)}
            >
              <div role="gridcell" className={classes.cell}>
                <Text ff="monospace" size="sm">
                  {row.id}
                </Text>
              </div>
              <div role="gridcell" className={classes.cell}>
                {row.buyerName} · {row.country}
              </div>
              <div role="gridcell" className={classes.cell}>
                {t(`queue.reasons.${row.reason}`)}
              </div>
              <div role="gridcell" className={classes.cell}>
                {t(`queue.states.${row.state}`)}
              </div>
              <div role="gridcell" className={classes.cell}>
                {formatMoney({ amountMinor: row.amountMinor, currency: row.currency }, i18n.language)}
              </div>
              <div role="gridcell" className={classes.cell}>
                {row.nextDueAt !== noDueDate && <DueBadge dueAt={row.nextDueAt} now={props.now} />}
              </div>
              <div role="gridcell" className={classes.cell}>
                {row.assignee || '—'}
              </div>
            </div>
          );
        })}
      </div>
      {props.rows.length === 0 && (
        <Box p="md">
          <Text c="dimmed">{t('queue.empty')}</Text>
        </Box>
      )}
    </div>
  );
}

function DueBadge(props: { dueAt: string; now: Date }) {
  const { t, i18n } = useTranslation();
  const urgency = dueUrgency(props.dueAt, props.now);
  // Dark enough for AA contrast as small text on white: red, a deep amber, and grey.
  const color = urgency === 'overdue' ? 'red.9' : urgency === 'soon' ? '#9a3412' : 'gray.8';
  return (
    <Badge variant="outline" color={color} tt="none" title={t(`queue.due.${urgency}`)}>
      {formatCountdown(props.dueAt, props.now, i18n.language)}
    </Badge>
  );
}
