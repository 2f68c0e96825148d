import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BODY_TOO_LARGE,
  EMPTY_LOG,
  INVALID_DIAGNOSE_BODY,
  INVALID_LOCALE,
  MALFORMED_JSON,
  ROUTE_NOT_FOUND,
  UNKNOWN_ARTICLE,
  UNSUPPORTED_MEDIA_TYPE
} from '../errors.ts'
import type { Kb } from '../kb/types.ts'
import { diagnose } from '../match/diagnose.ts'
import { createMatcher, type Matcher } from '../match/matcher.ts'
import { searchArticles } from '../match/search.ts'
import { toJson } from '../render/json.ts'
import { createRunner, INLINE_MAX, type Runner } from '../runner/index.ts'
import { createApp, DEFAULT_LIMITS } from './app.ts'
import type { ArticleView } from './articles.ts'
import type { PlaygroundView } from '../render/playground.ts'
import { CONTENT_SECURITY_POLICY } from './web.ts'
import { evalLog } from '../../test/eval-set.ts'
import { loadRealKb } from '../../test/real-kb.ts'

/** The WSL log of dora issue 889 (`dora-001` in the shared eval set). */
const WSL_LOG = evalLog('dora-001')
const ARTICLE = 'zenoh-multicast-bind-failed'

let kb: Kb
let matcher: Matcher
let app: Hono
/** The server's runner: every diagnosis in a pool of two workers. */
let pool: Runner

beforeAll(async () => {
  ;({ kb } = await loadRealKb())
  matcher = createMatcher(kb)
  app = createApp({ kb: { kb, matcher } })
  pool = createRunner({
    kb: () => ({ kb, matcher }),
    inlineMax: INLINE_MAX.http,
    workers: 2
  })
})
afterAll(async () => {
  await pool.close()
})

const expected = (log: string | Uint8Array, locale?: string): unknown =>
  JSON.parse(
    JSON.stringify(
      toJson(
        diagnose(matcher, log, {
          limits: { maxBytes: DEFAULT_LIMITS.logBytes },
          ...(locale === undefined ? {} : { locale })
        })
      )
    )
  )

const post = (path: string, body: BodyInit, type?: string): Promise<Response> =>
  Promise.resolve(
    app.request(path, {
      method: 'POST',
      body,
      headers: type === undefined ? {} : { 'content-type': type }
    })
  )

describe('GET /healthz', () => {
  it('should report the KB version and article count', async () => {
    const response = await app.request('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      status: 'ok',
      kbVersion: kb.version,
      articles: kb.articles.length
    })
  })
})

describe('POST /api/diagnose', () => {
  const form = (): FormData => {
    const data = new FormData()
    data.set('file', new File([WSL_LOG], 'daemon.log', { type: 'text/plain' }))
    return data
  }
  const cases: { name: string; request: () => Promise<Response> }[] = [
    {
      name: 'should diagnose JSON {log}',
      request: () =>
        post(
          '/api/diagnose',
          JSON.stringify({ log: WSL_LOG }),
          'application/json'
        )
    },
    {
      name: 'should diagnose a plain-text body',
      request: () => post('/api/diagnose', WSL_LOG, 'text/plain; charset=utf-8')
    },
    {
      name: 'should diagnose a body with no content type as text',
      request: () => post('/api/diagnose', new TextEncoder().encode(WSL_LOG))
    },
    {
      name: 'should diagnose a multipart file upload',
      request: () => post('/api/diagnose', form())
    }
  ]
  for (const c of cases) {
    it(`${c.name} to ${ARTICLE}, as remedy diagnose --json prints it`, async () => {
      const response = await c.request()
      expect(response.status).toBe(200)
      const body = (await response.json()) as ReturnType<typeof toJson>
      expect(body.verdict).toBe('match')
      expect(body.matches[0]?.id).toBe(ARTICLE)
      expect(body).toEqual(expected(WSL_LOG))
    })
  }

  it('should answer in the locale asked for', async () => {
    const response = await post(
      '/api/diagnose',
      JSON.stringify({ log: WSL_LOG, locale: 'zh-CN' }),
      'application/json'
    )
    expect(await response.json()).toEqual(expected(WSL_LOG, 'zh-CN'))
  })

  it('should read the locale of a plain-text body from the query', async () => {
    const response = await post(
      '/api/diagnose?locale=zh-CN',
      WSL_LOG,
      'text/plain'
    )
    expect(await response.json()).toEqual(expected(WSL_LOG, 'zh-CN'))
  })

  it('should answer a log that matches nothing with verdict none', async () => {
    const log = 'everything is fine\nbuild finished in 2.1s'
    const response = await post(
      '/api/diagnose',
      JSON.stringify({ log }),
      'application/json'
    )
    expect(response.status).toBe(200)
    const body = (await response.json()) as ReturnType<typeof toJson>
    expect(body.verdict).toBe('none')
    expect(body).toEqual(expected(log))
  })

  const parseError = (text: string): string => {
    try {
      JSON.parse(text)
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
    throw new Error('test: expected invalid JSON')
  }
  const bad: {
    name: string
    body: string
    type: string
    status: number
    error: string
  }[] = [
    {
      name: 'malformed JSON',
      body: '{"log": "x"',
      type: 'application/json',
      status: 400,
      error: MALFORMED_JSON(parseError('{"log": "x"'))
    },
    {
      name: 'JSON without a log',
      body: '{"text": "x"}',
      type: 'application/json',
      status: 400,
      error: INVALID_DIAGNOSE_BODY(
        'log: Invalid input: expected string, received undefined'
      )
    },
    {
      name: 'JSON that is not an object',
      body: '[1]',
      type: 'application/json',
      status: 400,
      error: INVALID_DIAGNOSE_BODY(
        'body: Invalid input: expected object, received array'
      )
    },
    {
      name: 'an empty log',
      body: '{"log": "  \\n "}',
      type: 'application/json',
      status: 400,
      error: EMPTY_LOG()
    },
    {
      name: 'an empty text body',
      body: '',
      type: 'text/plain',
      status: 400,
      error: EMPTY_LOG()
    },
    {
      name: 'a locale that is not a language tag',
      body: '{"log": "x", "locale": "<script>"}',
      type: 'application/json',
      status: 400,
      error: INVALID_LOCALE('<script>')
    },
    {
      name: 'a body type it cannot read',
      body: '<log/>',
      type: 'application/xml',
      status: 415,
      error: UNSUPPORTED_MEDIA_TYPE('application/xml')
    }
  ]
  for (const c of bad) {
    it(`should answer ${c.status} with a message for ${c.name}`, async () => {
      const response = await post('/api/diagnose', c.body, c.type)
      expect(response.status).toBe(c.status)
      expect(await response.json()).toEqual({ error: c.error })
    })
  }

  it('should answer 400 for a form with neither file nor log', async () => {
    const data = new FormData()
    data.set('locale', 'en')
    const response = await post('/api/diagnose', data)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: INVALID_DIAGNOSE_BODY(
        'expected one `file` or a `log` field in the form'
      )
    })
  })
})

describe('body limit', () => {
  const limit = 1000
  let small: Hono
  beforeAll(() => {
    small = createApp({ kb: { kb, matcher }, limits: { bodyBytes: limit } })
  })

  it('should answer 413 when Content-Length is over the limit', async () => {
    const response = await small.request('/api/diagnose', {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'content-length': String(limit + 1)
      },
      body: 'x'.repeat(limit + 1)
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ error: BODY_TOO_LARGE(limit) })
  })

  it('should answer 413 when a streamed body grows over the limit', async () => {
    const chunk = new TextEncoder().encode('y'.repeat(400))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk)
        else controller.close()
      }
    })
    const response = await small.request('/api/diagnose', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
      body,
      duplex: 'half'
    } as RequestInit)
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ error: BODY_TOO_LARGE(limit) })
  })

  it('should accept a body at the limit', async () => {
    const log =
      `Error: listen EADDRINUSE: address already in use :::3000\n`.padEnd(
        limit,
        ' '
      )
    const response = await small.request('/api/diagnose', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: log
    })
    expect(response.status).toBe(200)
  })
})

describe('GET /api/articles', () => {
  it('should list every published article, by collection then id', async () => {
    const response = await app.request('/api/articles')
    const body = (await response.json()) as {
      articles: { id: string; collection: string }[]
    }
    const published = kb.articles
      .filter((article) => !article.draft)
      .map((article) => `${article.collection}/${article.id}`)
      .sort()
    expect(
      body.articles.map((article) => `${article.collection}/${article.id}`)
    ).toEqual(published)
  })

  it('should search with the same ranking as /kb search', async () => {
    const response = await app.request('/api/articles?q=multicast')
    const body = (await response.json()) as {
      query: string
      articles: { id: string }[]
    }
    expect(body.query).toBe('multicast')
    expect(body.articles).toEqual(
      searchArticles(matcher, 'multicast', { limit: 200 })
    )
    expect(body.articles.map((article) => article.id)).toContain(ARTICLE)
  })

  it('should cap the number of results at the limit asked for', async () => {
    const response = await app.request('/api/articles?q=dora&limit=2')
    const body = (await response.json()) as { articles: unknown[] }
    expect(body.articles).toEqual(searchArticles(matcher, 'dora', { limit: 2 }))
  })
})

describe('GET /api/articles/:id', () => {
  it('should render the article sections and steps from the Markdown', async () => {
    const response = await app.request(`/api/articles/${ARTICLE}`)
    expect(response.status).toBe(200)
    const view = (await response.json()) as ArticleView
    const article = kb.articles.find((item) => item.id === ARTICLE)
    expect(view.title).toBe(article?.content.title)
    expect(view.steps.map((step) => step.n)).toEqual(
      article?.content.steps.map((_, i) => i + 1)
    )
    expect(view.steps[0]?.code).toEqual([
      { lang: 'sh', value: 'dora --version' }
    ])
    expect(view.steps[1]?.scope).toBe('dora >=0.3.10')
    expect(view.sections.cause).toMatch(
      /^<p>dora 0\.3\.10 started to connect its daemons/
    )
    expect(view.sections.related).toContain('<a href="#/kb/addr-in-use">')
  })

  it('should answer 404 with a message for an unknown article', async () => {
    const response = await app.request('/api/articles/no-such-article')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      error: UNKNOWN_ARTICLE('no-such-article')
    })
  })
})

describe('POST /api/playground/diagnose', () => {
  it('should return the rendered reply and the cleaned log with the evidence lines', async () => {
    const response = await post(
      '/api/playground/diagnose',
      JSON.stringify({ log: WSL_LOG }),
      'application/json'
    )
    expect(response.status).toBe(200)
    const view = (await response.json()) as PlaygroundView
    const article = view.reply.articles[0]
    expect(article?.id).toBe(ARTICLE)
    expect(view.html.articles[ARTICLE]?.steps).toHaveLength(
      article?.steps.length ?? -1
    )
    const bindLine = view.log.lines.find((line) =>
      line.text.includes('Unable to bind UDP port')
    )
    expect(bindLine?.text).toContain('/home/[user]/')
    expect(article?.evidence.map((item) => item.line)).toContain(bindLine?.n)
  })
})

describe('values in the steps of the playground and the article pages', () => {
  const PORT_5000 = [
    'Traceback (most recent call last):',
    '  File "server.py", line 7, in <module>',
    '    sock.bind(("0.0.0.0", 5000))',
    'OSError: [Errno 98] Address already in use'
  ].join('\n')

  it('should name port 5000 in the playground steps and its Verify section', async () => {
    const response = await post(
      '/api/playground/diagnose',
      JSON.stringify({ log: PORT_5000 }),
      'application/json'
    )
    const view = (await response.json()) as PlaygroundView
    expect(view.reply.articles[0]?.id).toBe('addr-in-use')
    const html = view.html.articles['addr-in-use']
    expect(html?.steps[0]).toContain('<code>5000</code>')
    expect(html?.steps[0]).toContain("grep ':5000'")
    expect(html?.verify).toContain("grep ':5000'")
    expect(JSON.stringify(view)).not.toContain('{{')
  })

  it('should show <port> on the article page, which has no log', async () => {
    const response = await app.request('/api/articles/addr-in-use')
    const view = (await response.json()) as ArticleView
    expect(view.steps[0]?.html).toContain('<code>&#x3C;port></code>')
    expect(view.steps[0]?.code[0]?.value).toBe(
      "sudo ss -ltnup | grep ':<port>'"
    )
    expect(view.sections.verify).toContain("grep ':&#x3C;port>'")
    expect(JSON.stringify(view)).not.toContain('{{port')
  })
})

describe('the page and unknown routes', () => {
  it('should serve the playground with a strict CSP', async () => {
    const response = await app.request('/')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(
      'text/html; charset=utf-8'
    )
    expect(response.headers.get('content-security-policy')).toBe(
      CONTENT_SECURITY_POLICY
    )
    expect(await response.text()).toContain(
      '<script type="module" src="/assets/app.js">'
    )
  })

  const assets: [string, string][] = [
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/style.css', 'text/css; charset=utf-8'],
    ['/assets/icon.svg', 'image/svg+xml']
  ]
  for (const [path, type] of assets) {
    it(`should serve ${path} as ${type}`, async () => {
      const response = await app.request(path)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe(type)
    })
  }

  const missing: [string, string][] = [
    ['GET', '/nope'],
    ['GET', '/assets/secret.txt'],
    ['GET', '/assets/..%2Fhttp%2Fapp.ts'],
    ['GET', '/api/diagnose'],
    ['POST', '/interactions']
  ]
  for (const [method, path] of missing) {
    it(`should answer 404 with a message for ${method} ${path}`, async () => {
      const response = await app.request(path, { method })
      expect(response.status).toBe(404)
      const { error } = (await response.json()) as { error: string }
      expect(error).toBe(
        ROUTE_NOT_FOUND(method, new URL(path, 'http://x').pathname)
      )
    })
  }
})

describe('a KB getter', () => {
  it('should follow a reload: the new KB answers health, articles and diagnoses', async () => {
    const without: Kb = {
      ...kb,
      version: 'reloaded',
      articles: kb.articles.filter((article) => article.id !== ARTICLE)
    }
    let state = { kb, matcher }
    const live = createApp({ kb: () => state })
    expect((await live.request(`/api/articles/${ARTICLE}`)).status).toBe(200)

    state = { kb: without, matcher: createMatcher(without) }
    expect((await live.request(`/api/articles/${ARTICLE}`)).status).toBe(404)
    const health = (await (await live.request('/healthz')).json()) as {
      kbVersion: string
    }
    expect(health.kbVersion).toBe('reloaded')
    const reloaded = await live.request('/api/diagnose', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ log: WSL_LOG })
    })
    const body = (await reloaded.json()) as ReturnType<typeof toJson>
    expect(body.kbVersion).toBe('reloaded')
    expect(body.matches.map((match) => match.id)).not.toContain(ARTICLE)
  })
})

describe('createApp with the server runner', () => {
  it('should answer /api/diagnose and /api/playground/diagnose with the same bytes as inline', async () => {
    const matcher = createMatcher(kb)
    const inline = createApp({ kb: { kb, matcher } })
    const pooled = createApp({ kb: { kb, matcher }, runner: pool })
    for (const path of ['/api/diagnose', '/api/playground/diagnose']) {
      const request = (): RequestInit => ({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ log: WSL_LOG, locale: 'zh-CN' })
      })
      const [a, b] = await Promise.all([
        inline.request(path, request()),
        pooled.request(path, request())
      ])
      expect(b.status).toBe(200)
      expect(b.headers.get('content-type')).toMatch(/^application\/json/)
      expect(await b.text()).toBe(await a.text())
    }
  })
})

describe('a long diagnosis in the server runner', () => {
  it('should not hold up a health check sent while it runs', async () => {
    // About 1.5 MB of varied error lines: the matcher reads 1 MB of it, for a few hundred ms.
    const big = Array.from(
      { length: 12_000 },
      (_, i) =>
        `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}Z ERROR worker ${i}: failed to connect to 10.0.${i % 255}.${i % 7}:${7000 + i} connection refused (os error 111) at /srv/x${i}.rs:${i}`
    ).join('\n')
    let started = (): void => {}
    const running = new Promise<void>((resolve) => {
      started = resolve
    })
    const watched: Runner = {
      ...pool,
      run: (jobs) => {
        started()
        return pool.run(jobs)
      }
    }
    const app = createApp({
      kb: { kb, matcher: createMatcher(kb) },
      runner: watched
    })
    const order: string[] = []
    const diagnosis = Promise.resolve(
      app.request('/api/diagnose', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: big
      })
    ).then((response) => order.push(`diagnosis ${response.status}`))
    await running
    const health = await app.request('/healthz')
    order.push(`health ${health.status}`)
    await diagnosis
    expect(order).toEqual(['health 200', 'diagnosis 200'])
  })
})
