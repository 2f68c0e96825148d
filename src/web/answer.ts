/**
 * @module web/answer
 * An answer on the page: the verdict, each article with its confidence, evidence and ordered steps
 * (code in place, with Copy), the other candidates, what to collect, and the log as the matcher read
 * it with the evidence lines marked.
 */
import type { Labels, ReplyArticle, ReplyStep } from '../render/types.ts'
import type { PlaygroundView } from './api.ts'
import { codeBlock, fill, h, trusted, type Child } from './dom.ts'
import { t } from './state.ts'

/** The HTML of one article's parts, as the server rendered them. */
type ArticleHtml = PlaygroundView['html']['articles'][string]

/** A confidence as a whole percentage. */
export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`
}

/**
 * The whole answer to one log.
 * @param view What `POST /api/playground/diagnose` answered.
 * @returns The nodes to put in the result box.
 */
export function renderAnswer(view: PlaygroundView): Child[] {
  const { reply, html, log } = view
  const labels = reply.labels
  const evidenceLines = new Map<number, string[]>()
  for (const article of reply.articles) {
    for (const item of article.evidence) {
      if (item.line > 0)
        evidenceLines.set(item.line, [
          ...(evidenceLines.get(item.line) ?? []),
          item.clue
        ])
    }
  }
  return [
    h(
      'div',
      { class: `verdict verdict-${reply.verdict}` },
      h('h2', { tabindex: '-1', id: 'verdict' }, reply.headline),
      reply.verdict === 'none'
        ? h('p', {}, h('a', { href: '#/kb' }, t('searchKb')))
        : null,
      reply.notes.map((note) => h('p', { class: 'note' }, note))
    ),
    // What was read from a screenshot: secondary, folded, with how to correct it.
    reply.image === undefined
      ? null
      : h(
          'details',
          { class: 'card image-text' },
          h(
            'summary',
            {},
            `${t('readFromImage')} (OCR ${reply.image.confidence}%)`
          ),
          h('p', { class: 'hint' }, t('readFromImageHint')),
          h('pre', {}, reply.image.text)
        ),
    reply.articles.map((article) =>
      renderArticle(article, html.articles[article.id], labels)
    ),
    reply.others.length > 0
      ? h(
          'section',
          { class: 'card others', 'aria-labelledby': 'others-heading' },
          h('h3', { id: 'others-heading' }, labels.otherMatches),
          h(
            'ul',
            {},
            reply.others.map((other) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { href: `#/kb/${encodeURIComponent(other.id)}` },
                  other.title
                ),
                ' ',
                h(
                  'span',
                  { class: 'badge' },
                  `${other.confidenceLabel} · ${percent(other.confidence)}`
                )
              )
            )
          )
        )
      : null,
    reply.collect
      ? h(
          'section',
          { class: 'card collect', 'aria-labelledby': 'collect-heading' },
          h(
            'h3',
            { id: 'collect-heading' },
            reply.collect.title || labels.collect
          ),
          renderSteps(reply.collect.steps, html.collect, labels)
        )
      : null,
    renderLog(log, evidenceLines)
  ]
}

/** A Markdown part of an article, folded. */
function part(
  className: string,
  title: string,
  markdown: string,
  markup: string | undefined
): HTMLElement | null {
  return markdown
    ? h(
        'details',
        { class: className },
        h('summary', {}, title),
        trusted(markup ?? '')
      )
    : null
}

function renderArticle(
  article: ReplyArticle,
  articleHtml: ArticleHtml | undefined,
  labels: Labels
): HTMLElement {
  const id = `article-${article.id}`
  return h(
    'section',
    { class: 'card answer', 'aria-labelledby': id },
    h(
      'div',
      { class: 'answer-head' },
      h('h2', { id, class: 'answer-title', tabindex: '-1' }, article.title),
      h(
        'span',
        {
          class: `badge confidence confidence-${article.confidenceWord}`,
          title: t('confidence')
        },
        `${article.confidenceLabel} · ${percent(article.confidence)}`
      )
    ),
    h('p', { class: 'summary' }, article.summary),
    h(
      'p',
      {},
      h(
        'a',
        { href: `#/kb/${encodeURIComponent(article.id)}` },
        t('openArticle'),
        ` (${article.id})`
      )
    ),
    article.evidence.length > 0
      ? h(
          'details',
          { class: 'why' },
          h('summary', {}, labels.why),
          h(
            'ul',
            {},
            article.evidence.map((item) =>
              h(
                'li',
                {},
                h('span', { class: 'clue' }, item.clue),
                item.line > 0
                  ? h(
                      'a',
                      { href: `#log-${item.line}`, class: 'line-ref' },
                      `${t('evidenceIn')} ${item.line}`
                    )
                  : null,
                item.text
                  ? h('code', { class: 'evidence-text' }, item.text)
                  : null
              )
            )
          )
        )
      : null,
    h('h3', {}, labels.steps),
    renderSteps(article.steps, articleHtml?.steps ?? [], labels),
    part('cause', labels.cause, article.cause, articleHtml?.cause),
    part('verify', labels.verify, article.verify, articleHtml?.verify),
    part(
      'not-helped',
      labels.ifNotHelped,
      article.ifNotHelped,
      articleHtml?.ifNotHelped
    )
  )
}

function renderSteps(
  steps: ReplyStep[],
  stepsHtml: string[],
  labels: Labels
): HTMLOListElement {
  return h(
    'ol',
    { class: 'steps' },
    steps.map((step, index) =>
      h(
        'li',
        {
          class: step.applies === 'no' ? 'step does-not-apply' : 'step',
          value: step.n
        },
        step.scope ? h('span', { class: 'badge scope' }, step.scope) : null,
        stepText(stepsHtml[index] ?? '', step.code),
        step.applies === 'no'
          ? h(
              'p',
              { class: 'note' },
              labels.doesNotApply,
              step.note ? `: ${step.note}` : ''
            )
          : null
      )
    )
  )
}

/**
 * A step's text with its code in place (the step's Markdown carries its code blocks); blocks the
 * Markdown does not show are added after the text.
 */
export function stepText(
  html: string,
  code: { lang: string; value: string }[]
): HTMLElement {
  const text = h('div', { class: 'step-text' }, trusted(html))
  if (text.querySelector('.code') === null) {
    fill(
      text,
      code.map((block) => codeBlock(block.value, block.lang))
    )
  }
  return text
}

function renderLog(
  log: PlaygroundView['log'],
  evidenceLines: Map<number, string[]>
): HTMLElement {
  return h(
    'details',
    { class: 'card log', open: evidenceLines.size > 0 },
    h('summary', {}, t('logTitle')),
    h(
      'ol',
      { class: 'log-lines' },
      log.lines.map((line) => {
        const clues = evidenceLines.get(line.n)
        return h(
          'li',
          {
            id: `log-${line.n}`,
            value: line.n,
            class: clues ? 'evidence' : undefined
          },
          clues ? h('mark', {}, line.text) : line.text,
          clues
            ? h(
                'span',
                { class: 'visually-hidden' },
                ` (${t('evidence')}: ${clues.join(', ')})`
              )
            : null
        )
      })
    )
  )
}
