import { useSyncExternalStore } from 'react';
import { z } from 'zod';
import type { OutboxEntry } from './db';

// A rejected change the case manager chose to discard leaves "Needs attention" but stays in the
// outbox, so the dispute's change list still shows what happened to it. The outbox has no status
// for that yet (db.ts is schema v2), so the discarded ones are listed in local storage until it does.

const storageKey = 'desk.dismissedChanges';
const listeners = new Set<() => void>();
let cached: { raw: string | null; keys: ReadonlySet<string> } = { raw: null, keys: new Set() };

/**
 * Names one outbox entry across resets: mutation ids start again at 1 on a fresh local store, so
 * the time it was made is part of the name and a new change is never hidden by an old dismissal.
 */
export function changeKey(entry: Pick<OutboxEntry, 'mutationId' | 'createdAt'>): string {
  return `${entry.mutationId}@${entry.createdAt}`;
}

function read(storage: Storage): ReadonlySet<string> {
  const raw = storage.getItem(storageKey);
  if (raw === cached.raw) return cached.keys;
  let keys: ReadonlySet<string> = new Set();
  try {
    const parsed = z.array(z.string()).safeParse(JSON.parse(raw ?? '[]'));
    if (parsed.success) keys = new Set(parsed.data);
  } catch {
    // Unreadable: nothing counts as discarded, so every rejected change shows again rather than hides.
  }
  cached = { raw, keys };
  return keys;
}

/** Whether the case manager discarded this rejected change. */
export function isDismissed(entry: Pick<OutboxEntry, 'mutationId' | 'createdAt'>, storage: Storage = localStorage): boolean {
  return read(storage).has(changeKey(entry));
}

/** Discards a rejected change from "Needs attention"; the outbox keeps it. */
export function dismissChange(entry: Pick<OutboxEntry, 'mutationId' | 'createdAt'>, storage: Storage = localStorage): void {
  const keys = new Set(read(storage));
  keys.add(changeKey(entry));
  storage.setItem(storageKey, JSON.stringify([...keys]));
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another window of the app discarding a change counts too.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** The discarded changes' keys, re-rendering when one is discarded. */
export function useDismissedChanges(): ReadonlySet<string> {
  return useSyncExternalStore(subscribe, () => read(localStorage));
}
