import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeskLock } from '../../shared/contract/at-rest';
import { deskCalls, type DeskCallName } from '../../shared/contract/calls';
import { createLogger } from '../../shared/logger';
import { createAppHandlers } from './app-handlers';
import { deskKeyFileName, deskKeySecretName, setDeskPassphrase, type DeskKeyRefusal, type OsKeychain } from './at-rest/desk-key';
import { deskKeyAtStart, unlockDeskKey, type LockedKey, type OpenKey, type StartMeans, type UnlockInput } from './at-rest/key-at-start';
import { DeskCallRefused, type DeskHandlers } from './desk-dispatch';
import { createDeskHandlers, type DeskServices, type HostContext } from './desk-handlers';
import { IndexKeyError } from './evidence/evidence-index';
import { EvidenceService } from './evidence/evidence-service';
import { FilmstripStore } from './evidence/filmstrip-store';
import { IngestJobs } from './evidence/ingest-jobs';
import { createMediaHandler } from './evidence/media-handler';
import { servedMediaType } from './evidence/served-media-type';
import { PlayableCopies } from './evidence/playable-copy';
import { serviceUrlOf, SettingsFile } from './settings';
import { TransferManager } from './transfer-manager';

const log = createLogger('desk-start');

/** What a host passes to open its data folder's services. */
export interface DeskStartOptions {
  /** The desktop host's OS keychain (safeStorage); absent in the browser host. */
  keychain?: OsKeychain;
  /** Keeps case records plain: the browser host with DESK_PLAIN_RECORDS=1, for one benchmark. */
  plainRecords?: boolean;
  /** With no key yet and no keychain that protects anything, ask on screen for a passphrase (see `StartMeans`). */
  askForNewKey?: boolean;
}

/**
 * A host's data folder from its start: the settings at once, the services once the desk key is
 * open — at start where what the host has opens it, else when the person at the desk gives the
 * passphrase through `app.unlock`.
 */
export interface DeskStart {
  /** The settings, readable before the key is open (the CSP follows the service address in them). */
  settings: SettingsFile;
  /** The services, or null while the desk is locked. */
  services(): DeskServices | null;
  /** Whether the key is open, and if not what opens it. */
  lock(): DeskLock;
  /** Opens a locked desk with what its person gave; a refusal changes nothing. */
  unlock(input: UnlockInput): Promise<{ ok: true } | ({ ok: false } & DeskKeyRefusal)>;
}

/**
 * Opens the data folder: the settings, and the evidence store, its index and the services behind
 * the desk calls once the desk key is open. `defaultServiceUrl` is the host's (see
 * {@link HostContext}), for the transfers that run without a call in flight. The store is always
 * sealed (issue 22): its key is opened, or made at the first start, with the host's `keychain`
 * where it has one (see `deskKeyAtStart`); what an older version kept in plain form is sealed in
 * the background, a file at a time, serving every object meanwhile.
 */
export async function startDesk(dataDir: string, mediaUrl: DeskServices['mediaUrl'], defaultServiceUrl: string | null = null, options: DeskStartOptions = {}): Promise<DeskStart> {
  const evidenceDir = path.join(dataDir, 'evidence');
  await mkdir(evidenceDir, { recursive: true });
  const settings = await SettingsFile.open(dataDir);
  const means: StartMeans = { keychain: options.keychain, passphrase: process.env.DESK_PASSPHRASE || undefined, askForNewKey: options.askForNewKey };
  const atStart = await deskKeyAtStart(evidenceDir, means);
  const open = (key: OpenKey) => openServices(dataDir, evidenceDir, settings, key, mediaUrl, defaultServiceUrl, options.plainRecords === true);
  let services: DeskServices | null = atStart.ok ? await open(atStart) : null;
  let locked: LockedKey['lock'] | null = atStart.ok ? null : atStart.lock;
  let unlocking = false;
  return {
    settings,
    services: () => services,
    lock: () => locked ?? { status: 'open' },
    unlock: async (input) => {
      if (locked === null) return { ok: true };
      // One at a time: each try derives a key with scrypt (128 MiB, half a second).
      if (unlocking) return { ok: false, code: 'needs_passphrase', message: 'The desk is being opened with the passphrase given a moment ago; wait for it.' };
      unlocking = true;
      try {
        const opened = await unlockDeskKey(evidenceDir, means, locked, input);
        if (!opened.ok) {
          log.warn('a passphrase given on screen did not open the desk', { code: opened.code });
          return opened;
        }
        services = await open(opened);
        locked = null;
        return { ok: true };
      } finally {
        unlocking = false;
      }
    },
  };
}

/**
 * Opens the data folder's services where what the host has opens the desk key, as the tests and
 * tools do; throws the lock's reason where the key would need a passphrase given on screen.
 */
export async function openDeskServices(dataDir: string, mediaUrl: DeskServices['mediaUrl'], defaultServiceUrl: string | null = null, options: DeskStartOptions = {}): Promise<DeskServices> {
  const started = await startDesk(dataDir, mediaUrl, defaultServiceUrl, options);
  const services = started.services();
  const lock = started.lock();
  if (services === null) throw new Error(lock.status === 'locked' ? `${lock.reason} Put it in the DESK_PASSPHRASE environment variable.` : 'The desk did not open.');
  return services;
}

async function openServices(
  dataDir: string,
  evidenceDir: string,
  settings: SettingsFile,
  opened: OpenKey,
  mediaUrl: DeskServices['mediaUrl'],
  defaultServiceUrl: string | null,
  plainRecords: boolean,
): Promise<DeskServices> {
  const { key, state } = opened;
  let atRest = state;
  let evidence: EvidenceService;
  try {
    evidence = await EvidenceService.open(evidenceDir, { deskKey: key });
  } catch (error) {
    // A key made at this start meeting an index another key encrypted: the store's key files were
    // lost. Nothing here can read what it sealed; it is moved aside whole, and the desk starts empty.
    if (!(state.made && error instanceof IndexKeyError)) throw error;
    atRest = { ...state, setAside: await setAsideUnreadable(dataDir, evidenceDir) };
    evidence = await EvidenceService.open(evidenceDir, { deskKey: key });
  }
  void sealWhatWasPlain(evidence, evidenceDir, atRest.made);
  const transfers = new TransferManager({
    evidence,
    serviceUrl: () => serviceUrlOf(settings.get(), defaultServiceUrl),
    spaceLimitBytes: () => settings.get().evidenceSpaceLimitBytes,
  });
  const filmstrips = new FilmstripStore((sha256) => evidence.derivedDir(sha256), (sha256) => evidence.store.has(sha256), evidence.smallFileSeal);
  const records = { keyId: key.keyId.toString('hex'), key: plainRecords ? null : key.records };
  // What opens the key: what opened it at start, or the passphrase given on screen.
  const setPassphrase = (passphrase: string) => setDeskPassphrase(evidenceDir, opened.means, passphrase);
  return { evidence, jobs: new IngestJobs(evidence), settings, playable: new PlayableCopies(evidence), filmstrips, transfers, mediaUrl, atRest, records, setPassphrase };
}

/** Marks a store whose plain files are still to be sealed, from the start that made its key until they all are. */
const sealingPendingName = 'sealing.pending';

/** What stays in the evidence folder when what the store held is set aside: the key just made, and the sealing marker. */
const keptWhenSetAside = new Set([deskKeyFileName, deskKeySecretName, sealingPendingName]);

/**
 * Moves everything the evidence folder holds but its new key into a folder of its own beside it,
 * and answers that folder. Kept, never deleted: the old key file, found again, opens it.
 */
async function setAsideUnreadable(dataDir: string, evidenceDir: string): Promise<string> {
  const aside = path.join(dataDir, `evidence-unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(aside, { recursive: true });
  for (const entry of await readdir(evidenceDir)) {
    if (!keptWhenSetAside.has(entry)) await rename(path.join(evidenceDir, entry), path.join(aside, entry));
  }
  log.warn('the evidence store was sealed with a key this computer no longer has: it was set aside, and the desk starts with an empty store', { aside });
  return aside;
}

/**
 * Seals, in the background, what a store held in plain form before its key was made at this start,
 * or what an interrupted run left: only then, so an ordinary start does not open every object.
 */
async function sealWhatWasPlain(evidence: EvidenceService, evidenceDir: string, keyMade: boolean): Promise<void> {
  const marker = path.join(evidenceDir, sealingPendingName);
  try {
    if (keyMade) await writeFile(marker, '', { mode: 0o600 });
    else if (!existsSync(marker)) return;
    const report = await evidence.sealPlainFiles();
    if (report && (report.objects > 0 || report.derivedFiles > 0)) log.info('sealed what the store held in plain form', { ...report });
    await rm(marker, { force: true });
  } catch (error) {
    log.error('sealing what the store held in plain form stopped; it goes on at the next start', { error: String(error) });
  }
}

/** Calls a locked desk answers: whether it is locked, the unlocking itself, and the renderer's log. */
const answeredWhileLocked = new Set<DeskCallName>(['app.lock', 'app.unlock', 'app.log', 'app.openLogFolder']);

/**
 * The desk calls of a host whose desk may start locked: while it is, `app.lock` says what opens it,
 * `app.unlock` opens it, the renderer may log, and every other call is refused with `desk_locked`
 * (nothing stored is read before the key is open). Once open, every call goes to the services.
 */
export function createStartedDeskHandlers(context: HostContext, started: DeskStart): DeskHandlers {
  let open: DeskHandlers | null = null;
  const current = (): DeskHandlers | null => {
    const services = started.services();
    if (open === null && services !== null) open = createDeskHandlers(context, services);
    return open;
  };
  const whileLocked: Partial<DeskHandlers> = {
    ...createAppHandlers(context),
    'app.lock': async () => started.lock(),
    'app.unlock': async (input) => {
      const outcome = await started.unlock(input);
      return outcome.ok ? { status: 'open' as const } : { status: 'refused' as const, code: outcome.code, message: outcome.message };
    },
  };
  const handlers: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(deskCalls) as DeskCallName[]) {
    handlers[name] = async (request) => {
      const handler = (current() ?? (answeredWhileLocked.has(name) ? whileLocked : null))?.[name] as ((request: unknown) => Promise<unknown>) | undefined;
      if (handler === undefined) throw new DeskCallRefused('desk_locked', 'This desk is locked: open it in the window first; nothing stored here is read until then.');
      return handler(request);
    };
  }
  return handlers as DeskHandlers;
}

/**
 * The evidence media handler of a host whose desk may start locked: refused with 423 while it is
 * (no URL to an object is handed out before the key opens, so only a stale page asks), the store's
 * own handler once it is open.
 */
export function createStartedDeskMedia(started: DeskStart, allowOrigin?: string): (request: Request) => Promise<Response> {
  let handler: ((request: Request) => Promise<Response>) | null = null;
  return async (request) => {
    const services = started.services();
    if (services === null) return new Response('This desk is locked: open it in the window first.', { status: 423, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    handler ??= createMediaHandler({
      storeRoot: services.evidence.store.root,
      sealing: services.evidence.mediaSealing,
      mediaTypeOf: (sha) => servedMediaType(services.evidence, sha),
      allowOrigin,
      arriving: (sha) => services.transfers.arriving(sha),
    });
    return handler(request);
  };
}
