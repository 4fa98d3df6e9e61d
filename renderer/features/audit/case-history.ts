import { snapshotChanges, type CaseSnapshot } from '../../../shared/audit/case-snapshot';
import type { AuditEntry } from '../../../shared/domain/model';

/** One step of a case's history: the entry, what it said, and what it changed on the case. */
export interface HistoryStep {
  entry: AuditEntry;
  /** The entry's own facts (outcome, rationale, reason…), without the snapshots, as label and text. */
  details: { key: string; value: string }[];
  /** The case's fields before and after, where they differ; null when the entry predates snapshots. */
  changes: { field: string; before: string; after: string }[] | null;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(shown).join(', ');
  if (typeof value === 'object' && 'amountMinor' in value && 'currency' in value) return `${String(value.amountMinor)} ${String(value.currency)} (minor units)`;
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${key}: ${shown(inner)}`)
    .join('; ');
}

const isSnapshot = (value: unknown): value is CaseSnapshot => typeof value === 'object' && value !== null && 'state' in value && 'version' in value;

/** A dispute's audit entries as history steps, oldest first. */
export function historySteps(entries: readonly AuditEntry[]): HistoryStep[] {
  return [...entries]
    .sort((a, b) => a.seq - b.seq)
    .map((entry) => {
      const { before, after } = entry.payload;
      const details = Object.entries(entry.payload)
        .filter(([key]) => key !== 'before' && key !== 'after' && key !== 'disputeId')
        .map(([key, value]) => ({ key, value: shown(value) }));
      const changes =
        isSnapshot(before) && isSnapshot(after)
          ? snapshotChanges(before, after).map((change) => ({ field: change.field, before: shown(change.before), after: shown(change.after) }))
          : null;
      return { entry, details, changes };
    });
}
