/**
 * Floods through the HTTP interactions endpoint with signed requests and the real command handlers:
 * 1,000 `/diagnose` from one user and 1,000 from as many users, 50 at a time. Every request is
 * answered (200), the cooldown answers politely and privately, nothing is dispatched twice, and
 * memory stays bounded: the diagnosis LRU is capped and the heap after GC grows by far less than
 * what keeping every request would take.
 */
import { resolve } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { commands } from '../../src/interactions/commands/index.ts'
import { createDispatcher } from '../../src/interactions/dispatch.ts'
import { t } from '../../src/interactions/messages.ts'
import { createServices } from '../../src/interactions/services.ts'
import type { Services } from '../../src/interactions/types.ts'
import { createInteractions } from '../../src/http/interactions.ts'
import { createLogger } from '../../src/log.ts'
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts'
import { chatInput } from '../fake-discord/interactions.ts'
import { evalLog } from '../discord/harness.ts'
import { makeKeys } from '../http/keys.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const WSL_LOG = evalLog('dora-001')
const EPHEMERAL = 64
const COOLDOWN = 3

// A real GC between measurements; without it, heap numbers are noise.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const keys = makeKeys()
let fake: FakeDiscord
let services: Services
let app: Hono
let pending: () => Promise<unknown>
let baseline = 0

interface Answer {
  type: number
  data?: {
    content?: string
    flags?: number
    embeds?: unknown[]
    allowed_mentions?: unknown
  }
}

function heapAfterGc(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

beforeAll(async () => {
  fake = await startFakeDiscord()
  const config = loadConfig(
    {
      KB_DIR: resolve(ROOT, 'kb'),
      COOLDOWN_SECONDS: String(COOLDOWN),
      DISCORD_API_BASE: fake.apiBase
    },
    ROOT
  )
  // The clock stands still: the flood lasts "no time", so no cooldown runs out during it.
  const frozen = Date.now()
  services = await createServices({
    config,
    log: createLogger('silent'),
    transport: 'http',
    now: () => frozen
  })
  const handler = createDispatcher(commands)
  const interactions = createInteractions({
    publicKey: keys.publicKeyHex,
    apiBase: fake.apiBase,
    logger: createLogger('silent'),
    dispatch: (interaction, respond) => handler(services, interaction, respond)
  })
  app = new Hono()
  interactions.mount(app, { interactionBytes: 1024 * 1024 })
  pending = interactions.pending
  // Warm up (JIT, lazy imports) before the baseline.
  await flood(20, (i) => `59000000000000${String(i).padStart(4, '0')}`)
  baseline = heapAfterGc()
})

afterAll(async () => {
  await fake.close()
})

/** Send `count` signed `/diagnose` interactions, 50 at a time; return the HTTP answers in order. */
async function flood(
  count: number,
  userOf: (i: number) => string
): Promise<{ status: number; answer: Answer; token: string }[]> {
  const results: { status: number; answer: Answer; token: string }[] = []
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from(
      { length: Math.min(50, count - start) },
      async (_, k) => {
        const i = start + k
        const interaction = chatInput(
          'diagnose',
          [{ name: 'log', type: 3, value: WSL_LOG }],
          { userId: userOf(i) }
        )
        // Registered with the fake, as Discord creates it, so that the answer's edit reaches it.
        const record = fake.httpPayload(interaction)
        const body = JSON.stringify(record)
        const response = await app.request('/interactions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...keys.sign(body) },
          body
        })
        const answer = (await response.json()) as Answer
        // As Discord does: the HTTP response is the interaction's callback.
        await fetch(
          `${fake.apiBase}/v10/interactions/${record.id}/${record.token}/callback`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(answer)
          }
        )
        return { status: response.status, answer, token: record.token }
      }
    )
    results.push(...(await Promise.all(batch)))
  }
  await pending()
  return results
}

// Thousands of real diagnoses: minutes are not expected, but the 5-second default is too short.
const SLOW = 120_000

describe('a flood of interactions', () => {
  it(
    'should answer 1,000 diagnoses from one user once, then with the cooldown, privately',
    async () => {
      const results = await flood(1000, () => '510000000000000001')
      expect(results.every((result) => result.status === 200)).toBe(true)
      // The one diagnosis is acknowledged privately on receipt; its answer is the edit.
      const answered = results.filter((result) => result.answer.type === 5)
      const cooled = results.filter(
        (result) =>
          result.answer.data?.content ===
          t('en-US', 'cooldown', { seconds: COOLDOWN })
      )
      expect(answered).toHaveLength(1)
      expect(answered[0]?.answer.data?.flags).toBe(EPHEMERAL)
      expect(cooled).toHaveLength(999)
      for (const { answer } of cooled) {
        expect(answer.type).toBe(4)
        expect((answer.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL)
        expect(answer.data?.allowed_mentions).toEqual({ parse: [] })
      }
      // Only the one answer went to Discord's REST API: every refusal fit in the HTTP response.
      const token = answered[0]?.token ?? ''
      expect(
        fake.requests
          .filter(
            (r) => r.path.startsWith('/webhooks') && r.path.includes(token)
          )
          .map((r) => r.method)
      ).toEqual(['PATCH'])
      expect(
        fake.requests.filter(
          (r) =>
            r.path.startsWith('/webhooks') &&
            results.some(
              (result) =>
                result !== answered[0] && r.path.includes(result.token)
            )
        )
      ).toEqual([])
    },
    SLOW
  )

  it(
    'should answer 1,000 diagnoses from 1,000 users, each with the article',
    async () => {
      const results = await flood(
        1000,
        (i) => `52000000000000${String(i).padStart(4, '0')}`
      )
      expect(results.map((result) => result.status)).toEqual(
        Array.from({ length: 1000 }, () => 200)
      )
      // Each acknowledged at once; each answer is the edit of its deferral.
      expect(results.every((result) => result.answer.type === 5)).toBe(true)
      const edits = new Map(
        fake.requests
          .filter((r) => r.method === 'PATCH')
          .map((r) => [r.path.split('/')[3], r.body] as const)
      )
      const articles = new Set(
        results.map(
          (result) =>
            (
              (edits.get(result.token) as { embeds?: unknown[] } | undefined)
                ?.embeds?.[0] as { footer?: { text?: string } } | undefined
            )?.footer?.text?.split(' · ')[0]
        )
      )
      expect([...articles]).toEqual(['zenoh-multicast-bind-failed'])
    },
    SLOW
  )

  it(
    'should keep memory bounded after both floods',
    async () => {
      // A third wave of new users pushes the LRU past its capacity.
      await flood(1100, (i) => `53000000000000${String(i).padStart(4, '0')}`)
      expect(services.diagnoses.size()).toBeLessThanOrEqual(2000)
      const growth = heapAfterGc() - baseline
      // 2,000 requests; the LRU holds at most 2,000 diagnoses of a few KB. Keeping every request
      // (body, responder, timers) would take far more than this generous bound.
      expect(growth).toBeLessThan(96 * 1024 * 1024)
    },
    SLOW
  )
})
