import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComponentProps } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../i18n';
import { SecondReviewForm } from './SecondReviewForm';

type Props = ComponentProps<typeof SecondReviewForm>;

async function renderForm(overrides: Partial<Props> = {}) {
  const i18n = await createI18n('en');
  const props: Props = {
    review: { reviewerId: 'rev-1' },
    ruling: { ruledBy: 'cm-1', outcome: 'partial_refund' },
    canRecord: true,
    onRecord: vi.fn(async () => undefined),
    ...overrides,
  };
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <SecondReviewForm {...props} />
      </MantineProvider>
    </I18nextProvider>,
  );
  return props;
}

describe('SecondReviewForm', () => {
  it('records agreement without a comment, then shows it read-only', async () => {
    const onRecord = vi.fn(async () => undefined);
    await renderForm({ onRecord });
    expect(screen.getByText('Ruled by A former colleague: Partial refund')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Agree with the ruling' }));
    await userEvent.click(screen.getByRole('button', { name: 'Record verdict' }));
    await waitFor(() => expect(onRecord).toHaveBeenCalledWith('agree', ''));
    expect(await screen.findByText('Agrees with the ruling')).toBeInTheDocument();
    expect(screen.getByText('No comment.')).toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('asks for a verdict', async () => {
    const onRecord = vi.fn(async () => undefined);
    await renderForm({ onRecord });
    await userEvent.click(screen.getByRole('button', { name: 'Record verdict' }));
    expect(await screen.findByText('Choose whether you agree with the ruling.')).toBeInTheDocument();
    expect(onRecord).not.toHaveBeenCalled();
  });

  it('asks why when disagreeing, and records the reason', async () => {
    const onRecord = vi.fn(async () => undefined);
    await renderForm({ onRecord });
    const comment = screen.getByRole('textbox', { name: 'Comment' });
    await userEvent.click(screen.getByRole('radio', { name: 'Disagree with the ruling' }));
    await userEvent.type(comment, '   ');
    await userEvent.click(screen.getByRole('button', { name: 'Record verdict' }));
    await waitFor(() => expect(comment).toHaveAccessibleDescription(expect.stringContaining('Say why you disagree with the ruling.')));
    expect(onRecord).not.toHaveBeenCalled();

    await userEvent.type(comment, 'The tracking shows delivery; the claim should be rejected. ');
    await userEvent.click(screen.getByRole('button', { name: 'Record verdict' }));
    await waitFor(() => expect(onRecord).toHaveBeenCalledWith('disagree', 'The tracking shows delivery; the claim should be rejected.'));
    expect(await screen.findByText('Disagrees with the ruling')).toBeInTheDocument();
    expect(screen.getByText('The tracking shows delivery; the claim should be rejected.')).toBeInTheDocument();
  });

  it('no longer asks why once the reviewer agrees after all', async () => {
    await renderForm();
    const comment = screen.getByRole('textbox', { name: 'Comment' });
    await userEvent.click(screen.getByRole('radio', { name: 'Disagree with the ruling' }));
    await userEvent.click(screen.getByRole('button', { name: 'Record verdict' }));
    await waitFor(() => expect(comment).toHaveAccessibleDescription(expect.stringContaining('Say why you disagree with the ruling.')));
    await userEvent.click(screen.getByRole('radio', { name: 'Agree with the ruling' }));
    await waitFor(() => expect(comment).not.toHaveAccessibleDescription(expect.stringContaining('Say why')));
  });

  it('shows why recording failed and keeps what the reviewer entered', async () => {
    const onRecord = vi.fn(async () => 'Dispute D-1001 is no longer assigned to you for a second review.');
    await renderForm({ onRecord });
    await userEvent.click(screen.getByRole('radio', { name: 'Disagree with the ruling' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Comment' }), 'Evidence E-3 was not considered.');
    await userEvent.click(screen.getByRole('button', { name: 'Record verdict' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Dispute D-1001 is no longer assigned to you for a second review.');
    expect(screen.getByRole('radio', { name: 'Disagree with the ruling' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Comment' })).toHaveValue('Evidence E-3 was not considered.');
    expect(screen.getByRole('button', { name: 'Record verdict' })).toBeEnabled();
  });

  it('shows a recorded verdict read-only, whoever looks', async () => {
    await renderForm({
      review: { reviewerId: 'rev-1', verdict: 'disagree', comment: 'A partial refund fits the photos.', reviewedAt: '2025-03-11T09:30:00Z' },
      canRecord: true,
    });
    expect(screen.getByText('Disagrees with the ruling')).toBeInTheDocument();
    expect(screen.getByText('A partial refund fits the photos.')).toBeInTheDocument();
    expect(screen.getByText(/Reviewed by A former colleague · Recorded/)).toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('shows only whom the review is assigned to when the user cannot record it', async () => {
    await renderForm({ canRecord: false });
    expect(screen.getByText('Assigned to A former colleague for a second review.')).toBeInTheDocument();
    expect(screen.getByText('Ruled by A former colleague: Partial refund')).toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
