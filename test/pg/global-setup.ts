/**
 * Vitest global setup: one PostgreSQL cluster per test run, started by the first test file that
 * asks for it (`testPostgres` in `./index.ts`) and stopped here when the run ends. A run whose files
 * never ask (most single-file runs) starts nothing.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync
} from 'node:fs'
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
  // `.ci/run` names the folder, so that its trap can stop the cluster if vitest itself is killed.
  const given = process.env.REMEDY_TEST_PG_STATE
  const dir =
    given !== undefined && given !== ''
      ? join(given, 'run')
      : mkdtempSync(join(tmpdir(), 'remedy-pg-'))
  mkdirSync(dir, { recursive: true })
  // The server runs as another user, who must reach its folder inside these.
  if (given !== undefined && given !== '') chmodSync(given, 0o755)
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
