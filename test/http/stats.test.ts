/**
 * The HTTP server and the store: `POST /api/diagnose` and the playground's diagnoses are recorded
 * (as `http` and `playground`), inline and through the worker pool; `GET /api/stats` answers the
 * numbers of `remedy stats`; a store that fails never costs an answer; `/stats` leads to the
 * playground's stats view; and `/interactions` diagnoses in the pool.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { INVALID_SINCE } from '../../src/store/errors.ts'
import { ROUTE_NOT_FOUND, STATS_UNAVAILABLE } from '../../src/errors.ts'
import { createApp } from '../../src/http/app.ts'
import {
  createRunner,
  INLINE_MAX,
  type Runner
} from '../../src/runner/index.ts'
import { startHttp } from '../../src/http/run.ts'
import type { Kb } from '../../src/kb/types.ts'
import { createLogger } from '../../src/log.ts'
import { diagnose } from '../../src/match/diagnose.ts'
import { createMatcher, type Matcher } from '../../src/match/matcher.ts'
import { openStore } from '../../src/store/index.ts'
import type { Stats, Store, StoreLogger } from '../../src/store/index.ts'
import { loadRealKb } from '../real-kb.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ANSWERED = 'Error: listen EADDRINUSE: address already in use :::3000'
const UNANSWERED = 'the frobnicator went sideways while reticulating splines'

let dir: string
let kb: Kb
let matcher: Matcher
let pool: Runner
let answeredArticle: string | undefined

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'remedy-http-stats-'))
  ;({ kb } = await loadRealKb())
  matcher = createMatcher(kb)
  const top = diagnose(matcher, ANSWERED)
  answeredArticle = top.verdict === 'match' ? top.matches[0]?.id : undefined
  // The server's runner: every diagnosis in the pool.
  pool = createRunner({
    kb: () => ({ kb, matcher }),
    inlineMax: INLINE_MAX.http,
    workers: 1
  })
})

afterAll(async () => {
  await pool.close()
  rmSync(dir, { recursive: true, force: true })
})

const post = (path: string, log: string): RequestInit & { path: string } => ({
  path,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ log })
})

/** Stats with `until` blanked: it moves with the clock. */
const steady = (stats: Stats): Stats => ({ ...stats, until: '' })

describe.each([
  ['inline', false],
  ['in the worker pool', true]
])('a diagnosis through the API, %s', (_name, pooled) => {
  let store: Store
  beforeAll(() => {
    store = openStore(join(dir, `${pooled ? 'pool' : 'inline'}.sqlite`))
  })
  afterAll(async () => {
    await store.close()
  })

  it('should be recorded as http or playground before the answer is sent', async () => {
    const app = createApp({
      kb: { kb, matcher },
      store,
      ...(pooled ? { runner: pool } : {})
    })
    for (const request of [
      post('/api/diagnose', ANSWERED),
      post('/api/diagnose', UNANSWERED),
      post('/api/playground/diagnose', ANSWERED)
    ]) {
      const response = await app.request(request.path, request)
      expect(response.status).toBe(200)
    }
    const stats = await store.stats()
    expect(stats.total).toBe(3)
    expect(stats.match).toBe(2)
    expect(stats.none).toBe(1)
    expect(answeredArticle).toBeDefined()
    expect(
      stats.articles.find((article) => article.id === answeredArticle)
    ).toMatchObject({ answered: 2 })
    expect(stats.slowest.map((slow) => slow.transport).sort()).toEqual([
      'http',
      'http',
      'playground'
    ])
    expect(stats.slowest.every((slow) => slow.latencyMs > 0)).toBe(true)
    // The unanswered log went to the gaps, redacted and masked.
    expect((await store.unanswered()).map((log) => log.verdict)).toEqual([
      'none'
    ])
  })

  it('should answer GET /api/stats with the numbers of remedy stats', async () => {
    const app = createApp({ kb: { kb, matcher }, store })
    const response = await app.request('/api/stats')
    expect(response.status).toBe(200)
    const body = (await response.json()) as Stats
    expect(steady(body)).toEqual(steady(await store.stats()))
    expect(body.days).toEqual([
      {
        day: new Date().toISOString().slice(0, 10),
        total: 3,
        answered: 2,
        none: 1
      }
    ])
    const windowed = (await (
      await app.request('/api/stats?since=30d')
    ).json()) as Stats
    expect(windowed.total).toBe(3)
    expect(Date.parse(windowed.since ?? '')).toBeLessThan(Date.now())
    const future = (await (
      await app.request('/api/stats?since=2999-01-01')
    ).json()) as Stats
    expect(future.total).toBe(0)
  })
})

describe('GET /api/stats', () => {
  it.each(['last month', '30', 'yesterday'])(
    'should answer 400 to since=%j',
    async (since) => {
      const store = openStore(join(dir, 'since.sqlite'))
      try {
        const app = createApp({ kb: { kb, matcher }, store })
        const response = await app.request(
          `/api/stats?since=${encodeURIComponent(since)}`
        )
        expect(response.status).toBe(400)
        expect(await response.json()).toEqual({ error: INVALID_SINCE(since) })
      } finally {
        await store.close()
      }
    }
  )

  it('should answer 404 when the server has no store', async () => {
    const app = createApp({ kb: { kb, matcher } })
    const response = await app.request('/api/stats')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: STATS_UNAVAILABLE() })
  })
})

describe('a store that cannot record', () => {
  it('should still answer every diagnosis, warn once, and answer 503 to the stats', async () => {
    const warnings: string[] = []
    const logger: StoreLogger = {
      warn: (_details, message) => warnings.push(message)
    }
    // A directory where the file should be: SQLite cannot open it.
    const store = openStore(dir, { logger })
    try {
      const app = createApp({ kb: { kb, matcher }, store, runner: pool })
      for (const log of [ANSWERED, UNANSWERED, ANSWERED]) {
        const request = post('/api/diagnose', log)
        const response = await app.request(request.path, request)
        expect(response.status).toBe(200)
        expect(((await response.json()) as { verdict: string }).verdict).toBe(
          diagnose(matcher, log).verdict
        )
      }
      expect(warnings).toHaveLength(1)
      const stats = await app.request('/api/stats')
      expect(stats.status).toBe(503)
      expect(await stats.json()).toEqual({ error: STATS_UNAVAILABLE() })
    } finally {
      await store.close()
    }
  })

  it('should answer when a store of another kind rejects', async () => {
    const failing: Pick<Store, 'recordDiagnosis' | 'stats'> = {
      recordDiagnosis: () => Promise.reject(new Error('disk on fire')),
      stats: () => Promise.reject(new Error('disk on fire'))
    }
    const app = createApp({ kb: { kb, matcher }, store: failing })
    const request = post('/api/playground/diagnose', ANSWERED)
    const response = await app.request(request.path, request)
    expect(response.status).toBe(200)
  })
})

describe('GET /stats', () => {
  it('should lead to the playground stats view', async () => {
    const app = createApp({ kb: { kb, matcher } })
    const response = await app.request('/stats')
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/#/stats')
    expect((await app.request('/stats/x')).status).toBe(404)
    expect(await (await app.request('/stats/x')).json()).toEqual({
      error: ROUTE_NOT_FOUND('GET', '/stats/x')
    })
  })
})

describe('remedy serve', () => {
  it('should diagnose Discord interactions in the worker pool', async () => {
    const config = loadConfig(
      { KB_DIR: join(ROOT, 'kb'), PORT: '0', LOG_LEVEL: 'silent' },
      dir
    )
    const server = await startHttp({
      config,
      log: createLogger('silent'),
      poolSize: 1
    })
    try {
      const { runner } = server.services
      expect(runner.started()).toBe(true)
      const { answers, ranIn } = await runner.run([
        {
          kind: 'diagnosis',
          log: ANSWERED,
          locale: 'zh-CN',
          maxBytes: config.maxLogBytes
        }
      ])
      expect(ranIn).toBe('worker')
      expect(answers[0]?.diagnosis).toEqual(
        diagnose(matcher, ANSWERED, { locale: 'zh-CN' })
      )
    } finally {
      await server.close()
    }
  })
})
