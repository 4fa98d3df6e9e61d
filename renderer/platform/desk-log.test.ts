import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, setLogSink } from '../../shared/logger';
import { logThroughDesk } from './desk-log';

describe('renderer logs through the desk', () => {
  const previous = setLogSink(() => undefined);
  afterEach(() => setLogSink(previous));

  it('sends records as app.log calls with flat, bounded fields', async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: {} }));
    logThroughDesk({ invoke } as never, new EventTarget() as unknown as Window);
    createLogger('sync engine').warn('pull failed', { status: 503, detail: { nested: true }, long: 'x'.repeat(5_000) });
    expect(invoke).toHaveBeenCalledWith('app.log', {
      level: 'warn',
      module: 'sync_engine',
      message: 'pull failed',
      fields: { status: 503, detail: '{"nested":true}', long: 'x'.repeat(4_000) },
    });
  });

  it('logs an error nothing caught, and never throws when the host refuses', async () => {
    const invoke = vi.fn(async () => {
      throw new Error('host gone');
    });
    const target = new EventTarget();
    logThroughDesk({ invoke } as never, target as unknown as Window);
    target.dispatchEvent(Object.assign(new Event('error'), { message: 'boom', filename: 'app.js', lineno: 7 }));
    await Promise.resolve();
    expect(invoke).toHaveBeenCalledWith('app.log', expect.objectContaining({ level: 'error', module: 'window', fields: { error: 'boom', source: 'app.js', line: 7 } }));
  });
});
