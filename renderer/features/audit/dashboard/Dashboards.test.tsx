import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { i18n as I18n } from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditDay, MissedDue, TeamMember } from '../../../data/audit-records';
import { createI18n } from '../../../i18n';
import { Dashboards } from './Dashboards';

// The assertions read numbers, test ids and roles, not the English wording, so they hold whatever
// the locale files say; where a label matters it is looked up through i18n.

const hour = 3_600_000;

function day(actor: string, date: string, changes: Partial<AuditDay>): AuditDay {
  return { key: `${actor}|${date}`, actor, day: date, rulings: 0, outcomes: {}, latenciesMs: [], lateOverrides: 0, overturned: 0, rejected: 0, reviewsAgree: 0, reviewsDisagree: 0, ...changes };
}

const days = [
  day('ana', '2026-03-02', { rulings: 3, outcomes: { full_refund: 2, claim_rejected: 1 }, latenciesMs: [1 * hour, 2 * hour, 3 * hour], overturned: 1, lateOverrides: 1 }),
  day('ben', '2026-03-03', { rulings: 1, outcomes: { partial_refund: 1 }, latenciesMs: [10 * hour], rejected: 2 }),
  day('ana', '2026-02-20', { rulings: 50, latenciesMs: [500 * hour] }),
];
const missedDue: MissedDue[] = [
  { disputeId: 'D-1', assignee: 'ana', day: '2026-03-02' },
  { disputeId: 'D-2', assignee: '', day: '2026-03-03' },
  { disputeId: 'D-3', assignee: 'ana', day: '2026-02-01' },
];
// ben is not on the team list: he is shown by his id.
const team: TeamMember[] = [{ id: 'ana', name: 'Ana Lima', role: 'case_manager' }];

let i18n: I18n;

async function wrap(children: ReactNode) {
  i18n = await createI18n('en');
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider>{children}</MantineProvider>
    </I18nextProvider>
  );
}

/** The cells of each body and foot row of the table in the card `testId`, as text. */
function tableRows(testId: string): string[][] {
  const table = within(screen.getByTestId(testId)).getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? ''));
}

describe('Dashboards', () => {
  const warn = vi.spyOn(console, 'warn');
  const error = vi.spyOn(console, 'error');
  beforeEach(() => {
    warn.mockClear();
    error.mockClear();
  });
  afterEach(() => {
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('shows the headline figures for the range and says when it has rendered', async () => {
    const onRendered = vi.fn();
    render(await wrap(<Dashboards days={days} missedDue={missedDue} team={team} from="2026-03-02" to="2026-03-04" onRendered={onRendered} />));
    await waitFor(() => expect(screen.getByTestId('audit-dashboards')).toHaveAttribute('data-ready', 'true'));
    expect(onRendered).toHaveBeenCalledTimes(1);
    // Team latencies 1, 2, 3, 10 h: nearest-rank median is the 2nd, p90 the 4th.
    expect(screen.getByTestId('headline-rulings')).toHaveTextContent('4');
    expect(screen.getByTestId('headline-median')).toHaveTextContent('2 hr');
    expect(screen.getByTestId('headline-p90')).toHaveTextContent('10 hr');
    expect(screen.getByTestId('headline-overturn-rate')).toHaveTextContent('25%');
    expect(screen.getByTestId('headline-missed-due')).toHaveTextContent('2');
  });

  it('gives each chart a table with its numbers, the team in the foot', async () => {
    render(await wrap(<Dashboards days={days} missedDue={missedDue} team={team} from="2026-03-02" to="2026-03-04" />));
    const teamName = i18n.t('audit.dashboard.team');
    expect(tableRows('dashboard-overturn-rate')).toEqual([
      ['Ana Lima', '3', '1', '33.3%'],
      ['ben', '1', '0', '0%'],
      [teamName, '4', '1', '25%'],
    ]);
    expect(tableRows('dashboard-time-to-ruling')).toEqual([
      ['Ana Lima', '3', '2 hr', '3 hr'],
      ['ben', '1', '10 hr', '10 hr'],
      [teamName, '4', '2 hr', '10 hr'],
    ]);
    expect(tableRows('dashboard-outcome-mix')).toEqual([
      ['Ana Lima', '3', '66.7%', '0%', '0%', '33.3%', '0%'],
      ['ben', '1', '0%', '100%', '0%', '0%', '0%'],
      [teamName, '4', '50%', '25%', '0%', '25%', '0%'],
    ]);
    expect(tableRows('dashboard-missed-due')).toEqual([
      [i18n.t('audit.dashboard.unassigned'), '1'],
      ['Ana Lima', '1'],
      [teamName, '2'],
    ]);
    expect(tableRows('dashboard-lateOverrides')).toEqual([['Ana Lima', '1'], ['ben', '0'], [teamName, '1']]);
    expect(tableRows('dashboard-rejected')).toEqual([['Ana Lima', '0'], ['ben', '2'], [teamName, '2']]);
  });

  it('shows rulings per day in a table on request', async () => {
    render(await wrap(<Dashboards days={days} missedDue={missedDue} team={team} from="2026-03-02" to="2026-03-04" />));
    const card = screen.getByTestId('dashboard-rulings');
    expect(within(card).queryByRole('table')).toBeNull();
    await userEvent.click(within(card).getByRole('button', { expanded: false }));
    expect(tableRows('dashboard-rulings').map((row) => row.slice(1))).toEqual([
      ['3', '0', '3'],
      ['0', '1', '1'],
      ['0', '0', '0'],
    ]);
  });

  it('charts by week over a range longer than 120 days, and says so', async () => {
    render(await wrap(<Dashboards days={days} missedDue={missedDue} team={team} from="2025-10-01" to="2026-03-31" />));
    expect(screen.getByTestId('dashboard-rulings')).toHaveTextContent(i18n.t('audit.dashboard.rulings.byWeek'));
    expect(screen.getByTestId('headline-rulings')).toHaveTextContent('54');
  });

  it('heads every card, and says so rather than drawing an empty chart when no due date was missed', async () => {
    render(await wrap(<Dashboards days={days} missedDue={[]} team={team} from="2026-03-02" to="2026-03-04" />));
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(7);
    const missed = screen.getByTestId('dashboard-missed-due');
    expect(missed).toHaveTextContent(i18n.t('audit.dashboard.missedDue.none'));
    expect(within(missed).queryByRole('table')).toBeNull();
    expect(screen.getByTestId('headline-missed-due')).toHaveTextContent('0');
  });

  it('says so when nothing happened in the range, instead of drawing empty charts', async () => {
    const onRendered = vi.fn();
    render(await wrap(<Dashboards days={days} missedDue={missedDue} team={team} from="2025-01-01" to="2025-01-31" onRendered={onRendered} />));
    expect(screen.getByTestId('audit-dashboards-empty')).toHaveTextContent(i18n.t('audit.dashboard.empty.title'));
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByTestId('headline-rulings')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('audit-dashboards')).toHaveAttribute('data-ready', 'true'));
    expect(onRendered).toHaveBeenCalledTimes(1);
  });
});
