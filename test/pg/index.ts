/**
 * PostgreSQL for the tests, real and not mocked: `REMEDY_TEST_PG_URL` when it is set (a superuser
 * URL), otherwise the run's throwaway cluster (`./cluster.ts`), started by the first test file that
 * asks and shared by all of them. Each test file gets a fresh database, each test a fresh schema.
 * Without a server the PostgreSQL tests say plainly that they were skipped; with
 * `REMEDY_REQUIRE_PG=1` (set by `.ci/run`) they fail instead.
 */
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { findPgBin, startCluster } from './cluster.ts'
import { clusterInfo } from './state.ts'
import type { ClusterState } from './state.ts'

/** Whether PostgreSQL must be there (`REMEDY_REQUIRE_PG=1`, set by `.ci/run`). */
export const PG_REQUIRED = process.env.REMEDY_REQUIRE_PG === '1'

/** A database of its own for one test file. */
export interface TestPostgres {
  /** A superuser URL to the file's database. */
  url: string
  /** The cluster's data folder, when the run started the cluster (not with `REMEDY_TEST_PG_URL`). */
  dataDir: string | undefined
  /** The database's folder under `dataDir`, when known. */
  databaseDir: string | undefined
  /** A URL to a new, empty schema of the file's database (`search_path` set in the URL). */
  freshSchema: () => Promise<string>
  /** Drop the file's database. */
  drop: () => Promise<void>
}

/** Why PostgreSQL tests are skipped here, or the server to use. */
async function server(): Promise<ClusterState> {
  const given = process.env.REMEDY_TEST_PG_URL
  if (given !== undefined && given !== '') return { url: given, dataDir: '' }
  const bin = findPgBin()
  if (bin === undefined)
    return {
      skipped:
        'no PostgreSQL server: set REMEDY_TEST_PG_URL, or install Debian’s postgresql package for a throwaway cluster'
    }
  const dir = inject('pgStateDir')
  // The server runs as another user, who must reach its folder inside this one.
  chmodSync(dir, 0o755)
  const file = join(dir, 'cluster.json')
  try {
    mkdirSync(join(dir, 'lock'))
  } catch {
    // Another test file is starting the cluster: wait for what it writes.
    for (let waited = 0; waited < 120_000; waited += 50) {
      const state = clusterInfo(readOrUndefined(file))
      if (state !== undefined) return state
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return {
      skipped: 'the throwaway PostgreSQL cluster did not start in 2 minutes'
    }
  }
  let state: ClusterState
  try {
    const cluster = await startCluster(join(dir, 'cluster'), bin)
    state = { url: cluster.url, dataDir: cluster.dataDir }
  } catch (error) {
    state = {
      skipped: `the throwaway PostgreSQL cluster did not start: ${error instanceof Error ? errorText(error) : String(error)}`
    }
  }
  writeFileSync(`${file}.tmp`, JSON.stringify(state))
  renameSync(`${file}.tmp`, file)
  return state
}

/** The first line of a failed command and its stderr, for the skip message. */
function errorText(error: Error): string {
  const stderr =
    'stderr' in error && typeof error.stderr === 'string' ? error.stderr : ''
  return `${error.message.split('\n')[0] ?? ''} ${stderr.trim()}`.trim()
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * A fresh database for this test file, or undefined (after saying so) when there is no server.
 * @param what What the tests cover, for the skip message.
 * @returns The database, or undefined.
 * @throws When there is no server and `REMEDY_REQUIRE_PG=1`.
 */
export async function testPostgres(
  what: string
): Promise<TestPostgres | undefined> {
  const state = await server()
  if ('skipped' in state) {
    if (PG_REQUIRED)
      throw new Error(
        `test: REMEDY_REQUIRE_PG=1 but ${state.skipped} (${what} cannot run)`
      )
    console.warn(`skipped: ${what} (${state.skipped})`)
    return undefined
  }
  const name = `remedy_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: state.url })
  await admin.connect()
  let oid: string
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`)
    const { rows } = await admin.query<{ oid: string }>(
      'SELECT oid::text AS oid FROM pg_database WHERE datname = $1',
      [name]
    )
    oid = rows[0]?.oid ?? ''
  } finally {
    await admin.end()
  }
  const url = new URL(state.url)
  url.pathname = `/${name}`
  const dataDir = state.dataDir === '' ? undefined : state.dataDir
  let schemas = 0
  return {
    url: url.toString(),
    dataDir,
    databaseDir: dataDir === undefined ? undefined : join(dataDir, 'base', oid),
    freshSchema: async () => {
      schemas += 1
      const schema = `t${schemas}`
      const client = new pg.Client({ connectionString: url.toString() })
      await client.connect()
      try {
        await client.query(`CREATE SCHEMA ${schema}`)
      } finally {
        await client.end()
      }
      return schemaUrl(url.toString(), schema)
    },
    drop: async () => {
      const client = new pg.Client({ connectionString: state.url })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    }
  }
}

/**
 * A URL whose connections use a schema first (`options=-c search_path=…`).
 * @param url A database URL.
 * @param schema The schema.
 * @returns The URL.
 */
export function schemaUrl(url: string, schema: string): string {
  const out = new URL(url)
  out.searchParams.set('options', `-c search_path=${schema}`)
  return out.toString()
}

/**
 * The suffix for the names of PostgreSQL tests, so that a skip reads plainly in the report.
 * @param db What `testPostgres` gave.
 * @returns Empty when there is a server.
 */
export function pgSkipNote(db: TestPostgres | undefined): string {
  return db === undefined ? ' (skipped: no PostgreSQL server)' : ''
}
