import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { makeDispute, makeEvidence, makeRequest } from '../../../shared/domain/test-fixtures';
import { DeskDatabase, toLocal, type SessionRecord } from '../../data/db';
import { DeskDataProvider } from '../../data/DeskDataProvider';
import { putRows, testSession } from '../../data/test-fixtures';
import { createI18n } from '../../i18n';
import { CaseHistory } from './CaseHistory';

const lead: SessionRecord = { ...testSession, user: { id: 'u-tl-1', name: 'Dmitri', role: 'team_lead' } };
const checkedAt = '2025-03-02T09:00:00Z';
const claimed: EvidenceFlag = { code: 'over_upload_limit', reason: 'Over.', details: { sizeBytes: 3_000_000, limitBytes: 2_000_000 } };
const renamed: EvidenceFlag = { code: 'type_mismatch', reason: 'Renamed.', details: { claimedExtension: 'png', actualType: 'image/jpeg' } };
const edited: EvidenceFlag = { code: 'possibly_edited', reason: 'Edited.', details: { software: 'Photoshop' } };

async function renderHistory(dispute = makeDispute()) {
  const db = new DeskDatabase(`history-${crypto.randomUUID()}`);
  const local = toLocal(dispute);
  await putRows(db, [{ row: local.row }]);
  await db.disputes.put(local.stored);
  await db.meta.put(lead);
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <DeskDataProvider db={db} serviceUrl={lead.serviceUrl}>
          <CaseHistory disputeId={dispute.id} record={null} onQueue={async () => ({ ok: true, mutationId: 1 })} secondReview={() => null} onClose={() => {}} />
        </DeskDataProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
}

describe("the team lead's case history", () => {
  it('names each item where the desk claimed a flag the bytes do not support or left out one they do, and the desk-only findings as the desk\'s', async () => {
    await renderHistory(
      makeDispute({
        evidenceRequests: [makeRequest()],
        evidence: [
          makeEvidence({ id: 'E-1', fileName: 'box.png', flags: [claimed, edited], serviceFindings: { checkedAt, file: 'checked', sniffedType: 'image/jpeg', sizeBytes: 1000, flags: [renamed] } }),
          makeEvidence({ id: 'E-2', fileName: 'ok.mp4', flags: [], serviceFindings: { checkedAt, file: 'checked', flags: [] } }),
        ],
      }),
    );
    const section = await screen.findByTestId('evidence-disagreements');
    expect(within(section).getByText('box.png')).toBeInTheDocument();
    expect(within(section).queryByText(/E-2|ok\.mp4/)).toBeNull();
    expect(within(section).getByText(/The desk said “Over 2 MB”/)).toBeInTheDocument();
    expect(within(section).getByText(/The desk did not say “Type mismatch”; the case service’s own check found/)).toBeInTheDocument();
    // Possibly edited is the desk's to find: it is no disagreement.
    expect(within(section).queryByText(/Possibly edited/)).toBeNull();
  });

  it('says the two agree when they do', async () => {
    await renderHistory(makeDispute({ evidence: [makeEvidence({ flags: [], serviceFindings: { checkedAt, file: 'checked', flags: [] } })] }));
    expect(await screen.findByText(/its findings agree with the desk’s flags/)).toBeInTheDocument();
  });
});
