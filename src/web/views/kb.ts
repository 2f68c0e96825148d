/**
 * @module web/views/kb
 * The knowledge-base browser: the search list and an article's page.
 */
import {
  article as fetchArticle,
  searchArticles,
  type ArticleView
} from '../api.ts'
import { stepText } from '../answer.ts'
import { $, h, messageOf, replace, trusted } from '../dom.ts'
import { UI, type Locale } from '../i18n.ts'
import { state, t } from '../state.ts'

/**
 * Search the articles and list them (every article for an empty query).
 * @param query What the user typed.
 */
export async function search(query: string): Promise<void> {
  const seq = ++state.searchSeq
  let body: Awaited<ReturnType<typeof searchArticles>>
  try {
    body = await searchArticles(query, state.locale)
  } catch (failure) {
    $('search-status').textContent = messageOf(failure)
    return
  }
  if (seq !== state.searchSeq) return
  replace(
    $('articles'),
    body.articles.map((article) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            href: `#/kb/${encodeURIComponent(article.id)}`,
            class: 'article-link'
          },
          article.title
        ),
        h(
          'span',
          { class: 'article-meta' },
          `${article.collection} / ${article.id}`
        ),
        h('p', {}, article.summary)
      )
    )
  )
  $('search-status').textContent = query
    ? body.articles.length === 0
      ? t('noResults')(query)
      : t('resultsCount')(body.articles.length, query)
    : t('articlesCount')(body.articles.length)
}

// The article page uses the same section names as the answers; these mirror the renderer's labels
// for when no diagnosis has been made yet.
const SECTION_LABELS: Record<
  Locale,
  { cause: string; steps: string; verify: string; ifNotHelped: string }
> = {
  en: {
    cause: 'Cause',
    steps: 'Fix',
    verify: 'Verify',
    ifNotHelped: 'If this did not help'
  },
  'zh-CN': {
    cause: '原因',
    steps: '解决步骤',
    verify: '验证',
    ifNotHelped: '如果仍未解决'
  }
}

/**
 * Show one article's page.
 * @param id The article id from the address.
 */
export async function showArticle(id: string): Promise<void> {
  const view = $('view-article')
  let article: ArticleView
  try {
    article = await fetchArticle(id, state.locale)
  } catch (failure) {
    replace(
      view,
      h('p', {}, h('a', { href: '#/kb' }, `← ${t('back')}`)),
      h('h1', { id: 'article-title', tabindex: '-1' }, t('notFound')),
      h('p', { class: 'error' }, messageOf(failure))
    )
    $('article-title').focus()
    return
  }
  const labels = UI[state.locale]
  const replyLabels = SECTION_LABELS[state.locale]
  const section = (
    key: keyof ArticleView['sections'],
    title: string
  ): HTMLElement | null =>
    article.sections[key]
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, title),
          trusted(article.sections[key])
        )
      : null
  const scope = [
    ...Object.entries(article.appliesTo.versions).map(
      ([name, range]) => `${name} ${range}`
    ),
    ...article.appliesTo.platforms
  ]
  replace(
    view,
    h('p', {}, h('a', { href: '#/kb' }, `← ${t('back')}`)),
    h('h1', { id: 'article-title', tabindex: '-1' }, article.title),
    h('p', { class: 'summary' }, article.summary),
    article.locale.toLowerCase() !== state.locale.toLowerCase() &&
      state.locale !== 'en'
      ? h('p', { class: 'note' }, t('notTranslated'))
      : null,
    h(
      'dl',
      { class: 'meta' },
      h('dt', {}, 'id'),
      h('dd', {}, h('code', {}, article.id)),
      h('dt', {}, t('tags')),
      h(
        'dd',
        {},
        article.tags.map((tag) => h('span', { class: 'badge' }, tag))
      ),
      scope.length > 0
        ? [h('dt', {}, t('appliesTo')), h('dd', {}, scope.join(', '))]
        : null
    ),
    section('symptoms', labels.symptoms),
    section('cause', replyLabels.cause),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, replyLabels.steps),
      h(
        'ol',
        { class: 'steps' },
        article.steps.map((step) =>
          h(
            'li',
            { class: 'step', value: step.n },
            step.scope ? h('span', { class: 'badge scope' }, step.scope) : null,
            stepText(step.html, step.code)
          )
        )
      )
    ),
    section('verify', replyLabels.verify),
    section('ifNotHelped', replyLabels.ifNotHelped),
    section('notes', labels.notes),
    section('related', labels.related)
  )
  document.title = `${article.title} · Remedy`
  $('article-title').focus()
}
