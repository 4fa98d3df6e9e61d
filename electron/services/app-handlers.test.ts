import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dispatchDeskCall, type DeskHandlers } from './desk-dispatch';
import { createAppHandlers } from './app-handlers';
import { setLogSink, type LogSink } from '../../shared/logger';

describe('the app calls', () => {
  const records: Parameters<LogSink>[0][] = [];
  const previous = setLogSink((record) => records.push(record));
  afterEach(() => {
    records.length = 0;
  });
  afterAll(() => setLogSink(previous));

  const handlers = (openFolder?: (dir: string) => Promise<boolean>) => createAppHandlers({ logDir: '/logs', openFolder }) as DeskHandlers;

  it('writes a renderer record under renderer.<module>, with its fields', async () => {
    const result = await dispatchDeskCall(handlers(), 'app.log', { level: 'error', module: 'sync', message: 'pull failed', fields: { status: 503 } });
    expect(result).toEqual({ ok: true, value: {} });
    expect(records).toEqual([{ level: 'error', module: 'renderer.sync', message: 'pull failed', status: 503 }]);
  });

  it.each([
    ['a module with control characters', { level: 'info', module: 'a\u0000b', message: 'x', fields: {} }],
    ['a level that is not one', { level: 'debug', module: 'a', message: 'x', fields: {} }],
    ['a huge message', { level: 'info', module: 'a', message: 'x'.repeat(2_001), fields: {} }],
    ['too many fields', { level: 'info', module: 'a', message: 'x', fields: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, i])) }],
    ['a nested field', { level: 'info', module: 'a', message: 'x', fields: { deep: { er: 1 } } }],
  ])('refuses %s and writes nothing', async (_case, payload) => {
    const result = await dispatchDeskCall(handlers(), 'app.log', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(records.filter((record) => record.module.startsWith('renderer.'))).toEqual([]);
  });

  it('shares one logger past 64 module names, so names cannot grow memory', async () => {
    const app = handlers();
    for (let i = 0; i < 70; i++) await dispatchDeskCall(app, 'app.log', { level: 'info', module: `m${i}`, message: 'x', fields: {} });
    expect(new Set(records.map((record) => record.module)).size).toBe(65);
    expect(records.at(-1)?.module).toBe('renderer.other');
  });

  it('opens the log folder where the host can, and names it either way', async () => {
    const opened: string[] = [];
    await expect(dispatchDeskCall(handlers(async (dir) => opened.push(dir) > 0), 'app.openLogFolder', {})).resolves.toEqual({ ok: true, value: { opened: true, logDir: '/logs' } });
    expect(opened).toEqual(['/logs']);
    await expect(dispatchDeskCall(handlers(), 'app.openLogFolder', {})).resolves.toEqual({ ok: true, value: { opened: false, logDir: '/logs' } });
  });
});
