/**
 * Load benchmark of `remedy serve`: 10,000 `POST /api/diagnose` of the WSL log of dora issue 889
 * from 64 connections on loopback, with autocannon. The server runs in a child process (so that the
 * load generator does not share its event loop), with its diagnosis worker pool (one thread per
 * core) and access logs on, written to /dev/null as `remedy serve` writes stderr.
 *
 * Target on the project's 2-core machine: no errors, p99 under 100 ms. Exits 1 when missed.
 *
 * The measured requests follow a warm-up of 1,000 of the same (reported on their own line): a
 * server's first few hundred diagnoses per worker run before V8 has optimised the engine.
 *
 * Run: `npx tsx bench/http-load.ts` (or `npm run bench`). Options: `--requests N`,
 * `--connections N`, `--warmup N`, `--no-warmup`.
 */
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp } from '../src/http/app.ts'
import { createRunner, INLINE_MAX } from '../src/runner/index.ts'
import { startServer } from '../src/http/server.ts'
import { loadKb } from '../src/kb/load.ts'
import { createLogger, logDestination } from '../src/log.ts'
import { createMatcher } from '../src/match/matcher.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TARGET_P99_MS = 100

/** The part of autocannon's API used here (it ships no types). */
interface AutocannonResult {
  requests: { average: number; sent: number; total: number }
  throughput: { average: number }
  latency: {
    p50: number
    p90: number
    p99: number
    max: number
    average: number
  }
  errors: number
  timeouts: number
  non2xx: number
  duration: number
  statusCodeStats: Record<string, { count: number }>
}
type Autocannon = (options: {
  url: string
  connections: number
  amount: number
  method: 'POST'
  headers: Record<string, string>
  body: string
  timeout: number
}) => Promise<AutocannonResult>

const flag = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name)
  const value = index === -1 ? undefined : Number(process.argv[index + 1])
  return value !== undefined && Number.isInteger(value) && value > 0
    ? value
    : fallback
}

/** Child mode: serve the real app on a free port and print its URL. */
async function serve(): Promise<void> {
  const { kb } = await loadKb(join(ROOT, 'kb'))
  const state = { kb, matcher: createMatcher(kb) }
  const workers = flag('--workers', availableParallelism())
  // The server's runner: every diagnosis in the pool.
  const runner = createRunner({
    kb: () => state,
    inlineMax: INLINE_MAX.http,
    workers
  })
  const app = createApp({
    kb: state,
    runner,
    logger: createLogger('info', logDestination('/dev/null'))
  })
  const server = await startServer({
    fetch: app.fetch,
    host: '127.0.0.1',
    port: 0
  })
  process.stdout.write(`${server.url} ${workers}\n`)
  process.once('SIGTERM', () => {
    void server.close().then(() => runner.close())
  })
}

function wslLog(): string {
  const path = join(ROOT, 'test/fixtures/eval/dev.jsonl')
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue
    const record = JSON.parse(line) as { id: string; log: string }
    if (record.id === 'dora-001') return record.log
  }
  throw new Error(`bench: dora-001 is not in ${path}`)
}

async function main(): Promise<void> {
  const requests = flag('--requests', 10_000)
  const warmup = process.argv.includes('--no-warmup')
    ? 0
    : flag('--warmup', 1_000)
  const connections = flag('--connections', 64)
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--serve',
      ...process.argv.slice(2)
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  let workers = 0
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = /^(http:\/\/\S+) (\d+)\n/.exec(out)
      if (line?.[1] !== undefined) {
        workers = Number(line[2])
        resolve(line[1])
      }
    })
    child.once('exit', (code) =>
      reject(new Error(`bench: the server exited with ${String(code)}`))
    )
  })
  const body = JSON.stringify({ log: wslLog(), locale: 'en' })
  const check = await fetch(`${url}/api/diagnose`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body
  })
  const first = (await check.json()) as { matches?: { id: string }[] }
  if (
    check.status !== 200 ||
    first.matches?.[0]?.id !== 'zenoh-multicast-bind-failed'
  ) {
    throw new Error(
      `bench: the server answered ${check.status} ${JSON.stringify(first).slice(0, 200)}`
    )
  }

  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon
  const load = (amount: number): Promise<AutocannonResult> =>
    autocannon({
      url: `${url}/api/diagnose`,
      connections,
      amount,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      timeout: 10
    })
  // A server that has just started runs its first few hundred diagnoses per worker several times
  // slower (V8 has not compiled the engine's hot paths yet): the same load first, reported apart.
  const warm = warmup > 0 ? await load(warmup) : undefined
  const result = await load(requests)
  child.kill('SIGTERM')

  if (warm !== undefined)
    console.log(
      `warm-up: ${warmup} of the same requests first, not counted below: p50 ${warm.latency.p50} ms, p99 ${warm.latency.p99} ms, max ${warm.latency.max} ms, ${warm.errors + warm.timeouts + warm.non2xx} errors`
    )
  // Errors count in the warm-up too: only the latency of the first requests is set apart.
  const failures =
    result.errors +
    result.timeouts +
    result.non2xx +
    (warm === undefined ? 0 : warm.errors + warm.timeouts + warm.non2xx)
  const completed = result.requests.total
  console.log(
    `POST /api/diagnose × ${requests}, ${connections} connections, loopback, ${workers} diagnosis workers`
  )
  console.log(`  completed   ${completed} in ${result.duration.toFixed(1)} s`)
  console.log(
    `  throughput  ${result.requests.average.toFixed(0)} req/s (${(result.throughput.average / 1024 / 1024).toFixed(1)} MB/s)`
  )
  console.log(
    `  latency     p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`
  )
  console.log(
    `  errors      ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`
  )
  const ok =
    failures === 0 &&
    completed >= requests &&
    result.latency.p99 < TARGET_P99_MS
  console.log(
    `  target      no errors, p99 < ${TARGET_P99_MS} ms: ${ok ? 'met' : 'MISSED'}`
  )
  process.exitCode = ok ? 0 : 1
}

if (process.argv.includes('--serve')) await serve()
else await main()
