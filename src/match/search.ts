/**
 * @module match/search
 * Fuzzy search over article ids, titles, tags and summaries (what `/kb search` and autocomplete use).
 */
import Fuse from 'fuse.js'
import { pickLocale } from '../kb/locale.ts'
import type { Matcher } from './matcher.ts'

/** What fuse.js searches for an article: its own title and summary and those of its translations. */
interface SearchDoc {
  id: string
  collection: string
  title: string
  summary: string
  tags: string[]
  /** Titles and summaries of the translations, so a search in another language finds the article. */
  localized: string[]
}

/** Each matcher's index, built on its first search (a diagnosis never needs it). */
const indexes = new WeakMap<Matcher, Fuse<SearchDoc>>()

function indexOf(matcher: Matcher): Fuse<SearchDoc> {
  const known = indexes.get(matcher)
  if (known !== undefined) return known
  const docs: SearchDoc[] = matcher.articles.map((article) => ({
    id: article.id,
    collection: article.collection,
    title: article.content.title,
    summary: article.content.summary,
    tags: article.tags,
    localized: Object.values(article.translations).flatMap((content) => [
      content.title,
      content.summary
    ])
  }))
  const index = new Fuse(docs, {
    keys: [
      { name: 'id', weight: 3 },
      { name: 'title', weight: 2 },
      { name: 'tags', weight: 1.5 },
      { name: 'summary', weight: 1 },
      { name: 'localized', weight: 1 }
    ],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.4
  })
  indexes.set(matcher, index)
  return index
}

export interface SearchHit {
  id: string
  title: string
  summary: string
  collection: string
  /** 0 is a perfect match, 1 no match (fuse.js score). */
  score: number
}

/**
 * Search the KB. An exact id comes first, then fuse.js ranks titles, tags and summaries.
 * @param matcher The compiled KB.
 * @param query What the user typed.
 * @param options `limit` (default 25, Discord's maximum of choices) and `locale` for titles.
 * @returns The hits, best first.
 */
export function searchArticles(
  matcher: Matcher,
  query: string,
  options: { limit?: number; locale?: string } = {}
): SearchHit[] {
  const limit = options.limit ?? 25
  const text = query.trim().slice(0, 100)
  const titleOf = (
    id: string,
    fallback: string,
    summary: string
  ): { title: string; summary: string } => {
    const article = matcher.byId.get(id)
    const content =
      options.locale === undefined || article === undefined
        ? undefined
        : pickLocale(article.translations, options.locale)
    return content
      ? { title: content.title, summary: content.summary }
      : { title: fallback, summary }
  }
  if (text === '') {
    return matcher.articles.slice(0, limit).map((article) => ({
      id: article.id,
      collection: article.collection,
      score: 1,
      ...titleOf(article.id, article.content.title, article.content.summary)
    }))
  }
  const hits = indexOf(matcher)
    .search(text, { limit: limit + 1 })
    .map((result) => ({
      id: result.item.id,
      collection: result.item.collection,
      score:
        result.item.id === text.toLowerCase()
          ? 0
          : Math.max(result.score ?? 1, 0.000001),
      ...titleOf(result.item.id, result.item.title, result.item.summary)
    }))
  return hits.sort((a, b) => a.score - b.score).slice(0, limit)
}
