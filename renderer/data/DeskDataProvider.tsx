import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { ServiceAddressProblem } from '../../shared/contract/service-calls';
import { missingCaseError } from '../../shared/contract/errors';
import { createLogger } from '../../shared/logger';
import type { DeskDatabase, SessionRecord, SyncRecord } from './db';
import { adoptLegacyUserState } from './dismissed-changes';
import { countPending } from './outbox';
import { login, logout } from './service-client';
import type { ServiceReach } from './service-watch';
import { languageStorageKey } from '../i18n';
import type { EvidenceForgetter } from './retention';
import { adoptSession, forgetService, removeTeamData, signOutEverywhere, signOutHere, type EvidenceRemover, type WaitingForOwner } from './session-change';
import { SyncEngine } from './sync-engine';
import type { BlobSender, SyncStatus } from './sync';

/** What became of connecting this computer to the case service at a typed address. */
export type ServiceChange =
  /** Saved, and the previous service's copy forgotten: reload, so the new CSP and service apply. */
  | { kind: 'connected'; serviceUrl: string }
  /** The address is the one already in use: nothing was forgotten. */
  | { kind: 'unchanged'; serviceUrl: string }
  /** Changes wait to be sent to the current service; nothing was checked or saved. */
  | { kind: 'pending'; pending: number }
  /** The host's check refused the address; nothing was saved. */
  | { kind: 'refused'; problem: ServiceAddressProblem }
  /** The host could not be asked. */
  | { kind: 'failed'; message: string };

/** The renderer's data: the local store, sync, and who is signed in to which service. */
export interface DeskData {
  db: DeskDatabase;
  serviceUrl: string | null;
  /** undefined while the stored session is being read. */
  session: SessionRecord | null | undefined;
  /** undefined when signed in; else the service's refusal, or whose changes must be sent first. */
  signIn(username: string, password: string): Promise<string | WaitingForOwner | undefined>;
  /** Refused while changes wait to be sent; revokes the token on the service when it answers. */
  signOut(): Promise<{ ok: true } | { ok: false; pending: number }>;
  /**
   * Signs out and removes this team's data from this computer: its evidence files and everything
   * the app keeps of the team. Refused, with nothing removed, while changes wait or files move.
   */
  signOutAndRemoveTeamData(): Promise<{ ok: true } | { ok: false; pending: number } | { ok: false; busy: string }>;
  syncNow(): Promise<void>;
  /**
   * Connects this computer to the case service at `address`, checked by the host first. Refused
   * while changes wait (decision 0011's reason); a change of service signs out and forgets the
   * previous service's copy. The caller reloads on `connected`.
   */
  connectService(address: string): Promise<ServiceChange>;
  engine: SyncEngine;
}

const log = createLogger('desk-data');

const DeskDataContext = createContext<DeskData | undefined>(undefined);

/**
 * Evidence files go to the case service from the host, which reads them from its store in parts
 * and resumes where the service's record ends, when the service asks for one. A file too large for
 * the service, gone from this computer or damaged here can never be sent, and its record then
 * syncs without it (decision 0021; the host's transfers list tells the user why); anything else is
 * tried again.
 */
const sendBlobThroughHost: BlobSender = async (sha256, session) => {
  const result = await window.desk.invoke('evidence.upload', { sha256, token: session.token });
  if (!result.ok) return 'retry';
  const { status, message } = result.value;
  switch (status) {
    case 'stored':
      return 'sent';
    case 'too_large':
    case 'missing':
    case 'corrupt':
      log.warn('an evidence file stays on this computer; its record syncs without it', { status, message });
      return status === 'too_large' ? 'too_large' : 'missing';
    case 'unreachable':
    case 'no_service':
      return 'unreachable';
    case 'unauthorized':
      return 'retry';
    default:
      throw missingCaseError(status);
  }
};

/** Asks the case service to revoke a session's token; whether it confirmed. */
const revokeToken = async (ended: SessionRecord): Promise<boolean> => (await logout((input, init) => fetch(input, init), ended)).ok;

/** The evidence of disputes past the team's retention leaves the host's store (retention.ts). */
const forgetEvidenceThroughHost: EvidenceForgetter = async (disputeIds, digests) => {
  const result = await window.desk.invoke('evidence.forget', { disputeIds, digests });
  if (!result.ok) log.warn('the host could not remove the evidence of removed disputes', { code: result.error.code, message: result.error.message });
  return result.ok;
};

/** Every evidence file leaves the host's store, unless files are still moving. */
const removeEvidenceThroughHost: EvidenceRemover = async () => {
  const result = await window.desk.invoke('evidence.forgetEverything', {});
  if (!result.ok) return { ok: false, message: result.error.message };
  return result.value.status === 'removed' ? { ok: true } : { ok: false, message: result.value.message };
};

/** What an older version kept in local storage for everyone becomes the signed-in user's, once (decision 0019). */
function adoptLegacy(db: DeskDatabase, session: SessionRecord): void {
  adoptLegacyUserState(db, session.user.id, localStorage).catch((error: unknown) =>
    // The old keys stay in local storage, so the next start tries again; nothing is lost meanwhile.
    log.error('moving discarded changes and drafts from local storage failed', { error: String(error) }),
  );
}

/** Provides the local store and sync to the features. The session survives a restart. */
export function DeskDataProvider(props: { db: DeskDatabase; serviceUrl: string | null; children: ReactNode }) {
  const { db, serviceUrl } = props;
  const engine = useMemo(() => new SyncEngine(db, undefined, sendBlobThroughHost, undefined, { forgetEvidence: forgetEvidenceThroughHost }), [db]);
  const [session, setSession] = useState<SessionRecord | null | undefined>(undefined);

  useEffect(() => {
    engine.service.watch(serviceUrl);
    return () => engine.service.unwatch();
  }, [engine, serviceUrl]);

  useEffect(() => {
    let live = true;
    void Promise.all([db.meta.get('session'), db.meta.get('sync')]).then(([stored, sync]) => {
      if (!live) return;
      const usable = stored?.key === 'session' && stored.serviceUrl === serviceUrl ? stored : null;
      setSession(usable);
      if (usable) {
        engine.start(usable, (sync as SyncRecord | undefined)?.lastSyncedAt ?? null);
        adoptLegacy(db, usable);
      }
    });
    return () => {
      live = false;
      engine.stop();
    };
  }, [db, engine, serviceUrl]);

  const value = useMemo<DeskData>(
    () => ({
      db,
      serviceUrl,
      session,
      engine,
      async signIn(username, password) {
        if (!serviceUrl) return 'No case service is configured for this installation.';
        const result = await login((input, init) => fetch(input, init), serviceUrl, username, password);
        if (!result.ok) return result.failure.message;
        const record: SessionRecord = { key: 'session', serviceUrl, ...result.value };
        // A pull still running for an expired session must not write over the change of user.
        await engine.halt();
        const adopted = await adoptSession(db, record);
        if (!adopted.ok) return { owner: adopted.owner, pending: adopted.pending };
        adoptLegacy(db, record);
        setSession(record);
        const sync = (await db.meta.get('sync')) as SyncRecord | undefined;
        engine.start(record, sync?.lastSyncedAt ?? null);
        return undefined;
      },
      async signOut() {
        await engine.halt();
        const done = session ? await signOutEverywhere(db, session, revokeToken) : await signOutHere(db);
        if (!done.ok) {
          if (session) engine.start(session, engine.getStatus().lastSyncedAt);
          return done;
        }
        setSession(null);
        return done;
      },
      async signOutAndRemoveTeamData() {
        await engine.halt();
        const done = await removeTeamData(db, removeEvidenceThroughHost, localStorage, [languageStorageKey]);
        if (!done.ok) {
          if (session) engine.start(session, engine.getStatus().lastSyncedAt);
          return done;
        }
        // Nothing is left to sign out of here; the token is revoked so a copy of it is worth nothing
        // (unanswered, it expires within 12 hours, as after a plain sign-out).
        if (session && !(await revokeToken(session))) log.warn('the case service did not confirm the sign-out; the token expires on its own');
        setSession(null);
        return done;
      },
      syncNow: () => engine.pullNow(),
      async connectService(address) {
        const pending = await countPending(db);
        if (pending > 0) return { kind: 'pending', pending };
        // No pull may write the current service's disputes after they are forgotten.
        await engine.halt();
        const resume = () => {
          if (session) engine.start(session, engine.getStatus().lastSyncedAt);
        };
        const answer = await window.desk.invoke('service.connect', { address });
        if (!answer.ok) {
          resume();
          return { kind: 'failed', message: answer.error.message };
        }
        if (!answer.value.ok) {
          resume();
          return { kind: 'refused', problem: answer.value.problem };
        }
        const next = answer.value.serviceUrl;
        if (serviceUrl !== null && new URL(serviceUrl).origin === next) {
          resume();
          return { kind: 'unchanged', serviceUrl: next };
        }
        // Nothing queues a change while this form waits, so the outbox is still empty here.
        const forgotten = await forgetService(db);
        if (!forgotten.ok) return { kind: 'pending', pending: forgotten.pending };
        setSession(null);
        return { kind: 'connected', serviceUrl: next };
      },
    }),
    [db, engine, serviceUrl, session],
  );
  return <DeskDataContext.Provider value={value}>{props.children}</DeskDataContext.Provider>;
}

/** The renderer's data, inside a DeskDataProvider. */
export function useDeskData(): DeskData {
  const data = useContext(DeskDataContext);
  if (!data) throw new Error('useDeskData needs a DeskDataProvider above it');
  return data;
}

/** The renderer's data when a DeskDataProvider is above, else undefined (a component shown on its own, as in a test). */
export function useOptionalDeskData(): DeskData | undefined {
  return useContext(DeskDataContext);
}

/** Whether the case service answers now, re-rendering when that changes. */
export function useServiceReach(): ServiceReach {
  const { engine } = useDeskData();
  return useSyncExternalStore(engine.service.subscribe, engine.service.getReach);
}

/** The sync status, re-rendering when it changes. */
export function useSyncStatus(): SyncStatus {
  const { engine } = useDeskData();
  return useSyncExternalStore(engine.subscribe, engine.getStatus);
}
