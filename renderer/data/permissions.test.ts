import { describe, expect, it } from 'vitest';
import { makeDispute } from '../../shared/domain/test-fixtures';
import { addEvidenceRefusal } from './permissions';

describe('who may add evidence', () => {
  it('lets case managers and team leads add evidence to an open dispute, and says why a reviewer may not', () => {
    const dispute = makeDispute();
    expect(addEvidenceRefusal(dispute, { id: 'u-cm-1', role: 'case_manager' })).toBeUndefined();
    expect(addEvidenceRefusal(dispute, { id: 'u-tl-1', role: 'team_lead' })).toBeUndefined();
    expect(addEvidenceRefusal(dispute, { id: 'u-rv-1', role: 'reviewer' })?.code).toBe('not_allowed');
    expect(addEvidenceRefusal(makeDispute({ state: 'closed' }), { id: 'u-cm-1', role: 'case_manager' })).toBeDefined();
  });
});
