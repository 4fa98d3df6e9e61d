import { useEffect, useState } from 'react';
import type { EvidenceDescription } from '../../../shared/contract/evidence-calls';

/** What the host has stored for a case, as last asked, and why the last asking failed if it did. */
export interface StoredForCase {
  stored: EvidenceDescription[];
  error?: string;
}

/**
 * Everything the host stored for `disputeId` on this computer, asked when the intake mounts and
 * again whenever `asked` changes (a job finished). Jobs go on after the case view closes, so this
 * is how files stored while nobody was watching are found. A failed asking keeps the last answer.
 */
export function useStoredForCase(disputeId: string, asked: number): StoredForCase {
  const [state, setState] = useState<StoredForCase>({ stored: [] });
  useEffect(() => {
    let current = true;
    void window.desk.invoke('evidence.ofCase', { disputeId }).then((answer) => {
      if (!current) return;
      if (answer.ok) setState({ stored: answer.value });
      else setState((last) => ({ stored: last.stored, error: answer.error.message }));
    });
    return () => {
      current = false;
    };
  }, [disputeId, asked]);
  return state;
}
