import { Badge, Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { noDueDate } from '../../data/db';
import { useDeskData } from '../../data/DeskDataProvider';
import { dueUrgency, formatCountdown, formatMoney } from '../../ui/format';
import classes from './QueueTable.module.css';

const rowHeight = 44;
const headerHeight = 40;
const columns = ['id', 'buyer', 'reason', 'state', 'amount', 'due', 'assignee'] as const;

/**
 * One queue's disputes as a keyboard-first grid. Only the rows in view exist in the DOM and only
 * they are read from IndexedDB, so a queue of 100,000 costs what a screenful costs.
 */
export function QueueTable(props: { ids: string[]; now: Date; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const { db } = useDeskData();
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // The grid is its own scroller (one tab stop, keyboard-scrollable); rows start below its header.
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; TanStack Virtual's mutable API is fine without it.
  const virtualizer = useVirtualizer({
    count: props.ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin: headerHeight,
  });
  const items = virtualizer.getVirtualItems();
  const visibleIds = items.map((item) => props.ids[item.index]!);
  const rows = useLiveQuery(() => db.disputes.bulkGet(visibleIds), [db, visibleIds.join('|')]);
  const activeIndex = Math.min(active, Math.max(props.ids.length - 1, 0));

  const move = (to: number) => {
    const next = Math.max(0, Math.min(props.ids.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'j') move(activeIndex + 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') move(activeIndex - 1);
    else if (event.key === 'Enter' && props.ids[activeIndex]) props.onOpen(props.ids[activeIndex]);
    else return;
    event.preventDefault();
  };

  return (
    <div
      role="grid"
      aria-label={t('queue.gridLabel')}
      aria-rowcount={props.ids.length + 1}
      aria-activedescendant={props.ids.length > 0 ? `queue-row-${activeIndex}` : undefined}
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
        {items.map((item, position) => {
          const row = rows?.[position];
          const dispute = row?.doc;
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
              onDoubleClick={() => props.onOpen(props.ids[item.index]!)}
            >
              {dispute && row ? (
                <>
                  <div role="gridcell" className={classes.cell}>
                    <Text ff="monospace" size="sm">
                      {dispute.id}
                    </Text>
                  </div>
                  <div role="gridcell" className={classes.cell}>
                    {dispute.buyer.name} · {dispute.buyer.country}
                  </div>
                  <div role="gridcell" className={classes.cell}>
                    {t(`queue.reasons.${dispute.reason}`)}
                  </div>
                  <div role="gridcell" className={classes.cell}>
                    {t(`queue.states.${dispute.state}`)}
                  </div>
                  <div role="gridcell" className={classes.cell}>
                    {formatMoney(dispute.order.paid, i18n.language)}
                  </div>
                  <div role="gridcell" className={classes.cell}>
                    {row.nextDueAt !== noDueDate && <DueBadge dueAt={row.nextDueAt} now={props.now} />}
                  </div>
                  <div role="gridcell" className={classes.cell}>
                    {dispute.assignee ?? '—'}
                  </div>
                </>
              ) : (
                <div role="gridcell" className={classes.cell} />
              )}
            </div>
          );
        })}
      </div>
      {props.ids.length === 0 && (
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
