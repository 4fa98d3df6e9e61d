import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { makeDispute, makeEvidence, makeRequest } from '../../../shared/domain/test-fixtures';
import { createI18n, type LanguageCode } from '../../i18n';
import { EvidenceItems } from './EvidenceList';

const lateFlag: EvidenceFlag = {
  code: 'late',
  reason: 'Submitted after the due date.',
  details: { submittedAt: '2025-03-06T09:00:00Z', dueAt: '2025-03-05T09:00:00Z' },
};

/** Request R-1 was due on 5 March; E-1 came on time, E-2 and E-3 a day late, E-3 checked by the desk. */
const dispute = makeDispute({
  evidenceRequests: [makeRequest()],
  evidence: [
    makeEvidence({ id: 'E-1' }),
    makeEvidence({ id: 'E-2', fileName: 'late-unchecked.mp4', submittedAt: '2025-03-06T09:00:00Z' }),
    makeEvidence({ id: 'E-3', fileName: 'late-checked.mp4', submittedAt: '2025-03-06T09:00:00Z', flags: [lateFlag] }),
  ],
});

async function renderItems(language: LanguageCode) {
  const i18n = await createI18n(language);
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <EvidenceItems dispute={dispute} />
      </MantineProvider>
    </I18nextProvider>,
  );
}

function rowOf(id: string): HTMLElement {
  return screen.getByText(id).closest('tr')!;
}

describe('EvidenceItems', () => {
  it('marks a late item once: by its late flag in Checks when it has one, otherwise beside its time', async () => {
    await renderItems('en');
    expect(within(rowOf('E-1')).queryByText('Late')).toBeNull();
    // Unchecked evidence has only the table's own mark.
    expect(within(rowOf('E-2')).getAllByText('Late')).toHaveLength(1);
    expect(within(rowOf('E-2')).queryByRole('list', { name: 'Checks' })).toBeNull();
    // Checked evidence keeps the flag, with its dates, and loses the second badge.
    expect(within(rowOf('E-3')).getAllByText('Late')).toHaveLength(1);
    const checks = within(rowOf('E-3')).getByRole('list', { name: 'Checks' });
    expect(within(checks).getByText('Late')).toBeInTheDocument();
    expect(within(checks).getByText(/^Submitted .*2025.*, after the due date .*2025/)).toBeInTheDocument();
  });

  it('does the same in Simplified Chinese, where the two marks are worded differently', async () => {
    await renderItems('zh-CN');
    expect(within(rowOf('E-2')).getByText('逾期提交')).toBeInTheDocument();
    expect(within(rowOf('E-3')).queryByText('逾期提交')).toBeNull();
    expect(within(rowOf('E-3')).getByText('逾期')).toBeInTheDocument();
  });
});
