import type { AuditEntry } from '../../shared/domain/model';
import { auditPageEntries, auditPageOf, type StoredAuditPage } from './audit-records';
import type { DeskDatabase } from './db';

// The team lead's copy of the audit log is kept a page of entries to a record (decision 0031):
// IndexedDB in Chromium reads about 25,000 records a second whatever their size, which alone held
// verification of a year's log at half its target. A page is kept exactly as the entries were
// sent; the last page is filled up before a new one starts, so pulls of a few entries every
// minute do not leave thousands of small records.

/**
 * Appends entries that follow the stored log, inside the caller's transaction (which must include
 * `auditPages`): the last page is filled up to `auditPageEntries`, then new pages are started.
 */
export async function appendAuditEntries(db: DeskDatabase, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const last = await db.auditPages.orderBy('from').last();
  const pages: StoredAuditPage[] = [];
  let rest = entries;
  if (last !== undefined && last.entries.length < auditPageEntries) {
    const room = auditPageEntries - last.entries.length;
    pages.push(auditPageOf([...last.entries, ...rest.slice(0, room)]));
    rest = rest.slice(room);
  }
  for (let start = 0; start < rest.length; start += auditPageEntries) pages.push(auditPageOf(rest.slice(start, start + auditPageEntries)));
  await db.auditPages.bulkPut(pages);
}

/** The stored entries about one dispute, in log order: its history. */
export async function auditEntriesOf(db: DeskDatabase, disputeId: string): Promise<AuditEntry[]> {
  const pages = await db.auditPages.where('disputeIds').equals(disputeId).sortBy('from');
  return pages.flatMap((page) => page.entries.filter((entry) => entry.disputeId === disputeId));
}

