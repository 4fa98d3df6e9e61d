import { describe, expect, it } from 'vitest';
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
