// The packaging check's judgements, kept free of I/O so they are unit-tested: which package
// folders a listing holds, whether each may ship, what ldd says a native file loads, and the
// update feed electron-builder wrote.

/** One line of the packaging check's report. */
export interface Finding {
  status: 'pass' | 'fail' | 'skip';
  check: string;
  detail?: string;
}

const packageJsonPath = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\/package\.json$/;
const packageFolderPrefix = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//;

/**
 * The package folders in a listing of relative paths (no leading slash): each folder that holds a
 * `package.json` directly under `node_modules/<name>` or `node_modules/@scope/<name>`.
 */
export function packageFolders(files: Iterable<string>): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    const match = packageJsonPath.exec(file);
    if (match?.[1] !== undefined) folders.add(match[1]);
  }
  return [...folders].sort();
}

/** The innermost package folder a file belongs to, or undefined for the app's own files. */
export function packageFolderOf(file: string): string | undefined {
  return packageFolderPrefix.exec(file)?.[1];
}

/** Why a package may not ship. */
export type NotShipped = 'devDependency' | 'server-only';

/** What may not ship: by `name@version` (every installed package not staged) and by name (the checkout's own lists). */
export interface Forbidden {
  ids: ReadonlyMap<string, NotShipped>;
  names: ReadonlyMap<string, NotShipped>;
}

function nameOf(id: string): string {
  return id.slice(0, id.lastIndexOf('@'));
}

function notShippedReason(reason: NotShipped): string {
  switch (reason) {
    case 'devDependency':
      return 'it is installed only as a devDependency';
    case 'server-only':
      return 'it belongs to the case service, which the desk does not run';
    default:
      return missingCase(reason);
  }
}

function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}

/**
 * Judges the packages found in the app (`found`: folder → `name@version`) against the staged set
 * and what may not ship: nothing forbidden or unknown inside, every staged package present.
 */
export function judgePackages(found: ReadonlyMap<string, string>, staged: ReadonlySet<string>, forbidden: Forbidden): Finding[] {
  const findings: Finding[] = [];
  const present = new Set(found.values());
  for (const [folder, id] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    const reason = forbidden.names.get(nameOf(id)) ?? forbidden.ids.get(id);
    if (reason !== undefined) findings.push({ status: 'fail', check: `${folder} (${id}) ships`, detail: notShippedReason(reason) });
    else if (!staged.has(id)) findings.push({ status: 'fail', check: `${folder} (${id}) ships`, detail: 'it was not staged from the production dependencies' });
  }
  const absent = [...staged].filter((id) => !present.has(id)).sort();
  if (absent.length > 0) findings.push({ status: 'fail', check: 'every staged package is in the app', detail: `missing: ${absent.join(', ')}` });
  if (findings.length === 0) {
    findings.push({
      status: 'pass',
      check: `the app holds exactly the ${present.size} staged production packages`,
      detail: `none of the ${forbidden.ids.size} other installed packages (devDependencies, the case service's) is inside`,
    });
  }
  return findings;
}

/**
 * The native addons among the staged files that the app must carry: all but node-gyp's
 * intermediate copies under `build/Release/obj.target/`, which electron-builder leaves out by
 * design (the loadable addon is the one in `build/Release/`).
 */
export function requiredAddons(stagedFiles: Iterable<string>): string[] {
  return [...stagedFiles].filter((file) => file.endsWith('.node') && !file.includes('/Release/obj.target/')).sort();
}

/** What `ldd` reported for one file. */
export interface LinkReport {
  /** Libraries the loader found: soname → path. */
  resolved: Map<string, string>;
  /** Libraries the loader could not find. */
  missing: string[];
  /** ldd's verdict that the file links nothing (a static binary). */
  isStatic: boolean;
  /** ldd's own error when it could not judge the file at all. */
  failure?: string;
}

/** Reads `ldd FILE` output (stdout and stderr) and its exit status. */
export function parseLdd(output: string, status: number | null): LinkReport {
  const isStatic = /not a dynamic executable|statically linked/.test(output);
  const report: LinkReport = { resolved: new Map(), missing: [], isStatic };
  for (const line of output.split('\n')) {
    const arrow = /^\s*(\S+)\s+=>\s+(.+?)\s*$/.exec(line);
    if (arrow?.[1] === undefined || arrow[2] === undefined) continue;
    if (arrow[2].startsWith('not found')) report.missing.push(arrow[1]);
    else {
      const target = /^(\S+)/.exec(arrow[2]);
      if (target?.[1] !== undefined) report.resolved.set(arrow[1], target[1]);
    }
  }
  if (status !== 0 && !isStatic && report.missing.length === 0) {
    report.failure = output.trim().split('\n').find((line) => line.trim() !== '')?.trim() ?? `ldd exited with ${status}`;
  }
  return report;
}

/**
 * Judges one native file's links: every library it needs is found, and each library that ships
 * with the app (`shipped`, by file name) is loaded from the app's unpacked folder, not elsewhere.
 * A file built for musl (`forMusl`) cannot be judged by a glibc machine's loader and is skipped.
 */
export function judgeLinks(file: string, report: LinkReport, shipped: ReadonlySet<string>, unpackedRoot: string, forMusl: boolean): Finding {
  const check = `${file} loads its libraries`;
  if (forMusl && (report.failure !== undefined || report.missing.length > 0)) {
    return { status: 'skip', check, detail: "built for musl; this machine's glibc loader cannot judge it, so it is judged where musl runs" };
  }
  if (report.failure !== undefined) return { status: 'fail', check, detail: `ldd could not read it: ${report.failure}` };
  if (report.missing.length > 0) return { status: 'fail', check, detail: `not found: ${report.missing.join(', ')}` };
  const fromApp: string[] = [];
  for (const [name, target] of report.resolved) {
    if (!shipped.has(name)) continue;
    if (!target.startsWith(`${unpackedRoot}/`)) return { status: 'fail', check, detail: `${name} is loaded from ${target}, outside app.asar.unpacked` };
    fromApp.push(name);
  }
  const detail = report.isStatic ? 'statically linked' : fromApp.length > 0 ? `from app.asar.unpacked: ${fromApp.join(', ')}` : 'system libraries only';
  return { status: 'pass', check, detail };
}

/**
 * Whether an ELF file is built for musl, read from the names in its dynamic string table: musl's
 * C library is `libc.so` (or `libc.musl-<arch>.so.1` on Alpine), glibc's is `libc.so.6`.
 */
export function linksMusl(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (text.includes('\0libc.musl-')) return true;
  return text.includes('\0libc.so\0') && !text.includes('\0libc.so.6\0');
}

/** The `provider` and `url` of an app-update.yml (flat `key: value` lines, as electron-builder writes). */
export function readUpdateConfig(text: string): { provider?: string; url?: string } {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(\w+):\s*(.*?)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values.set(match[1], match[2].replace(/^(['"])(.*)\1$/, '$2'));
  }
  return { provider: values.get('provider'), url: values.get('url') };
}
