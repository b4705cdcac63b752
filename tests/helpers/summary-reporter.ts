/**
 * Closes every run with one plain line, "N passed, N failed, N skipped", and fails the run when
 * any test was skipped or marked todo: here a skipped test is not a passing one.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    if (skipped > 0) {
      console.error(`${skipped} test(s) were skipped or left todo: the run fails until they run.`);
      process.exitCode = 1;
    }
    console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
