import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { launchTestBrowser, startApp, type AppHarness, type StartOptions, type TestBrowser } from './app'

export interface Apps {
  /** Starts the app in a fresh page; it is closed after the test. */
  start(options?: StartOptions): Promise<AppHarness>
}

/**
 * The lifecycle every e2e file shares: one browser per file, apps closed after each test, and every flow held
 * to running without a console error, an uncaught exception or a CSP violation.
 */
export function useApps(afterEachTest?: () => Promise<void>): Apps {
  let browser: TestBrowser
  const running: AppHarness[] = []
  beforeAll(async () => {
    browser = await launchTestBrowser()
  })
  afterAll(async () => {
    await browser.close()
  })
  afterEach(async () => {
    const problems = running.flatMap((app) => app.problems)
    for (const app of running.splice(0)) await app.close()
    await afterEachTest?.()
    expect(problems).toEqual([])
  })
  return {
    async start(options) {
      const app = await startApp(browser, options)
      running.push(app)
      return app
    },
  }
}
