/**
 * A throwaway PostgreSQL cluster for the tests and the bench: `initdb` into a temporary folder,
 * a server on a free loopback port (no Unix socket), trust authentication, durability off (nothing
 * here outlives the run). Tests run as root in CI, and PostgreSQL refuses to run as root, so the
 * server then runs as the `postgres` user (`runuser`), which Debian's package creates.
 */
import { execFile } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync
} from 'node:fs'
import { createServer } from 'node:net'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** A running cluster. */
export interface Cluster {
  /** A superuser URL to the `postgres` database. */
  url: string
  /** The data folder (the privacy test reads its bytes). */
  dataDir: string
  stop: () => Promise<void>
}

/**
 * The folder of the PostgreSQL server binaries (`initdb`, `pg_ctl`), newest version first, or
 * undefined when PostgreSQL is not installed.
 * @returns A `…/bin` folder.
 */
export function findPgBin(): string | undefined {
  const given = process.env.REMEDY_PG_BIN
  if (given !== undefined && given !== '')
    return existsSync(join(given, 'initdb')) ? given : undefined
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
  for (const version of versions) {
    const bin = join(root, version, 'bin')
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')))
      return bin
  }
  return undefined
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port =
        typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => {
        resolve(port)
      })
    })
  })
}

/**
 * Start a cluster in `root` (created; it must be empty or missing).
 * @param root A temporary folder that the caller removes after `stop`.
 * @param bin Where `initdb` and `pg_ctl` are.
 * @returns The running cluster.
 */
export async function startCluster(
  root: string,
  bin: string
): Promise<Cluster> {
  const asRoot = userInfo().uid === 0
  const home = join(root, 'pg')
  const dataDir = join(home, 'data')
  mkdirSync(home, { recursive: true })
  // The server user must reach its folder through the temporary one.
  chmodSync(root, 0o755)
  const as = async (command: string, args: string[]): Promise<void> => {
    const file = join(bin, command)
    if (asRoot)
      await run('runuser', ['-u', 'postgres', '--', file, ...args], {
        timeout: 60_000
      })
    else await run(file, args, { timeout: 60_000 })
  }
  if (asRoot) {
    const ids = await run('id', ['-u', 'postgres'])
    const gids = await run('id', ['-g', 'postgres'])
    chownSync(home, Number(ids.stdout.trim()), Number(gids.stdout.trim()))
  }
  await as('initdb', [
    '-D',
    dataDir,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-N',
    '-E',
    'UTF8',
    '--no-instructions'
  ])
  const port = await freePort()
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    // Durability is not what these tests check: the data goes away with the run.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    '-c shared_buffers=32MB'
  ].join(' ')
  await as('pg_ctl', [
    '-D',
    dataDir,
    '-o',
    settings,
    '-l',
    join(home, 'server.log'),
    '-w',
    '-t',
    '60',
    'start'
  ])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    stop: async () => {
      await as('pg_ctl', [
        '-D',
        dataDir,
        '-m',
        'immediate',
        '-w',
        'stop'
      ]).catch(() => undefined)
    }
  }
}

/**
 * Stop a cluster started by another process of the run (the vitest teardown).
 * @param dataDir Its data folder.
 */
export async function stopDataDir(dataDir: string): Promise<void> {
  const bin = findPgBin()
  if (bin === undefined) return
  const args = ['-D', dataDir, '-m', 'immediate', '-w', 'stop']
  const file = join(bin, 'pg_ctl')
  await (
    userInfo().uid === 0
      ? run('runuser', ['-u', 'postgres', '--', file, ...args], {
          timeout: 60_000
        })
      : run(file, args, { timeout: 60_000 })
  ).catch(() => undefined)
}
