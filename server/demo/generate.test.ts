import { describe, expect, it } from 'vitest';
import {
  disputeReasonSchema,
  disputeSchema,
  disputeStateSchema,
  returnStageSchema,
  type Dispute,
} from '../../shared/domain/model';
import { isEvidenceLate } from '../../shared/domain/lateness';
import { generateDisputes } from './generate';

const now = '2025-06-01T12:00:00.000Z';
const nowMs = Date.parse(now);
const sample = generateDisputes({ count: 500, seed: 11, now });
const MiB = 1024 * 1024;

function lateItems(disputes: Dispute[]) {
  return disputes.flatMap((dispute) =>
    dispute.evidence.filter((item) => {
      const request = dispute.evidenceRequests.find((candidate) => candidate.id === item.requestId);
      return request !== undefined && isEvidenceLate(item, request);
    }),
  );
}

describe('generateDisputes', () => {
  it('gives deep-equal disputes for the same options and different ones for another seed', () => {
    const again = generateDisputes({ count: 500, seed: 11, now });
    expect(again).toEqual(sample);
    const other = generateDisputes({ count: 500, seed: 12, now });
    expect(other).not.toEqual(sample);
    expect(other.map((dispute) => dispute.buyer.name)).not.toEqual(sample.map((dispute) => dispute.buyer.name));
  });

  it('makes dispute n the same whatever the count', () => {
    expect(generateDisputes({ count: 40, seed: 11, now })).toEqual(sample.slice(0, 40));
  });

  it('makes disputes the case service accepts', () => {
    for (const dispute of sample.slice(0, 300)) expect(disputeSchema.parse(dispute)).toEqual(dispute);
  });

  it('numbers disputes and orders uniquely, and leaves the versions for the service', () => {
    expect(sample[0]!.id).toBe('D-100000');
    expect(new Set(sample.map((dispute) => dispute.id)).size).toBe(sample.length);
    expect(new Set(sample.map((dispute) => dispute.order.id)).size).toBe(sample.length);
    for (const dispute of sample) {
      expect(dispute.order.id).toMatch(/^O-\d+$/);
      expect(dispute.version).toBe(0);
      expect(dispute.evidenceVersion).toBe(0);
    }
  });

  it('covers every reason, state and return stage in 500 disputes, mostly work for the team', () => {
    const states = new Set(sample.map((dispute) => dispute.state));
    expect([...states].sort()).toEqual([...disputeStateSchema.options].sort());
    expect(new Set(sample.map((dispute) => dispute.reason))).toEqual(new Set(disputeReasonSchema.options));
    expect(new Set(sample.flatMap((dispute) => (dispute.return ? [dispute.return.stage] : [])))).toEqual(new Set(returnStageSchema.options));
    const open = sample.filter((dispute) => ['escalated', 'awaiting_evidence', 'under_review'].includes(dispute.state));
    expect(open.length / sample.length).toBeGreaterThan(0.5);
  });

  it('has buyers and sellers in several countries, languages and currencies', () => {
    const languages = new Set(sample.flatMap((dispute) => dispute.messages.map((message) => message.language.slice(0, 2))));
    for (const language of ['en', 'zh', 'es', 'pt', 'ru', 'fr']) expect(languages).toContain(language);
    const currencies = new Set(sample.map((dispute) => dispute.order.paid.currency));
    for (const currency of ['USD', 'EUR', 'CNY', 'BRL', 'RUB', 'GBP']) expect(currencies).toContain(currency);
    expect(new Set(sample.map((dispute) => dispute.buyer.country)).size).toBeGreaterThan(8);
    expect(new Set(sample.map((dispute) => dispute.seller.country)).size).toBeGreaterThan(3);
    expect(sample.some((dispute) => dispute.messages.some((message) => /[\u4e00-\u9fff]/.test(message.body)))).toBe(true);
    expect(sample.some((dispute) => dispute.messages.some((message) => /[а-яё]/i.test(message.body)))).toBe(true);
  });

  it('has late evidence, oversized uploads, external links and offers with and without return', () => {
    expect(lateItems(sample).length).toBeGreaterThan(5);
    const evidence = sample.flatMap((dispute) => dispute.evidence);
    expect(evidence.filter((item) => item.channel === 'upload' && (item.sizeBytes ?? 0) > 2 * MiB).length).toBeGreaterThan(5);
    expect(evidence.filter((item) => item.channel === 'upload' && (item.sizeBytes ?? 0) < 2_000_000).length).toBeGreaterThan(100);
    expect(new Set(evidence.map((item) => item.kind))).toEqual(new Set(['photo', 'video', 'document']));
    const links = evidence.filter((item) => item.channel === 'external_link');
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) expect(link.url).toMatch(/^https:\/\//);
    expect(links.some((link) => link.sha256 === undefined)).toBe(true);
    const offers = sample.flatMap((dispute) => dispute.offers);
    expect(offers.some((made) => made.withReturn)).toBe(true);
    expect(offers.some((made) => !made.withReturn && made.by === 'seller')).toBe(true);
    expect(offers.some((made) => made.by === 'buyer')).toBe(true);
  });

  it('has evidence requests overdue, due within 24 hours and due later', () => {
    const dues = sample
      .filter((dispute) => dispute.state === 'awaiting_evidence')
      .flatMap((dispute) => dispute.evidenceRequests.map((request) => Date.parse(request.dueAt) - nowMs));
    const hour = 3_600_000;
    expect(dues.some((due) => due < 0)).toBe(true);
    expect(dues.some((due) => due > 0 && due <= 24 * hour)).toBe(true);
    expect(dues.some((due) => due > 24 * hour)).toBe(true);
  });

  it('points evidence only at the pool it is given, and links kinds the pool lacks', () => {
    const pool = [
      { sha256: 'a'.repeat(64), kind: 'photo' as const, mediaType: 'image/jpeg', sizeBytes: 52_000 },
      { sha256: 'b'.repeat(64), kind: 'photo' as const, mediaType: 'image/jpeg', sizeBytes: 2_800_000 },
      { sha256: 'c'.repeat(64), kind: 'video' as const, mediaType: 'video/mp4', sizeBytes: 65_000 },
    ];
    const disputes = generateDisputes({ count: 300, seed: 5, now, evidencePool: pool });
    const evidence = disputes.flatMap((dispute) => dispute.evidence);
    for (const item of evidence) {
      if (item.sha256 === undefined) continue;
      const entry = pool.find((candidate) => candidate.sha256 === item.sha256);
      expect(entry).toMatchObject({ kind: item.kind, mediaType: item.mediaType, sizeBytes: item.sizeBytes });
    }
    const documents = evidence.filter((item) => item.kind === 'document');
    expect(documents.length).toBeGreaterThan(0);
    for (const item of documents) {
      expect(item.channel).toBe('external_link');
      expect(item.sha256).toBeUndefined();
    }
  });

  it('can keep to chosen states', () => {
    const escalated = generateDisputes({ count: 50, seed: 3, now, states: ['escalated'] });
    expect(new Set(escalated.map((dispute) => dispute.state))).toEqual(new Set(['escalated']));
    expect(() => generateDisputes({ count: 1, seed: 3, now, states: [] })).toThrow();
  });

  it('refuses a `now` that is not a UTC timestamp', () => {
    expect(() => generateDisputes({ count: 1, seed: 1, now: 'yesterday' })).toThrow();
  });

  it('generates 100,000 disputes', { timeout: 120_000 }, () => {
    const many = generateDisputes({ count: 100_000, seed: 1, now });
    expect(many).toHaveLength(100_000);
    expect(many.at(-1)!.id).toBe('D-199999');
  });
});
