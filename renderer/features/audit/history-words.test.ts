import { describe, expect, it } from 'vitest';
import { auditPayloadSchemas, type AuditAction } from '../../../shared/audit/payloads';
import type { CaseSnapshot } from '../../../shared/audit/case-snapshot';
import type { AuditEntry } from '../../../shared/domain/model';
import { createI18n } from '../../i18n';
import { formatAgo, wordStep, type HistoryWords } from './history-words';

const people: Record<string, string> = { 'u-cm-1': 'Li Na', 'u-tl-1': 'Dmitri Volkov', 'u-rv-1': 'Sofia Rossi', 'u-cm-2': 'Mateo Cruz' };
const evidence: Record<string, string> = { 'ev-7f3a': 'IMG_2001.jpg', 'ev-91bc': 'unboxing.mp4' };

const snapshot = (overrides: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  state: 'under_review',
  assignee: 'u-cm-1',
  version: 65,
  evidence: 2,
  evidenceRequests: 1,
  notes: 0,
  ruling: null,
  overturnedRulings: 0,
  agreement: false,
  returnStage: null,
  secondReview: null,
  ...overrides,
});

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

/** One payload for every audit action: adding an action without a sample fails the first test. */
const samples: Record<AuditAction, Record<string, unknown>> = {
  'dispute.claim': { disputeId: 'D-1', previousAssignee: 'u-cm-2' },
  'dispute.release': { disputeId: 'D-1', previousAssignee: 'u-cm-1' },
  'ruling.record': {
    disputeId: 'D-1',
    baseVersion: 66,
    outcome: 'partial_refund',
    refund: eur(2846),
    citedEvidenceIds: ['ev-7f3a'],
    citedNoteIds: [],
    rationale: 'The parcel arrived damaged.',
    policyCodes: ['evidence.not-forged'],
    before: snapshot(),
    after: snapshot({ state: 'ruled', version: 66, ruling: { outcome: 'partial_refund', refundMinor: 2846, ruledBy: 'u-cm-1' } }),
  },
  'evidence.add': {
    disputeId: 'D-1',
    evidenceId: 'ev-91bc',
    party: 'buyer',
    flags: ['over_upload_limit'],
    submittedAt: '2026-11-28T08:44:39.000Z',
    receivedAt: '2026-11-28T08:45:01.000Z',
    serviceFindings: { file: 'checked', flags: ['type_mismatch'], sniffedType: 'video/mp4', sizeBytes: 3_200_000 },
  },
  'evidence.note': { disputeId: 'D-1', noteId: 'n-1', evidenceId: 'ev-91bc', atSeconds: 12.5, text: 'Box is crushed here.' },
  'evidence.request': { disputeId: 'D-1', requestId: 'r-1', party: 'seller', kinds: ['photo', 'video'], dueAt: '2026-11-28T08:44:39.000Z' },
  'evidence.extendDue': { disputeId: 'D-1', requestId: 'r-1', previousDueAt: '2026-11-28T08:44:39.000Z', dueAt: '2026-11-30T08:44:39.000Z' },
  'case.note': { disputeId: 'D-1', noteId: 'n-2', text: 'Called the seller.' },
  'agreement.record': { disputeId: 'D-1', refund: eur(1500), withReturn: true, submittedBy: 'seller' },
  'ruling.overturn': {
    disputeId: 'D-1',
    reason: 'Wrong parcel in the photo.',
    ruledBy: 'u-cm-1',
    ruledAt: '2026-11-20T10:00:00.000Z',
    outcome: 'full_refund',
    refund: eur(4999),
    before: snapshot({ state: 'ruled', ruling: { outcome: 'full_refund', refundMinor: 4999, ruledBy: 'u-cm-1' } }),
    after: snapshot({ state: 'under_review', overturnedRulings: 1, version: 67 }),
  },
  'review.assign': { disputeId: 'D-1', reviewerId: 'u-rv-1', ruledBy: 'u-cm-1' },
  'review.record': { disputeId: 'D-1', verdict: 'disagree', comment: 'Refund should wait for the return.', ruledBy: 'u-cm-1' },
  'mutation.rejected': { mutation: 'dispute.claim', code: 'already_assigned', message: 'Someone else holds this dispute.' },
};

const entry = (action: string, payload: Record<string, unknown>, seq = 1): AuditEntry =>
  ({ seq, at: '2026-12-02T10:00:00.000Z', actor: action === 'ruling.overturn' ? 'u-tl-1' : 'u-cm-1', action, disputeId: 'D-1', payload, hash: 'h', prevHash: 'p' }) as unknown as AuditEntry;

async function wordsIn(language: 'en' | 'zh-CN'): Promise<HistoryWords> {
  const i18n = await createI18n(language);
  return { t: i18n.t, locale: language, nameOf: (id) => (id === undefined ? '?' : (people[id] ?? 'A former colleague')), evidenceName: (id) => evidence[id] ?? 'an item' };
}

/** Every text a person reads for a step. */
function allText(step: ReturnType<typeof wordStep>): string {
  return [step.sentence, ...step.details.flatMap((line) => [line.label, line.value]), ...(step.changes ?? []).flatMap((change) => [change.label, change.before, change.after])].join('\n');
}

// Internal words: ids, enum codes (snake_case or dotted), payload keys, ISO times, minor units.
const internal = [/u-(cm|tl|rv)-\d/, /ev-[0-9a-f]{4}/, /\b[a-z]+_[a-z_]+\b/, /\b[a-z]+\.[a-z][a-zA-Z-]+\b/, /baseVersion|minor units|disputeId|serviceFindings|amountMinor/, /\d{4}-\d\d-\d\dT/, /\bEUR\b/];

describe('the case history in words', () => {
  it('has a sample for every audit action', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(auditPayloadSchemas).sort());
  });

  for (const language of ['en', 'zh-CN'] as const) {
    it(`words every action in ${language} with names, labels and local money, never an id or code`, async () => {
      const words = await wordsIn(language);
      for (const [action, payload] of Object.entries(samples)) {
        const text = allText(wordStep(entry(action, payload), words));
        for (const pattern of internal) expect(text, `${action}: ${text}`).not.toMatch(pattern);
        expect(text, action).not.toMatch(/audit\.history|{{/);
      }
    });
  }

  it('reads a ruling as the issue asks, with its facts and changes on demand', async () => {
    const step = wordStep(entry('ruling.record', samples['ruling.record']), await wordsIn('en'));
    expect(step.sentence).toBe('Li Na ruled a partial refund of €28.46');
    expect(step.details).toEqual([
      { label: 'Policies applied', value: 'No forged, modified or repeated evidence' },
      { label: 'Rationale', value: 'The parcel arrived damaged.' },
      { label: 'Evidence cited', value: 'IMG_2001.jpg' },
    ]);
    expect(step.changes).toEqual([
      { label: 'State', before: 'Under review', after: 'Ruled' },
      { label: 'Ruling', before: 'none', after: 'Partial refund · €28.46, by Li Na' },
    ]);
  });

  it('words each kind of entry as its own sentence', async () => {
    const words = await wordsIn('en');
    const say = (action: AuditAction) => wordStep(entry(action, samples[action]), words).sentence;
    expect(say('dispute.claim')).toBe('Li Na claimed the dispute from Mateo Cruz');
    expect(say('ruling.overturn')).toBe('Dmitri Volkov overturned Li Na’s ruling (Full refund)');
    expect(say('evidence.add')).toBe('Li Na added the buyer’s evidence unboxing.mp4');
    expect(say('evidence.request')).toMatch(/^Li Na asked the seller for a photo and a video, due Nov 28, 2026/);
    expect(say('agreement.record')).toBe('Li Na recorded the agreement the seller submitted: a refund of €15.00 after a return');
    expect(say('review.assign')).toBe('Li Na drew Li Na’s ruling for a second review by Sofia Rossi');
    expect(say('review.record')).toBe('Li Na disagreed with Li Na’s ruling in a second review');
    expect(say('mutation.rejected')).toBe('The case service refused Li Na’s change: Claimed');
    const sentences = Object.keys(samples).map((action) => say(action as AuditAction));
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('words a logged refusal with the colleague and the item it names', async () => {
    const refused = { mutation: 'ruling.record', code: 'late_evidence_cited', message: 'Evidence ev-7f3a arrived after its due date.', params: { evidenceIds: ['ev-7f3a'] } };
    const step = wordStep(entry('mutation.rejected', refused), await wordsIn('en'));
    expect(step.details).toContainEqual({ label: 'Why it was refused', value: 'IMG_2001.jpg arrived after the due date. Write why you rely on it anyway in the late-evidence override, or stop citing it.' });
    expect(allText(step)).not.toContain('ev-7f3a');
  });

  it('words a rejection’s reason by its label', async () => {
    const rejected = { ...samples['ruling.record'], outcome: 'claim_rejected', refund: undefined, citedEvidenceIds: [], rejectionReason: 'insufficient_evidence' };
    const step = wordStep(entry('ruling.record', rejected), await wordsIn('en'));
    expect(step.sentence).toBe('Li Na rejected the claim');
    expect(step.details).toContainEqual({ label: 'Why the claim was rejected', value: 'Insufficient evidence' });
  });

  it('words the service’s own findings on an item', async () => {
    const step = wordStep(entry('evidence.add', samples['evidence.add']), await wordsIn('en'));
    expect(step.details).toContainEqual({ label: 'The case service’s own check', value: 'It checked the file. Type: video/mp4. Size: 3.2 MB. Found: Type mismatch.' });
    expect(step.details).toContainEqual({ label: 'The desk’s checks', value: 'Over 2 MB' });
  });

  it('says so, without the raw details, when an entry cannot be read', async () => {
    const words = await wordsIn('en');
    const unknown = wordStep(entry('workspace.rebuilt', { secret: 'x' }), words);
    expect(unknown.sentence).toBe('Li Na made a change this version of Dispute Desk cannot read');
    expect(allText(unknown)).not.toContain('secret');
    const broken = wordStep(entry('ruling.record', { disputeId: 'D-1' }), words);
    expect(broken.sentence).toBe('Li Na made a change this version of Dispute Desk cannot read');
  });

  it('says how long ago, in the user’s language', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    expect(formatAgo('2026-12-02T10:00:00Z', now, 'en')).toBe('2 hours ago');
    expect(formatAgo('2026-12-02T11:55:00Z', now, 'en')).toBe('5 minutes ago');
    expect(formatAgo('2026-11-29T12:00:00Z', now, 'en')).toBe('3 days ago');
    expect(formatAgo('2026-12-02T10:00:00Z', now, 'zh-CN')).toBe('2小时前');
  });
});
