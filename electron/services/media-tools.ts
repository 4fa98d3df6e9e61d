import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MediaToolName, MediaToolProblemCode, MediaTools, MediaToolStatus } from '../../shared/contract/media-tools';
import { createLogger } from '../../shared/logger';

const log = createLogger('media-tools');
const run = promisify(execFile);

/** The npm packages that carry each tool's binary for this platform (in `@ffmpeg-installer/linux-x64` and the like). */
const installers: Record<MediaToolName, string> = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' };

/** A static ffmpeg answers `-version` in milliseconds; a loaded machine gets ample room. */
const versionTimeoutMs = 15_000;

/** Where to look for the tools; tests replace the defaults. */
export interface MediaToolsOptions {
  /** Each tool's bundled binary, or null where none is bundled; by default the installer packages' binaries. */
  bundled?: Partial<Record<MediaToolName, string | null>>;
  /** The PATH searched when a bundled binary cannot be used; by default this process's. */
  searchPath?: string;
}

type Problem = { code: MediaToolProblemCode; message: string; path: string | null };

/**
 * The path a file inside Electron's `app.asar` really has on disk: executables cannot run from
 * inside the archive, so packaging unpacks them to `app.asar.unpacked` beside it. Any other path
 * is returned unchanged.
 */
export function unpackedPath(file: string): string {
  // Both separators: Windows accepts either, and the test runs the Windows case anywhere.
  for (const sep of ['/', '\\']) {
    const packed = `${sep}app.asar${sep}`;
    const at = file.indexOf(packed);
    if (at >= 0) return `${file.slice(0, at)}${sep}app.asar.unpacked${sep}${file.slice(at + packed.length)}`;
  }
  return file;
}

/** The binary the installer package names for this platform, or why there is none. */
function bundledBinary(tool: MediaToolName): string | Problem {
  try {
    // Loaded lazily: the installer throws (a string, for ffmpeg's) on a platform it has no build for.
    const installer = createRequire(import.meta.url)(installers[tool]) as { path: string };
    return unpackedPath(installer.path);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { code: 'not_found', message: `No ${tool} comes with the app for ${process.platform}-${process.arch} (${why}).`, path: null };
  }
}

/** The version a tool reports on its first line (`ffmpeg version 7.1 Copyright …`), or why it could not be run. */
async function check(tool: MediaToolName, file: string): Promise<{ version: string } | Problem> {
  try {
    if (!(await stat(file)).isFile()) return { code: 'not_found', message: `${file} is not a file.`, path: file };
    await access(file, constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'not_found', message: `${file} does not exist.`, path: file };
    return { code: 'not_executable', message: `${file} may not be run (${code ?? String(error)}); allow it to be executed.`, path: file };
  }
  try {
    const { stdout } = await run(file, ['-hide_banner', '-version'], { timeout: versionTimeoutMs, killSignal: 'SIGKILL', windowsHide: true });
    const version = new RegExp(`^${tool} version (\\S+)`).exec(stdout)?.[1];
    if (version === undefined) return { code: 'failed', message: `${file} did not answer -version as ${tool} does.`, path: file };
    return { version };
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { killed?: boolean; stderr?: string };
    if (failed.code === 'EACCES') return { code: 'not_executable', message: `${file} may not be run (EACCES); allow it to be executed.`, path: file };
    const why = failed.killed ? `no answer within ${versionTimeoutMs / 1000} s` : failed.stderr?.trim().split('\n').at(-1) || failed.message;
    return { code: 'failed', message: `${file} -version failed: ${why}.`, path: file };
  }
}

/** The first file named `tool` in the PATH's folders that may be executed, if any. */
async function onPath(tool: MediaToolName, searchPath: string): Promise<string | null> {
  const names = process.platform === 'win32' ? [`${tool}.exe`] : [tool];
  for (const folder of searchPath.split(path.delimiter)) {
    if (!path.isAbsolute(folder)) continue;
    for (const name of names) {
      const file = path.join(folder, name);
      const usable = await access(file, constants.X_OK).then(
        () => stat(file).then((s) => s.isFile()),
        () => false,
      );
      if (usable) return file;
    }
  }
  return null;
}

async function resolveTool(tool: MediaToolName, options: MediaToolsOptions): Promise<MediaToolStatus> {
  const configured = options.bundled?.[tool];
  const bundled: string | Problem =
    configured === undefined ? bundledBinary(tool) : configured ?? { code: 'not_found', message: `No ${tool} comes with the app.`, path: null };
  let problem: Problem;
  if (typeof bundled === 'string') {
    const checked = await check(tool, bundled);
    if ('version' in checked) return { path: bundled, version: checked.version, source: 'bundled' };
    problem = checked;
  } else {
    problem = bundled;
  }
  const fallback = await onPath(tool, options.searchPath ?? process.env.PATH ?? '');
  if (fallback !== null) {
    const checked = await check(tool, fallback);
    if ('version' in checked) {
      log.warn(`the bundled ${tool} cannot be used, so the one on the PATH is`, { tool, problem: problem.message, using: fallback });
      return { path: fallback, version: checked.version, source: 'path' };
    }
    log.warn(`the ${tool} on the PATH cannot be used either`, { tool, problem: checked.message });
  }
  const missing = { ...problem, message: `${problem.message} No usable ${tool} was found on the PATH either.` };
  log.warn(`${tool} is missing: the features that need it are off`, { tool, code: missing.code, reason: missing.message });
  return { missing };
}

/**
 * Finds ffmpeg and ffprobe: the binary that comes with the app first (under `app.asar.unpacked`
 * when packaged), the PATH only when that one cannot be used. Each is checked by running
 * `-version`; a tool that cannot be used is reported with the reason, never thrown.
 */
export async function resolveMediaTools(options: MediaToolsOptions = {}): Promise<MediaTools> {
  const [ffmpeg, ffprobe] = await Promise.all([resolveTool('ffmpeg', options), resolveTool('ffprobe', options)]);
  return { ffmpeg, ffprobe };
}

let resolved: Promise<MediaTools> | undefined;

/** This process's media tools, resolved once (see `resolveMediaTools`). */
export function mediaTools(): Promise<MediaTools> {
  resolved ??= resolveMediaTools();
  return resolved;
}

/** The executable of a tool in use, or null when it is missing. */
export function toolPath(status: MediaToolStatus): string | null {
  return 'path' in status ? status.path : null;
}

/**
 * The arguments that name an untrusted file as ffmpeg's or ffprobe's input. Only the `file`
 * protocol may be opened, by the input and by anything it names (an HLS playlist's segments, a
 * concat list's entries, a movie's external references), so evidence can never make the tool
 * reach the network or another protocol. `file:` keeps a name like `-x` or `concat:a|b` from
 * being read as an option or a protocol.
 */
export function untrustedInput(input: MediaInput): string[] {
  if (typeof input !== 'string') return untrustedStoredInput(input.url);
  return ['-protocol_whitelist', 'file', '-i', `file:${path.resolve(input)}`];
}

/** What a media tool reads: a file by its path, or a stored object's content at its loopback URL (evidence/plain-source.ts). */
export type MediaInput = string | { url: string };

/**
 * The video containers the desk analyses (shared/domain/evidence-checks.ts), as ffmpeg's demuxers.
 * No playlist or list demuxer (hls, dash, concat) is among them: those open the URLs a file names.
 */
const videoDemuxers = 'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,asf,mpeg,mpegts,ogg';

/**
 * The arguments that name a sealed object's content, served on loopback, as a tool's input. HTTP
 * must be allowed for that one URL, so the demuxers are limited to the containers above: none of
 * them opens another URL a file names, so evidence still cannot make the tool reach the network.
 */
function untrustedStoredInput(url: string): string[] {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1') throw new Error('a stored object is read from this computer only');
  return ['-protocol_whitelist', 'http,tcp', '-format_whitelist', videoDemuxers, '-i', parsed.href];
}
