import { describe, expect, it } from 'vitest';
import { startupFailureBox } from './startup-failure';

describe('the start-up failure box', () => {
  const context = { dataDir: '/home/li/.config/Dispute Desk', logFile: '/home/li/.config/Dispute Desk/logs/desk.log' };

  it('tells a user whose data folder is taken to close the other Dispute Desk', () => {
    const error = Object.assign(new Error('Another Dispute Desk is using /home/li/.config/Dispute Desk.'), { code: 'data_dir_in_use' });
    expect(startupFailureBox(error, context).message).toMatch(/Close the other Dispute Desk window/);
  });

  it.each(['EACCES', 'EPERM', 'EROFS'])('tells what to do when the folder cannot be written (%s)', (code) => {
    const box = startupFailureBox(Object.assign(new Error(`${code}: permission denied, mkdir`), { code }), context);
    expect(box.message).toContain('Make the folder writable');
    expect(box.message).toContain(context.logFile);
  });

  it('says the disk is full', () => {
    expect(startupFailureBox(Object.assign(new Error('no space'), { code: 'ENOSPC' }), context).message).toContain('Free some space');
  });

  it('points anything else to the log file, and copes with a thrown non-error', () => {
    const box = startupFailureBox('something odd', { dataDir: null, logFile: '/tmp/desk.log' });
    expect(box.title).toBe('Dispute Desk could not start');
    expect(box.message).toContain('something odd');
    expect(box.message).toContain('/tmp/desk.log');
  });
});
