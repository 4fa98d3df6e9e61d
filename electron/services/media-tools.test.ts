import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaTools } from '../../shared/contract/media-tools';
import { setLogSink } from '../../shared/logger';
import { writeVideo } from '../../test/support/media';
import { resolveMediaTools, toolPath, unpackedPath, untrustedInput } from './media-tools';
import { videoPerceptualHashes } from './evidence/perceptual-hash';
import { probeWithFfprobe, UnreadableVideoError, writePoster } from './evidence/video-analysis';

let work: string;
let quiet: ReturnType<typeof setLogSink>;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-media-tools-'));
  quiet = setLogSink(() => {});
});
afterAll(async () => {
  setLogSink(quiet);
  await rm(work, { recursive: true, force: true });
});

/** A script that answers `-version` as `tool` would, with mode `mode`. */
async function fakeTool(folder: string, tool: string, mode: number, firstLine = `${tool} version 9.9-fake Copyright (c) the FFmpeg developers`): Promise<string> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, tool);
  await writeFile(file, `#!/bin/sh\necho '${firstLine}'\n`, { mode });
  return file;
}

describe('resolving ffmpeg and ffprobe', { timeout: 60_000 }, () => {
  it('uses the binaries that come with the app, and reads their versions', async () => {
    const tools = await resolveMediaTools({ searchPath: '' });
    for (const [tool, installer] of [['ffmpeg', '@ffmpeg-installer'], ['ffprobe', '@ffprobe-installer']] as const) {
      expect(tools[tool]).toMatchObject({ source: 'bundled', version: expect.stringMatching(/\S/) });
      expect(toolPath(tools[tool])).toContain(`${path.sep}${installer}${path.sep}`);
    }
  });

  it('finds a packaged binary under app.asar.unpacked, and leaves other paths alone', () => {
    expect(unpackedPath('/opt/Dispute Desk/resources/app.asar/node_modules/@ffmpeg-installer/linux-x64/ffmpeg')).toBe(
      '/opt/Dispute Desk/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg',
    );
    expect(unpackedPath('C:\\Program Files\\Dispute Desk\\resources\\app.asar\\node_modules\\@ffprobe-installer\\win32-x64\\ffprobe.exe')).toBe(
      'C:\\Program Files\\Dispute Desk\\resources\\app.asar.unpacked\\node_modules\\@ffprobe-installer\\win32-x64\\ffprobe.exe',
    );
    expect(unpackedPath('/work/node_modules/@ffmpeg-installer/linux-x64/ffmpeg')).toBe('/work/node_modules/@ffmpeg-installer/linux-x64/ffmpeg');
    expect(unpackedPath('/srv/app.asar.d/ffmpeg')).toBe('/srv/app.asar.d/ffmpeg');
  });

  it.skipIf(process.platform === 'win32')('falls back to the PATH only when the bundled binary cannot be used', async () => {
    const blocked = await fakeTool(path.join(work, 'blocked'), 'ffmpeg', 0o644);
    const onPath = path.join(work, 'bin');
    await fakeTool(onPath, 'ffmpeg', 0o755);
    await fakeTool(onPath, 'ffprobe', 0o755);
    const tools = await resolveMediaTools({ bundled: { ffmpeg: blocked, ffprobe: null }, searchPath: ['relative/bin', path.join(work, 'nowhere'), onPath].join(path.delimiter) });
    expect(tools.ffmpeg).toEqual({ path: path.join(onPath, 'ffmpeg'), version: '9.9-fake', source: 'path' });
    expect(tools.ffprobe).toEqual({ path: path.join(onPath, 'ffprobe'), version: '9.9-fake', source: 'path' });
  });

  it.skipIf(process.platform === 'win32')('says why a tool is missing: not found, not executable, or not answering as the tool does', async () => {
    const blocked = await fakeTool(path.join(work, 'blocked-2'), 'ffmpeg', 0o644);
    const impostor = await fakeTool(path.join(work, 'impostor'), 'ffprobe', 0o755, 'Hello from something else');
    const tools = await resolveMediaTools({ bundled: { ffmpeg: blocked, ffprobe: impostor }, searchPath: '' });
    expect(tools.ffmpeg).toEqual({ missing: { code: 'not_executable', path: blocked, message: expect.stringMatching(/may not be run.*No usable ffmpeg was found on the PATH/) } });
    expect(tools.ffprobe).toEqual({ missing: { code: 'failed', path: impostor, message: expect.stringMatching(/did not answer -version as ffprobe does/) } });

    const none = await resolveMediaTools({ bundled: { ffmpeg: null, ffprobe: path.join(work, 'no-such-ffprobe') }, searchPath: path.join(work, 'nowhere') });
    expect(none.ffmpeg).toEqual({ missing: { code: 'not_found', path: null, message: expect.stringMatching(/No ffmpeg comes with the app/) } });
    expect(none.ffprobe).toMatchObject({ missing: { code: 'not_found', path: path.join(work, 'no-such-ffprobe') } });
  });

  it('names an untrusted input as a local file only', () => {
    expect(untrustedInput('-evil.mp4')).toEqual(['-protocol_whitelist', 'file', '-i', `file:${path.resolve('-evil.mp4')}`]);
  });
});

/**
 * Evidence crafted to make ffmpeg reach out: an HLS playlist and an ffconcat list naming a URL on a
 * local server that counts requests. With the protocols limited to files, nothing is fetched.
 */
describe('media tools never open anything but the local file', { timeout: 60_000 }, () => {
  let server: Server;
  let base: string;
  let tools: MediaTools;
  const requests: string[] = [];
  const crafted: Record<string, string> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tools = await resolveMediaTools();
    crafted.playlist = path.join(work, 'evidence.m3u8');
    await writeFile(crafted.playlist, `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n${base}/segment.ts\n#EXT-X-ENDLIST\n`);
    // The same playlist under a video's name: ffmpeg goes by the bytes, not the name.
    crafted.disguised = path.join(work, 'unboxing.mp4');
    await writeFile(crafted.disguised, await import('node:fs/promises').then((fs) => fs.readFile(crafted.playlist!)));
    crafted.concat = path.join(work, 'evidence.ffconcat');
    await writeFile(crafted.concat, `ffconcat version 1.0\nfile ${base}/concat.mp4\n`);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  function ffmpegWith(args: string[]): Promise<number | null> {
    return new Promise((resolve) => {
      const child = spawn(toolPath(tools.ffmpeg)!, args, { stdio: 'ignore', timeout: 20_000 });
      child.on('close', resolve);
    });
  }

  it('fetches the URL when the protocols are opened up: the check below can see a fetch', async () => {
    requests.length = 0;
    await ffmpegWith(['-v', 'quiet', '-protocol_whitelist', 'file,http,tcp', '-i', `file:${crafted.playlist}`, '-f', 'null', '-']);
    expect(requests).toEqual(['/segment.ts']);
  });

  it('refuses the playlist and the concat list in ffprobe, posters, frame hashes and copies, fetching nothing', async () => {
    requests.length = 0;
    const ffprobe = toolPath(tools.ffprobe)!;
    const ffmpeg = toolPath(tools.ffmpeg)!;
    for (const file of Object.values(crafted)) {
      await expect(probeWithFfprobe(file, ffprobe)).rejects.toBeInstanceOf(UnreadableVideoError);
      expect(await writePoster(file, 2, path.join(work, 'poster.webp'), ffmpeg)).toBe(false);
      expect(await videoPerceptualHashes(file, 2, { ffmpegPath: ffmpeg })).toEqual([]);
      expect(await ffmpegWith(['-v', 'quiet', ...untrustedInput(file), '-f', 'null', '-'])).not.toBe(0);
    }
    expect(requests).toEqual([]);
  });

  it('still reads a real video the same way', async () => {
    const video = path.join(work, 'real.mp4');
    await writeVideo(video, { seconds: 2 });
    const facts = await probeWithFfprobe(video, toolPath(tools.ffprobe)!);
    expect(facts).toMatchObject({ width: 320, height: 240, readBy: 'ffprobe' });
    expect(await writePoster(video, facts.durationSeconds, path.join(work, 'real-poster.webp'), toolPath(tools.ffmpeg)!)).toBe(true);
  });
});
