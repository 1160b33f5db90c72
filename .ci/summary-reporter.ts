import type { Reporter, TestModule } from 'vitest/node'

/**
 * Prints the closing line `N passed, N failed` that CI reads; vitest's own summary is not machine-read there.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0
    let failed = unhandledErrors.length
    let skipped = 0
    for (const testModule of testModules) {
      let failedHere = 0
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state
        if (state === 'passed') passed += 1
        else if (state === 'failed') failedHere += 1
        else skipped += 1
      }
      // A file that failed with no failing test (a beforeAll or an import that threw) has its tests reported as
      // skipped; it still counts as one failure, or CI would print "0 failed" over a red run.
      failed += testModule.state() === 'failed' && failedHere === 0 ? 1 : failedHere
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
