import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// The no-cycle rule, with the TypeScript compiler's parser: every relative import, export-from,
// `import type`, `import('…')` type and dynamic import is an edge, so a cycle held together only by
// types counts too (it still ties two modules' designs together, and a bundler may keep it).

const sourceExtensions = ['.ts', '.tsx'];

/** The relative module names a file imports, of any kind. */
export function importedNames(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const names: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      names.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      names.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      names.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names.filter((name) => name.startsWith('.'));
}

/** The source file a relative import names, or undefined for JSON, CSS and other non-sources. */
function resolveImport(fromFile: string, name: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), name);
  const candidates = [base, ...sourceExtensions.map((ext) => base + ext), ...sourceExtensions.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((candidate) => sourceExtensions.includes(path.extname(candidate)) && existsSync(candidate) && statSync(candidate).isFile());
}

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(full);
    return sourceExtensions.includes(path.extname(entry.name)) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Every import cycle among the sources under `folders` (tests beside the code excluded: nothing
 * imports a test), each as the files of one strongly connected component, relative to `root`.
 */
export function findImportCycles(root: string, folders: readonly string[]): string[][] {
  const files = folders.flatMap((folder) => sourcesUnder(path.join(root, folder))).filter((file) => !/\.test\.tsx?$/.test(file));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const targets = importedNames(file, readFileSync(file, 'utf8')).flatMap((name) => resolveImport(file, name) ?? []);
    edges.set(file, [...new Set(targets)]);
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const connect = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      const selfImport = (edges.get(file) ?? []).includes(file);
      if (component.length > 1 || selfImport) cycles.push(component.map((item) => path.relative(root, item).split(path.sep).join('/')).sort());
    }
  };
  for (const file of files) if (!index.has(file)) connect(file);
  return cycles;
}
