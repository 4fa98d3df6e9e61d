import { Badge, Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueRow } from '../../data/db';
import { usePersonName } from '../../data/use-team';
import { othersOnCase, type PersonOnCase } from '../../data/presence';
import { useOptionalDeskData } from '../../data/DeskDataProvider';
import { usePresence } from '../../data/use-presence';
import { usePresenceWords } from '../../ui/presence-words';
import { dueUrgency } from '../../../shared/domain/due';
import { formatCountdown, formatDate, formatDateTime, formatMoney } from '../../ui/format';
import { columnsFor, gridTemplate, showsCountdown, type QueueColumn, type QueueListing } from './columns';
import type { QueueId } from './queues';
import classes from './QueueTable.module.css';

const rowHeight = 36;
const headerHeight = 40;

/** Props of the queue grid. */
export interface QueueTableProps {
  rows: readonly QueueRow[];
  listing: QueueListing;
  now: Date;
  /** The selected row's index; the screen holds it so j and k work wherever the focus is. */
  active: number;
  onActive: (index: number) => void;
  onOpen: (id: string) => void;
  /** For a search: the queues each found dispute is in. */
  queuesOf?: (row: QueueRow) => readonly QueueId[];
  /** What to say when there are no rows. */
  empty: ReactNode;
}

/**
 * One queue's disputes as a keyboard-first grid: a click or Enter opens a dispute, j/k and the
 * arrows move the selection. Only the rows in view exist in the DOM, so a queue of 100,000
 * renders what a screenful renders.
 */
export function QueueTable(props: QueueTableProps) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const columns = columnsFor(props.listing);
  const template = gridTemplate(columns);
  // The grid is its own scroller (one tab stop, keyboard-scrollable); rows start below its header.
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; TanStack Virtual's mutable API is fine without it.
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin: headerHeight,
    // Until the grid is measured (and where nothing is laid out, as in jsdom), a screenful.
    initialRect: { width: 800, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  // Colleagues on a row's case, shown beside its assignee ("Mateo is writing a ruling").
  const everyone = usePresence();
  const self = useOptionalDeskData()?.session?.user.id;
  const presenceOn = (disputeId: string) => (everyone.length === 0 ? [] : othersOnCase(everyone, disputeId, self));
  const activeIndex = Math.min(props.active, Math.max(props.rows.length - 1, 0));
  // The selection can move from outside the grid (j and k anywhere): keep it in view.
  useEffect(() => {
    if (props.rows.length > 0) virtualizer.scrollToIndex(activeIndex);
  }, [activeIndex, props.rows.length, virtualizer]);

  const onKeyDown = (event: KeyboardEvent) => {
    const last = props.rows.length - 1;
    if (event.key === 'ArrowDown') props.onActive(Math.min(last, activeIndex + 1));
    else if (event.key === 'ArrowUp') props.onActive(Math.max(0, activeIndex - 1));
    else if (event.key === 'Home') props.onActive(0);
    else if (event.key === 'End') props.onActive(Math.max(0, last));
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
      <div role="row" aria-rowindex={1} className={`${classes.row} ${classes.header}`} style={{ gridTemplateColumns: template }}>
        {columns.map((column) => (
          <div role="columnheader" key={column} className={classes.headerCell}>
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
              style={{ gridTemplateColumns: template, position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start - headerHeight}px)` }}
              onClick={() => {
                props.onActive(item.index);
                props.onOpen(row.id);
              }}
            >
              {columns.map((column) => (
                <div role="gridcell" key={column} className={classes.cell}>
                  <Cell column={column} row={row} now={props.now} queues={props.queuesOf} people={column === 'assignee' ? presenceOn(row.id) : undefined} />
                </div>
              ))}
            </div>
          );
        })}
      </div>
      {props.rows.length === 0 && <Box p="md">{props.empty}</Box>}
    </div>
  );
}

function Cell(props: { column: QueueColumn; row: QueueRow; now: Date; queues: QueueTableProps['queuesOf']; people?: readonly PersonOnCase[] }) {
  const { t, i18n } = useTranslation();
  const personName = usePersonName();
  const { row } = props;
  switch (props.column) {
    case 'id':
      return (
        <Text ff="monospace" size="sm" span>
          {row.id}
        </Text>
      );
    case 'buyer':
      return <Clipped text={`${row.buyerName} · ${row.country}`} />;
    case 'reason':
      return <Clipped text={t(`queue.reasons.${row.reason}`)} />;
    case 'state':
      return <Clipped text={t(`queue.states.${row.state}`)} />;
    case 'amount':
      return <Clipped text={formatMoney({ amountMinor: row.amountMinor, currency: row.currency }, i18n.language)} />;
    case 'due':
      return showsCountdown(row) ? <DueBadge dueAt={row.nextDueAt} now={props.now} /> : <Dash />;
    case 'assignee': {
      const assignee = row.assignee ? personName(row.assignee) : t('queue.unassigned');
      return props.people && props.people.length > 0 ? <WithPresence text={assignee} people={props.people} now={props.now} /> : <Clipped text={assignee} />;
    }
    case 'queue': {
      const names = (props.queues?.(row) ?? []).map((queue) => t(`queue.names.${queue}`));
      return <Clipped text={names.length === 0 ? t('queue.inNoQueue') : names.join(' · ')} />;
    }
    case 'outcome':
      return row.outcome ? <Clipped text={t(`case.ruling.outcomes.${row.outcome}`)} /> : <Dash />;
    case 'ruledAt':
      return row.ruledAt ? <span title={formatDateTime(row.ruledAt, i18n.language)}>{formatDate(row.ruledAt, i18n.language)}</span> : <Dash />;
    case 'ruledBy':
      return row.ruledBy ? <Clipped text={personName(row.ruledBy)} /> : <Dash />;
  }
}

/**
 * Who is on the case now, in the colour the case view uses, then the assignee; its sentences on
 * hover. Presence comes first: a narrow column cuts the end of the line, and who is writing a
 * ruling right now matters more than the assignee the row said before.
 */
function WithPresence(props: { text: string; people: readonly PersonOnCase[]; now: Date }) {
  const { sentence, short } = usePresenceWords();
  const writing = props.people[0]!.activity !== 'viewing';
  const whole = props.people.map((person) => sentence(person, props.now.getTime())).join('\n');
  return (
    <span title={`${whole}\n${props.text}`}>
      <Text span size="sm" fw={600} c={writing ? 'orange.9' : 'gray.8'} data-testid="row-presence">
        {short(props.people)}
      </Text>
      {' · '}
      {props.text}
    </span>
  );
}

/** A cell's text, cut with an ellipsis by the cell when too long for its column and whole in its tooltip, so every row keeps one line. */
function Clipped(props: { text: string }) {
  return <span title={props.text}>{props.text}</span>;
}

function Dash() {
  return <span aria-hidden>—</span>;
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
