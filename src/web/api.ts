/**
 * @module web/api
 * The page's calls to the server, typed with the server's own response types (type imports only:
 * nothing of the server is bundled into the page).
 */
import type { ArticleSummary, ArticleView } from '../http/articles.ts'
import type { PlaygroundView } from '../render/playground.ts'
import type { Stats } from '../store/types.ts'
import type { Locale } from './i18n.ts'

export type { ArticleSummary, ArticleView, PlaygroundView, Stats }

/** `GET /healthz`. */
export interface Health {
  status: string
  kbVersion: string
  articles: number
}

/**
 * Call the server and read its JSON.
 * @throws An Error with the server's `error` message when the answer is not 2xx.
 */
async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init)
  const body = (await response
    .json()
    .catch(() => ({ error: response.statusText }))) as unknown
  if (!response.ok) {
    const error =
      typeof body === 'object' && body !== null && 'error' in body
        ? String(body.error)
        : `HTTP ${response.status}`
    throw new Error(error)
  }
  return body as T
}

/** Diagnose a log as the bot would, with the page's extras (HTML, the log as read). */
export const diagnose = (
  log: string,
  locale: Locale
): Promise<PlaygroundView> =>
  api('/api/playground/diagnose', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ log, locale })
  })

/** Diagnose a screenshot (PNG, JPEG, WebP): the server reads its text, then diagnoses it. */
export const diagnoseImage = (
  image: Blob,
  locale: Locale
): Promise<PlaygroundView> => {
  const form = new FormData()
  form.set('file', image, 'screenshot')
  form.set('locale', locale)
  return api('/api/playground/diagnose', { method: 'POST', body: form })
}

/** Search the articles (every article for an empty query). */
export const searchArticles = (
  query: string,
  locale: Locale
): Promise<{ articles: ArticleSummary[] }> => {
  const params = new URLSearchParams({ locale })
  if (query !== '') params.set('q', query)
  return api(`/api/articles?${params.toString()}`)
}

/** One article in a language. */
export const article = (id: string, locale: Locale): Promise<ArticleView> =>
  api(
    `/api/articles/${encodeURIComponent(id)}?locale=${encodeURIComponent(locale)}`
  )

/** The stats, since a duration (`30d`) or of all time (''). */
export const stats = (since: string): Promise<Stats> =>
  api(
    since === ''
      ? '/api/stats'
      : `/api/stats?since=${encodeURIComponent(since)}`
  )

/** The KB the server serves. */
export const health = (): Promise<Health> => api('/healthz')
