import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto } from '../../../test/support/media';
import { EvidenceService, type IngestContext } from './evidence-service';
import { checkLink } from './links';

const allowed = ['files.example.test', 'dropbox.com'];

describe('checking a link before anything opens it', () => {
  it.each([
    ['http://files.example.test/a.mp4', /Only https/],
    ['https://user:secret@files.example.test/a.mp4', /user name or password/],
    ['https://127.0.0.1/a.mp4', /IP address/],
    ['https://[::1]/a.mp4', /IP address/],
    ['https://files.example.test.evil.com/a.mp4', /not on the team's list/],
    ['javascript:alert(1)', /Only https/],
    ['not a link', /not a web address/],
  ])('refuses %s', (url, reason) => {
    const checked = checkLink(url, allowed);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });

  it('accepts https on a listed host or its subdomains', () => {
    expect(checkLink('https://dl.dropbox.com/s/x/clip.mp4', allowed)).toMatchObject({ ok: true, host: 'dl.dropbox.com' });
    expect(checkLink(' https://FILES.example.test/v.mp4 ', allowed)).toMatchObject({ ok: true, url: 'https://files.example.test/v.mp4' });
  });
});

describe('fetching a link into the store', () => {
  const run = promisify(execFile);
  let work: string;
  let server: Server;
  let agent: Agent;
  let service: EvidenceService;
  let photo: Buffer;
  const requested: string[] = [];
  const context: IngestContext = { disputeId: 'D-L', party: 'buyer', channel: 'external_link' };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'desk-links-'));
    await run('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=files.example.test',
      '-addext', 'subjectAltName=DNS:files.example.test,DNS:elsewhere.example.test',
      '-keyout', path.join(work, 'key.pem'), '-out', path.join(work, 'cert.pem'),
    ]);
    const cert = await readFile(path.join(work, 'cert.pem'));
    photo = await writePhoto(path.join(work, 'shared.jpg'), { seed: 31 });
    server = createServer({ key: await readFile(path.join(work, 'key.pem')), cert }, (req, res) => {
      requested.push(`${req.headers.host}${req.url}`);
      if (req.url === '/clip.jpg') {
        res.writeHead(200, { 'content-length': photo.length, 'content-disposition': 'attachment; filename="unboxing photo.jpg"' });
        res.end(photo);
      } else if (req.url === '/moved') {
        res.writeHead(302, { location: 'https://elsewhere.example.test/clip.jpg' });
        res.end();
      } else if (req.url === '/huge') {
        res.writeHead(200, { 'content-length': String(10 * 1024 ** 4) });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Every host name resolves to the test server; TLS still checks the name against the certificate.
    const lookup = ((_host: string, options: unknown, callback: (...args: unknown[]) => void) => {
      const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
      if (all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    }) as LookupFunction;
    agent = new Agent({ ca: cert, lookup });
    // The URLs use the default port; the agent's connection goes to the server's real one.
    const createConnection = agent.createConnection.bind(agent);
    (agent as unknown as { createConnection: typeof createConnection }).createConnection = (options, callback) =>
      createConnection({ ...options, port }, callback);
    service = await EvidenceService.open(path.join(work, 'store'));
  });

  afterAll(async () => {
    service.close();
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  it('streams the download through the same pipeline and records the link', async () => {
    const outcome = await service.ingestLink('https://files.example.test/clip.jpg', allowed, context, { agent });
    expect(outcome).toMatchObject({ ok: true, fileName: 'unboxing photo.jpg', mediaType: 'image/jpeg', sizeBytes: photo.length, flags: [] });
    const [submission] = outcome.ok ? service.index.submissionsOf(outcome.sha256) : [];
    expect(submission).toMatchObject({ channel: 'external_link', url: 'https://files.example.test/clip.jpg' });
  });

  it('never opens a refused link, nor follows a redirect off the list', async () => {
    const before = requested.length;
    expect(await service.ingestLink('http://files.example.test/clip.jpg', allowed, context, { agent })).toMatchObject({
      ok: false,
      error: { code: 'link_refused' },
    });
    expect(requested.length).toBe(before);
    const redirected = await service.ingestLink('https://files.example.test/moved', allowed, context, { agent });
    expect(redirected).toMatchObject({ ok: false, error: { code: 'download_failed', message: expect.stringMatching(/elsewhere\.example\.test/) } });
    expect(requested.slice(before)).toEqual(['files.example.test/moved']);
  });

  it('refuses a download announced over the size cap before reading it, and reports a missing file', async () => {
    expect(await service.ingestLink('https://files.example.test/huge', allowed, context, { agent })).toMatchObject({
      ok: false,
      error: { code: 'download_failed', message: expect.stringMatching(/over the/) },
    });
    expect(await service.ingestLink('https://files.example.test/gone.mp4', allowed, context, { agent })).toMatchObject({
      ok: false,
      error: { code: 'download_failed', message: expect.stringMatching(/404/) },
    });
  });
});
