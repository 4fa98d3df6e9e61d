// The closing line of `npm test`: one count over every runner, in the plain form CI reads.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const reports = path.resolve(import.meta.dirname, '..', '.reports');
const read = (name: string) => JSON.parse(readFileSync(path.join(reports, name), 'utf8'));

const unit = read('unit.json') as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { assertionResults: { ancestorTitles: string[]; status: string }[] }[];
};
const e2e = read('e2e.json') as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };

const passed = unit.numPassedTests + e2e.stats.expected + e2e.stats.flaky;
const failed = unit.numFailedTests + e2e.stats.unexpected;
const skipped = unit.numPendingTests + unit.numTodoTests + e2e.stats.skipped;

// Say which databases the case service was tested on, so a run without PostgreSQL is visible.
const onDatabase = (name: string) =>
  unit.testResults.flatMap((file) => file.assertionResults).filter((test) => test.status === 'passed' && test.ancestorTitles.some((title) => title.replace(/'/g, '').endsWith(`on ${name}`))).length;

process.stdout.write(`unit: ${unit.numPassedTests} passed, end-to-end: ${e2e.stats.expected} passed\n`);
process.stdout.write(`case service tests passed on PGlite: ${onDatabase('pglite')}, on PostgreSQL: ${onDatabase('postgres')}${process.env.DATABASE_URL ? '' : ' (DATABASE_URL not set)'}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
