import { z } from 'zod';
import { appCalls } from './app-calls';
import { atRestStateSchema } from './at-rest';
import { deskErrorSchema, type DeskResult } from './errors';
import { evidenceCalls, type IngestContextInput } from './evidence-calls';
import { mediaToolsSchema } from './media-tools';
import { serviceCalls } from './service-calls';

/** Which host is running the renderer. The renderer may show it, never branch on it. */
export const hostKinds = ['electron', 'browser'] as const;

/** The host running the renderer. */
export type HostKind = (typeof hostKinds)[number];

/**
 * Every call between renderer and main, declared once. Both hosts validate requests with these
 * schemas before a service sees them; adding a call here makes both hosts fail to build until
 * they handle it.
 */
export const deskCalls = {
  'app.info': {
    request: z.object({}).strict(),
    response: z.object({
      version: z.string().min(1),
      host: z.enum(hostKinds),
      dataDir: z.string().min(1),
      /** The team's case service this installation syncs with, if one is configured. */
      serviceUrl: z.url().nullable(),
      /** The folder holding the log file that error messages point to. */
      logDir: z.string().min(1),
      /** Whether `app.openLogFolder` can open it in a file manager (the desktop app can, the browser host cannot). */
      canOpenFolders: z.boolean(),
      /** Whether the host shows its own folder dialog (`evidence.chooseFolder`); where not, a folder's path is typed. */
      canChooseFolders: z.boolean(),
      /** The ffmpeg and ffprobe in use (path, version, bundled or from the PATH), or why one is missing. */
      mediaTools: mediaToolsSchema,
      /** How this computer's evidence is sealed at rest: what protects its key. */
      atRest: atRestStateSchema,
    }),
  },
  ...appCalls,
  ...evidenceCalls,
  ...serviceCalls,
} as const;

/** The name of a desk call, such as `app.info`. */
export type DeskCallName = keyof typeof deskCalls;

/** What the renderer sends for call `N`. */
export type DeskRequest<N extends DeskCallName> = z.input<(typeof deskCalls)[N]['request']>;

/** What the host answers for call `N`. */
export type DeskResponse<N extends DeskCallName> = z.output<(typeof deskCalls)[N]['response']>;

/** The API the renderer finds on `window.desk`, whichever host provides it. */
export interface DeskApi {
  invoke<N extends DeskCallName>(name: N, request: DeskRequest<N>): Promise<DeskResult<DeskResponse<N>>>;
  /**
   * Brings files the user dropped or picked (DOM `File`s) into a case and returns the job to poll
   * with `evidence.job`. The Electron host passes their paths to the main process (the bytes of
   * a file with no path, such as a snapshot); the browser host streams their bytes to it. Either
   * way the same pipeline stores them.
   */
  ingestFiles(context: IngestContextInput, files: readonly DeskFile[]): Promise<DeskResult<{ jobId: string }>>;
  /**
   * Prints the page as it is laid out for print (the renderer shows only the report then). The
   * Electron host asks where to save and writes a PDF (`savedTo`, or null when the user cancels);
   * the browser host opens the browser's print dialog, whose "Save as PDF" does the same.
   */
  printReport(suggestedName: string): Promise<DeskResult<{ savedTo: string | null }>>;
}

/** The part of a DOM `File` the contract names; hosts receive real `File`s. */
export interface DeskFile {
  readonly name: string;
  readonly size: number;
}

/** Narrows an untrusted string to a declared call name. */
export function isDeskCallName(name: unknown): name is DeskCallName {
  return typeof name === 'string' && Object.hasOwn(deskCalls, name);
}

/** The envelope of any desk call's outcome, for checking what arrives over a wire. */
export const deskResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: deskErrorSchema }),
]);
