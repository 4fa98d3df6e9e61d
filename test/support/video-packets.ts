// A video's packets as ffprobe reads them from the container, in presentation order: when each
// frame shows, whether it is a keyframe, and where its bytes lie in the file. Tests use it to check
// the player against the container, and the viewer benchmark to know which bytes a seek must read.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ffprobeBinary } from './ffmpeg';

const run = promisify(execFile);

export interface VideoPacket {
  /** Presentation time in seconds. */
  time: number;
  key: boolean;
  /** Byte offset of the packet in the file. */
  pos: number;
  size: number;
}

export async function videoPackets(file: string): Promise<VideoPacket[]> {
  const { stdout } = await run(ffprobeBinary, ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time,flags,pos,size', '-of', 'json', file], { maxBuffer: 256 * 2 ** 20 });
  const packets = (JSON.parse(stdout) as { packets: { pts_time: string; flags: string; pos: string; size: string }[] }).packets;
  return packets
    .map((packet) => ({ time: Number(packet.pts_time), key: packet.flags.includes('K'), pos: Number(packet.pos), size: Number(packet.size) }))
    .sort((a, b) => a.time - b.time);
}

/** The frames (presentation order) the container marks as keyframes. */
export async function keyframesOf(file: string): Promise<number[]> {
  return (await videoPackets(file)).flatMap((packet, frame) => (packet.key ? [frame] : []));
}
