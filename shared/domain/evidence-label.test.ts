import { describe, expect, it } from 'vitest';
import { disputeNumber, evidenceLabel, evidenceLabelText, nextEvidenceLabel, stampEvidenceLabel } from './evidence-label';
import { makeDispute, makeEvidence } from './test-fixtures';

const uuid = 'dba07ccd-9e03-4c1f-9d51-6f0a7c1e2b11';

describe('evidence labels', () => {
  it('takes the dispute number from a D- id and keeps any other id whole', () => {
    expect(disputeNumber('D-100180')).toBe('100180');
    expect(disputeNumber('case-7')).toBe('case-7');
  });

  it('gives the next number after the highest seeded id or stamped label, never below the count', () => {
    const dispute = makeDispute({ id: 'D-100180', evidence: [makeEvidence({ id: 'E-100180-1' }), makeEvidence({ id: 'E-100180-4' })] });
    expect(nextEvidenceLabel(dispute)).toBe('E-100180-5');
    const stamped = makeDispute({ id: 'D-100180', evidence: [makeEvidence({ id: uuid, label: 'E-100180-7' })] });
    expect(nextEvidenceLabel(stamped)).toBe('E-100180-8');
    // Ids of another dispute or not numbered do not count; the two items do.
    const other = makeDispute({ id: 'D-100180', evidence: [makeEvidence({ id: 'E-200-9' }), makeEvidence({ id: 'E-100180-x' })] });
    expect(nextEvidenceLabel(other)).toBe('E-100180-3');
    expect(nextEvidenceLabel(makeDispute({ id: 'D-9', evidence: [] }))).toBe('E-9-1');
  });

  it('stamps a new item once and keeps a label already given', () => {
    const dispute = makeDispute({ id: 'D-42', evidence: [makeEvidence({ id: 'E-42-1' }), makeEvidence({ id: uuid, addedBy: 'u-cm-1' })] });
    const stamped = stampEvidenceLabel(dispute, uuid);
    expect(stamped.evidence[1]!.label).toBe('E-42-2');
    expect(stampEvidenceLabel(stamped, uuid)).toBe(stamped);
    expect(stampEvidenceLabel(dispute, 'not-there')).toBe(dispute);
  });

  it('shows the stamped label, an E- id, "new" before the service applied it, else the position', () => {
    const labelled = makeEvidence({ id: uuid, label: 'E-42-3', addedBy: 'u-cm-1' });
    const seeded = makeEvidence({ id: 'E-42-1' });
    const pending = makeEvidence({ id: 'f00ba400-0000-4000-8000-000000000000', addedBy: 'u-cm-1' });
    const older = makeEvidence({ id: '0ddba11-0000-4000-8000-000000000000', addedBy: 'u-cm-1', serviceFindings: { file: 'checked', flags: [], checkedAt: '2025-03-01T00:00:00Z' } });
    const dispute = makeDispute({ id: 'D-42', evidence: [seeded, labelled, pending, older] });
    expect(evidenceLabel(dispute, labelled)).toEqual({ kind: 'label', text: 'E-42-3' });
    expect(evidenceLabel(dispute, seeded)).toEqual({ kind: 'label', text: 'E-42-1' });
    expect(evidenceLabel(dispute, pending)).toEqual({ kind: 'new' });
    expect(evidenceLabelText(dispute, pending, 'new')).toBe('new');
    expect(evidenceLabel(dispute, older)).toEqual({ kind: 'label', text: 'E-42-4' });
  });
});
