import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dispute, EvidenceItem } from '../../../shared/domain/model';
import { evidenceKeyOf, hasEvidence } from './intake-context';

/** What became of a stored file handed to the case: added, or left out as evidence it already has. */
export type StoredReport = 'added' | 'already_in_case';

/**
 * The one way the intake hands evidence to the case, from a finished job or from the list of
 * files stored but not filed. Bytes a party already gave this case are not added twice: the
 * dispute may hold them, or this intake may have handed them on a moment ago, before the
 * dispute shows the optimistic write. `claimed` is the latter, so the list can leave them out.
 */
export function useCaseReporter(dispute: Dispute, onStored: (item: EvidenceItem) => void) {
  const onStoredRef = useRef(onStored);
  const disputeRef = useRef(dispute);
  // The ref answers at once, between two reports of one poll; the state re-renders the list.
  const claimedRef = useRef(new Set<string>());
  const [claimed, setClaimed] = useState<ReadonlySet<string>>(() => new Set());

  useEffect(() => {
    onStoredRef.current = onStored;
    disputeRef.current = dispute;
  }, [onStored, dispute]);

  const report = useCallback((item: EvidenceItem): StoredReport => {
    if (item.sha256 !== undefined) {
      const key = evidenceKeyOf(item.sha256, item.party);
      if (claimedRef.current.has(key) || hasEvidence(disputeRef.current, item.sha256, item.party)) return 'already_in_case';
      claimedRef.current.add(key);
      setClaimed(new Set(claimedRef.current));
    }
    onStoredRef.current(item);
    return 'added';
  }, []);

  return { report, claimed };
}
