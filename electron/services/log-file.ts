import electronLog from 'electron-log/node';
import path from 'node:path';
import type { LogSink } from '../../shared/logger';

/** The log file's name in the log folder; the rotated one beside it is `desk.old.log`. */
export const logFileName = 'desk.log';

/** A log file over this size is rotated: one older file is kept, so the folder stays under twice this. */
const defaultMaxBytes = 5 * 1024 * 1024;

/** Where the desk's log records go, and the file they end up in. */
export interface LogFile {
  /** The log file, for messages that tell the user where the details are. */
  file: string;
  /** A sink for `addLogSink`: one JSON line per record in the file. */
  sink: LogSink;
}

/**
 * The desk's log file in `logDir` (Electron's logs folder, or the browser host's data folder),
 * written through electron-log's file transport, which appends synchronously and rotates at
 * `maxBytes`. Records from main, the services and the renderer (through the `app.log` call) all
 * land here.
 */
export function openLogFile(logDir: string, maxBytes = defaultMaxBytes): LogFile {
  const file = path.join(logDir, logFileName);
  const logger = electronLog.create({ logId: `desk-${file}` });
  logger.transports.console.level = false;
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.maxSize = maxBytes;
  logger.transports.file.format = '{text}';
  return {
    file,
    sink(record) {
      const line = JSON.stringify({ time: new Date().toISOString(), ...record });
      logger[record.level](line);
    },
  };
}
