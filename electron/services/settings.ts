import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defaultEvidenceSpaceLimitBytes, minEvidenceSpaceLimitBytes } from '../../shared/contract/evidence-calls';
import { createLogger } from '../../shared/logger';
import { defaultLinkHosts } from './evidence/links';
import { parseServiceAddress } from './service-address';

const log = createLogger('settings');

const settingsSchema = z.object({
  linkHosts: z.array(z.string()).default(defaultLinkHosts),
  /** How much evidence this computer may hold before background fetching stops (decision 0020). */
  evidenceSpaceLimitBytes: z.number().int().min(minEvidenceSpaceLimitBytes).default(defaultEvidenceSpaceLimitBytes),
  /**
   * The case service chosen in the app (first-run screen or Settings), saved only after its check
   * passed; as an origin, the one form `parseServiceAddress` gives. Null: none chosen here.
   */
  serviceUrl: z
    .string()
    .refine((text) => {
      const parsed = parseServiceAddress(text);
      return parsed.ok && parsed.url === text;
    }, 'not a case service origin')
    .nullable()
    .default(null),
});

/** The desk's settings on this machine. */
export type DeskSettings = z.infer<typeof settingsSchema>;

/**
 * Settings kept as JSON in the data folder. A file that does not parse is set aside (renamed,
 * never deleted) and the defaults are used, so a bad edit cannot stop the app from starting.
 */
export class SettingsFile {
  private constructor(
    private readonly file: string,
    private current: DeskSettings,
  ) {}

  /** Reads `settings.json` from the data folder, or starts from the defaults. */
  static async open(dataDir: string): Promise<SettingsFile> {
    const file = path.join(dataDir, 'settings.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return new SettingsFile(file, settingsSchema.parse({}));
    }
    const parsed = settingsSchema.safeParse((() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })());
    if (parsed.success) return new SettingsFile(file, parsed.data);
    const aside = `${file}.unreadable-${Date.now()}`;
    await rename(file, aside);
    log.warn('settings could not be read; using the defaults', { setAside: aside });
    return new SettingsFile(file, settingsSchema.parse({}));
  }

  /** The settings now. */
  get(): DeskSettings {
    return this.current;
  }

  /** Changes settings and writes them through a temporary file, so a crash keeps the old or the new. */
  async update(change: Partial<DeskSettings>): Promise<DeskSettings> {
    const next = settingsSchema.parse({ ...this.current, ...change });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.file);
    this.current = next;
    return next;
  }
}

/**
 * The case service in use: the address saved in the app, else the one the host was started with
 * (`DESK_SERVICE_URL`, which npm start sets to its embedded service), else none.
 */
export function serviceUrlOf(settings: DeskSettings, startedWith: string | null): string | null {
  return settings.serviceUrl ?? startedWith;
}
