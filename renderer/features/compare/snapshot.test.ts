import { describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../../shared/contract/calls';
import type { IngestJobProgressValue, IngestOutcomeValue } from '../../../shared/contract/evidence-calls';
import { evidenceItemSchema } from '../../../shared/domain/model';
import { snapshotContext, snapshotFileName, snapshotItem, storeSnapshot, type SnapshotSource } from './snapshot';

const source: SnapshotSource = { disputeId: 'D-1', party: 'seller', sha256: 'ab12cd34'.repeat(8), atSeconds: 5.0204 };
const stored: Extract<IngestOutcomeValue, { ok: true }> = {
  ok: true,
  fileName: 'snapshot-ab12cd34-5.020s.png',
  sha256: 'f'.repeat(64),
  sizeBytes: 12_345,
  mediaType: 'image/png',
  kind: 'photo',
  flags: [],
  existed: false,
};

function job(files: IngestJobProgressValue['files'], finished: boolean): IngestJobProgressValue {
  return { jobId: 'J-1', files, finished };
}

describe('snapshots', () => {
  it('names the file by the source object and second, and brings it in for the same case and party', () => {
    expect(snapshotFileName(source.sha256, source.atSeconds)).toBe('snapshot-ab12cd34-5.020s.png');
    expect(snapshotFileName(source.sha256, 0)).toBe('snapshot-ab12cd34-0.000s.png');
    expect(snapshotContext(source)).toEqual({ disputeId: 'D-1', party: 'seller', channel: 'upload' });
  });

  it('becomes a photo that records where it came from', () => {
    const item = snapshotItem(stored, source, { id: 'E-50', submittedAt: '2025-03-10T12:00:00Z', description: 'Snapshot of packing.mp4 at 00:05.020' });
    expect(evidenceItemSchema.parse(item)).toEqual(item);
    expect(item).toMatchObject({ kind: 'photo', channel: 'upload', party: 'seller', sha256: 'f'.repeat(64), mediaType: 'image/png', derivedFrom: { sha256: source.sha256, atSeconds: 5.02 } });
  });

  it('waits for the ingestion job and answers what it stored, or the host\'s reason', async () => {
    const answers = [job([{ name: 'a.png', status: 'reading', bytesDone: 1, bytesTotal: 2, outcome: null }], false), job([{ name: 'a.png', status: 'done', bytesDone: 2, bytesTotal: 2, outcome: stored }], true)];
    const desk = {
      ingestFiles: vi.fn(async () => ({ ok: true as const, value: { jobId: 'J-1' } })),
      invoke: vi.fn(async () => ({ ok: true as const, value: answers.shift() ?? null })),
    } as unknown as Pick<DeskApi, 'invoke' | 'ingestFiles'>;
    const file = new File([new Uint8Array([1, 2])], 'a.png', { type: 'image/png' });
    expect(await storeSnapshot(desk, source, file, async () => {})).toEqual({ ok: true, outcome: stored });
    expect(desk.ingestFiles).toHaveBeenCalledWith({ disputeId: 'D-1', party: 'seller', channel: 'upload' }, [file]);

    const refusing = {
      ingestFiles: async () => ({ ok: true as const, value: { jobId: 'J-2' } }),
      invoke: async () => ({
        ok: true as const,
        value: job([{ name: 'a.png', status: 'failed', bytesDone: 0, bytesTotal: 2, outcome: { ok: false, fileName: 'a.png', error: { code: 'no_space', message: 'The disk is full.' } } }], true),
      }),
    } as unknown as Pick<DeskApi, 'invoke' | 'ingestFiles'>;
    expect(await storeSnapshot(refusing, source, file, async () => {})).toEqual({ ok: false, hostMessage: 'The disk is full.' });

    const lost = { ingestFiles: async () => ({ ok: true as const, value: { jobId: 'J-3' } }), invoke: async () => ({ ok: true as const, value: null }) } as unknown as Pick<DeskApi, 'invoke' | 'ingestFiles'>;
    expect(await storeSnapshot(lost, source, file, async () => {})).toEqual({ ok: false, hostMessage: null });
  });
});
