/**
 * Acknowledgement benchmark of the Discord adapters (issue 14): a flood of 200 interactions at
 * once — 100 through the gateway bot (`remedy bot`) and 100 through the HTTP interactions endpoint
 * (`remedy serve`), a fifth of them zip archives of 100 logs, a fifth Apps → Diagnose, a fifth
 * public pastes and the rest private pastes — against the project's fake Discord, which enforces
 * Discord's rules and records who can see each message. The bot and the server each run in their own
 * child process, as they are deployed, with their worker pools and access logs; the fake Discord
 * and the load run in this process, as Discord would be elsewhere.
 *
 * Measured: the time from dispatch to acknowledgement of each interaction (gateway: the fake's
 * clock, from the INTERACTION_CREATE frame to the callback; HTTP: from the POST to its response),
 * worst and p99 per transport, and whether every private answer stayed private.
 * Target: every acknowledgement within 1 s on an idle machine, no private answer leaked. Exits 1
 * when missed. The load average is printed: on a machine busy with other work, the numbers say more
 * about the machine than about the code.
 *
 * Run: `node --import tsx bench/discord-flood.ts` (or `npm run bench`). Options: `--count N`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/config.ts'
import { startBot } from '../src/discord/bot.ts'
import { startHttp } from '../src/http/run.ts'
import { createLogger, logDestination } from '../src/log.ts'
import { fakeBotConfig } from '../test/discord/harness.ts'
import { evalLog } from '../test/eval-set.ts'
import { startFakeDiscord } from '../test/fake-discord/index.ts'
import { floodArchive, floodPayload } from '../test/hardening/flood-mix.ts'
import { makeKeys } from '../test/http/keys.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TARGET_MS = 1000
const WSL_LOG = evalLog('dora-001')

const flag = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name)
  const value = index === -1 ? undefined : Number(process.argv[index + 1])
  return value !== undefined && Number.isInteger(value) && value > 0
    ? value
    : fallback
}
const arg = (name: string): string => {
  const index = process.argv.indexOf(name)
  return index === -1 ? '' : (process.argv[index + 1] ?? '')
}

/** Child mode: run the gateway bot or the HTTP server against the fake at `--api`. */
async function child(mode: string): Promise<void> {
  const apiBase = arg('--api')
  const applicationId = arg('--app')
  const log = createLogger('info', logDestination('/dev/null'))
  if (mode === 'gateway') {
    const bot = await startBot({
      config: fakeBotConfig({ apiBase, applicationId }),
      log,
      client: {
        ws: {
          buildIdentifyThrottler: () =>
            Promise.resolve({ waitForIdentify: () => Promise.resolve() })
        }
      }
    })
    process.stdout.write('ready\n')
    process.once('SIGTERM', () => void bot.stop().then(() => process.exit(0)))
    return
  }
  const config = loadConfig(
    {
      KB_DIR: join(ROOT, 'kb'),
      COOLDOWN_SECONDS: '0',
      DISCORD_API_BASE: apiBase,
      DISCORD_APPLICATION_ID: applicationId,
      DISCORD_PUBLIC_KEY: arg('--key'),
      HOST: '127.0.0.1',
      PORT: '0'
    },
    ROOT
  )
  const server = await startHttp({ config, log })
  process.stdout.write(`ready ${server.url}\n`)
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)))
}

/** Start a child and wait for its `ready` line. */
async function spawnChild(
  args: string[]
): Promise<{ process: ChildProcess; line: string }> {
  const proc = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const ready = /^ready.*\n/m.exec(out)
      if (ready !== null) resolve(ready[0].trim())
    })
    proc.once('exit', (code) =>
      reject(new Error(`bench: ${args[0] ?? ''} exited with ${String(code)}`))
    )
  })
  return { process: proc, line }
}

/**
 * CPU time of a process's main thread so far, in milliseconds (Linux: /proc), or NaN. Unlike the
 * acknowledgement times, it does not grow when other work shares the cores.
 */
function mainThreadCpuMs(pid: number | undefined): number {
  try {
    const fields =
      readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')
        .split(') ')[1]
        ?.split(' ') ?? []
    // utime and stime, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return (
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ] ?? NaN
  )
}

async function main(): Promise<void> {
  const count = flag('--count', 200)
  const keys = makeKeys()
  // A late acknowledgement is measured, not refused: the deadline is the fake's only leniency.
  const fake = await startFakeDiscord({ callbackDeadlineMs: 600_000 })
  const common = ['--api', fake.apiBase, '--app', fake.applicationId]
  const gateway = await spawnChild(['--child', 'gateway', ...common])
  const http = await spawnChild([
    '--child',
    'http',
    ...common,
    '--key',
    keys.publicKeyHex
  ])
  const url = http.line.split(' ')[1] ?? ''
  await fake.waitForReady(30_000)
  const zip = floodArchive(WSL_LOG)

  const payloadFor = (i: number): Record<string, unknown> =>
    floodPayload(i, fake, zip, WSL_LOG)

  /** Send one interaction to the HTTP endpoint and relay its response to the fake, as Discord does. */
  const overHttp = async (
    payload: Record<string, unknown>
  ): Promise<{ id: string; ackMs: number }> => {
    const record = fake.httpPayload(payload)
    const body = JSON.stringify(record)
    const started = performance.now()
    const response = await fetch(`${url}/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...keys.sign(body) },
      body
    })
    const answer = await response.text()
    const ackMs = performance.now() - started
    await fetch(
      `${fake.apiBase}/v10/interactions/${record.id}/${record.token}/callback`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: answer
      }
    )
    return { id: record.id, ackMs }
  }
  const overGateway = (
    payload: Record<string, unknown>
  ): Promise<{ id: string; ackMs: number }> => {
    const record = fake.dispatchInteraction(payload)
    return Promise.resolve({ id: record.id, ackMs: NaN })
  }
  /** The messages shown for an interaction: its "thinking…", then the answer's edit and follow-ups. */
  const shownFor = (id: string) =>
    fake.shown.filter((m) => m.message['interaction_id'] === id)
  /** Answered: replied at once, or deferred and then edited or followed up. */
  const answered = (id: string): boolean =>
    fake.interactions.get(id)?.callback?.type === 4 || shownFor(id).length >= 2
  /** Wait until every interaction has been answered (at most 5 minutes), and a moment more. */
  const settle = async (ids: string[]): Promise<void> => {
    for (let waited = 0; waited < 300_000; waited += 250) {
      if (ids.every(answered)) break
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }

  // Warm up both transports and every kind (JIT, the worker pools, connections).
  const warm = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      i % 2 === 1 ? overHttp(payloadFor(i)) : overGateway(payloadFor(i))
    )
  )
  await settle(warm.map((s) => s.id))

  const loadBefore = loadavg()[0] ?? 0
  const cpuBefore = [gateway, http].map((c) => mainThreadCpuMs(c.process.pid))
  const sent = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      i % 2 === 1 ? overHttp(payloadFor(i)) : overGateway(payloadFor(i))
    )
  )
  await settle(sent.map((s) => s.id))
  const loadAfter = loadavg()[0] ?? 0
  const cpu = [gateway, http].map(
    (c, i) =>
      (mainThreadCpuMs(c.process.pid) - (cpuBefore[i] ?? 0)) / (count / 2)
  )

  const acks = sent.map((s) => {
    if (!Number.isNaN(s.ackMs)) return s.ackMs
    const record = fake.interactions.get(s.id)
    return record?.acknowledgedAt === undefined
      ? Number.POSITIVE_INFINITY
      : record.acknowledgedAt - record.dispatchedAt
  })
  const gatewayAcks = acks.filter((_, i) => i % 2 === 0)
  const httpAcks = acks.filter((_, i) => i % 2 === 1)

  // Private answers (every /diagnose without public, the Apps → Diagnose note): the user alone.
  let leaks = 0
  let unanswered = 0
  for (const [i, s] of sent.entries()) {
    const kind = i % 5
    const record = fake.interactions.get(s.id)
    const mine = shownFor(s.id)
    if (!answered(s.id)) unanswered++
    const original = mine.filter((m) => m.message.id === `original-${s.id}`)
    for (const m of kind === 1 ? original : kind === 2 ? [] : mine)
      if (m.audience.kind !== 'user' || m.audience.userId !== record?.userId)
        leaks++
  }

  gateway.process.kill('SIGTERM')
  http.process.kill('SIGTERM')
  await fake.close()

  const line = (name: string, values: number[]): string =>
    `  ${name.padEnd(8)} worst ${Math.round(Math.max(...values))} ms, p99 ${Math.round(percentile(values, 99))} ms, p50 ${Math.round(percentile(values, 50))} ms`
  console.log(
    `${count} interactions at once (${count / 2} gateway, ${count / 2} HTTP; a fifth zip archives of 100 logs), fake Discord, ${availableParallelism()} cores`
  )
  console.log(line('all', acks))
  console.log(line('gateway', gatewayAcks))
  console.log(line('HTTP', httpAcks))
  console.log(
    `  private  ${leaks === 0 ? 'every private answer stayed private' : `${leaks} private messages seen by others`}; ${unanswered} unanswered; ${fake.violations.length} rule violations`
  )
  console.log(
    `  main CPU ${(cpu[0] ?? NaN).toFixed(1)} ms per interaction on the gateway bot's main thread, ${(cpu[1] ?? NaN).toFixed(1)} ms on the HTTP server's (acknowledgement, download, unpacking, answer)`
  )
  console.log(
    `  load     ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (1-minute average, ${availableParallelism()} cores)`
  )
  const worst = Math.max(...acks)
  const ok =
    worst <= TARGET_MS &&
    leaks === 0 &&
    unanswered === 0 &&
    fake.violations.length === 0
  console.log(
    `  target   every acknowledgement within ${TARGET_MS} ms, nothing private leaked: ${ok ? 'met' : 'MISSED'}`
  )
  process.exitCode = ok ? 0 : 1
}

const mode = arg('--child')
if (mode === '') await main()
else await child(mode)
