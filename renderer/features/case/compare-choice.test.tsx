import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { makeDispute, makeEvidence, now } from '../../../shared/domain/test-fixtures';
import { createI18n } from '../../i18n';
import { CaseView } from './CaseView';

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

async function renderCase(onCompare = vi.fn()) {
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <CaseView dispute={dispute} now={now} actor={{ id: 'u-rv-1', role: 'reviewer' }} onCompare={onCompare} />
      </MantineProvider>
    </I18nextProvider>,
  );
  return onCompare;
}

// The case view is a large tree, and jsdom's role queries over it are slow under a full parallel run.
describe('choosing evidence to compare', { timeout: 20_000 }, () => {
  it('opens the viewer on two to four ticked photos or videos, in the order they were ticked', async () => {
    const onCompare = await renderCase();
    const compare = screen.getByRole('button', { name: 'Compare evidence' });
    expect(compare).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: 'Compare E-4' })).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Compare E-3' }));
    expect(compare).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Compare E-1' }));
    expect(compare).toBeEnabled();
    await userEvent.click(compare);
    expect(onCompare).toHaveBeenCalledWith([
      { disputeId: 'D-1001', evidenceId: 'E-3' },
      { disputeId: 'D-1001', evidenceId: 'E-1' },
    ]);
  });

  it('opens it with c, or takes the reviewer to the boxes when too few are ticked', async () => {
    const onCompare = await renderCase();
    await userEvent.keyboard('c');
    expect(onCompare).not.toHaveBeenCalled();
    expect(screen.getByRole('checkbox', { name: 'Compare E-1' })).toHaveFocus();
    await userEvent.keyboard(' ');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Compare E-2' }));
    await userEvent.keyboard('c');
    expect(onCompare).toHaveBeenCalledWith([
      { disputeId: 'D-1001', evidenceId: 'E-1' },
      { disputeId: 'D-1001', evidenceId: 'E-2' },
    ]);
  });

  it('compares a near duplicate with the file its flag names, even in another case', async () => {
    const onCompare = await renderCase();
    const row = screen.getByText('front.jpg', { selector: 'p' }).closest('tr')!;
    await userEvent.click(within(row).getByRole('button', { name: 'Compare with box.jpg' }));
    expect(onCompare).toHaveBeenCalledWith([
      { disputeId: 'D-1001', evidenceId: 'E-2' },
      { sha256: 'f'.repeat(64), disputeId: 'D-9', fileName: 'box.jpg', party: 'seller' },
    ]);
  });
});
