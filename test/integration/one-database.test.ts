/**
 * Issue 6: "the gateway bot, the HTTP endpoint and the CLI can run at the same time on one database
 * file". Three processes share one SQLite file: `remedy bot` (answering /diagnose and the feedback
 * buttons through the fake Discord), `remedy serve` (the JSON API, the playground's endpoint and
 * Discord's HTTP interactions) and `remedy stats`, run again and again while the other two write.
 * Every write that was acknowledged must be in the file, and the stats must count them all.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { diagnose } from '../../src/match/diagnose.ts'
import { createMatcher } from '../../src/match/matcher.ts'
import type { Stats } from '../../src/store/index.ts'
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts'
import type { RecordedRequest } from '../fake-discord/index.ts'
import { chatInput, component } from '../fake-discord/interactions.ts'
import { makeKeys } from '../http/keys.ts'
import { loadRealKb } from '../real-kb.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/remedy.js')
const LOGS = [
  'Error: listen EADDRINUSE: address already in use :::3000',
  'the frobnicator went sideways while reticulating splines',
  'thread main panicked: Connection refused (os error 111) at 10.0.0.7:7447',
  'Error: EACCES: permission denied, open /home/ana/.config/app.json'
]
/** Per writer: at least this many diagnoses, and more until remedy stats has read a few times. */
const ROUNDS = 8
const READS = 2

interface Child {
  child: ChildProcessWithoutNullStreams
  out: () => string
  err: () => string
  exit: Promise<number | null>
}

const children: ChildProcessWithoutNullStreams[] = []
let dir: string
let env: Record<string, string>
let gatewayFake: FakeDiscord
let httpFake: FakeDiscord
const keys = makeKeys()

function start(args: string[], extra: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env, ...extra }
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  return { child, out: () => out, err: () => err, exit }
}

/** How long a process may take to start (or a write to land) before the test gives up. */
const START_MS = 90_000

async function waitFor(
  what: string,
  check: () => boolean,
  timeoutMs = START_MS
): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`test: timed out waiting ${what}`)
    await new Promise((done) => setTimeout(done, 25))
  }
}

/** `remedy stats --json` as its own process. */
async function statsProcess(): Promise<Stats> {
  const run = start(['stats', '--json'])
  const code = await run.exit
  expect(run.err()).toBe('')
  expect(code).toBe(0)
  return JSON.parse(run.out()) as Stats
}

function buttons(requests: RecordedRequest[]): string[] {
  // The answer is the edit of the deferred reply (the deferral itself carries no message).
  const answer = requests.find((request) => request.method === 'PATCH')
  if (answer === undefined) return []
  const body = answer.body as {
    components?: { components?: { custom_id?: string }[] }[]
  }
  return (body.components ?? []).flatMap((row) =>
    (row.components ?? []).map((button) => button.custom_id ?? '')
  )
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'remedy-one-db-'))
  gatewayFake = await startFakeDiscord()
  // A second fake for the HTTP interactions: its interactions are made up, never sent to the bot.
  httpFake = await startFakeDiscord()
  env = {
    REMEDY_DB: join(dir, 'shared.sqlite'),
    REMEDY_SALT: 'one-database',
    KB_DIR: join(ROOT, 'kb'),
    COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'warn'
  }
})

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null) child.kill('SIGKILL')
  await gatewayFake.close()
  await httpFake.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the gateway bot, the HTTP server and the CLI on one database file', () => {
  it('should keep every write of each and show them all in remedy stats', async () => {
    const bot = start(['bot'], {
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: gatewayFake.applicationId,
      DISCORD_API_BASE: gatewayFake.apiBase
    })
    const serve = start(['serve', '--port', '0'], {
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_APPLICATION_ID: httpFake.applicationId,
      DISCORD_API_BASE: httpFake.apiBase
    })
    // Starting Node with the bot and the KB: seconds on an idle machine, far more on a busy one.
    await gatewayFake.waitForReady(START_MS)
    await waitFor('for remedy serve', () =>
      /Remedy playground: (http:\/\/\S+?)\/\n/.test(serve.out())
    )
    const url = /Remedy playground: (http:\/\/\S+?)\/\n/.exec(serve.out())?.[1]

    // The three writers run at once while remedy stats reads again and again; they keep writing
    // until it has read a few times (starting a process through tsx takes longer than a diagnosis).
    let reads = 0
    const more = async (i: number): Promise<boolean> => {
      // A short pause between writes: enough overlap, without flooding the file for the whole wait.
      await new Promise((done) => setTimeout(done, 20))
      return i < ROUNDS || reads < READS
    }
    const sent = { gateway: 0, http: 0, playground: 0 }
    const logsSent: string[] = []
    const gatewayIds: string[] = []
    const gateway = (async () => {
      for (let i = 0; await more(i); i++) {
        const log = LOGS[i % LOGS.length] ?? ''
        const interaction = gatewayFake.dispatchInteraction(
          chatInput('diagnose', [{ name: 'log', type: 3, value: log }], {
            userId: `7000000000000${String(i).padStart(5, '0')}`
          })
        )
        // Acknowledged on receipt; the answer is the edit of @original that follows.
        await gatewayFake.waitForRequest(
          (request) =>
            request.method === 'PATCH' &&
            request.path.includes(`/${interaction.token}/messages/`),
          30_000
        )
        sent.gateway++
        logsSent.push(log)
        const ids = buttons(gatewayFake.requestsFor(interaction))
        const fix = ids.find((id) => id.split(':')[1] === 'fix')
        if (fix !== undefined) {
          gatewayIds.push(fix.split(':')[2] ?? '')
          const vote = gatewayFake.dispatchInteraction(
            component(fix, 2, undefined, { userId: '600000000000000001' })
          )
          // The vote is recorded before its thanks, the edit of the private deferral.
          await gatewayFake.waitForRequest(
            (request) =>
              request.method === 'PATCH' &&
              request.path.includes(`/${vote.token}/messages/`),
            30_000
          )
        }
      }
    })()
    const api = (async () => {
      for (let i = 0; await more(i); i++) {
        const log = LOGS[i % LOGS.length] ?? ''
        const playground = i % 2 === 1
        const response = await fetch(
          `${url ?? ''}${playground ? '/api/playground/diagnose' : '/api/diagnose'}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ log })
          }
        )
        expect(response.status).toBe(200)
        await response.arrayBuffer()
        if (playground) sent.playground++
        else sent.http++
        logsSent.push(log)
      }
    })()
    const interactions = (async () => {
      for (let i = 0; await more(i); i++) {
        const log = LOGS[i % LOGS.length] ?? ''
        const payload = chatInput('diagnose', [
          { name: 'log', type: 3, value: log }
        ])
        const record = httpFake.httpPayload(payload)
        const body = JSON.stringify(record)
        const response = await fetch(`${url ?? ''}/interactions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...keys.sign(body) },
          body
        })
        expect(response.status).toBe(200)
        // An immediate answer (4), or a deferral (5), finished by an edit. As Discord does, the
        // endpoint's response is the interaction's callback: relay it to the fake.
        const answer = (await response.json()) as { type: number }
        const relayed = await fetch(
          `${httpFake.apiBase}/v10/interactions/${record.id}/${record.token}/callback`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(answer)
          }
        )
        expect(relayed.status).toBe(204)
        const type = answer.type
        expect([4, 5]).toContain(type)
        if (type === 5) {
          await httpFake.waitForRequest(
            (request) =>
              request.method === 'PATCH' && request.path.includes(record.token),
            20_000
          )
        }
        sent.http++
        logsSent.push(log)
      }
    })()
    let writing = true
    const readers = (async () => {
      const totals: number[] = []
      while (writing) {
        totals.push((await statsProcess()).total)
        reads++
      }
      return totals
    })()
    await Promise.all([gateway, api, interactions])
    writing = false
    const totals = await readers
    // Reads ran during the writes and each saw a consistent file: the count only grows.
    expect(totals.length).toBeGreaterThanOrEqual(READS)
    expect([...totals].sort((a, b) => a - b)).toEqual(totals)
    expect(totals[0]).toBeLessThan(logsSent.length)

    // Handlers record after they answer: wait for the last of those writes.
    const db = new Database(env.REMEDY_DB ?? '', { readonly: true })
    const count = (): number =>
      db.prepare('SELECT count(*) FROM diagnoses').pluck().get() as number
    await waitFor('for the last writes', () => count() === logsSent.length)
    const transports = Object.fromEntries(
      (
        db
          .prepare(
            'SELECT transport, count(*) AS n FROM diagnoses GROUP BY transport'
          )
          .all() as { transport: string; n: number }[]
      ).map((row) => [row.transport, row.n])
    )
    expect(transports).toEqual(sent)
    // Every diagnosis the bot handed out buttons for is there, with its vote.
    const stored = new Set(
      db.prepare('SELECT id FROM diagnoses').pluck().all() as string[]
    )
    expect(gatewayIds.length).toBeGreaterThan(0)
    expect(gatewayIds.filter((id) => !stored.has(id))).toEqual([])
    expect(db.prepare('SELECT count(*) FROM feedback').pluck().get()).toBe(
      gatewayIds.length
    )
    db.close()

    const matcher = createMatcher((await loadRealKb()).kb)
    const verdicts = LOGS.map((log) => diagnose(matcher, log).verdict)
    const expectedNone = logsSent.filter(
      (log) => verdicts[LOGS.indexOf(log)] === 'none'
    ).length
    const stats = await statsProcess()
    expect(stats.total).toBe(logsSent.length)
    expect(stats.none).toBe(expectedNone)
    expect(stats.votes.fixed).toBe(gatewayIds.length)

    serve.child.kill('SIGTERM')
    bot.child.kill('SIGTERM')
    expect(await serve.exit).toBe(0)
    expect(await bot.exit).toBe(0)
    expect(serve.err()).not.toMatch(/"level":(50|60)/)
    expect(bot.err()).not.toMatch(/"level":(50|60)/)
    // Four processes (bot, server, stats twice) each start Node and load the KB: more than the
    // default 30 s on a busy 2-core machine.
  }, 240_000)
})
