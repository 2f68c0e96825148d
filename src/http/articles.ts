/**
 * @module http/articles
 * The KB browser's data: the article list and one article with its sections rendered to HTML.
 * Rendered once per article and locale, then reused.
 */
import { describeApplies } from '../kb/steps.ts'
import type { Applicability, Article, Kb, Step } from '../kb/types.ts'
// The same choice of translation as the answers make (`zh` finds `zh-CN`, else English).
import { contentFor } from '../match/diagnose.ts'
import { fill, fillMarkdown } from '../match/steps.ts'
import { markdownToHtml, type LinkContext } from '../render/markdown.ts'

/** One row of `GET /api/articles`. */
export interface ArticleSummary {
  id: string
  collection: string
  title: string
  summary: string
  tags: string[]
  locales: string[]
}

/** One step of an article page. */
export interface ArticleStepView {
  n: number
  /** The step's text as HTML (without its code blocks). */
  html: string
  code: { lang: string; value: string }[]
  /** Where the step applies, e.g. `dora >=0.3.10` or `WSL`; undefined when everywhere. */
  scope: string | undefined
}

/** `GET /api/articles/:id`: an article in one locale, its sections as HTML. */
export interface ArticleView extends ArticleSummary {
  locale: string
  path: string
  appliesTo: Applicability
  /** Section HTML; '' when the article has no such section. */
  sections: {
    symptoms: string
    cause: string
    verify: string
    ifNotHelped: string
    related: string
    notes: string
  }
  steps: ArticleStepView[]
}

function localesOf(article: Article): string[] {
  return [
    article.content.locale,
    ...Object.values(article.translations).map((c) => c.locale)
  ]
}

/**
 * Summarise an article for the list.
 * @param article The article.
 * @param locale The wanted locale.
 * @returns The list row.
 */
export function summarizeArticle(
  article: Article,
  locale: string | undefined
): ArticleSummary {
  const content = contentFor(article, locale)
  return {
    id: article.id,
    collection: article.collection,
    title: content.title,
    summary: content.summary,
    tags: article.tags,
    locales: localesOf(article)
  }
}

function stepView(
  step: Step,
  n: number,
  context: LinkContext
): ArticleStepView {
  return {
    n,
    html: markdownToHtml(fillMarkdown(step.markdown, {}), context),
    code: step.code.map(({ lang, value }) => ({
      lang,
      value: fill(value, {})
    })),
    scope: describeApplies(step.applies)
  }
}

/**
 * Build the article pages of a KB, rendering each lazily and once per locale.
 * @param kb The compiled KB.
 * @returns A lookup by id and locale; undefined for an unknown or draft article.
 */
export function createArticleViews(
  kb: Kb
): (id: string, locale: string | undefined) => ArticleView | undefined {
  const byId = new Map(
    kb.articles.filter((a) => !a.draft).map((a) => [a.id, a])
  )
  const context: LinkContext = { articleIds: new Set(byId.keys()) }
  const cache = new Map<string, ArticleView>()
  const section = (markdown: string): string =>
    markdownToHtml(fillMarkdown(markdown, {}), context)
  return (id, locale) => {
    const article = byId.get(id)
    if (article === undefined) return undefined
    const content = contentFor(article, locale)
    const key = `${id}\u0000${content.locale}`
    const cached = cache.get(key)
    if (cached !== undefined) return cached
    const view: ArticleView = {
      ...summarizeArticle(article, content.locale),
      locale: content.locale,
      path: content.path,
      appliesTo: article.appliesTo,
      // No log: every placeholder shows as `<port>`, never the article's example value.
      sections: {
        symptoms: section(content.symptoms),
        cause: section(content.cause),
        verify: section(content.verify),
        ifNotHelped: section(content.ifNotHelped),
        related: section(content.related),
        notes: section(content.notes)
      },
      steps: content.steps.map((step, index) =>
        stepView(step, index + 1, context)
      )
    }
    cache.set(key, view)
    return view
  }
}
