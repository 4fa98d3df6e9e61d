// Which installed packages the desktop app ships: read from `npm ls --json --long`, so the app
// carries exactly the versions the tests ran against, copied from the checkout with no network.
import { z } from 'zod';

/**
 * Packages that belong to the case service, never to the desktop app: the desk does not run the
 * service. (The browser host in out/main imports hono, but the packaged app never starts it.)
 */
export const serverOnlyPackages: readonly string[] = ['@electric-sql/pglite', 'pg', 'hono', '@hono/node-server', '@aws-sdk/client-s3', '@aws-sdk/lib-storage'];

/** One node of `npm ls --json --long`: an installed package and what it depends on. */
export interface NpmTreeNode {
  name?: string;
  version?: string;
  path?: string;
  missing?: boolean;
  dependencies?: Record<string, NpmTreeNode>;
}

const npmTreeNode: z.ZodType<NpmTreeNode> = z.lazy(() =>
  z.object({
    name: z.string().optional(),
    version: z.string().optional(),
    path: z.string().optional(),
    missing: z.boolean().optional(),
    dependencies: z.record(z.string(), npmTreeNode).optional(),
  }),
);

/** `npm ls --json --long` output, checked: npm's JSON is read from another process. */
export const npmTree = npmTreeNode;

/** An installed package folder the app ships, at its path under the checkout. */
export interface InstalledPackage {
  name: string;
  version: string;
  /** Relative to the checkout, with forward slashes: `node_modules/libsql/node_modules/detect-libc`. */
  relativePath: string;
}

/** What goes into the staging folder, or why it cannot be staged. */
export interface ProductionSelection {
  /** Root dependencies the app declares, at their installed versions. */
  dependencies: Record<string, string>;
  /** Every package folder to copy, each once, parents before the folders nested in them. */
  packages: InstalledPackage[];
  /** Root dependencies left out because they are the case service's. */
  leftOut: string[];
  /** Required packages npm could not find installed; staging must stop when any is listed. */
  problems: string[];
}

function relativeTo(root: string, target: string): string | undefined {
  const normalise = (value: string) => value.replace(/\\/g, '/').replace(/\/+$/, '');
  const base = `${normalise(root)}/`;
  const full = normalise(target);
  return full.startsWith(base) ? full.slice(base.length) : undefined;
}

/**
 * The production packages of `tree` (rooted at `root`) minus the root dependencies named in
 * `leaveOut` and whatever only they pull in. A left-out package that a kept one still needs stays
 * in, so the packaging check names it instead of the app failing to load it.
 */
export function selectProductionPackages(tree: NpmTreeNode, root: string, leaveOut: readonly string[]): ProductionSelection {
  const excluded = new Set(leaveOut);
  const byPath = new Map<string, InstalledPackage>();
  const problems: string[] = [];
  const dependencies: Record<string, string> = {};
  const leftOut: string[] = [];

  const visit = (requiredAs: string, node: NpmTreeNode, parent: string): void => {
    if (node.missing === true) {
      problems.push(`${requiredAs} (needed by ${parent}) is not installed`);
      return;
    }
    // npm lists an optional dependency for another platform as an empty object: nothing to ship.
    if (node.path === undefined) return;
    const relativePath = relativeTo(root, node.path);
    if (relativePath === undefined || !relativePath.startsWith('node_modules/')) {
      problems.push(`${requiredAs} is installed at ${node.path}, outside ${root}/node_modules`);
      return;
    }
    if (byPath.has(relativePath)) return;
    const name = node.name ?? requiredAs;
    if (node.version === undefined) {
      problems.push(`${name} at ${relativePath} has no version`);
      return;
    }
    byPath.set(relativePath, { name, version: node.version, relativePath });
    for (const [childName, child] of Object.entries(node.dependencies ?? {})) visit(childName, child, name);
  };

  for (const [name, node] of Object.entries(tree.dependencies ?? {})) {
    if (excluded.has(name)) {
      leftOut.push(name);
      continue;
    }
    if (node.version !== undefined) dependencies[name] = node.version;
    visit(name, node, 'the app');
  }
  const packages = [...byPath.values()].sort((a, b) => depth(a) - depth(b) || a.relativePath.localeCompare(b.relativePath));
  return { dependencies, packages, leftOut: leftOut.sort(), problems };
}

function depth(entry: InstalledPackage): number {
  return entry.relativePath.split('/node_modules/').length;
}

/** Every installed package of `tree` as `name@version`, at any depth. */
export function installedPackageIds(tree: NpmTreeNode): Set<string> {
  const ids = new Set<string>();
  const visit = (node: NpmTreeNode, requiredAs: string) => {
    if (node.path !== undefined && node.version !== undefined) ids.add(`${node.name ?? requiredAs}@${node.version}`);
    for (const [name, child] of Object.entries(node.dependencies ?? {})) visit(child, name);
  };
  for (const [name, child] of Object.entries(tree.dependencies ?? {})) visit(child, name);
  return ids;
}

/** The checkout's package.json fields the staged app keeps. */
export interface AppManifestSource {
  name: string;
  version: string;
  description?: string;
  main: string;
  type?: string;
  author?: unknown;
  homepage?: string;
  license?: string;
}

/** The staged app's package.json: who it is and its production dependencies at exact versions. */
export function stagedManifest(source: AppManifestSource, dependencies: Record<string, string>): Record<string, unknown> {
  const sorted = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  return {
    name: source.name,
    version: source.version,
    description: source.description,
    main: source.main,
    type: source.type,
    author: source.author,
    homepage: source.homepage,
    license: source.license,
    dependencies: sorted,
  };
}
