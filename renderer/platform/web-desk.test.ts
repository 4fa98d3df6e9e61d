import { describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../../shared/logger';
import { createWebDesk, takeBrowserHostToken } from './web-desk';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('takeBrowserHostToken', () => {
  it('takes the token from the address, keeps it for the tab and removes it from the address bar', () => {
    history.replaceState(null, '', '/queues#token=abc-123');
    sessionStorage.clear();
    expect(takeBrowserHostToken(location, sessionStorage, history)).toBe('abc-123');
    expect(location.hash).toBe('');
    expect(location.pathname).toBe('/queues');
    expect(takeBrowserHostToken(location, sessionStorage, history)).toBe('abc-123');
  });

  it('has no token when neither the address nor the tab has one', () => {
    history.replaceState(null, '', '/');
    sessionStorage.clear();
    expect(takeBrowserHostToken(location, sessionStorage, history)).toBeUndefined();
  });
});

describe('createWebDesk', () => {
  it('sends the token and the request, and returns the host outcome', async () => {
    const sent: Request[] = [];
    const desk = createWebDesk('t0ken', async (input, init) => {
      sent.push(new Request(new URL(String(input), 'http://127.0.0.1'), init));
      return jsonResponse({ ok: true, value: { version: '1', host: 'browser', dataDir: '/d', serviceUrl: null, logDir: '/d/logs', canOpenFolders: false } });
    });
    await expect(desk.invoke('app.info', {})).resolves.toEqual({
      ok: true,
      value: { version: '1', host: 'browser', dataDir: '/d', serviceUrl: null, logDir: '/d/logs', canOpenFolders: false },
    });
    expect(sent[0]!.headers.get('authorization')).toBe('Bearer t0ken');
    expect(new URL(sent[0]!.url).pathname).toBe('/api/call/app.info');
  });

  it('passes on the host refusal with its code', async () => {
    const desk = createWebDesk('t', async () => jsonResponse({ ok: false, error: { code: 'unauthorized', message: 'no' } }, 401));
    await expect(desk.invoke('app.info', {})).resolves.toEqual({ ok: false, error: { code: 'unauthorized', message: 'no' } });
  });

  it('says the host is not answering when the network call fails', async () => {
    const desk = createWebDesk('t', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(desk.invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'host_unavailable' } });
  });

  it('says the host is not answering when an answer is cut off on its way (the page navigating away, the host stopping)', async () => {
    const cut = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"ok":true,"val'));
        controller.error(new TypeError('network error'));
      },
    });
    const desk = createWebDesk('t', async () => new Response(cut, { status: 200, headers: { 'content-type': 'application/json' } }));
    await expect(desk.invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'host_unavailable' } });
  });

  it('does not trust an answer that is not a desk outcome', async () => {
    const desk = createWebDesk('t', async () => new Response('<html>proxy error</html>', { status: 502 }));
    await expect(desk.invoke('app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('HTTP 502') },
    });
  });

  it('asks for the full address when it has no token, without calling the host', async () => {
    let called = false;
    const desk = createWebDesk(undefined, async () => {
      called = true;
      return jsonResponse({});
    });
    await expect(desk.invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(called).toBe(false);
  });
});

describe('uploading files through the browser host', () => {
  it('logs a failed upload with its context and lists the file as failed in the job, where the evidence panel shows it', async () => {
    const records: unknown[] = [];
    const previous = setLogSink((record) => records.push(record));
    const job = { jobId: 'job-1', files: [{ name: 'ok.jpg', status: 'done', bytesDone: 3, bytesTotal: 3, outcome: null }], finished: true };
    const desk = createWebDesk('t', async (input) => {
      const path = new URL(String(input), 'http://127.0.0.1').pathname;
      if (path === '/api/call/evidence.ingest') return jsonResponse({ ok: true, value: { jobId: 'job-1' } });
      if (path === '/api/call/evidence.seal') return jsonResponse({ ok: true, value: { sealed: true } });
      if (path === '/api/call/evidence.job') return jsonResponse({ ok: true, value: job });
      if (path.startsWith('/api/evidence/upload/') && String(input).includes('broken')) throw new TypeError('Failed to fetch');
      if (path.startsWith('/api/evidence/upload/') && String(input).includes('refused')) return jsonResponse({ ok: false, error: { code: 'bad_request', message: 'no job' } }, 400);
      return jsonResponse({ ok: true, value: null });
    });
    try {
      const files = [new File(['abc'], 'ok.jpg'), new File(['defg'], 'broken.jpg'), new File(['hi'], 'refused.png')];
      const started = await desk.ingestFiles({ disputeId: 'D-1', party: 'buyer', channel: 'upload' }, files);
      expect(started).toMatchObject({ ok: true, value: { jobId: 'job-1' } });
      await vi.waitFor(() => expect(records).toHaveLength(2));
      const progress = await desk.invoke('evidence.job', { jobId: 'job-1' });
      expect(progress.ok && progress.value?.files.map((file) => [file.name, file.status, file.outcome?.ok === false ? file.outcome.error.code : null])).toEqual([
        ['ok.jpg', 'done', null],
        ['broken.jpg', 'failed', 'read_failed'],
        ['refused.png', 'failed', 'read_failed'],
      ]);
      expect(records).toEqual([
        expect.objectContaining({ level: 'error', module: 'web-desk', jobId: 'job-1', file: 'broken.jpg', size: 4, reason: 'Failed to fetch' }),
        expect.objectContaining({ level: 'error', module: 'web-desk', jobId: 'job-1', file: 'refused.png', reason: 'HTTP 400' }),
      ]);
    } finally {
      setLogSink(previous);
    }
  });
});
