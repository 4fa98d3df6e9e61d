import { describe, expect, it } from 'vitest';
import { makeDispute } from '../domain/test-fixtures';
import { applyMutation, parseMutation } from '../sync/apply';
import { mutationNames } from '../sync/protocol';
import { auditPayloadSchemas, readAuditPayload } from './payloads';

describe('audit payload schemas', () => {
  it('has one for every mutation and for refusals', () => {
    expect(Object.keys(auditPayloadSchemas).sort()).toEqual([...mutationNames, 'mutation.rejected'].sort());
  });

  it('reads what the writer writes, keeping the keys the service adds', () => {
    const dispute = makeDispute();
    const parsed = parseMutation('dispute.claim', { disputeId: dispute.id });
    if (!parsed.ok) throw new Error(parsed.message);
    const applied = applyMutation(dispute, parsed.value, dispute.version, { actor: { id: 'u-cm-1', role: 'case_manager' }, now: '2026-11-02T12:00:00.000Z' });
    if (!applied.ok) throw new Error(applied.refusal.message);
    const read = readAuditPayload(applied.value.audit.action, { ...applied.value.audit.payload, before: {}, after: {} });
    expect(read).toEqual({ ok: true, record: { action: 'dispute.claim', payload: { disputeId: dispute.id, before: {}, after: {} } } });
  });

  it.each([
    ['an unknown action', 'dispute.archive', { disputeId: 'D-1' }, 'unknown_action'],
    ['a payload missing a field', 'review.assign', { disputeId: 'D-1', ruledBy: 'u-cm-1' }, 'invalid_payload'],
    ['a field of the wrong type', 'evidence.note', { disputeId: 'D-1', noteId: 'N', evidenceId: 'E', text: 3 }, 'invalid_payload'],
    ['no payload at all', 'case.note', null, 'invalid_payload'],
    ['a name inherited by every object', 'toString', {}, 'unknown_action'],
  ])('answers %s with why, never a throw', (_name, action, payload, problem) => {
    const read = readAuditPayload(action, payload);
    expect(read).toMatchObject({ ok: false, action, problem });
    if (!read.ok) expect(read.message).toContain(action);
  });
});
