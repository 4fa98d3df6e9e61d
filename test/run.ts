// `npm test`: every step in turn, and a closing line over all runners in the plain form CI reads,
// printed whether or not a step failed, with the steps that failed named just above it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, '.reports');

interface Step {
  name: string;
  script: string;
  /** A step that cannot run without an earlier one having passed. */
  needs?: string;
}

const steps: Step[] = [
  { name: 'typecheck', script: 'typecheck' },
  { name: 'lint', script: 'lint' },
  { name: 'build', script: 'build' },
  { name: 'unit tests', script: 'test:unit' },
  { name: 'end-to-end tests', script: 'test:e2e', needs: 'build' },
];

interface UnitReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { assertionResults: { ancestorTitles: string[]; status: string }[] }[];
}
interface E2eSuite {
  title: string;
  suites?: E2eSuite[];
  specs?: { title: string; file: string; line: number; tests: { status: string }[] }[];
}
interface E2eReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites?: E2eSuite[];
}

/** The journeys that failed and then passed on their retry, as file:line › title. */
function flakyJourneys(suites: readonly E2eSuite[] = []): string[] {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).filter((spec) => spec.tests.some((test) => test.status === 'flaky')).map((spec) => `${spec.file}:${spec.line} › ${spec.title}`),
    ...flakyJourneys(suite.suites),
  ]);
}

function readReport<T>(name: string): T | undefined {
  const file = path.join(reports, name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

// Reports from an earlier run must never be counted as this one's.
rmSync(reports, { recursive: true, force: true });

const outcome = new Map<string, 'passed' | 'failed' | 'not run'>();
for (const step of steps) {
  if (step.needs && outcome.get(step.needs) !== 'passed') {
    process.stdout.write(`\n${step.name}: not run, because ${step.needs} did not pass.\n`);
    outcome.set(step.name, 'not run');
    continue;
  }
  const started = Date.now();
  const run = spawnSync('npm', ['run', step.script], { cwd: root, stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 1000);
  outcome.set(step.name, run.status === 0 ? 'passed' : 'failed');
  process.stdout.write(`\n${step.name}: ${run.status === 0 ? 'passed' : 'FAILED'} in ${seconds} s\n`);
}

const unit = readReport<UnitReport>('unit.json');
const e2e = readReport<E2eReport>('e2e.json');
// A runner that ran but wrote no report failed in a way its own counts cannot show.
if (outcome.get('unit tests') !== 'not run' && !unit) outcome.set('unit tests', 'failed');
if (outcome.get('end-to-end tests') === 'passed' && !e2e) outcome.set('end-to-end tests', 'failed');

const passed = (unit?.numPassedTests ?? 0) + (e2e ? e2e.stats.expected + e2e.stats.flaky : 0);
const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats.unexpected ?? 0);
const skipped = (unit ? unit.numPendingTests + unit.numTodoTests : 0) + (e2e?.stats.skipped ?? 0);

// Say which databases the case service was tested on, so a run without PostgreSQL is visible.
const onDatabase = (name: string) =>
  (unit?.testResults ?? [])
    .flatMap((file) => file.assertionResults)
    .filter((test) => test.status === 'passed' && test.ancestorTitles.some((title) => title.replace(/'/g, '').endsWith(`on ${name}`))).length;

const notPassed = steps.filter((step) => outcome.get(step.name) !== 'passed').map((step) => `${step.name} (${outcome.get(step.name)})`);
process.stdout.write('\n');
process.stdout.write(`unit: ${unit ? `${unit.numPassedTests} passed` : 'no report'}, end-to-end: ${e2e ? `${e2e.stats.expected} passed` : 'no report'}\n`);
if (e2e && e2e.stats.flaky > 0) {
  process.stdout.write(`FLAKY: ${e2e.stats.flaky} end-to-end journeys failed once and passed on their retry; fix them:\n`);
  for (const journey of flakyJourneys(e2e.suites)) process.stdout.write(`  ${journey}\n`);
}
process.stdout.write(`case service tests passed on PGlite: ${onDatabase('pglite')}, on PostgreSQL: ${onDatabase('postgres')}${process.env.DATABASE_URL ? '' : ' (DATABASE_URL not set)'}\n`);
process.stdout.write(notPassed.length === 0 ? 'every step passed\n' : `steps that did not pass: ${notPassed.join(', ')}; their output is above\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(notPassed.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
