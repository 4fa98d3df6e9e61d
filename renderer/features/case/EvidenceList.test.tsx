import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
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
  return screen.getByText(id).closest('li')!;
}

describe('EvidenceItems', () => {
  it('marks a late item once, beside its time, by the one lateness rule; a late flag the desk stored decides nothing', async () => {
    await renderItems('en');
    expect(within(rowOf('E-1')).queryByText('Late')).toBeNull();
    expect(within(rowOf('E-2')).getAllByText('Late')).toHaveLength(1);
    expect(within(rowOf('E-2')).queryByRole('button')).toBeNull();
    // The desk's own late flag is not listed as a second mark: the time's mark is the rule's.
    expect(within(rowOf('E-3')).getAllByText('Late')).toHaveLength(1);
    expect(within(rowOf('E-3')).queryByRole('button')).toBeNull();
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
    // Each card says only that the service's check has something to say; the sentences open on demand.
    expect(screen.queryByTestId('service-findings')).toBeNull();
    await userEvent.click(within(rowOf('E-1')).getByRole('button', { name: 'Service check' }));
    const one = await screen.findByTestId('service-findings');
    expect(within(one).getByText(/The desk said “Over 2 MB”; the case service’s own check/)).toBeInTheDocument();
    expect(within(one).getByText(/The desk did not say “Type mismatch”; the case service’s own check found: .*\.png.*image\/jpeg/)).toBeInTheDocument();
    await userEvent.click(within(rowOf('E-2')).getByRole('button', { name: 'Service check' }));
    expect(await screen.findByText(/too large to send to the case service/)).toBeInTheDocument();
    expect(within(rowOf('E-3')).queryByRole('button', { name: 'Service check' })).toBeNull();
  });

  it('names each item by its label and file name, never by its id, and a not-yet-applied item "new"', async () => {
    const uuid = 'dba07ccd-9e03-4c1f-9d51-6f0a7c1e2b11';
    const pending = 'f00ba400-0000-4000-8000-000000000000';
    await renderItems(
      'en',
      makeDispute({
        evidence: [
          makeEvidence({ id: 'E-1001-1' }),
          makeEvidence({ id: uuid, fileName: 'IMG_2001.jpg', kind: 'photo', addedBy: 'cm-1', label: 'E-1001-2' }),
          makeEvidence({ id: pending, fileName: 'a-very-long-file-name-that-would-wrap-a-character-at-a-time.mp4', addedBy: 'cm-1' }),
        ],
      }),
    );
    const labelled = rowOf('E-1001-2');
    expect(within(labelled).getByText('IMG_2001.jpg')).toHaveAttribute('title', 'IMG_2001.jpg');
    const waiting = rowOf('new');
    const long = within(waiting).getByText('a-very-long-file-name-that-would-wrap-a-character-at-a-time.mp4');
    // One line, cut with an ellipsis, the whole name on hover.
    expect(long).toHaveAttribute('title', 'a-very-long-file-name-that-would-wrap-a-character-at-a-time.mp4');
    expect(long.className).toMatch(/truncate|Text/);
    expect(document.body.textContent).not.toContain(uuid);
    expect(document.body.textContent).not.toContain(pending);
  });

  it('shows a file-kind icon when this computer has no thumbnail, and the store\'s thumbnail or poster when it has', async () => {
    const invoke = async (_name: string, request: { sha256: string }) => ({
      ok: true,
      value: request.sha256 === 'b'.repeat(64) ? { thumbnailUrl: 'desk-media://thumb/b', posterUrl: null } : null,
    });
    (window as unknown as { desk?: unknown }).desk = { invoke };
    try {
      const { container } = await renderItems(
        'en',
        makeDispute({
          evidence: [
            makeEvidence({ id: 'E-1', kind: 'photo', sha256: 'b'.repeat(64), fileName: 'front.jpg' }),
            makeEvidence({ id: 'E-2', kind: 'document', sha256: 'c'.repeat(64), fileName: 'receipt.pdf' }),
          ],
        }),
      );
      await screen.findByText('front.jpg');
      await vi.waitFor(() => expect(container.querySelector('img')).toHaveAttribute('src', 'desk-media://thumb/b'));
      expect(within(rowOf('E-2')).getByTestId('kind-icon')).toBeInTheDocument();
    } finally {
      delete (window as unknown as { desk?: unknown }).desk;
    }
  });
});
