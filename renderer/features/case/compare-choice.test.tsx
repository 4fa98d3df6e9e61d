import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { makeDispute, makeEvidence, now } from '../../../shared/domain/test-fixtures';
import { createI18n } from '../../i18n';
import { CaseView, type CasePlace } from './CaseView';

const nearDuplicate: EvidenceFlag = {
  code: 'near_duplicate',
  reason: 'Looks the same.',
  details: { otherSha256: 'f'.repeat(64), otherFileName: 'box.jpg', otherDisputeId: 'D-9', otherParty: 'seller', distance: 3 },
};

const dispute = makeDispute({
  evidence: [
    makeEvidence({ id: 'E-1', fileName: 'unboxing.mp4' }),
    makeEvidence({ id: 'E-2', kind: 'photo', sha256: 'b'.repeat(64), fileName: 'front.jpg', flags: [nearDuplicate] }),
    makeEvidence({ id: 'E-3', kind: 'photo', sha256: 'c'.repeat(64), fileName: 'back.jpg' }),
    makeEvidence({ id: 'E-4', kind: 'document', sha256: 'd'.repeat(64), fileName: 'receipt.pdf' }),
  ],
});

async function renderCase(onCompare = vi.fn(), returnTo?: CasePlace) {
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <CaseView dispute={dispute} now={now} actor={{ id: 'u-rv-1', role: 'reviewer' }} personName={() => 'Sofia Rossi'} onCompare={onCompare} returnTo={returnTo} />
      </MantineProvider>
    </I18nextProvider>,
  );
  return onCompare;
}

// The case view is a large tree, and jsdom's role queries over it are slow under a full parallel run.
describe('choosing evidence to compare', { timeout: 20_000 }, () => {
  it('opens the viewer on two to four ticked photos or videos, in the order they were ticked', async () => {
    const onCompare = await renderCase();
    expect(screen.getByRole('button', { name: 'Compare (0)' })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: 'Compare E-4 (receipt.pdf)' })).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Compare E-3 (back.jpg)' }));
    expect(screen.getByRole('button', { name: 'Compare (1)' })).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Compare E-1 (unboxing.mp4)' }));
    const compare = screen.getByRole('button', { name: 'Compare (2)' });
    expect(compare).toBeEnabled();
    await userEvent.click(compare);
    expect(onCompare).toHaveBeenCalledWith(
      [
        { disputeId: 'D-1001', evidenceId: 'E-3' },
        { disputeId: 'D-1001', evidenceId: 'E-1' },
      ],
      { disputeId: 'D-1001', ticked: ['E-3', 'E-1'] },
    );
  });

  it('opens it with c, or takes the reviewer to the boxes when too few are ticked', async () => {
    const onCompare = await renderCase();
    await userEvent.keyboard('c');
    expect(onCompare).not.toHaveBeenCalled();
    expect(screen.getByRole('checkbox', { name: 'Compare E-1 (unboxing.mp4)' })).toHaveFocus();
    await userEvent.keyboard(' ');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Compare E-2 (front.jpg)' }));
    await userEvent.keyboard('c');
    expect(onCompare).toHaveBeenCalledWith(
      [
        { disputeId: 'D-1001', evidenceId: 'E-1' },
        { disputeId: 'D-1001', evidenceId: 'E-2' },
      ],
      { disputeId: 'D-1001', ticked: ['E-1', 'E-2'] },
    );
  });

  it('compares a near duplicate with the file its flag names, even in another case', async () => {
    const onCompare = await renderCase();
    const card = screen.getByText('front.jpg').closest('li')!;
    await userEvent.click(within(card).getByRole('button', { name: 'Near duplicate' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Compare with box.jpg' }, { timeout: 5000 }));
    expect(onCompare).toHaveBeenCalledWith(
      [
        { disputeId: 'D-1001', evidenceId: 'E-2' },
        { sha256: 'f'.repeat(64), disputeId: 'D-9', fileName: 'box.jpg', party: 'seller' },
      ],
      { disputeId: 'D-1001', ticked: [] },
    );
  });

  it('comes back from the viewer with the same items ticked', async () => {
    await renderCase(vi.fn(), { disputeId: 'D-1001', ticked: ['E-3', 'E-1'] });
    expect(screen.getByRole('checkbox', { name: 'Compare E-3 (back.jpg)' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Compare E-1 (unboxing.mp4)' })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Compare (2)' })).toBeEnabled();
  });

  it('starts another case with nothing ticked', async () => {
    await renderCase(vi.fn(), { disputeId: 'D-9', ticked: ['E-3', 'E-1'] });
    expect(screen.getByRole('button', { name: 'Compare (0)' })).toBeDisabled();
  });
});
