import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A pass-through stream that hashes (SHA-256) and counts what flows through it, and fails once
 * more than `maxBytes` came, so a body longer than it said is cut off before it goes further.
 */
export class HashingStream extends Transform {
  readonly hash: Hash;
  bytes = 0;

  constructor(
    private readonly maxBytes = Number.MAX_SAFE_INTEGER,
    private readonly options: {
      /** Another hash fed the same bytes (an upload's running whole-file hash). */
      extra?: Hash | undefined;
      /** False to count only, where someone else hashes the same bytes already. */
      hashing?: boolean;
    } = {},
  ) {
    super();
    this.hash = createHash('sha256');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.byteLength;
    if (this.bytes > this.maxBytes) {
      done(new BodyTooLong(this.maxBytes));
      return;
    }
    if (this.options.hashing !== false) this.hash.update(chunk);
    this.options.extra?.update(chunk);
    done(null, chunk);
  }
}

/** A body carried more bytes than it declared. */
export class BodyTooLong extends Error {
  constructor(readonly maxBytes: number) {
    super(`The body is longer than the ${maxBytes} bytes it declared.`);
    this.name = 'BodyTooLong';
  }
}
