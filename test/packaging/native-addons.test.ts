// Every native addon the app ships must load unchanged in Node 20 and in Electron 45, which have
// different ABIs: an N-API addon (it exports `napi_register_module_v1`) does, one built against
// one runtime's V8 (it exports `node_register_module_v<ABI>`) loads in that runtime only. Nothing
// here rebuilds addons per runtime, so the rule is checked on the files themselves, with `nm`
// (binutils) reading their dynamic symbols.
import { execFile } from 'node:child_process';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');

interface LsNode {
  path?: string | undefined;
  extraneous?: boolean | undefined;
  dependencies?: Record<string, LsNode> | undefined;
}

const lsNodeSchema: z.ZodType<LsNode> = z.lazy(() =>
  z.object({
    path: z.string().optional(),
    extraneous: z.boolean().optional(),
    dependencies: z.record(z.string(), lsNodeSchema).optional(),
  }),
);

/**
 * The folders of every package in the production dependency tree. A package that nothing
 * declares (`extraneous`: left in node_modules by an earlier install) is not part of it: `npm ci`
 * and packaging never install it.
 */
async function productionPackageFolders(): Promise<string[]> {
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--json', '--long'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const folders = new Set<string>();
  const walk = (node: LsNode): void => {
    for (const dependency of Object.values(node.dependencies ?? {})) {
      if (dependency.extraneous || dependency.path === undefined) continue;
      folders.add(dependency.path);
      walk(dependency);
    }
  };
  walk(lsNodeSchema.parse(JSON.parse(stdout)));
  return [...folders].sort();
}

/** The `.node` files of one package, leaving out its own node_modules (those packages are listed separately). */
async function addonsIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.node'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(folder, file).split(path.sep).includes('node_modules'));
}

async function isElf(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    return magic.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } finally {
    await handle.close();
  }
}

/** The module-registration symbols an ELF shared object defines. */
async function registrationSymbols(file: string): Promise<string[]> {
  const { stdout } = await run('nm', ['-D', '--defined-only', file], { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/).at(-1) ?? '')
    .filter((symbol) => /^(napi|node)_register_module_v\d+$/.test(symbol))
    .sort();
}

describe('native addons in the production dependencies', () => {
  it('are all N-API: each exports napi_register_module_v1 and no runtime-specific node_register_module_v*', async () => {
    const addons = (await Promise.all((await productionPackageFolders()).map(addonsIn))).flat();
    // sharp and libsql are in the production tree: finding none means the listing broke, not that all is well.
    expect(addons.some((file) => file.includes(`${path.sep}@img${path.sep}sharp-`))).toBe(true);
    expect(addons.some((file) => file.includes(`${path.sep}@libsql${path.sep}`))).toBe(true);

    const findings: { addon: string; problem: string }[] = [];
    for (const file of addons) {
      const addon = path.relative(root, file);
      if (!(await isElf(file))) {
        findings.push({ addon, problem: 'is not an ELF shared object, so this check cannot read it on Linux' });
        continue;
      }
      const symbols = await registrationSymbols(file);
      if (!symbols.includes('napi_register_module_v1')) findings.push({ addon, problem: 'does not export napi_register_module_v1' });
      for (const symbol of symbols.filter((s) => s.startsWith('node_register_module_v'))) {
        findings.push({ addon, problem: `exports ${symbol}: built for one runtime's ABI, it needs a rebuild for the other` });
      }
    }
    expect(findings).toEqual([]);
  });
});
