/**
 * Vitest global setup: one PostgreSQL cluster per test run, started by the first test file that
 * asks for it (`testPostgres` in `./index.ts`) and stopped here when the run ends. A run whose files
 * never ask (most single-file runs) starts nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { clusterInfo } from './state.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder where the run's cluster lives once a test file started it. */
    pgStateDir: string
  }
}

/**
 * Hand every test file the folder of the run's cluster; stop the cluster at the end.
 * @param project Vitest's project, to provide the folder.
 * @returns The teardown.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'remedy-pg-'))
  project.provide('pgStateDir', dir)
  return async () => {
    const info = clusterInfo(readState(dir))
    if (info !== undefined && 'dataDir' in info) {
      const { stopDataDir } = await import('./cluster.ts')
      await stopDataDir(info.dataDir)
    }
    rmSync(dir, { recursive: true, force: true })
  }
}

function readState(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, 'cluster.json'), 'utf8')
  } catch {
    return undefined
  }
}
