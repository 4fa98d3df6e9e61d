// One packaging run, shared by `npm run dist` and `npm run dist:check`: stage the app, render the
// icons, then electron-builder over the staging folder with electron-builder.yml plus this run's
// overrides.
import { build } from 'electron-builder';
import path from 'node:path';
import { builderOverrides } from './builder-config';
import { renderIcons } from './icons';
import { type StagedApp, stageApp } from './stage';

/** What to package and how. */
export interface PackageRequest {
  checkout: string;
  /** The generic update feed, or undefined for updates off. */
  updateFeed: string | undefined;
  /** Where the artifacts (or the unpacked app) go. */
  output: string;
  /** Linux targets to build (`dir` for the check); undefined builds the configured targets of this platform. */
  linuxTargets?: string[];
  /** More overrides laid over the run's own (the check's stand-in Electron). */
  extra?: Record<string, unknown>;
}

/** The staged app and the files electron-builder reported. */
export interface PackageResult {
  staged: StagedApp;
  artifacts: string[];
}

/** Stages, renders the icons and runs electron-builder; throws what electron-builder throws. */
export async function packageApp(request: PackageRequest): Promise<PackageResult> {
  const dist = path.join(request.checkout, 'dist');
  const staged = await stageApp(request.checkout, path.join(dist, 'staging'));
  const icons = await renderIcons(path.join(request.checkout, 'build', 'icon.svg'), path.join(dist, 'build-resources'));
  const config = {
    ...builderOverrides(
      { staging: staged.folder, output: request.output, iconSet: icons.linuxSet, largestIcon: icons.largest },
      request.updateFeed,
    ),
    ...request.extra,
  };
  // publish: never — electron-builder writes the feed's app-update.yml and update files, but
  // uploading them to the team's server is a separate, deliberate step.
  const artifacts = await build({ projectDir: request.checkout, config, publish: 'never', ...(request.linuxTargets ? { linux: request.linuxTargets } : {}) });
  return { staged, artifacts };
}
