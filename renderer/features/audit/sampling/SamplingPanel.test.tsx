import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ComponentProps } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { TeamMember } from '../../../data/audit-records';
import { createI18n } from '../../../i18n';
import type { KeptSample } from './kept-sample';
import { SamplingPanel, type SampleCandidate } from './SamplingPanel';

const team: TeamMember[] = [
  { id: 'cm-1', name: 'Ana Costa', role: 'case_manager' },
  { id: 'cm-2', name: 'Bo Chen', role: 'case_manager' },
  { id: 'cm-3', name: 'Cai Wen', role: 'case_manager' },
  { id: 'lead-1', name: 'Lee Park', role: 'team_lead' },
  { id: 'rev-1', name: 'Rui Silva', role: 'reviewer' },
];

function candidates(ruledBy: string, count: number, from = 1): SampleCandidate[] {
  return Array.from({ length: count }, (_, index) => ({
    disputeId: `D-${ruledBy}-${from + index}`,
    ruledBy,
    ruledAt: '2025-03-10T12:00:00Z',
    outcome: 'full_refund',
  }));
}

type Props = ComponentProps<typeof SamplingPanel>;

/** The panel with its kept sample held in memory, as the audit screen holds it in Dexie. */
function Harness(props: Omit<Props, 'kept' | 'onKeep' | 'onForget'>) {
  const [kept, setKept] = useState<KeptSample | null>(null);
  return <SamplingPanel {...props} kept={kept} onKeep={async (sample) => setKept(sample)} onForget={async () => setKept(null)} />;
}

async function renderPanel(overrides: Partial<Props> = {}) {
  const i18n = await createI18n('en');
  const props: Props = {
    candidates: [],
    team,
    reviews: [],
    kept: null,
    onKeep: async () => {},
    onForget: async () => {},
    onAssign: vi.fn(async () => ({ assigned: 0, refused: [] })),
    onOpenCase: vi.fn(),
    random: () => 0.5,
    ...overrides,
  };
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <Harness {...props} />
      </MantineProvider>
    </I18nextProvider>,
  );
  return props;
}

/** Sets a number field to `value`. */
async function setNumber(name: RegExp, value: string) {
  const field = screen.getByRole('textbox', { name });
  await userEvent.clear(field);
  await userEvent.type(field, value);
}

/** The plan the old default drew, 95 % ± 5 % at p = 0.5, for the tests that count on its numbers. */
async function cautiousPlan() {
  await userEvent.click(screen.getByRole('radio', { name: '95%' }));
  await setNumber(/Margin of error/, '5');
  await setNumber(/Expected unsound rulings/, '50');
}

/** A table's rows as the text of their cells, header rows included. */
function rowsOf(table: HTMLElement): string[][] {
  return [...table.querySelectorAll('tr')].map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? ''));
}

describe('SamplingPanel', () => {
  it('says when there is nothing to sample', async () => {
    await renderPanel();
    expect(screen.getByText('No ruled cases to sample yet')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Draw sample' })).not.toBeInTheDocument();
    expect(screen.getByText('No second reviews assigned yet.')).toBeInTheDocument();
  });

  it('sizes the sample and spreads it over the case managers in proportion', async () => {
    await renderPanel({ candidates: [...candidates('cm-1', 90), ...candidates('cm-2', 50), ...candidates('cm-3', 10)] });
    // By default 90 % ± 10 %, expecting 10 % unsound: 24.35 / (1 + 23.35 / 150) → 22.
    expect(screen.getByRole('radio', { name: '90%' })).toBeChecked();
    expect(rowsOf(screen.getByTestId('sample-plan'))[4]).toEqual(['Total', '150', '22']);
    expect(screen.getByTestId('sample-formula')).toHaveTextContent('n₀ = z²·p(1−p)/e² = 1.645² × 0.10 × 0.90 / 0.10² = 24.4');
    expect(screen.getByTestId('sample-formula')).toHaveTextContent('n = n₀ / (1 + (n₀ − 1)/N) = 24.4 / (1 + 23.4 / 150) = 21.1 → 22');
    expect(screen.getByTestId('sample-formula')).toHaveTextContent('z = 1.645 for 90% confidence; p = 10%');

    await cautiousPlan();
    // 150 rulings at 95 % ± 5 %: 384.16 / (1 + 383.16 / 150) → 109; shares 65.4, 36.3, 7.3 → 66, 36, 7.
    expect(screen.getByRole('radio', { name: '95%' })).toBeChecked();
    await waitFor(() => expect(rowsOf(screen.getByTestId('sample-plan'))[4]).toEqual(['Total', '150', '109']));
    expect(rowsOf(screen.getByTestId('sample-plan'))).toEqual([
      ['Case manager', 'Not yet sampled', 'To draw'],
      ['Ana Costa', '90', '66'],
      ['Bo Chen', '50', '36'],
      ['Cai Wen', '10', '7'],
      ['Total', '150', '109'],
    ]);
    expect(screen.getByRole('status')).toHaveTextContent('Sample size: 109 of 150 ruled disputes.');

    // ± 3 %: n0 = 1,067.1 → 132; shares 79.2, 44, 8.8 → 79, 44, 9.
    const margin = screen.getByRole('textbox', { name: /Margin of error/ });
    await userEvent.clear(margin);
    await userEvent.type(margin, '3');
    await waitFor(() => expect(rowsOf(screen.getByTestId('sample-plan'))[4]).toEqual(['Total', '150', '132']));
    expect(rowsOf(screen.getByTestId('sample-plan')).slice(1, 4).map((row) => row[2])).toEqual(['79', '44', '9']);

    await userEvent.click(screen.getByRole('radio', { name: '99%' }));
    // 2.5758² · 0.25 / 0.03² = 1,842.99 → 1,842.99 / (1 + 1,841.99 / 150) = 138.78 → 139.
    await waitFor(() => expect(rowsOf(screen.getByTestId('sample-plan'))[4]).toEqual(['Total', '150', '139']));
  });

  it('explains a margin of error out of range and draws nothing', async () => {
    await renderPanel({ candidates: candidates('cm-1', 20) });
    const margin = screen.getByRole('textbox', { name: /Margin of error/ });
    await userEvent.clear(margin);
    await userEvent.type(margin, '12');
    await waitFor(() => expect(margin).toHaveAccessibleDescription(expect.stringContaining('Enter a margin of error from 1 % to 10 %.')));
    expect(rowsOf(screen.getByTestId('sample-plan'))[2]).toEqual(['Total', '20', '–']);
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    expect(screen.queryByTestId('drawn-sample')).not.toBeInTheDocument();

    await userEvent.clear(margin);
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    expect(margin).toHaveAccessibleDescription(expect.stringContaining('Enter a margin of error from 1 % to 10 %.'));
    expect(screen.queryByTestId('drawn-sample')).not.toBeInTheDocument();
  });

  it('defaults to the first reviewer and draws the planned number from each case manager', async () => {
    await renderPanel({ candidates: [...candidates('cm-1', 40), ...candidates('cm-2', 10)] });
    expect(screen.getByRole('combobox', { name: /Reviewer/ })).toHaveValue('rev-1');
    await cautiousPlan();
    // 50 at 95 % ± 5 % → 45: 36 and 9.
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    const drawn = rowsOf(await screen.findByTestId('drawn-sample')).slice(1);
    expect(drawn).toHaveLength(45);
    expect(new Set(drawn.map((row) => row[0])).size).toBe(45);
    expect(drawn.filter((row) => row[1] === 'Ana Costa')).toHaveLength(36);
    expect(drawn.filter((row) => row[1] === 'Bo Chen')).toHaveLength(9);
    expect(drawn[0]?.slice(2)).toEqual([expect.any(String), 'Full refund', 'Rui Silva']);
  });

  it('passes a ruling the chosen reviewer made to another member, and reports what the service did', async () => {
    const onAssign = vi.fn(async () => ({ assigned: 2, refused: [{ disputeId: 'D-cm-2-1', message: 'Dispute D-cm-2-1 already has a second review.' }] }));
    const onOpenCase = vi.fn();
    await renderPanel({ candidates: [...candidates('cm-1', 2), ...candidates('cm-2', 1)], onAssign, onOpenCase });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Reviewer/ }), 'cm-1');
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    const table = await screen.findByTestId('drawn-sample');
    const own = within(table).getByRole('button', { name: 'Open case D-cm-1-1' }).closest('tr')!;
    expect(own).toHaveTextContent('Ana Costa made this ruling, so it goes to Rui Silva.');
    expect(within(table).getByRole('button', { name: 'Open case D-cm-2-1' }).closest('tr')).toHaveTextContent(/Ana Costa$/);

    await userEvent.click(within(table).getByRole('button', { name: 'Open case D-cm-1-2' }));
    expect(onOpenCase).toHaveBeenCalledWith('D-cm-1-2');

    await userEvent.click(screen.getByRole('button', { name: 'Assign for second review' }));
    expect(onAssign).toHaveBeenCalledTimes(1);
    expect(onAssign.mock.calls[0]).toEqual([
      expect.arrayContaining([
        { disputeId: 'D-cm-1-1', reviewerId: 'rev-1' },
        { disputeId: 'D-cm-1-2', reviewerId: 'rev-1' },
        { disputeId: 'D-cm-2-1', reviewerId: 'cm-1' },
      ]),
    ]);
    expect(await screen.findByText('Assigned for second review: 2.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('D-cm-2-1: Dispute D-cm-2-1 already has a second review.');
    // Assigned, the sample is settled and forgotten; the form is back for the next draw.
    expect(screen.queryByTestId('drawn-sample')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Draw sample' })).toBeInTheDocument();
  });

  it('keeps the buttons above the drawn rows, which scroll in their own region', async () => {
    await renderPanel({ candidates: candidates('cm-1', 200) });
    await cautiousPlan();
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    const table = await screen.findByTestId('drawn-sample');
    const actions = screen.getByTestId('drawn-sample-actions');
    expect(actions).toHaveTextContent(/^132 disputes drawn .*, not yet assigned\./);
    expect(actions.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(actions).getByRole('button', { name: 'Assign for second review' })).toBeEnabled();
    const region = table.closest('[role="region"]') as HTMLElement;
    expect(region.style.overflowY).toBe('auto');
    expect(region).toHaveAccessibleName(/132 disputes drawn/);
  });

  it('asks before discarding a drawn sample, and keeps it when told to', async () => {
    const onAssign = vi.fn(async () => ({ assigned: 0, refused: [] }));
    await renderPanel({ candidates: candidates('cm-1', 10), onAssign });
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    await screen.findByTestId('drawn-sample');
    expect(screen.queryByRole('button', { name: 'Draw sample' })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Discard sample' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard the drawn sample?' });
    expect(dialog).toHaveTextContent(/The \d+ drawn disputes are not assigned to anyone/);
    await userEvent.click(within(dialog).getAllByRole('button', { name: 'Keep the sample' }).at(-1)!);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('drawn-sample')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Discard sample' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Discard sample' }));
    await waitFor(() => expect(screen.queryByTestId('drawn-sample')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Draw sample' })).toBeInTheDocument();
    expect(onAssign).not.toHaveBeenCalled();
  });

  it('explains an expected share out of range and draws nothing', async () => {
    await renderPanel({ candidates: candidates('cm-1', 20) });
    await setNumber(/Expected unsound rulings/, '60');
    const field = screen.getByRole('textbox', { name: /Expected unsound rulings/ });
    await waitFor(() => expect(field).toHaveAccessibleDescription(expect.stringContaining('Enter an expected share from 1 % to 50 %.')));
    expect(screen.queryByTestId('sample-formula')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    expect(screen.queryByTestId('drawn-sample')).not.toBeInTheDocument();
  });

  it('skips a ruling nobody else on the team can review, and says why', async () => {
    const onAssign = vi.fn(async () => ({ assigned: 0, refused: [] }));
    // With the crypto generator, as the app draws.
    await renderPanel({ team: [team[0]!], candidates: candidates('cm-1', 3), onAssign, random: undefined });
    expect(screen.getByRole('combobox', { name: /Reviewer/ })).toHaveValue('cm-1');
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    const rows = rowsOf(await screen.findByTestId('drawn-sample')).slice(1);
    expect(rows.map((row) => row[0]).sort()).toEqual(['D-cm-1-1', 'D-cm-1-2', 'D-cm-1-3']);
    for (const row of rows) expect(row[4]).toBe('Skipped: nobody on the team other than Ana Costa, who made this ruling, can review it.');
    expect(screen.getByRole('button', { name: 'Assign for second review' })).toBeDisabled();
  });

  it('draws the same disputes from the same generator', async () => {
    const draw = async () => {
      let state = 7;
      // A small linear congruential generator: enough to show the draw follows its random source.
      const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
      await renderPanel({ candidates: candidates('cm-1', 200), random });
      await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
      const ids = rowsOf(await screen.findByTestId('drawn-sample')).slice(1).map((row) => row[0]);
      cleanup();
      return ids;
    };
    const first = await draw();
    // 200 at the default 90 % ± 10 %, expecting 10 % unsound: 24.35 / (1 + 23.35 / 200) → 22.
    expect(first).toHaveLength(22);
    expect(await draw()).toEqual(first);
  });

  it('reports agreement per case manager with each review, its comment and its case', async () => {
    const onOpenCase = vi.fn();
    await renderPanel({
      onOpenCase,
      reviews: [
        { disputeId: 'D-1', ruledBy: 'cm-1', reviewerId: 'rev-1', verdict: 'agree' },
        { disputeId: 'D-2', ruledBy: 'cm-1', reviewerId: 'rev-1', verdict: 'agree' },
        { disputeId: 'D-3', ruledBy: 'cm-1', reviewerId: 'lead-1', verdict: 'agree', comment: 'Well cited.' },
        { disputeId: 'D-4', ruledBy: 'cm-1', reviewerId: 'rev-1', verdict: 'disagree', comment: 'The photos show no damage; a partial refund fits.' },
        { disputeId: 'D-5', ruledBy: 'cm-2', reviewerId: 'rev-1' },
      ],
    });
    expect(rowsOf(screen.getByTestId('agreement-report'))).toEqual([
      ['Case manager', 'Agree', 'Disagree', 'Agreement rate', 'Pending'],
      ['Ana Costa', '3', '1', '75%', '0'],
      ['Bo Chen', '0', '0', 'No verdicts yet', '1'],
    ]);
    const reviews = screen.getByTestId('second-reviews');
    expect(rowsOf(reviews)[4]).toEqual(['D-4', 'Ana Costa', 'Rui Silva', 'Disagrees', 'The photos show no damage; a partial refund fits.']);
    expect(rowsOf(reviews)[5]).toEqual(['D-5', 'Bo Chen', 'Rui Silva', 'Pending', '']);
    await userEvent.click(within(reviews).getByRole('button', { name: 'Open case D-4' }));
    expect(onOpenCase).toHaveBeenCalledWith('D-4');
  });
});
