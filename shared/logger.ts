/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** A module's logger: one per module, structured fields, no bare console calls elsewhere. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

type Level = keyof Logger;

/** Where log records go. Tests and hosts may swap it; the default writes one JSON line each. */
export type LogSink = (record: { level: Level; module: string; message: string } & LogFields) => void;

let sink: LogSink = (record) => {
  const line = JSON.stringify({ time: new Date().toISOString(), ...record });
  if (record.level === 'error') console.error(line);
  else if (record.level === 'warn') console.warn(line);
  else console.info(line);
};

/** Replaces where every logger writes, returning the previous sink. */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

/** Sends every record to `extra` as well as wherever records went before (such as a log file beside the console). */
export function addLogSink(extra: LogSink): void {
  const previous = sink;
  sink = (record) => {
    previous(record);
    extra(record);
  };
}

let context: () => LogFields | undefined = () => undefined;

/**
 * Sets where every log record's context fields come from, such as the id of the request being
 * answered; a host that can track that (the case service, with Node's AsyncLocalStorage) sets it once.
 */
export function setLogContext(provider: () => LogFields | undefined): void {
  context = provider;
}

/** Creates the logger of one module, named like `browser-host` or `ingest`. */
export function createLogger(module: string): Logger {
  const write = (level: Level) => (message: string, fields: LogFields = {}) =>
    sink({ ...context(), ...fields, level, module, message });
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
