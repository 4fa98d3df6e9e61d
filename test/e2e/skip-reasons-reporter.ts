import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why each skipped test was skipped, so a skip is never silent in CI's log. */
export default class SkipReasonsReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given';
    this.skipped.push(`SKIPPED ${test.titlePath().filter(Boolean).join(' › ')}: ${reason}`);
  }

  onEnd(): void {
    for (const line of this.skipped) process.stdout.write(`${line}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
