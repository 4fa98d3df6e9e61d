import { describe, expect, it } from 'vitest';
import { builderOverrides, checkOverrides, parseUpdateUrl } from '../../build/packaging/builder-config';
import { judgeLinks, judgePackages, linksMusl, packageFolderOf, packageFolders, parseLdd, readUpdateConfig, requiredAddons } from '../../build/packaging/judge';
import {
  installedPackageIds,
  type NpmTreeNode,
  npmTree,
  selectProductionPackages,
  serverOnlyPackages,
  stagedManifest,
} from '../../build/packaging/production-tree';

const root = '/repo';

function node(name: string, version: string, relativePath: string, dependencies: Record<string, NpmTreeNode> = {}): NpmTreeNode {
  return { name, version, path: `${root}/${relativePath}`, dependencies };
}

// The shape of `npm ls --omit=dev --all --json --long` for a small app: sharp with its platform
// packages (one installed, one for another platform), a nested copy of a dependency, and the case
// service's packages with a dependency only they use.
const tree: NpmTreeNode = {
  name: 'dispute-desk',
  version: '0.1.0',
  path: root,
  dependencies: {
    sharp: node('sharp', '0.35.5', 'node_modules/sharp', {
      '@img/sharp-linux-x64': node('@img/sharp-linux-x64', '0.35.5', 'node_modules/@img/sharp-linux-x64', {
        '@img/sharp-libvips-linux-x64': node('@img/sharp-libvips-linux-x64', '1.3.0', 'node_modules/@img/sharp-libvips-linux-x64'),
      }),
      '@img/sharp-darwin-arm64': {},
      'detect-libc': node('detect-libc', '2.1.2', 'node_modules/detect-libc'),
    }),
    libsql: node('libsql', '0.5.29', 'node_modules/libsql', {
      'detect-libc': node('detect-libc', '2.0.2', 'node_modules/libsql/node_modules/detect-libc'),
    }),
    pg: node('pg', '8.23.1', 'node_modules/pg', { 'pg-pool': node('pg-pool', '3.14.0', 'node_modules/pg-pool') }),
    hono: node('hono', '4.13.19', 'node_modules/hono'),
    zod: node('zod', '4.6.7', 'node_modules/zod'),
  },
};

describe('selecting the production packages to stage', () => {
  it('keeps the app dependencies and everything they load, each folder once, parents first', () => {
    const selection = selectProductionPackages(tree, root, serverOnlyPackages);
    expect(selection.problems).toEqual([]);
    expect(selection.packages.map((entry) => entry.relativePath)).toEqual([
      'node_modules/@img/sharp-libvips-linux-x64',
      'node_modules/@img/sharp-linux-x64',
      'node_modules/detect-libc',
      'node_modules/libsql',
      'node_modules/sharp',
      'node_modules/zod',
      'node_modules/libsql/node_modules/detect-libc',
    ]);
    expect(selection.dependencies).toEqual({ sharp: '0.35.5', libsql: '0.5.29', zod: '4.6.7' });
  });

  it("leaves out the case service's packages and what only they pull in", () => {
    const selection = selectProductionPackages(tree, root, serverOnlyPackages);
    expect(selection.leftOut).toEqual(['hono', 'pg']);
    const names = selection.packages.map((entry) => entry.name);
    expect(names).not.toContain('pg');
    expect(names).not.toContain('pg-pool');
    expect(names).not.toContain('hono');
  });

  it('keeps a left-out package that a kept one still needs, so the check can name it', () => {
    const needsHono: NpmTreeNode = {
      ...tree,
      dependencies: { ...tree.dependencies, router: node('router', '1.0.0', 'node_modules/router', { hono: node('hono', '4.13.19', 'node_modules/hono') }) },
    };
    const names = selectProductionPackages(needsHono, root, serverOnlyPackages).packages.map((entry) => entry.name);
    expect(names).toContain('hono');
  });

  it('names missing packages and packages installed outside node_modules as problems', () => {
    const broken: NpmTreeNode = {
      dependencies: {
        sharp: { ...node('sharp', '0.35.5', 'node_modules/sharp'), dependencies: { semver: { missing: true } } },
        linked: { name: 'linked', version: '1.0.0', path: '/elsewhere/linked' },
      },
    };
    const { problems } = selectProductionPackages(broken, root, serverOnlyPackages);
    expect(problems).toEqual(['semver (needed by sharp) is not installed', 'linked is installed at /elsewhere/linked, outside /repo/node_modules']);
  });

  it('reads npm output through its schema and refuses what is not a tree', () => {
    expect(npmTree.parse(JSON.parse(JSON.stringify(tree)))).toEqual(tree);
    expect(npmTree.safeParse({ dependencies: { sharp: { version: 5 } } }).success).toBe(false);
  });

  it('lists every installed package as name@version, skipping other platforms', () => {
    expect([...installedPackageIds(tree)].sort()).toEqual([
      '@img/sharp-libvips-linux-x64@1.3.0',
      '@img/sharp-linux-x64@0.35.5',
      'detect-libc@2.0.2',
      'detect-libc@2.1.2',
      'hono@4.13.19',
      'libsql@0.5.29',
      'pg-pool@3.14.0',
      'pg@8.23.1',
      'sharp@0.35.5',
      'zod@4.6.7',
    ]);
  });

  it("writes the staged package.json with the app's identity and exact versions only", () => {
    const manifest = stagedManifest(
      { name: 'dispute-desk', version: '0.1.0', main: 'out/main/main.js', type: 'module', description: 'd', homepage: 'https://example.com' },
      { zod: '4.6.7', sharp: '0.35.5' },
    );
    expect(manifest).toMatchObject({ name: 'dispute-desk', main: 'out/main/main.js', type: 'module', dependencies: { sharp: '0.35.5', zod: '4.6.7' } });
    expect(Object.keys(manifest.dependencies as object)).toEqual(['sharp', 'zod']);
    expect(manifest).not.toHaveProperty('devDependencies');
    expect(manifest).not.toHaveProperty('scripts');
  });
});

describe('the update feed set at packaging time', () => {
  it('is off when DESK_UPDATE_URL is unset or empty', () => {
    expect(parseUpdateUrl(undefined)).toEqual({ url: undefined });
    expect(parseUpdateUrl('  ')).toEqual({ url: undefined });
    expect(builderOverrides({ staging: 's', output: 'o', iconSet: 'i', largestIcon: 'l' }, undefined).publish).toBeNull();
  });

  it('becomes a generic provider whose address ends in a slash', () => {
    expect(parseUpdateUrl('https://updates.example.com/desk')).toEqual({ url: 'https://updates.example.com/desk/' });
    expect(builderOverrides({ staging: 's', output: 'o', iconSet: 'i', largestIcon: 'l' }, 'https://u.example/').publish).toEqual({
      provider: 'generic',
      url: 'https://u.example/',
    });
    expect(parseUpdateUrl('http://localhost:8080/feed/')).toEqual({ url: 'http://localhost:8080/feed/' });
  });

  it.each(['updates.example.com', 'ftp://updates.example.com/', 'http://updates.example.com/', 'not a url'])('refuses %s with what to do', (value) => {
    const result = parseUpdateUrl(value);
    expect(result).toHaveProperty('error.code', 'update-url-invalid');
    expect(result).toHaveProperty('error.message', expect.stringContaining('DESK_UPDATE_URL must be the https address'));
  });

  it('the check swaps in the stand-in Electron and turns the fuses off', () => {
    expect(checkOverrides('/tmp/stand-in')).toEqual({ electronDist: '/tmp/stand-in', electronFuses: null });
  });
});

describe("the packaging check's judgements", () => {
  it('finds package folders, scoped and nested, and which one a file belongs to', () => {
    const files = [
      'package.json',
      'out/main/main.js',
      'node_modules/sharp/package.json',
      'node_modules/sharp/dist/esm/package.json',
      'node_modules/@img/sharp-linux-x64/package.json',
      'node_modules/libsql/node_modules/detect-libc/package.json',
    ];
    expect(packageFolders(files)).toEqual(['node_modules/@img/sharp-linux-x64', 'node_modules/libsql/node_modules/detect-libc', 'node_modules/sharp']);
    expect(packageFolderOf('node_modules/@img/sharp-linux-x64/lib/sharp.node')).toBe('node_modules/@img/sharp-linux-x64');
    expect(packageFolderOf('out/main/main.js')).toBeUndefined();
  });

  it('passes exactly the staged packages and names anything else with its reason', () => {
    const staged = new Set(['sharp@0.35.5', 'zod@4.6.7']);
    const forbidden = {
      ids: new Map([
        ['vitest@4.1.12', 'devDependency' as const],
        ['pg@8.23.1', 'server-only' as const],
      ]),
      names: new Map([['hono', 'server-only' as const]]),
    };
    const good = new Map([
      ['node_modules/sharp', 'sharp@0.35.5'],
      ['node_modules/zod', 'zod@4.6.7'],
    ]);
    expect(judgePackages(good, staged, forbidden).map((finding) => finding.status)).toEqual(['pass']);

    const bad = new Map([
      ['node_modules/sharp', 'sharp@0.35.5'],
      ['node_modules/vitest', 'vitest@4.1.12'],
      ['node_modules/pg', 'pg@8.23.1'],
      ['node_modules/hono', 'hono@4.13.19'],
      ['node_modules/left-pad', 'left-pad@1.3.0'],
    ]);
    const findings = judgePackages(bad, new Set([...staged, 'hono@4.13.19']), forbidden);
    expect(findings.every((finding) => finding.status === 'fail')).toBe(true);
    expect(findings.map((finding) => finding.detail)).toEqual([
      'it belongs to the case service, which the desk does not run',
      'it was not staged from the production dependencies',
      'it belongs to the case service, which the desk does not run',
      'it is installed only as a devDependency',
      'missing: zod@4.6.7',
    ]);
  });

  it("requires every loadable addon, not node-gyp's intermediate copies", () => {
    expect(
      requiredAddons([
        'node_modules/a/build/Release/a.node',
        'node_modules/a/build/Release/obj.target/a.node',
        'node_modules/@img/sharp-linux-x64/lib/sharp.node',
        'node_modules/a/index.js',
      ]),
    ).toEqual(['node_modules/@img/sharp-linux-x64/lib/sharp.node', 'node_modules/a/build/Release/a.node']);
  });

  const unpacked = '/app/resources/app.asar.unpacked';
  const sharpLdd = `\tlinux-vdso.so.1 (0x00007ffd)
\tlibvips-cpp.so.8.18.7 => ${unpacked}/node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.18.7 (0x00007f3)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2)
`;

  it('passes an addon whose shipped library loads from the unpacked folder', () => {
    const finding = judgeLinks('sharp.node', parseLdd(sharpLdd, 0), new Set(['libvips-cpp.so.8.18.7']), unpacked, false);
    expect(finding).toEqual({ status: 'pass', check: 'sharp.node loads its libraries', detail: 'from app.asar.unpacked: libvips-cpp.so.8.18.7' });
  });

  it('fails an addon whose library is missing or comes from outside the app', () => {
    const missing = parseLdd('\tlibvips-cpp.so.8.18.7 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n', 0);
    expect(judgeLinks('sharp.node', missing, new Set(['libvips-cpp.so.8.18.7']), unpacked, false)).toMatchObject({ status: 'fail', detail: 'not found: libvips-cpp.so.8.18.7' });
    const outside = parseLdd('\tlibvips-cpp.so.8.18.7 => /repo/node_modules/@img/x/libvips-cpp.so.8.18.7 (0x1)\n', 0);
    expect(judgeLinks('sharp.node', outside, new Set(['libvips-cpp.so.8.18.7']), unpacked, false)).toMatchObject({ status: 'fail' });
  });

  it('passes static binaries and skips, naming why, a musl build on a glibc machine', () => {
    expect(judgeLinks('ffmpeg', parseLdd('\tnot a dynamic executable\n', 1), new Set(), unpacked, false)).toMatchObject({ status: 'pass', detail: 'statically linked' });
    // What glibc's ldd prints for a musl addon: no list, an error and a non-zero status.
    const muslOutput = 'index.node: error while loading shared libraries: /lib/x86_64-linux-gnu/libc.so: invalid ELF header\n';
    expect(judgeLinks('index.node', parseLdd(muslOutput, 1), new Set(), unpacked, true)).toMatchObject({ status: 'skip' });
    const strings = (...names: string[]) => new TextEncoder().encode(`\0${names.join('\0')}\0`);
    expect(linksMusl(strings('libgcc_s.so.1', 'libc.so'))).toBe(true);
    expect(linksMusl(strings('libc.musl-x86_64.so.1'))).toBe(true);
    expect(linksMusl(strings('libm.so.6', 'libc.so.6', 'ld-linux-x86-64.so.2'))).toBe(false);
  });

  it('fails a file ldd could not read at all, with its words', () => {
    const output = 'x.node: error while loading shared libraries: x.node: invalid ELF header\n';
    expect(judgeLinks('x.node', parseLdd(output, 1), new Set(), unpacked, false)).toMatchObject({
      status: 'fail',
      detail: 'ldd could not read it: x.node: error while loading shared libraries: x.node: invalid ELF header',
    });
  });

  it('reads the feed electron-builder wrote into app-update.yml', () => {
    const text = 'provider: generic\nurl: https://updates.example.com/dispute-desk/\nupdaterCacheDirName: dispute-desk-updater\n';
    expect(readUpdateConfig(text)).toEqual({ provider: 'generic', url: 'https://updates.example.com/dispute-desk/' });
    expect(readUpdateConfig("provider: 'generic'\n")).toEqual({ provider: 'generic', url: undefined });
  });
});
