import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'

export const plugins: Config['plugins'] = [assert(), pluginAdonisJS(app), apiClient()]

/** Migrate once per run: every suite starts from the current schema on a fresh database. */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [() => testUtils.db().migrate()],
  teardown: [],
}

/**
 * The AI emulator is shared by every test: faults one test queued and did not consume must not
 * leak into the next test, so each test ends by resetting it.
 */
async function resetEmulator() {
  if (!process.env.FAKE_AI_URL) return
  await fetch(`${process.env.FAKE_AI_URL}/__emulator/reset`, { method: 'POST' }).catch(() => {})
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  suite.onGroup((group) => group.each.teardown(resetEmulator))
  suite.onTest((t) => t.teardown(resetEmulator))
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
