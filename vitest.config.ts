import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
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
    maxWorkers: Math.max(2, availableParallelism() - 1)
  }
})
