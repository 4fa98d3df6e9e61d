// `npm run dist:check` (after electron-vite build): packages the unpacked Linux app (the `dir`
// target) from the staging folder against a stand-in Electron distribution, then checks from
// the output what ships. Steps that need the real Electron binary are named and skipped.
import { listPackage, extractFile } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkOverrides, parseUpdateUrl } from './packaging/builder-config';
import { iconSizes } from './packaging/icons';
import { type Finding, judgeLinks, linksMusl, requiredAddons, judgePackages, packageFolderOf, packageFolders, parseLdd, readUpdateConfig } from './packaging/judge';
import { packageApp } from './packaging/package-app';
import { installedPackageIds, type NpmTreeNode, serverOnlyPackages } from './packaging/production-tree';
import { readInstalledTree } from './packaging/stage';

const checkout = path.resolve(import.meta.dirname, '..');
const checkDir = path.join(checkout, 'dist', 'check');
const testFeed = 'https://updates.example.com/dispute-desk/';
const sharedLibrary = /\.so$|\.so\.|\.dylib$|\.dll$/;

async function walk(root: string, relative = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await walk(root, child)));
    else files.push(child);
  }
  return files;
}

async function fingerprint(file: string): Promise<string> {
  const info = await stat(file);
  const hash = createHash('sha256').update(await readFile(file)).digest('hex');
  return `${info.size}:${info.mtimeMs}:${hash}`;
}

/** The native files of the checkout's production packages: packaging must leave each as it was. */
async function nativeFingerprints(packageFolders: string[]): Promise<Map<string, string>> {
  const prints = new Map<string, string>();
  for (const folder of packageFolders) {
    for (const file of await walk(folder)) {
      if (file.endsWith('.node')) prints.set(path.join(folder, file), await fingerprint(path.join(folder, file)));
    }
  }
  return prints;
}

function installedFolders(tree: NpmTreeNode): string[] {
  const folders = new Set<string>();
  const visit = (node: NpmTreeNode) => {
    if (node.path !== undefined && !folders.has(node.path)) folders.add(node.path);
    for (const child of Object.values(node.dependencies ?? {})) visit(child);
  };
  for (const child of Object.values(tree.dependencies ?? {})) visit(child);
  return [...folders];
}

/** The smallest Electron distribution electron-builder accepts: an `electron` that says what it is. */
async function makeStandIn(folder: string, electronVersion: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const executable = path.join(folder, 'electron');
  await writeFile(
    executable,
    '#!/bin/sh\necho "This is a stand-in for the Electron binary, made by npm run dist:check to check packaging. It cannot run Dispute Desk; build with npm run dist where Electron can be downloaded." >&2\nexit 1\n',
  );
  await chmod(executable, 0o755);
  await writeFile(path.join(folder, 'version'), `${electronVersion}\n`);
}

async function run(): Promise<Finding[]> {
  const findings: Finding[] = [];
  const feed = parseUpdateUrl(testFeed);
  if ('error' in feed) throw new Error(feed.error.message);
  const electronPackage = JSON.parse(await readFile(path.join(checkout, 'node_modules', 'electron', 'package.json'), 'utf8'));
  const standIn = path.join(checkDir, 'electron-stand-in');
  await makeStandIn(standIn, electronPackage.version);
  const productionTree = readInstalledTree(checkout, true);
  const productionFolders = installedFolders(productionTree);
  const before = await nativeFingerprints(productionFolders);

  const output = path.join(checkDir, 'out');
  await rm(output, { recursive: true, force: true });
  const { staged } = await packageApp({ checkout, updateFeed: feed.url, output, linuxTargets: ['dir'], extra: checkOverrides(standIn) });

  const appDirName = (await readdir(output)).find((name) => /^linux-.*unpacked$/.test(name));
  if (appDirName === undefined) return [{ status: 'fail', check: 'electron-builder made the unpacked Linux app', detail: `no linux-*unpacked folder in ${output}` }];
  const appDir = path.join(output, appDirName);
  const resources = path.join(appDir, 'resources');
  const asarPath = path.join(resources, 'app.asar');
  const unpackedRoot = path.join(resources, 'app.asar.unpacked');
  findings.push({ status: 'pass', check: `electron-builder made ${path.relative(checkout, appDir)} from the staging folder`, detail: `${staged.packages.length} packages staged; left out: ${staged.leftOut.join(', ')}` });

  const executable = path.join(appDir, 'dispute-desk');
  const executableText = await readFile(executable, 'utf8').catch(() => '');
  findings.push(
    executableText.includes('stand-in')
      ? { status: 'pass', check: 'the stand-in Electron became the app executable dispute-desk' }
      : { status: 'fail', check: 'the stand-in Electron became the app executable dispute-desk', detail: `${executable} is missing or is not the stand-in` },
  );

  // The asar: the built app and its package.json.
  const asarFiles = new Set(listPackage(asarPath, { isPack: false }).map((file) => file.replace(/^[/\\]/, '').replace(/\\/g, '/')));
  for (const folder of ['out/main', 'out/preload', 'out/renderer']) {
    const expected = (await walk(path.join(checkout, folder))).map((file) => `${folder}/${file}`);
    const absent = expected.filter((file) => !asarFiles.has(file));
    findings.push(
      expected.length > 0 && absent.length === 0
        ? { status: 'pass', check: `app.asar holds ${folder}`, detail: `all ${expected.length} of the build's files` }
        : { status: 'fail', check: `app.asar holds ${folder}`, detail: expected.length === 0 ? 'the build made nothing there' : `missing: ${absent.slice(0, 5).join(', ')}` },
    );
  }
  if (!asarFiles.has('package.json')) findings.push({ status: 'fail', check: 'app.asar holds package.json' });
  else {
    const manifest = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8'));
    const main = String(manifest.main ?? '');
    findings.push(
      asarFiles.has(main)
        ? { status: 'pass', check: 'app.asar holds package.json', detail: `its main, ${main}, is inside` }
        : { status: 'fail', check: 'app.asar holds package.json', detail: `its main, "${main}", is not inside` },
    );
  }

  // The unpacked folder: every addon, the libraries they load, the media tools.
  const stagedFiles = await walk(staged.folder);
  const unpackedFiles = new Set(await walk(unpackedRoot).catch(() => []));
  const unpackedMatches = async (file: string) => {
    const [source, copy] = await Promise.all([stat(path.join(staged.folder, file)), stat(path.join(unpackedRoot, file)).catch(() => undefined)]);
    return copy !== undefined && copy.size === source.size;
  };
  const addons = requiredAddons(stagedFiles);
  const libraries = stagedFiles.filter((file) => sharedLibrary.test(path.basename(file)));
  for (const [label, files] of [['native addon', addons], ['shared library', libraries]] as const) {
    const absent: string[] = [];
    for (const file of files) if (!(await unpackedMatches(file))) absent.push(file);
    findings.push(
      files.length > 0 && absent.length === 0
        ? { status: 'pass', check: `app.asar.unpacked holds every ${label}`, detail: files.map((file) => file.replace(/^node_modules\//, '')).join(', ') }
        : { status: 'fail', check: `app.asar.unpacked holds every ${label}`, detail: files.length === 0 ? `no ${label} was staged` : `missing: ${absent.join(', ')}` },
    );
  }
  for (const tool of ['ffmpeg', 'ffprobe']) {
    const copies = staged.mediaTools.filter((file) => path.basename(file).replace(/\.exe$/, '') === tool);
    const check = `app.asar.unpacked holds ${tool}, executable by every user`;
    if (copies.length === 0) {
      findings.push({ status: 'fail', check, detail: `no ${tool} binary in the staged packages` });
      continue;
    }
    for (const file of copies) {
      const mode = (await stat(path.join(unpackedRoot, file)).catch(() => undefined))?.mode;
      if (mode === undefined || !(await unpackedMatches(file))) findings.push({ status: 'fail', check, detail: `${file} is missing or differs` });
      else if ((mode & 0o111) !== 0o111) findings.push({ status: 'fail', check, detail: `${file} has mode ${(mode & 0o777).toString(8)}` });
      else findings.push({ status: 'pass', check, detail: file });
    }
  }
  const packedAddons = [...asarFiles].filter((file) => file.endsWith('.node') && !unpackedFiles.has(file));
  if (packedAddons.length > 0) findings.push({ status: 'fail', check: 'no native addon is left inside app.asar', detail: packedAddons.join(', ') });
  const shippedNames = new Set(libraries.map((file) => path.basename(file)));
  for (const file of [...addons, ...staged.mediaTools]) {
    const ldd = spawnSync('ldd', [path.join(unpackedRoot, file)], { encoding: 'utf8' });
    if (ldd.error !== undefined) {
      findings.push({ status: 'fail', check: `${file} loads its libraries`, detail: `ldd could not run (${ldd.error.message}); install the C library's tools` });
      continue;
    }
    const forMusl = linksMusl(await readFile(path.join(unpackedRoot, file)));
    findings.push(judgeLinks(file, parseLdd(`${ldd.stdout}\n${ldd.stderr}`, ldd.status), shippedNames, unpackedRoot, forMusl));
  }

  // What ships: by package, in the asar and unpacked.
  const found = new Map<string, string>();
  for (const folder of packageFolders(asarFiles)) {
    const manifest = JSON.parse(extractFile(asarPath, `${folder}/package.json`).toString('utf8'));
    found.set(folder, `${manifest.name}@${manifest.version}`);
  }
  const strays = [...unpackedFiles].map(packageFolderOf).filter((folder): folder is string => folder !== undefined && !found.has(folder));
  if (strays.length > 0) findings.push({ status: 'fail', check: 'every unpacked package belongs to the asar', detail: [...new Set(strays)].join(', ') });
  const stagedIds = new Set(staged.packages.map((entry) => `${entry.name}@${entry.version}`));
  const productionIds = installedPackageIds(productionTree);
  const ids = new Map<string, 'devDependency' | 'server-only'>();
  for (const id of installedPackageIds(readInstalledTree(checkout, false))) {
    if (!stagedIds.has(id)) ids.set(id, productionIds.has(id) ? 'server-only' : 'devDependency');
  }
  const names = new Map(serverOnlyPackages.map((name) => [name, 'server-only' as const]));
  findings.push(...judgePackages(found, stagedIds, { ids, names }));

  // Updates: electron-builder writes the generic feed for every Linux target, dir included.
  const updateYml = await readFile(path.join(resources, 'app-update.yml'), 'utf8').catch(() => undefined);
  const update = updateYml === undefined ? undefined : readUpdateConfig(updateYml);
  findings.push(
    update?.provider === 'generic' && update.url === feed.url
      ? { status: 'pass', check: 'resources/app-update.yml names the update feed', detail: `generic, ${update.url}` }
      : { status: 'fail', check: 'resources/app-update.yml names the update feed', detail: updateYml === undefined ? 'not written' : `it says ${JSON.stringify(update)}` },
  );

  // Icons, all from build/icon.svg.
  const iconFolder = path.join(checkout, 'dist', 'build-resources', 'icons');
  const icons = new Set(await readdir(iconFolder).catch(() => []));
  const absentIcons = iconSizes.filter((size) => !icons.has(`${size}x${size}.png`));
  findings.push(
    absentIcons.length === 0
      ? { status: 'pass', check: 'icons rendered from build/icon.svg', detail: iconSizes.map((size) => `${size}`).join(', ') + ' px' }
      : { status: 'fail', check: 'icons rendered from build/icon.svg', detail: `missing sizes: ${absentIcons.join(', ')}` },
  );

  // The checkout: packaging left its native files exactly as they were.
  const after = await nativeFingerprints(productionFolders);
  const changed = [...before.keys()].filter((file) => after.get(file) !== before.get(file));
  findings.push(
    changed.length === 0 && after.size === before.size
      ? { status: 'pass', check: "the checkout's node_modules were not rebuilt", detail: `${before.size} .node files unchanged` }
      : { status: 'fail', check: "the checkout's node_modules were not rebuilt", detail: `changed: ${changed.join(', ') || `${after.size - before.size} .node files added`}` },
  );

  findings.push(
    { status: 'skip', check: 'flipping the Electron fuses (electronFuses)', detail: 'they are written into the real Electron binary; the stand-in has none. npm run dist flips them.' },
    { status: 'skip', check: 'starting the packaged app', detail: 'needs the real Electron binary' },
  );
  return findings;
}

if (process.platform !== 'linux') {
  console.error('npm run dist:check builds and inspects the Linux app; run it on Linux (CI does).');
  process.exit(2);
}
const started = performance.now();
let findings: Finding[];
try {
  findings = await run();
} catch (error) {
  findings = [{ status: 'fail', check: 'packaging ran', detail: error instanceof Error ? error.message : String(error) }];
}
const mark = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
console.info('\nPackaging check (npm run dist:check):');
for (const finding of findings) console.info(`  ${mark[finding.status]}  ${finding.check}${finding.detail === undefined ? '' : ` — ${finding.detail}`}`);
const count = (status: Finding['status']) => findings.filter((finding) => finding.status === status).length;
console.info(`dist:check: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped in ${((performance.now() - started) / 1000).toFixed(0)} s`);
// Exit with the verdict explicitly: left to process.exitCode, a failing run ended with status 0
// once electron-builder had run in this process.
process.exit(count('fail') > 0 ? 1 : 0);
