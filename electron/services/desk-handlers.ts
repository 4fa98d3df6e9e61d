import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { HostKind } from '../../shared/contract/calls';
import type { EvidenceDescription } from '../../shared/contract/evidence-calls';
import { createAppHandlers } from './app-handlers';
import { createLogger } from '../../shared/logger';
import type { DeskHandlers } from './desk-dispatch';
import type { AtRestState } from '../../shared/contract/at-rest';
import type { setDeskPassphrase } from './at-rest/desk-key';
import { EvidenceService } from './evidence/evidence-service';
import { IngestJobs } from './evidence/ingest-jobs';
import { FilmstripStore } from './evidence/filmstrip-store';
import { checkLink } from './evidence/links';
import { PlayableCopies, playableFileName } from './evidence/playable-copy';
import { servedMediaType } from './evidence/served-media-type';
import { checkServiceAddress } from './service-address';
import { serviceUrlOf, SettingsFile, type DeskSettings } from './settings';
import { TransferManager } from './transfer-manager';

const log = createLogger('desk-handlers');

/** What a host knows about itself when it starts, passed to the services it wires. */
export interface HostContext {
  host: HostKind;
  version: string;
  dataDir: string;
  /**
   * The case service the host was started with (DESK_SERVICE_URL), used while none is saved in
   * the app's settings; null when there is none.
   */
  defaultServiceUrl: string | null;
  /** The folder the log file is in. */
  logDir: string;
  /** Opens a folder in the system's file manager; absent where the host cannot (the browser host). */
  openFolder?: (dir: string) => Promise<boolean>;
  /**
   * Shows the host's own folder dialog and answers the chosen folder, or null when the user
   * cancelled. Absent where the host has none (the browser host, whose folder is typed).
   */
  chooseFolder?: () => Promise<string | null>;
}

/** Which of an object's files a media URL names. */
export type MediaVariant = 'object' | 'thumbnail' | 'poster' | 'playable';

/** The services behind the desk calls, opened once per host. */
export interface DeskServices {
  evidence: EvidenceService;
  jobs: IngestJobs;
  settings: SettingsFile;
  playable: PlayableCopies;
  /** Filmstrip thumbnails the viewer made, kept beside each video. */
  filmstrips: FilmstripStore;
  /** Evidence moving between this computer and the case service. */
  transfers: TransferManager;
  /** How the evidence store is sealed: what protects its key (decision 0036). */
  atRest: AtRestState;
  /** The key the renderer seals case records with (decision 0038), null when told to keep them plain. */
  records: { keyId: string; key: Buffer | null };
  /** Adds a passphrase to the desk key, opened the way it was at start. */
  setPassphrase(passphrase: string): ReturnType<typeof setDeskPassphrase>;
  /** The URL the renderer loads an object (or its thumbnail or poster) from, in this host's scheme. */
  mediaUrl(sha256: string, variant: MediaVariant): string;
}

/** The case service in use now: saved in Settings, else the host's default. The CSP follows it. */
export function currentServiceUrl(context: Pick<HostContext, 'defaultServiceUrl'>, services: Pick<DeskServices, 'settings'>): string | null {
  return serviceUrlOf(services.settings.get(), context.defaultServiceUrl);
}

function describe(services: DeskServices, sha256: string): EvidenceDescription | null {
  const object = services.evidence.index.object(sha256);
  if (object === null) return null;
  const { analysis } = object;
  return {
    sha256,
    sizeBytes: object.sizeBytes,
    mediaType: analysis.mediaType,
    kind: analysis.kind,
    image: analysis.image,
    video: analysis.video,
    mediaUrl: services.mediaUrl(sha256, 'object'),
    thumbnailUrl: analysis.thumbnail ? services.mediaUrl(sha256, 'thumbnail') : null,
    posterUrl: analysis.poster ? services.mediaUrl(sha256, 'poster') : null,
    playableUrl: existsSync(path.join(services.evidence.derivedDir(sha256), playableFileName)) ? services.mediaUrl(sha256, 'playable') : null,
    canMakePlayable: 'path' in services.evidence.mediaTools.ffmpeg,
    submissions: services.evidence.index.submissionsOf(sha256),
  };
}

/** The settings the renderer sees: the service address is changed through `service.connect` alone. */
function shownSettings(settings: DeskSettings): { linkHosts: string[]; evidenceSpaceLimitBytes: number } {
  return { linkHosts: settings.linkHosts, evidenceSpaceLimitBytes: settings.evidenceSpaceLimitBytes };
}

/**
 * Starts fetching an object and answers at once whether it is arriving, with the media URL that
 * plays what has arrived. The service's HEAD says whether it has the file and of what type.
 */
async function startDownload(services: DeskServices, sha256: string, token: string) {
  const serviceUrl = services.transfers.serviceUrl();
  if (serviceUrl === null) return { arriving: false, mediaUrl: null, mediaType: null, sizeBytes: null, message: 'No case service is configured, so the file cannot be fetched.' };
  let head: Response;
  try {
    head = await fetch(new URL(`/blobs/${sha256}`, serviceUrl), { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    return { arriving: false, mediaUrl: null, mediaType: null, sizeBytes: null, message: `The case service could not be reached (${(error as Error).message}).` };
  }
  if (!head.ok) {
    const message = head.status === 404 ? 'The case service does not have this file.' : `The case service answered ${head.status}.`;
    return { arriving: false, mediaUrl: null, mediaType: null, sizeBytes: null, message };
  }
  services.transfers.start(sha256, token);
  const length = Number(head.headers.get('content-length') ?? Number.NaN);
  return {
    arriving: true,
    mediaUrl: services.mediaUrl(sha256, 'object'),
    mediaType: head.headers.get('content-type'),
    sizeBytes: Number.isSafeInteger(length) && length >= 0 ? length : null,
    message: 'Arriving from the case service.',
  };
}

/** Wires the services behind every desk call for one host. The only place that lists them. */
export function createDeskHandlers(context: HostContext, services: DeskServices): DeskHandlers {
  const { evidence, jobs, settings, transfers } = services;
  const serviceUrl = () => currentServiceUrl(context, services);
  return {
    'app.info': async () => ({
      version: context.version,
      host: context.host,
      dataDir: context.dataDir,
      serviceUrl: serviceUrl(),
      logDir: context.logDir,
      canOpenFolders: context.openFolder !== undefined,
      canChooseFolders: context.chooseFolder !== undefined,
      mediaTools: evidence.mediaTools,
      atRest: services.atRest,
    }),
    ...createAppHandlers(context),
    'app.lock': async () => ({ status: 'open' as const }),
    'app.unlock': async () => ({ status: 'open' as const }),
    'app.recordsKey': async () => ({ keyId: services.records.keyId, key: services.records.key?.toString('base64') ?? null }),
    'app.setPassphrase': async ({ passphrase }) => {
      const outcome = await services.setPassphrase(passphrase);
      return outcome.ok ? { status: 'set' as const } : { status: 'refused' as const, code: outcome.code, message: outcome.message };
    },
    'evidence.ingest': async ({ context: ingest, paths, open }) => ({ jobId: await jobs.start(ingest, paths, { open }) }),
    'evidence.ingestBytes': async ({ jobId, name, bytes }) => {
      const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      // The outcome arrives through the job's progress, as for every file of a job.
      const added = jobs.addStream(jobId, name, () => Readable.from([chunk]), chunk.byteLength);
      return { added: added !== null };
    },
    'evidence.chooseFolder': async ({ context: ingest }) => {
      if (context.chooseFolder === undefined) {
        return { status: 'unavailable', message: 'This Dispute Desk has no folder dialog; type the folder\'s full path and bring it in with evidence.ingest.' };
      }
      const folder = await context.chooseFolder();
      return folder === null ? { status: 'cancelled' } : { status: 'started', jobId: await jobs.start(ingest, [folder]) };
    },
    'evidence.fetchLink': async ({ context: ingest, url }) => ({
      jobId: jobs.startLink({ ...ingest, channel: 'external_link' }, url, settings.get().linkHosts),
    }),
    'evidence.checkLink': async ({ url }) => checkLink(url, settings.get().linkHosts),
    'evidence.job': async ({ jobId }) => jobs.progress(jobId),
    'evidence.seal': async ({ jobId }) => ({ sealed: jobs.seal(jobId) }),
    'evidence.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'evidence.describe': async ({ sha256 }) => describe(services, sha256),
    'evidence.ofCase': async ({ disputeId }) => {
      const digests = [...new Set(evidence.index.submissionsIn(disputeId).map((s) => s.sha256))];
      return digests.map((sha256) => describe(services, sha256)).filter((d): d is EvidenceDescription => d !== null);
    },
    'evidence.upload': async ({ sha256, token }) => {
      const { status, message } = await transfers.upload(sha256, token, servedMediaType(evidence, sha256));
      return { status, message };
    },
    'evidence.download': async ({ sha256, token }) => {
      const { status, message, bytesToFree } = await transfers.download(sha256, token);
      return bytesToFree === undefined ? { status, message } : { status, message, bytesToFree };
    },
    'evidence.startDownload': async ({ sha256, token }) => startDownload(services, sha256, token),
    'evidence.prefetch': async ({ files, token }) => transfers.prefetch(files, token),
    'evidence.transfers': async () => transfers.progress(),
    'evidence.makePlayable': async ({ sha256 }) => ({ taskId: await services.playable.start(sha256) }),
    'evidence.task': async ({ taskId }) => services.playable.progress(taskId),
    'evidence.verify': async () => evidence.verify(),
    // Transfers stop first, so no download of a forgotten file lands after its removal.
    'evidence.forget': async ({ disputeIds, digests }) => {
      transfers.forget(digests);
      return evidence.forget(disputeIds, digests);
    },
    'evidence.forgetEverything': async () => {
      const ingesting = jobs.filesInFlight();
      if (ingesting > 0 || transfers.uploading()) {
        const what = ingesting > 0 ? `${ingesting} file${ingesting === 1 ? ' is' : 's are'} still being brought in` : 'a file is still being sent to the case service';
        return { status: 'busy' as const, message: `Nothing was removed: ${what}. Wait for it to finish, then try again.` };
      }
      transfers.forget();
      return { status: 'removed' as const, ...(await evidence.forgetEverything()) };
    },
    'evidence.filmstrip': async ({ frames, ...strip }) => ({
      thumbnails: (await services.filmstrips.read(strip, frames)).map(({ frame, webp }) => ({ frame, webp: webp.toString('base64') })),
    }),
    'evidence.keepFilmstrip': async ({ thumbnails, ...strip }) =>
      services.filmstrips.keep(strip, thumbnails.map(({ frame, webp }) => ({ frame, webp: Buffer.from(webp, 'base64') }))),
    'settings.get': async () => shownSettings(settings.get()),
    'settings.update': async (change) => shownSettings(await settings.update(change)),
    // The renderer has checked that nothing waits in its outbox; it forgets the old service's copy and reloads.
    'service.connect': async ({ address }) => {
      const checked = await checkServiceAddress(address);
      if (!checked.ok) {
        // Not the address itself: what was typed may hold a password.
        log.warn('refused a case service address', { code: checked.problem.code });
        return checked;
      }
      await settings.update({ serviceUrl: checked.url });
      log.info('connected to a case service', { serviceUrl: checked.url, demo: checked.health.demo });
      return { ok: true, serviceUrl: checked.url, demo: checked.health.demo };
    },
  };
}
