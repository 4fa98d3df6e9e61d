// What build/dist.ts and build/dist-check.ts lay over electron-builder.yml for one run: the
// update feed (from DESK_UPDATE_URL at packaging time) and, for the check, the stand-in Electron.
import { z } from 'zod';

/** An update feed address that cannot be used, with what to do about it. */
export interface UpdateUrlError {
  code: 'update-url-invalid';
  message: string;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

const updateUrl = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/ }))
  // Zod runs a refinement even after the format check failed, so it parses defensively.
  .refine((value) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    return url !== undefined && (url.protocol === 'https:' || loopbackHosts.has(url.hostname));
  });

/**
 * The generic update feed from DESK_UPDATE_URL's value: undefined when unset or empty (the app is
 * then packaged with updates off), otherwise an https address (http only on this computer, for
 * testing), always ending in `/` so electron-updater finds `latest-linux.yml` inside it.
 */
export function parseUpdateUrl(value: string | undefined): { url: string | undefined } | { error: UpdateUrlError } {
  if (value === undefined || value.trim() === '') return { url: undefined };
  const parsed = updateUrl.safeParse(value);
  if (!parsed.success) {
    return {
      error: {
        code: 'update-url-invalid',
        message: `DESK_UPDATE_URL must be the https address of the folder the team publishes updates to (http only for localhost), not "${value}". Unset it to package with updates off.`,
      },
    };
  }
  return { url: parsed.data.endsWith('/') ? parsed.data : `${parsed.data}/` };
}

/** electron-builder's generic provider for `url`, or null: no feed, no app-update.yml, updates off. */
export function publishConfig(url: string | undefined): { provider: 'generic'; url: string } | null {
  return url === undefined ? null : { provider: 'generic', url };
}

/** Where one packaging run reads from and writes to. */
export interface BuilderPaths {
  staging: string;
  output: string;
  iconSet: string;
  largestIcon: string;
}

/**
 * The per-run overrides merged over electron-builder.yml (electron-builder deep-assigns them;
 * `null` switches a setting off). Targets are not set here: electron-builder joins arrays, so they
 * are passed as build targets instead.
 */
export function builderOverrides(paths: BuilderPaths, updateFeed: string | undefined): Record<string, unknown> {
  return {
    directories: { app: paths.staging, output: paths.output },
    icon: paths.largestIcon,
    linux: { icon: paths.iconSet },
    publish: publishConfig(updateFeed),
  };
}

/** The check's additions: a stand-in Electron, and no fuses (they are written into the real binary). */
export function checkOverrides(electronDist: string): Record<string, unknown> {
  return { electronDist, electronFuses: null };
}
