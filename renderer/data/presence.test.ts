import { describe, expect, it } from 'vitest';
import type { PresenceEntry } from '../../shared/sync/presence';
import { othersOnCase, PresenceBoard, PresenceReporter } from './presence';

const entry = (over: Partial<PresenceEntry>): PresenceEntry => ({
  userId: 'u-cm-2',
  name: 'Mateo',
  role: 'case_manager',
  deskId: 'desk-0001',
  disputeId: 'D-1',
  activity: 'viewing',
  forMs: 0,
  expiresInMs: 45_000,
  ...over,
});

describe('the presence board', () => {
  it('keeps one entry per person and case, their strongest activity, timed on this desk\'s clock', () => {
    const board = new PresenceBoard(() => 1_000_000);
    board.set({
      entries: [
        entry({ deskId: 'desk-0001', activity: 'viewing', forMs: 300_000 }),
        entry({ deskId: 'desk-0002', activity: 'ruling', forMs: 120_000 }),
        entry({ userId: 'u-cm-1', name: 'Li Na', disputeId: 'D-1', activity: 'action' }),
        entry({ userId: 'u-cm-1', name: 'Li Na', disputeId: 'D-2' }),
      ],
    });
    expect(othersOnCase(board.getSnapshot(), 'D-1', 'u-cm-1')).toEqual([
      { userId: 'u-cm-2', name: 'Mateo', role: 'case_manager', disputeId: 'D-1', activity: 'ruling', since: 1_000_000 - 120_000, until: 1_000_000 + 45_000 },
    ]);
    expect(othersOnCase(board.getSnapshot(), 'D-1', 'someone-else').map((person) => person.name)).toEqual(['Mateo', 'Li Na']);
    expect(othersOnCase(board.getSnapshot(), 'D-3', undefined)).toEqual([]);
  });

  it('drops a report when it lapses by this desk\'s clock, and tells its listeners', async () => {
    let now = 0;
    const board = new PresenceBoard(() => now);
    let told = 0;
    board.subscribe(() => (told += 1));
    board.set({ entries: [entry({ expiresInMs: 30 }), entry({ userId: 'u-cm-1', expiresInMs: 60_000 })] });
    expect(board.getSnapshot()).toHaveLength(2);
    now = 40;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(board.getSnapshot().map((person) => person.userId)).toEqual(['u-cm-1']);
    expect(told).toBe(2);
    board.clear();
    expect(board.getSnapshot()).toEqual([]);
  });
});

describe('the presence reporter', () => {
  const recording = () => {
    const sent: unknown[] = [];
    const fetchImpl: typeof fetch = async (_input, init) => {
      sent.push({ ...(JSON.parse(String(init?.body)) as object), keepalive: init?.keepalive });
      return new Response(null, { status: 204 });
    };
    return { sent, reporter: new PresenceReporter(fetchImpl) };
  };
  const session = { serviceUrl: 'http://127.0.0.1:4000', token: 'tok' };

  it('reports the strongest hold on each change, and "on no case" when the last goes', async () => {
    const { sent, reporter } = recording();
    reporter.start(session);
    const viewing = reporter.hold('D-1', 'viewing');
    const ruling = reporter.hold('D-1', 'ruling');
    // The same again changes nothing, so nothing more is sent.
    const again = reporter.hold('D-1', 'viewing');
    ruling();
    again();
    viewing();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const desk = reporter.deskId;
    expect(sent).toEqual([
      { deskId: desk, disputeId: 'D-1', activity: 'viewing', keepalive: false },
      { deskId: desk, disputeId: 'D-1', activity: 'ruling', keepalive: false },
      { deskId: desk, disputeId: 'D-1', activity: 'viewing', keepalive: false },
      { deskId: desk, disputeId: null, activity: 'viewing', keepalive: false },
    ]);
    reporter.stop();
  });

  it('sends nothing before sign-in, reports what is held when it starts, and leaves on stop even as the page goes', async () => {
    const { sent, reporter } = recording();
    const release = reporter.hold('D-9', 'action');
    expect(sent).toEqual([]);
    reporter.start(session);
    reporter.stop();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([
      { deskId: reporter.deskId, disputeId: 'D-9', activity: 'action', keepalive: false },
      { deskId: reporter.deskId, disputeId: null, activity: 'viewing', keepalive: true },
    ]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toHaveLength(2);
  });

  it('goes on quietly when the service cannot be reached', async () => {
    const reporter = new PresenceReporter(async () => {
      throw new TypeError('Failed to fetch');
    });
    reporter.start(session);
    const release = reporter.hold('D-1', 'ruling');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reporter.current()).toEqual({ disputeId: 'D-1', activity: 'ruling' });
    release();
    reporter.stop();
  });
});
