import { availableParallelism } from 'node:os'
import { defineConfig, type Plugin } from 'vitest/config'

/**
 * Run the builds of the packages that `remedy` runs. Vite resolves packages for Node with the
 * `development` condition outside production, and Vitest passes it on to its workers: remark's
 * parser (micromark) then runs its development build, with assertions, about a quarter slower
 * than what ships. Vite merges condition lists rather than replacing them, so the condition is
 * taken out of the resolved configuration.
 */
const shippedBuilds: Plugin = {
  name: 'remedy:shipped-builds',
  configResolved(config) {
    const resolves = [
      config.ssr.resolve,
      ...Object.values(config.environments).map((env) => env.resolve)
    ]
    for (const resolve of resolves)
      if (resolve?.conditions !== undefined)
        resolve.conditions = resolve.conditions.filter(
          (condition) => !condition.includes('development')
        )
  }
}

export default defineConfig({
  plugins: [shippedBuilds],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One throwaway PostgreSQL cluster per run, started by the first file that needs it.
    globalSetup: ['test/pg/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on a 2-core machine that is a single
    // worker, and the second core idles while a file waits on a server, a child process or a timer.
    // Two workers at least keep both cores busy (the suite takes about half the wall time there).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Files share their worker's modules instead of each loading its own: loading remark, zod,
    // discord.js and the KB's syntax trees once per worker instead of once per file saves about a
    // third of the suite's CPU. No test changes process-wide state (environment, globals, timers,
    // mocks) that another file could see; each builds its own services, servers and stores.
    isolate: false
  }
})
