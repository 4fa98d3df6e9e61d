// The staging folder electron-builder packages from: the built out/, a package.json with the
// production dependencies only, and those packages copied from the checkout's node_modules. The
// checkout itself is only read, so npm test, the CLI and the browser host keep working after a
// package is made.
import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type InstalledPackage,
  type NpmTreeNode,
  npmTree,
  selectProductionPackages,
  serverOnlyPackages,
  stagedManifest,
} from './production-tree';

/** What was staged, for the report and for the packaging check. */
export interface StagedApp {
  folder: string;
  packages: InstalledPackage[];
  leftOut: string[];
  /** The media tools found in the staged packages, relative to the staging folder. */
  mediaTools: string[];
}

/** Reads the checkout's installed tree; `omitDev` keeps production dependencies only. */
export function readInstalledTree(checkout: string, omitDev: boolean): NpmTreeNode {
  const args = ['ls', '--all', '--json', '--long', ...(omitDev ? ['--omit=dev'] : [])];
  // npm ls exits 1 for extraneous or invalid packages yet still prints the whole tree; missing
  // packages are judged from the tree itself.
  const result = spawnSync('npm', args, { cwd: checkout, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error !== undefined) throw new Error(`Could not run npm ls in ${checkout}: ${result.error.message}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new Error(`npm ls in ${checkout} did not print its tree (exit ${result.status}): ${result.stderr.trim()}`);
  }
  return npmTree.parse(parsed);
}

const mediaToolNames = new Set(['ffmpeg', 'ffprobe', 'ffmpeg.exe', 'ffprobe.exe']);

async function findMediaTools(folder: string, relative = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(path.join(folder, relative), { withFileTypes: true })) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await findMediaTools(folder, child)));
    else if (entry.isFile() && mediaToolNames.has(entry.name)) found.push(child);
  }
  return found;
}

/** Builds `staging` from the checkout: out/, package.json and the production packages. */
export async function stageApp(checkout: string, staging: string): Promise<StagedApp> {
  const manifestSource = JSON.parse(await readFile(path.join(checkout, 'package.json'), 'utf8'));
  const selection = selectProductionPackages(readInstalledTree(checkout, true), checkout, serverOnlyPackages);
  if (selection.problems.length > 0) {
    throw new Error(`The checkout's production dependencies are incomplete; run npm ci first:\n  ${selection.problems.join('\n  ')}`);
  }
  const built = path.join(checkout, 'out', 'main', 'main.js');
  if (!(await stat(built).catch(() => undefined))?.isFile()) {
    throw new Error(`${built} is missing: run npm run build first.`);
  }

  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await cp(path.join(checkout, 'out'), path.join(staging, 'out'), { recursive: true });
  await writeFile(
    path.join(staging, 'package.json'),
    `${JSON.stringify(stagedManifest(manifestSource, selection.dependencies), null, 2)}\n`,
  );
  for (const entry of selection.packages) {
    const source = path.join(checkout, entry.relativePath);
    const nested = path.join(source, 'node_modules');
    // Folders nested in a package are packages of their own, copied only when they are selected.
    await cp(source, path.join(staging, entry.relativePath), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (file) => file !== nested,
    });
  }

  // An installed package may leave its binary executable by its owner only (ffprobe's does);
  // installed by a deb, the owner is root and a case manager could not run it.
  const mediaTools = await findMediaTools(path.join(staging, 'node_modules'));
  for (const tool of mediaTools) await chmod(path.join(staging, 'node_modules', tool), 0o755);

  return {
    folder: staging,
    packages: selection.packages,
    leftOut: selection.leftOut,
    mediaTools: mediaTools.map((tool) => `node_modules/${tool}`),
  };
}
