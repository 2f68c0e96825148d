/**
 * @module http/app
 * The Hono app of `remedy serve`: the playground page, the JSON API and, when a public key is
 * configured, Discord's interactions endpoint. Built from plain dependencies so that tests call
 * `app.request()` with no live server. With a store, every diagnosis of the API and the playground
 * is recorded (as `http` and `playground`), and `GET /api/stats` reads the same numbers as
 * `remedy stats`.
 */
import { Hono, type Context } from 'hono'
import type { BlankEnv } from 'hono/types'
import type { Logger } from 'pino'
import {
  BODY_TOO_LARGE,
  INTERNAL_ERROR,
  IMAGE_NO_TEXT,
  ROUTE_NOT_FOUND,
  STATS_UNAVAILABLE,
  UNKNOWN_ARTICLE
} from '../errors.ts'
import type { Kb } from '../kb/types.ts'
import { searchArticles } from '../match/search.ts'
import type { Diagnosis } from '../match/types.ts'
import { createOcr, type Ocr } from '../ocr/engine.ts'
import { ImageError, sniffImage } from '../ocr/image.ts'
import type { Store } from '../store/types.ts'
import { parseSince } from '../store/window.ts'
import { createArticleViews, summarizeArticle } from './articles.ts'
import { limitBody } from './body-limit.ts'
import { readDiagnoseInput } from './input.ts'
import {
  createRunner,
  PoolError,
  type DiagnosisJob,
  type JobAnswer,
  type KbState,
  type Runner
} from '../runner/index.ts'
import { createWebAssets } from './web.ts'

/** Size limits of the server. */
export interface Limits {
  /** Largest request body of the API, in bytes (413 above it). */
  bodyBytes: number
  /** Largest interaction body, in bytes. */
  interactionBytes: number
  /** Bytes of a log the matcher reads (the head and the tail beyond it). */
  logBytes: number
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 2 * 1024 * 1024,
  interactionBytes: 1024 * 1024,
  logBytes: 1024 * 1024
}

/** A KB and the matcher compiled once from it. */
export type { KbState } from '../runner/index.ts'

/** What the app is built from. */
export interface AppOptions {
  /** The KB serving now: a fixed one, or a getter that follows reloads (`/kb-admin reload`). */
  kb: KbState | (() => KbState)
  /** Access and error log; nothing is logged without one. */
  logger?: Logger | undefined
  limits?: Partial<Limits> | undefined
  /** Base URL of the KB sources, for article links in replies. */
  kbBaseUrl?: string | undefined
  /** Mounts `POST /interactions` when set (see `./interactions.ts`). */
  interactions?: ((app: Hono, limits: Limits) => void) | undefined
  /** Where diagnoses run (the server's runner sends them all to its pool); in-process when absent. */
  runner?: Runner | undefined
  /** Where diagnoses are recorded and stats read (the SQLite store); nothing is recorded without one. */
  store?: Pick<Store, 'recordDiagnosis' | 'stats'> | undefined
  /** Reads screenshots sent to `/api/diagnose` (one is started on the first image when absent). */
  ocr?: Ocr | undefined
}

/** The status of an image that could not be read. */
const IMAGE_STATUS = {
  format: 400,
  limit: 413,
  time: 503,
  engine: 503
} as const

interface Derived {
  articleView: ReturnType<typeof createArticleViews>
}

/** Search results and list rows are capped at this many. */
const MAX_LIST = 200

/**
 * Create the HTTP app.
 * @param options The KB, its matcher and the server settings.
 * @returns The Hono app (`app.fetch` for a server, `app.request` for tests).
 */
export function createApp(options: AppOptions): Hono {
  const { logger } = options
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits }
  const source = options.kb
  const current = typeof source === 'function' ? source : () => source
  // What is derived from a KB is built once per KB, and rebuilt when a reload replaces it.
  const derived = new WeakMap<Kb, Derived>()
  const views = (): Derived & KbState => {
    const state = current()
    let found = derived.get(state.kb)
    if (found === undefined) {
      found = { articleView: createArticleViews(state.kb) }
      derived.set(state.kb, found)
    }
    return { ...state, ...found }
  }
  const web = createWebAssets()
  const app = new Hono()

  app.use(async (c, next) => {
    const started = performance.now()
    await next()
    logger?.info(
      {
        req: { method: c.req.method, path: c.req.path },
        res: { status: c.res.status },
        responseTime: Math.round((performance.now() - started) * 10) / 10
      },
      'request'
    )
  })

  const tooLarge = (limit: number) => (c: Context) =>
    c.json({ error: BODY_TOO_LARGE(limit) }, 413)
  app.use('/api/*', limitBody(limits.bodyBytes, tooLarge(limits.bodyBytes)))

  app.get('/healthz', (c) => {
    const { kb, matcher } = current()
    return c.json({
      status: 'ok',
      kbVersion: kb.version,
      // The matcher holds the served articles (drafts left out).
      articles: matcher.articles.length
    })
  })

  let ownOcr: Ocr | undefined
  const ocr = (): Ocr => options.ocr ?? (ownOcr ??= createOcr())
  const runner =
    options.runner ??
    createRunner({ kb: current, kbBaseUrl: options.kbBaseUrl })
  // The runner decides where the diagnosis runs, and answers the body for the job's kind.
  const run = async <P extends string>(
    c: Context<BlankEnv, P>,
    kind: DiagnosisJob['kind']
  ): Promise<Response> => {
    const read = await readDiagnoseInput(c.req)
    if (!read.ok) return c.json({ error: read.error }, read.status)
    const { image: sentAsImage, ...input } = read.input
    let job: DiagnosisJob = { kind, ...input, maxBytes: limits.logBytes }
    // A screenshot (told by its content, or sent in the `image` field): its text is the log.
    if (
      typeof input.log !== 'string' &&
      (sentAsImage === true || sniffImage(input.log) !== undefined)
    ) {
      try {
        const text = await ocr().read(input.log)
        if (text.text.trim() === '')
          return c.json({ error: IMAGE_NO_TEXT() }, 422)
        job = {
          ...job,
          log: text.text,
          image: { confidence: text.confidence, words: text.words }
        }
      } catch (error) {
        if (error instanceof ImageError)
          return c.json({ error: error.message }, IMAGE_STATUS[error.kind])
        throw error
      }
    }
    let answer: JobAnswer | undefined
    try {
      ;[answer] = (await runner.run([job])).answers
    } catch (error) {
      if (error instanceof PoolError) {
        return c.json({ error: error.message }, error.status)
      }
      throw error
    }
    /* c8 ignore next -- unreachable: one job, one answer */
    if (answer === undefined) throw new Error(INTERNAL_ERROR())
    // Recorded before answering, so that a client that got its answer finds it in the stats.
    await record(job, answer)
    return c.body(answer.body ?? new Uint8Array(), 200, {
      'content-type': 'application/json'
    })
  }
  const record = async (
    job: DiagnosisJob,
    answer: { diagnosis: Diagnosis; latencyMs: number }
  ): Promise<void> => {
    if (options.store === undefined) return
    try {
      await options.store.recordDiagnosis({
        transport: job.kind === 'playground' ? 'playground' : 'http',
        diagnosis: answer.diagnosis,
        log: job.log,
        latencyMs: answer.latencyMs
      })
    } catch (error) {
      // The answer goes out anyway; `openStore`'s store never gets here, another backend might.
      logger?.warn({ err: error }, 'could not record the diagnosis')
    }
  }

  app.post('/api/diagnose', (c) => run(c, 'json'))

  // The playground's own view of a diagnosis: the rendered reply plus the cleaned log lines to
  // highlight the evidence in. Not part of the stable API.
  app.post('/api/playground/diagnose', (c) => run(c, 'playground'))

  // The numbers of `remedy stats` (`?since=30d`), for the playground's stats view.
  app.get('/api/stats', async (c) => {
    const { store } = options
    if (store === undefined) return c.json({ error: STATS_UNAVAILABLE() }, 404)
    const since = c.req.query('since')?.trim() ?? ''
    let from: Date | undefined
    try {
      from = since === '' ? undefined : parseSince(since)
    } catch (error) {
      return c.json(
        { error: error instanceof Error ? error.message : String(error) },
        400
      )
    }
    try {
      return c.json(await store.stats({ since: from }))
    } catch (error) {
      logger?.warn({ err: error }, 'could not read the stats')
      return c.json({ error: STATS_UNAVAILABLE() }, 503)
    }
  })

  app.get('/api/articles', (c) => {
    const { matcher } = current()
    const query = c.req.query('q')?.trim() ?? ''
    const locale = c.req.query('locale')
    const asked = Math.floor(Number(c.req.query('limit') ?? MAX_LIST))
    const limit = asked >= 1 ? Math.min(asked, MAX_LIST) : MAX_LIST
    if (query === '') {
      // The matcher's articles are the served ones (drafts left out).
      const articles = matcher.articles
        .map((article) => summarizeArticle(article, locale))
        .sort(
          (a, b) =>
            a.collection.localeCompare(b.collection) || a.id.localeCompare(b.id)
        )
        .slice(0, limit)
      return c.json({ query, articles })
    }
    const results = searchArticles(matcher, query.slice(0, 200), {
      limit,
      ...(locale === undefined ? {} : { locale })
    })
    return c.json({ query, articles: results })
  })

  app.get('/api/articles/:id', (c) => {
    const id = c.req.param('id')
    const view = views().articleView(id, c.req.query('locale'))
    if (view === undefined) return c.json({ error: UNKNOWN_ARTICLE(id) }, 404)
    return c.json(view)
  })

  // The stats view is part of the one-page playground (`GET /api/stats` feeds it).
  app.get('/stats', (c) => c.redirect('/#/stats'))

  options.interactions?.(app, limits)
  web.mount(app)

  app.notFound((c) =>
    c.json({ error: ROUTE_NOT_FOUND(c.req.method, c.req.path) }, 404)
  )
  app.onError((error, c) => {
    logger?.error(
      { err: error, req: { method: c.req.method, path: c.req.path } },
      'request failed'
    )
    return c.json({ error: INTERNAL_ERROR() }, 500)
  })
  return app
}
