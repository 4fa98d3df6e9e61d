import { logRecordLimits } from '../../shared/contract/app-calls';
import type { DeskApi } from '../../shared/contract/calls';
import { createLogger, setLogSink, type LogFields } from '../../shared/logger';

type FieldValue = string | number | boolean | null;

/** The contract takes flat fields of bounded size: anything else is written as text, cut short. */
function flatten(fields: LogFields): Record<string, FieldValue> {
  const flat: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(fields).slice(0, logRecordLimits.fields)) {
    const plain = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as FieldValue) : JSON.stringify(value) ?? String(value);
    flat[name.slice(0, logRecordLimits.fieldName)] = typeof plain === 'string' ? plain.slice(0, logRecordLimits.fieldText) : plain;
  }
  return flat;
}

/**
 * Sends the renderer's log records to the host's log file (the same file main writes), and
 * records errors nothing caught, so "details are in the app's log" is true of the renderer too.
 * A record the host cannot take is dropped: logging must never raise an error of its own.
 */
export function logThroughDesk(desk: Pick<DeskApi, 'invoke'>, target: Window): void {
  setLogSink(({ level, module, message, ...fields }) => {
    // Ignored: a failure to log cannot be logged, and must not become an error of its own.
    void desk.invoke('app.log', { level, module: module.replace(/[^\w.-]/g, '_').slice(0, logRecordLimits.module) || 'renderer', message: message.slice(0, logRecordLimits.message) || '-', fields: flatten(fields) }).catch(() => undefined);
  });
  const log = createLogger('window');
  target.addEventListener('error', (event) => log.error('an error nothing caught', { error: event.message, source: event.filename, line: event.lineno }));
  target.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    log.error('a promise rejected with nothing to catch it', { reason: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) });
  });
}
