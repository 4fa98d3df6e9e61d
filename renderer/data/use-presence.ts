import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { PresenceActivity } from '../../shared/sync/presence';
import { useOptionalDeskData } from './DeskDataProvider';
import { othersOnCase, type PersonOnCase } from './presence';

const nobody: readonly PersonOnCase[] = [];
const noSubscription = () => () => undefined;

/** Everyone on any case now, as the service last said (empty offline or outside a DeskDataProvider). */
export function usePresence(): readonly PersonOnCase[] {
  const engine = useOptionalDeskData()?.engine;
  return useSyncExternalStore(engine?.presence.subscribe ?? noSubscription, engine?.presence.getSnapshot ?? (() => nobody));
}

/** The colleagues on `disputeId` now, the one doing most first; never the signed-in person. */
export function useColleaguesOnCase(disputeId: string | undefined): PersonOnCase[] {
  const everyone = usePresence();
  const self = useOptionalDeskData()?.session?.user.id;
  return useMemo(() => (disputeId === undefined ? [] : othersOnCase(everyone, disputeId, self)), [everyone, disputeId, self]);
}

/** Tells colleagues this person is on `disputeId` doing `activity` while mounted (nothing when either is undefined). */
export function useHoldPresence(disputeId: string | undefined, activity: PresenceActivity | undefined): void {
  const reporter = useOptionalDeskData()?.engine.reporter;
  useEffect(() => {
    if (reporter === undefined || disputeId === undefined || activity === undefined) return;
    return reporter.hold(disputeId, activity);
  }, [reporter, disputeId, activity]);
}
