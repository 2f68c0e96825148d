/**
 * Event-loop benchmark (`npm run bench`): how long the gateway bot's own diagnosis path
 * (`diagnoseFiles`, the function every /diagnose, modal, context-menu and watch answer goes
 * through, after `extract` for attachments) blocks the event loop on the worst inputs, measured
 * with `perf_hooks.monitorEventLoopDelay` while a timer keeps ticking. The budget per diagnosis is
 * 250 ms: far below the gateway heartbeat (~41 s) and Discord's 3-second answer window, so that
 * other users' interactions are not held up. A case over budget fails the run (exit code 1).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { join } from 'node:path'
import { loadConfig } from '../src/config.ts'
import { diagnoseFiles } from '../src/interactions/answer.ts'
import { extract } from '../src/interactions/attachments.ts'
import { createServices } from '../src/interactions/services.ts'
import type { Services } from '../src/interactions/types.ts'
import { createLogger } from '../src/log.ts'
import { createRunner, INLINE_MAX } from '../src/runner/index.ts'

const BUDGET_MS = 250
const HEARTBEAT_MS = 41_250
const DEADLINE_MS = 3_000
const MB = 1024 * 1024

const root = join(import.meta.dirname, '..')
const config = loadConfig({ KB_DIR: join(root, 'kb') }, root)
const log = createLogger('silent')
// In-process, as the bot did before; and as `startBot` wires it now: a request whose inputs are
// large in total (a long log, or an archive of many small ones) in a worker.
const inline = await createServices({ config, log, transport: 'gateway' })
const bot = await createServices({
  config,
  log,
  transport: 'gateway',
  runner: (kb) =>
    createRunner({ kb, inlineMax: INLINE_MAX.gateway, workers: 1 })
})

const WSL = [
  '[ERROR]',
  'failed to run dora-daemon',
  '',
  'Caused by:',
  '   0: failed to open zenoh session',
  '   1: Unable to bind UDP port 224.0.0.224:7446 - Caused by Cannot assign requested address (os error 99)',
  '   2: Cannot assign requested address (os error 99)'
].join('\n')

const ERRNO = [
  'Address already in use (os error 98)',
  'Connection refused (os error 111)',
  'error: ECONNRESET connection reset by peer',
  'No such file or directory (os error 2)',
  'Permission denied (os error 13)',
  'Error: listen EADDRINUSE: address already in use :::3000',
  'Too many open files (os error 24)',
  'Network is unreachable (os error 101)',
  'No space left on device (os error 28)',
  'Operation timed out: i/o timeout'
]

/** Lines of many kinds of hostility, repeated to `bytes`, with the real error at the very end. */
function mixed(bytes: number): string {
  const kinds = [
    (i: number) =>
      `${'\x1b[1;3'.repeat(40)}${i}m${ERRNO[i % ERRNO.length] ?? ''}${'\x1b[0m'.repeat(40)}`,
    (i: number) => '```'.repeat(20) + ` fence ${i} ` + '```',
    (i: number) =>
      `@everyone <@${i}> <@&${i}> <#${i}> [x](http://evil.example/${i}) \u202egol.exe\u200b\u200d\ufeff`,
    (i: number) => `${ERRNO.join(' | ')} ${i}`,
    (i: number) =>
      `${'a'.repeat(1500)} os error ${i % 140} ${'(('.repeat(200)}`,
    (i: number) =>
      `token=ghp_${'x'.repeat(36)} mail a${i}@example.org /home/user${i}/x`,
    (i: number) => `\u0007\ufffd${'\ud800'.repeat(20)} ${i}`
  ]
  const lines: string[] = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const line = (kinds[i % kinds.length] ?? String)(i)
    lines.push(line)
    size += line.length + 1
  }
  return `${lines.join('\n')}\n${WSL}\n`
}

const cases: {
  name: string
  files: () =>
    | { name: string | undefined; text: string }[]
    | Promise<{ name: string | undefined; text: string }[]>
}[] = [
  { name: 'typical WSL paste', files: () => [{ name: undefined, text: WSL }] },
  {
    name: '1 MB mixed hostile paste',
    files: () => [{ name: undefined, text: mixed(MB) }]
  },
  {
    name: 'one 1 MB line',
    files: () => [{ name: undefined, text: `${'x'.repeat(MB)} os error 99` }]
  },
  {
    name: '1 MB of 200,000 short lines',
    files: () => [{ name: undefined, text: `${'e\n'.repeat(200_000)}${WSL}` }]
  },
  {
    name: '8 MB attachment (extract + diagnose)',
    files: () => extract('daemon.log', Buffer.from(mixed(8 * MB)), 8 * MB)
  },
  {
    // Issue 14: each file is under the gateway's in-process limit, the archive is not.
    name: 'zip of 100 logs of 3 KB',
    files: () =>
      Array.from({ length: 100 }, (_, i) => ({
        name: `logs.zip/${i}.log`,
        text: mixed(3 * 1024)
      }))
  },
  {
    name: 'zip of 100 files of 80 KB (the archive cap)',
    files: () =>
      Array.from({ length: 100 }, (_, i) => ({
        name: `logs.zip/${i}.log`,
        text: mixed(80 * 1024)
      }))
  }
]

const ROUNDS = 5
let failed = false
console.log(
  `budget ${BUDGET_MS} ms of event-loop delay · gateway heartbeat ${HEARTBEAT_MS} ms · Discord deadline ${DEADLINE_MS} ms`
)

/** Run the case's inputs through `diagnoseFiles`; return the longest call and the loop delay seen meanwhile. */
async function measure(
  services: Services,
  inputs: { name: string | undefined; text: string }[][]
): Promise<{ longest: number; max: number; p99: number }> {
  await diagnoseFiles(services, inputs[0] ?? [], 'en-US') // warm up (and start the worker)
  const histogram = monitorEventLoopDelay({ resolution: 5 })
  // Something must be waiting on the loop for its delay to show: a 10 ms ticker stands for the gateway.
  const ticker = setInterval(() => undefined, 10)
  histogram.enable()
  let longest = 0
  for (const files of inputs) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    const started = performance.now()
    await diagnoseFiles(services, files, 'en-US')
    longest = Math.max(longest, performance.now() - started)
  }
  await new Promise((resolve) => setTimeout(resolve, 20))
  histogram.disable()
  clearInterval(ticker)
  return {
    longest,
    max: histogram.max / 1e6,
    p99: histogram.percentile(99) / 1e6
  }
}

const ms = (value: number): string => `${value.toFixed(1).padStart(7)} ms`
for (const c of cases) {
  const inputs = await Promise.all(
    Array.from({ length: ROUNDS }, async () => c.files())
  )
  const before = await measure(inline, inputs)
  const after = await measure(bot, inputs)
  const ok = after.max <= BUDGET_MS
  if (!ok) failed = true
  console.log(c.name)
  console.log(
    `  in-process  diagnosis ${ms(before.longest)}   loop delay max ${ms(before.max)}  p99 ${ms(before.p99)}`
  )
  console.log(
    `  gateway bot diagnosis ${ms(after.longest)}   loop delay max ${ms(after.max)}  p99 ${ms(after.p99)}   ${((after.max / HEARTBEAT_MS) * 100).toFixed(2)}% of a heartbeat, ${((after.max / DEADLINE_MS) * 100).toFixed(1)}% of the deadline  ${ok ? 'ok' : `OVER ${BUDGET_MS} ms`}`
  )
}
await bot.runner.close()
process.exitCode = failed ? 1 : 0
