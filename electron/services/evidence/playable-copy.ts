import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createLogger } from '../../../shared/logger';
import { sealingStream } from '../at-rest/sealed-file';
import { toolPath, untrustedInput } from '../media-tools';
import type { EvidenceService } from './evidence-service';

const log = createLogger('playable-copy');

/** A long-running piece of work the renderer follows by polling. */
export interface TaskProgress {
  status: 'running' | 'done' | 'failed';
  progress: number | null;
  message: string;
}

/** The playable copy's file name in the object's derived folder. */
export const playableFileName = 'playable.mp4';

/**
 * Playable copies of videos Chromium cannot play (HEVC in some builds, AVI, WMV): H.264 and AAC
 * in an MP4 with the index at the front, made by ffmpeg beside the original's thumbnail. The
 * original stays the evidence; the copy is only for watching, and is linked to it by living
 * under its digest.
 */
export class PlayableCopies {
  private readonly tasks = new Map<string, TaskProgress>();
  private readonly running = new Map<string, string>();

  constructor(private readonly evidence: EvidenceService) {}

  /** Starts (or joins) making the copy of one video; returns the task to poll. */
  async start(sha256: string): Promise<string> {
    const already = this.running.get(sha256);
    if (already !== undefined) return already;
    const taskId = randomUUID();
    const object = this.evidence.index.object(sha256);
    if (object === null || object.analysis.kind !== 'video') {
      this.tasks.set(taskId, { status: 'failed', progress: null, message: 'Only a video in this computer’s evidence store can be copied.' });
      return taskId;
    }
    const ffmpeg = toolPath(this.evidence.mediaTools.ffmpeg);
    if (ffmpeg === null) {
      this.tasks.set(taskId, { status: 'failed', progress: null, message: 'Making a playable copy needs ffmpeg, which cannot be used on this computer; Settings → Media tools says why.' });
      return taskId;
    }
    this.tasks.set(taskId, { status: 'running', progress: 0, message: 'Making a playable copy…' });
    this.running.set(sha256, taskId);
    const duration = object.analysis.video?.durationSeconds ?? null;
    void this.transcode(ffmpeg, sha256, duration, taskId).finally(() => this.running.delete(sha256));
    return taskId;
  }

  /** A task's progress, or null when there is no such task. */
  progress(taskId: string): TaskProgress | null {
    return this.tasks.get(taskId) ?? null;
  }

  private async transcode(ffmpeg: string, sha256: string, durationSeconds: number | null, taskId: string): Promise<void> {
    const target = path.join(this.evidence.derivedDir(sha256), playableFileName);
    const partial = `${target}.${randomUUID()}.part.mp4`;
    await mkdir(path.dirname(target), { recursive: true });
    // A sealing store's copy never touches the disk in the clear: a fragmented MP4 (which needs no
    // second pass to put its index first) comes down a pipe and is sealed on its way to the file.
    const key = this.evidence.sealingKey;
    // Without B-frames: a fragmented MP4 written this way has no edit list to take back their
    // delay, and every frame would show two frames late against the original beside it.
    const output = key
      ? ['-bf', '0', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', 'pipe:1']
      : ['-movflags', '+faststart', partial];
    const args = [
      '-v', 'error', '-nostdin', '-y', ...untrustedInput(this.evidence.toolInput(sha256)),
      '-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '160k', '-progress', key ? 'pipe:3' : 'pipe:1', ...output,
    ];
    const ok = await new Promise<boolean>((resolve) => {
      const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], windowsHide: true });
      const written = key
        ? pipeline(child.stdout!, sealingStream(key), createWriteStream(partial, { flags: 'wx', mode: 0o600 })).then(() => true, (error: unknown) => {
            log.warn('the playable copy could not be written', { sha256, error: String(error) });
            return false;
          })
        : Promise.resolve(true);
      const progress = (key ? child.stdio[3] : child.stdout) as Readable;
      let stderr = '';
      progress.setEncoding('utf8').on('data', (text: string) => {
        const outMicros = /out_time_us=(\d+)/.exec(text)?.[1] ?? /out_time_ms=(\d+)/.exec(text)?.[1];
        if (outMicros !== undefined && durationSeconds) {
          this.tasks.set(taskId, { status: 'running', progress: Math.min(1, Number(outMicros) / 1e6 / durationSeconds), message: 'Making a playable copy…' });
        }
      });
      child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-2000)));
      child.on('error', () => resolve(false));
      child.on('close', (code) => {
        if (code !== 0) log.warn('ffmpeg could not make a playable copy', { sha256, stderr });
        void written.then((complete) => resolve(code === 0 && complete));
      });
    });
    if (!ok) {
      await rm(partial, { force: true });
      this.tasks.set(taskId, { status: 'failed', progress: null, message: 'ffmpeg could not read this video, so no playable copy could be made. The original is unchanged.' });
      return;
    }
    await rename(partial, target);
    this.tasks.set(taskId, { status: 'done', progress: 1, message: 'The playable copy is ready. The original stays the evidence.' });
  }
}
