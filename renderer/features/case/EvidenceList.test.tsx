import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { makeDispute, makeEvidence, makeRequest } from '../../../shared/domain/test-fixtures';
import type { Dispute } from '../../../shared/domain/model';
import { lateThenExtended } from '../../data/test-fixtures';
import { createI18n, type LanguageCode } from '../../i18n';
import { EvidenceItems } from './EvidenceList';

const lateFlag: EvidenceFlag = {
  code: 'late',
  reason: 'Submitted after the due date.',
  details: { submittedAt: '2025-03-06T09:00:00Z', dueAt: '2025-03-05T09:00:00Z' },
};

/** Request R-1 was due on 5 March; E-1 came on time, E-2 and E-3 a day late, E-3 flagged late by the desk. */
const dispute = makeDispute({
  evidenceRequests: [makeRequest()],
  evidence: [
    makeEvidence({ id: 'E-1' }),
    makeEvidence({ id: 'E-2', fileName: 'late-unchecked.mp4', submittedAt: '2025-03-06T09:00:00Z' }),
    makeEvidence({ id: 'E-3', fileName: 'late-checked.mp4', submittedAt: '2025-03-06T09:00:00Z', flags: [lateFlag] }),
  ],
});

async function renderItems(language: LanguageCode, shown: Dispute = dispute) {
  const i18n = await createI18n(language);
  return render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <EvidenceItems dispute={shown} />
      </MantineProvider>
    </I18nextProvider>,
  );
}

function rowOf(id: string): HTMLElement {
  return screen.getByText(id).closest('tr')!;
}

describe('EvidenceItems', () => {
  it('marks a late item once, beside its time, by the one lateness rule; a late flag the desk stored decides nothing', async () => {
    await renderItems('en');
    expect(within(rowOf('E-1')).queryByText('Late')).toBeNull();
    expect(within(rowOf('E-2')).getAllByText('Late')).toHaveLength(1);
    expect(within(rowOf('E-2')).queryByRole('list', { name: 'Checks' })).toBeNull();
    // The desk's own late flag is not listed as a second mark: the time's mark is the rule's.
    expect(within(rowOf('E-3')).getAllByText('Late')).toHaveLength(1);
    expect(within(rowOf('E-3')).queryByRole('list', { name: 'Checks' })).toBeNull();
  });

  it('does the same in Simplified Chinese', async () => {
    await renderItems('zh-CN');
    expect(within(rowOf('E-2')).getByText('逾期提交')).toBeInTheDocument();
    expect(within(rowOf('E-3')).getByText('逾期提交')).toBeInTheDocument();
    expect(within(rowOf('E-3')).queryByText('逾期')).toBeNull();
  });

  it('no longer marks an item late once evidence.extendDue moved its due date past it (issue 17)', async () => {
    const { before, after } = await lateThenExtended();
    const { unmount } = await renderItems('en', before.dispute);
    expect(within(rowOf('E-late')).getAllByText('Late')).toHaveLength(1);
    unmount();
    await renderItems('en', after.dispute);
    expect(within(rowOf('E-late')).queryByText('Late')).toBeNull();
  });

  it('shows where the case service\'s own check disagrees with the desk, and what it could not check without the file', async () => {
    const claimed: EvidenceFlag = { code: 'over_upload_limit', reason: 'Over.', details: { sizeBytes: 3_000_000, limitBytes: 2_000_000 } };
    const renamed: EvidenceFlag = { code: 'type_mismatch', reason: 'Renamed.', details: { claimedExtension: 'png', actualType: 'image/jpeg' } };
    const checkedAt = '2025-03-02T09:00:00Z';
    await renderItems(
      'en',
      makeDispute({
        evidenceRequests: [makeRequest()],
        evidence: [
          makeEvidence({ id: 'E-1', flags: [claimed], serviceFindings: { checkedAt, file: 'checked', sniffedType: 'image/jpeg', sizeBytes: 1000, flags: [renamed] } }),
          makeEvidence({ id: 'E-2', flags: [], serviceFindings: { checkedAt, file: 'not_sent_too_large', flags: [] } }),
          makeEvidence({ id: 'E-3', flags: [], serviceFindings: { checkedAt, file: 'checked', flags: [] } }),
        ],
      }),
    );
    const one = within(rowOf('E-1')).getByTestId('service-findings');
    expect(within(one).getByText(/The desk said “Over 2 MB”; the case service’s own check/)).toBeInTheDocument();
    expect(within(one).getByText(/The desk did not say “Type mismatch”; the case service’s own check found: .*\.png.*image\/jpeg/)).toBeInTheDocument();
    expect(within(rowOf('E-2')).getByText(/too large to send to the case service/)).toBeInTheDocument();
    expect(within(rowOf('E-3')).queryByTestId('service-findings')).toBeNull();
  });
});
