import { describe, expect, it } from 'vitest';
import type { DeskCallName } from './calls';
import type { DeskResult } from './errors';
import { ingestUserFiles, type UserFile, type UserFilePorts } from './user-files';

interface FakeFile extends UserFile {
  path: string;
}

function file(name: string, path: string, text = name): FakeFile {
  return { name, path, arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer };
}

const context = { disputeId: 'D-1', party: 'seller', channel: 'upload' } as const;

/** Records what reached the host; `refuse` names a call the host refuses. */
function host(refuse?: DeskCallName) {
  const sent: { channel: string; request: unknown }[] = [];
  const ports: UserFilePorts<FakeFile> = {
    pathOf: (given) => {
      if (given.path === 'not a file') throw new TypeError('not a File');
      return given.path;
    },
    startJob: async (request) => {
      sent.push({ channel: 'user-files', request });
      return { ok: true, value: { jobId: 'job-1' } };
    },
    invoke: (async (name: DeskCallName, request: unknown): Promise<DeskResult<unknown>> => {
      sent.push({ channel: name, request });
      if (name === refuse) return { ok: false, error: { code: 'bad_request', message: 'The file is empty.' } };
      return { ok: true, value: name === 'evidence.ingestBytes' ? { added: true } : { sealed: true } };
    }) as UserFilePorts<FakeFile>['invoke'],
  };
  return { ports, sent };
}

describe('ingestUserFiles', () => {
  it('sends files on disk by path in a closed job, and nothing by bytes', async () => {
    const { ports, sent } = host();
    await expect(ingestUserFiles(context, [file('a.jpg', '/home/cm/a.jpg'), file('b.mp4', '/home/cm/b.mp4')], ports)).resolves.toEqual({ ok: true, value: { jobId: 'job-1' } });
    expect(sent).toEqual([{ channel: 'user-files', request: { context, paths: ['/home/cm/a.jpg', '/home/cm/b.mp4'], open: false } }]);
  });

  it('sends an in-memory file (a snapshot) by its bytes into an open job, then seals it', async () => {
    const { ports, sent } = host();
    await expect(ingestUserFiles(context, [file('snapshot.png', '', 'PNG bytes')], ports)).resolves.toEqual({ ok: true, value: { jobId: 'job-1' } });
    expect(sent).toEqual([
      { channel: 'user-files', request: { context, paths: [], open: true } },
      { channel: 'evidence.ingestBytes', request: { jobId: 'job-1', name: 'snapshot.png', bytes: new TextEncoder().encode('PNG bytes') } },
      { channel: 'evidence.seal', request: { jobId: 'job-1' } },
    ]);
  });

  it('puts files on disk and in memory into one job', async () => {
    const { ports, sent } = host();
    await ingestUserFiles(context, [file('a.jpg', '/home/cm/a.jpg'), file('dragged.png', '')], ports);
    expect(sent.map((entry) => entry.channel)).toEqual(['user-files', 'evidence.ingestBytes', 'evidence.seal']);
    expect(sent[0]?.request).toEqual({ context, paths: ['/home/cm/a.jpg'], open: true });
  });

  it("answers the host's refusal of the bytes, and cancels the job", async () => {
    const { ports, sent } = host('evidence.ingestBytes');
    await expect(ingestUserFiles(context, [file('empty.png', '')], ports)).resolves.toEqual({ ok: false, error: { code: 'bad_request', message: 'The file is empty.' } });
    expect(sent.map((entry) => entry.channel)).toEqual(['user-files', 'evidence.ingestBytes', 'evidence.cancel']);
  });

  it('refuses something that is not a file before anything reaches the host', async () => {
    const { ports, sent } = host();
    await expect(ingestUserFiles(context, [file('x', 'not a file')], ports)).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(sent).toEqual([]);
  });
});
