// The Remedy playground: paste a log and see the answer the bot would give; browse the KB.
// Plain ES module, no build step, no outside requests. Everything that comes from a user or a log
// is set with textContent; only the server's HTML (rendered from KB Markdown, raw HTML dropped) is
// parsed as HTML.

const MAX_UPLOAD = 2 * 1024 * 1024

const UI = {
  en: {
    skip: 'Skip to content',
    diagnoseTab: 'Diagnose',
    kbTab: 'Knowledge base',
    language: 'Language',
    diagnoseHeading: 'Diagnose an error log',
    tagline:
      'Paste an error log: Remedy finds the knowledge-base article that explains it, with the cause and the steps to fix it.',
    logLabel: 'Error log',
    logHint:
      'Paste the whole error output, or drop a log file here. Ctrl+Enter diagnoses.',
    file: 'Or open a log file',
    diagnose: 'Diagnose',
    clear: 'Clear',
    working: 'Diagnosing…',
    done: 'Done.',
    emptyLog: 'Paste a log first.',
    failed: 'Could not diagnose: ',
    fileClipped:
      'The file is over 2 MB: only its first and last parts were read.',
    confidence: 'Confidence',
    evidenceIn: 'Evidence, line',
    logTitle: 'The log as Remedy read it (cleaned, secrets redacted)',
    evidence: 'evidence',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Select and copy',
    kbHeading: 'Knowledge base',
    searchLabel: 'Search the knowledge base',
    searchHint:
      'Fuzzy search over ids, titles, tags and summaries, the same as /kb search.',
    articlesCount: (n) => `${n} articles`,
    resultsCount: (n, q) => `${n} results for “${q}”`,
    noResults: (q) => `No article matches “${q}”.`,
    back: 'All articles',
    symptoms: 'Symptoms',
    related: 'Related',
    notes: 'Notes',
    appliesTo: 'Applies to',
    tags: 'Tags',
    openArticle: 'Open the article',
    searchKb: 'Search the knowledge base for the problem',
    notFound: 'No such article.',
    footer: 'Runs locally; nothing you paste leaves this machine.',
    notTranslated: 'This article has no translation yet; showing the original.',
    statsTab: 'Stats',
    statsHeading: 'Stats',
    statsLead:
      'What Remedy answered, how it was rated, and what it could not answer: the same numbers as remedy stats.',
    sinceLabel: 'Period',
    since7d: 'Last 7 days',
    since30d: 'Last 30 days',
    since90d: 'Last 90 days',
    sinceAll: 'All time',
    statsLoading: 'Loading the stats…',
    statsEmpty: 'No diagnoses were recorded in this period.',
    statsFailed: 'Could not load the stats: ',
    diagnoses: 'Diagnoses',
    answered: 'Answered',
    candidates: 'Possible matches',
    none: 'No match',
    votes: 'Votes',
    votesValue: (fixed, notHelped) =>
      `${fixed} fixed it · ${notHelped} didn't help`,
    latency: 'Latency p50 / p95',
    perDay: 'Diagnoses per day',
    perDayDesc: (days, total, answered, none) =>
      `${total} diagnoses over ${days} days: ${answered} answered, ${none} with no match.`,
    dayTitle: (day, total, answered, candidates, none) =>
      `${day}: ${total} diagnoses, ${answered} answered, ${candidates} possible, ${none} no match`,
    perDayTable: 'The numbers per day',
    day: 'Day',
    articlesHeading: 'Articles',
    article: 'Article',
    suggested: 'Suggested',
    fixed: 'Fixed it',
    notHelped: "Didn't help",
    fixRate: 'Fix rate',
    slowestHeading: 'Slowest diagnoses',
    time: 'Time (UTC)',
    verdict: 'Verdict',
    transport: 'Through',
    lastDays: (n) => `The chart shows the last ${n} days.`
  },
  'zh-CN': {
    skip: '跳到正文',
    diagnoseTab: '诊断',
    kbTab: '知识库',
    language: '语言',
    diagnoseHeading: '诊断错误日志',
    tagline:
      '粘贴错误日志：Remedy 会找到解释它的知识库文章，给出原因和修复步骤。',
    logLabel: '错误日志',
    logHint: '粘贴完整的错误输出，或把日志文件拖到这里。Ctrl+Enter 开始诊断。',
    file: '或打开日志文件',
    diagnose: '诊断',
    clear: '清空',
    working: '正在诊断…',
    done: '完成。',
    emptyLog: '请先粘贴日志。',
    failed: '诊断失败：',
    fileClipped: '文件超过 2 MB：只读取了开头和结尾部分。',
    confidence: '置信度',
    evidenceIn: '证据，第',
    logTitle: 'Remedy 读取到的日志（已清理，已隐去敏感信息）',
    evidence: '证据',
    copy: '复制',
    copied: '已复制',
    copyFailed: '请手动选择复制',
    kbHeading: '知识库',
    searchLabel: '搜索知识库',
    searchHint: '对 id、标题、标签和摘要进行模糊搜索，与 /kb search 相同。',
    articlesCount: (n) => `共 ${n} 篇文章`,
    resultsCount: (n, q) => `“${q}”有 ${n} 个结果`,
    noResults: (q) => `没有与“${q}”匹配的文章。`,
    back: '全部文章',
    symptoms: '症状',
    related: '相关文章',
    notes: '备注',
    appliesTo: '适用于',
    tags: '标签',
    openArticle: '打开文章',
    searchKb: '在知识库中搜索这个问题',
    notFound: '没有这篇文章。',
    footer: '在本机运行；你粘贴的内容不会离开这台机器。',
    notTranslated: '这篇文章还没有译文，显示原文。',
    statsTab: '统计',
    statsHeading: '统计',
    statsLead:
      'Remedy 回答了什么、评价如何、哪些没能回答：与 remedy stats 相同的数字。',
    sinceLabel: '时间范围',
    since7d: '最近 7 天',
    since30d: '最近 30 天',
    since90d: '最近 90 天',
    sinceAll: '全部',
    statsLoading: '正在加载统计…',
    statsEmpty: '这段时间内没有记录到诊断。',
    statsFailed: '无法加载统计：',
    diagnoses: '诊断',
    answered: '已回答',
    candidates: '可能匹配',
    none: '无匹配',
    votes: '评价',
    votesValue: (fixed, notHelped) => `${fixed} 已解决 · ${notHelped} 没有帮助`,
    latency: '耗时 p50 / p95',
    perDay: '每天的诊断',
    perDayDesc: (days, total, answered, none) =>
      `${days} 天内共 ${total} 次诊断：${answered} 次已回答，${none} 次无匹配。`,
    dayTitle: (day, total, answered, candidates, none) =>
      `${day}：${total} 次诊断，${answered} 次已回答，${candidates} 次可能匹配，${none} 次无匹配`,
    perDayTable: '每天的数字',
    day: '日期',
    articlesHeading: '文章',
    article: '文章',
    suggested: '被建议',
    fixed: '已解决',
    notHelped: '没有帮助',
    fixRate: '解决率',
    slowestHeading: '最慢的诊断',
    time: '时间（UTC）',
    verdict: '结论',
    transport: '来源',
    lastDays: (n) => `图表显示最近 ${n} 天。`
  }
}

const $ = (id) => {
  const element = document.getElementById(id)
  if (!element) throw new Error(`playground: missing #${id}`)
  return element
}

const state = {
  locale: readLocale(),
  lastLog: '',
  hasResult: false,
  searchTimer: 0,
  searchSeq: 0,
  statsSeq: 0
}

function readLocale() {
  try {
    const saved = localStorage.getItem('remedy.locale')
    if (saved && saved in UI) return saved
  } catch {
    // Storage can be disabled; the default locale is fine then.
  }
  return navigator.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

const t = (key) => UI[state.locale]?.[key] ?? UI.en[key]

/** Create an element: `h('a', {href: '#'}, 'text', child)`. Strings become text nodes. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value)
    else if (name === 'class') element.className = value
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  return fill(element, ...children)
}

/** Append children to an element: nested arrays are flattened, null and false are skipped. */
function fill(element, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue
    element.append(
      typeof child === 'string' || typeof child === 'number'
        ? String(child)
        : child
    )
  }
  return element
}

/** Replace an element's children (see `fill`). */
function replace(element, ...children) {
  element.replaceChildren()
  return fill(element, ...children)
}

/** Parse HTML the server rendered from KB Markdown, and give its code blocks copy buttons. */
function trusted(markup) {
  const template = document.createElement('template')
  template.innerHTML = markup
  for (const pre of template.content.querySelectorAll('pre')) {
    pre.replaceWith(codeBlock(pre.textContent ?? '', languageOf(pre)))
  }
  return template.content
}

function languageOf(pre) {
  const code = pre.querySelector('code')
  const match = /language-([\w+-]+)/.exec(code?.className ?? '')
  return match ? match[1] : ''
}

function codeBlock(value, lang) {
  const code = h('code', {}, value.replace(/\n$/, ''))
  const button = h(
    'button',
    {
      type: 'button',
      class: 'copy',
      'aria-label': `${t('copy')} ${lang}`.trim()
    },
    t('copy')
  )
  button.addEventListener('click', () => copy(value.replace(/\n$/, ''), button))
  return h(
    'div',
    { class: 'code' },
    h('pre', { tabindex: '0', 'data-lang': lang || undefined }, code),
    button
  )
}

async function copy(text, button) {
  let ok = false
  try {
    await navigator.clipboard.writeText(text)
    ok = true
  } catch {
    const area = h('textarea', { class: 'offscreen', 'aria-hidden': 'true' })
    area.value = text
    document.body.append(area)
    area.select()
    try {
      ok = document.execCommand('copy')
    } catch {
      ok = false
    }
    area.remove()
  }
  button.textContent = ok ? t('copied') : t('copyFailed')
  setTimeout(() => {
    button.textContent = t('copy')
  }, 1500)
}

async function api(path, init) {
  const response = await fetch(path, init)
  const body = await response
    .json()
    .catch(() => ({ error: response.statusText }))
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`)
  return body
}

// ---------------------------------------------------------------- diagnose

async function diagnoseLog(log) {
  const status = $('status')
  const error = $('form-error')
  error.hidden = true
  if (log.trim() === '') {
    error.textContent = t('emptyLog')
    error.hidden = false
    $('log').focus()
    return
  }
  status.textContent = t('working')
  $('diagnose').disabled = true
  try {
    const view = await api('/api/playground/diagnose', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ log, locale: state.locale })
    })
    state.lastLog = log
    state.hasResult = true
    renderResult(view)
    status.textContent = t('done')
    const heading = document.querySelector('#result h2')
    if (heading) heading.focus()
  } catch (failure) {
    status.textContent = ''
    error.textContent =
      t('failed') +
      (failure instanceof Error ? failure.message : String(failure))
    error.hidden = false
  } finally {
    $('diagnose').disabled = false
  }
}

function percent(confidence) {
  return `${Math.round(confidence * 100)}%`
}

function renderResult(view) {
  const { reply, html, log } = view
  const labels = reply.labels
  const result = $('result')
  const evidenceLines = new Map()
  for (const article of reply.articles) {
    for (const item of article.evidence) {
      if (item.line > 0)
        evidenceLines.set(item.line, [
          ...(evidenceLines.get(item.line) ?? []),
          item.clue
        ])
    }
  }
  replace(
    result,
    h(
      'div',
      { class: `verdict verdict-${reply.verdict}` },
      h('h2', { tabindex: '-1', id: 'verdict' }, reply.headline),
      reply.verdict === 'none'
        ? h('p', {}, h('a', { href: '#/kb' }, t('searchKb')))
        : null,
      reply.notes.map((note) => h('p', { class: 'note' }, note))
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
  )
  result.hidden = false
}

function renderArticle(article, articleHtml, labels) {
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
    article.cause
      ? h(
          'details',
          { class: 'cause' },
          h('summary', {}, labels.cause),
          trusted(articleHtml?.cause ?? '')
        )
      : null,
    article.verify
      ? h(
          'details',
          { class: 'verify' },
          h('summary', {}, labels.verify),
          trusted(articleHtml?.verify ?? '')
        )
      : null,
    article.ifNotHelped
      ? h(
          'details',
          { class: 'not-helped' },
          h('summary', {}, labels.ifNotHelped),
          trusted(articleHtml?.ifNotHelped ?? '')
        )
      : null
  )
}

function renderSteps(steps, stepsHtml, labels) {
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
function stepText(html, code) {
  const text = h('div', { class: 'step-text' }, trusted(html))
  if (text.querySelector('.code') === null) {
    fill(
      text,
      code.map((block) => codeBlock(block.value, block.lang))
    )
  }
  return text
}

function renderLog(log, evidenceLines) {
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

async function readFile(file) {
  const error = $('form-error')
  error.hidden = true
  let text
  if (file.size > MAX_UPLOAD) {
    // Keep the head and the tail, like the matcher does: the fatal error is usually near the end.
    const head = await file.slice(0, MAX_UPLOAD / 4).text()
    const tail = await file.slice(file.size - (MAX_UPLOAD * 3) / 4).text()
    text = `${head}\n${tail}`
    error.textContent = t('fileClipped')
    error.hidden = false
  } else {
    text = await file.text()
  }
  $('log').value = text
  await diagnoseLog(text)
}

// ---------------------------------------------------------------- knowledge base

async function search(query) {
  const seq = ++state.searchSeq
  const params = new URLSearchParams({ locale: state.locale })
  if (query) params.set('q', query)
  let body
  try {
    body = await api(`/api/articles?${params}`)
  } catch (failure) {
    $('search-status').textContent =
      failure instanceof Error ? failure.message : String(failure)
    return
  }
  if (seq !== state.searchSeq) return
  const list = $('articles')
  replace(
    list,
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

async function showArticle(id) {
  const view = $('view-article')
  let article
  try {
    article = await api(
      `/api/articles/${encodeURIComponent(id)}?locale=${encodeURIComponent(state.locale)}`
    )
  } catch (failure) {
    replace(
      view,
      h('p', {}, h('a', { href: '#/kb' }, `← ${t('back')}`)),
      h('h1', { id: 'article-title', tabindex: '-1' }, t('notFound')),
      h(
        'p',
        { class: 'error' },
        failure instanceof Error ? failure.message : String(failure)
      )
    )
    $('article-title').focus()
    return
  }
  const labels = UI[state.locale] ?? UI.en
  const section = (key, title) =>
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
    section('cause', replyLabel('cause')),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, replyLabel('steps')),
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
    section('verify', replyLabel('verify')),
    section('ifNotHelped', replyLabel('ifNotHelped')),
    section('notes', labels.notes),
    section('related', labels.related)
  )
  document.title = `${article.title} · Remedy`
  $('article-title').focus()
}

// The article page uses the same section names as the answers; these mirror the renderer's labels
// for when no diagnosis has been made yet.
const SECTION_LABELS = {
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
const replyLabel = (key) =>
  (SECTION_LABELS[state.locale] ?? SECTION_LABELS.en)[key]

// ---------------------------------------------------------------- stats

const SVG_NS = 'http://www.w3.org/2000/svg'
/** The chart shows at most this many days (the tables below it hold them all), and at least a week. */
const CHART_DAYS = 92
const MIN_CHART_DAYS = 7
const DAY_MS = 86_400_000

/** Create an SVG element, like `h` (attributes only; strings become text nodes). */
function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null)
      element.setAttribute(name, String(value))
  }
  return fill(element, ...children)
}

function rate(value) {
  return `${Math.round(value * 1000) / 10}%`
}

function ms(value) {
  return `${Math.round(value * 10) / 10} ms`
}

/** Every day of the window, oldest first, with zeros where nothing was recorded. */
function daySeries(stats) {
  const recorded = new Map(stats.days.map((day) => [day.day, day]))
  const last = Date.parse(`${stats.until.slice(0, 10)}T00:00:00Z`)
  const firstDay = stats.since?.slice(0, 10) ?? stats.days[0]?.day
  const first = Math.min(
    firstDay ? Date.parse(`${firstDay}T00:00:00Z`) : last,
    last - (MIN_CHART_DAYS - 1) * DAY_MS
  )
  const series = []
  for (let at = first; at <= last; at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10)
    series.push(recorded.get(day) ?? { day, total: 0, answered: 0, none: 0 })
  }
  return series
}

/** The bar chart of diagnoses per day: answered, possible matches and no match, stacked. */
function chart(stats) {
  const all = daySeries(stats)
  const days = all.slice(-CHART_DAYS)
  const width = 480
  const height = 200
  const left = 30
  const bottom = 22
  const top = 8
  const plotWidth = width - left - 4
  const plotHeight = height - top - bottom
  const max = Math.max(1, ...days.map((day) => day.total))
  const step = plotWidth / days.length
  const barWidth = Math.min(28, Math.max(1, step * 0.8))
  const y = (value) => top + plotHeight - (value / max) * plotHeight
  const totals = days.reduce(
    (sum, day) => ({
      total: sum.total + day.total,
      answered: sum.answered + day.answered,
      none: sum.none + day.none
    }),
    { total: 0, answered: 0, none: 0 }
  )
  const bars = days.map((day, index) => {
    const x = left + index * step + (step - barWidth) / 2
    const candidates = day.total - day.answered - day.none
    const segments = [
      ['bar-answered', day.answered],
      ['bar-candidates', candidates],
      ['bar-none', day.none]
    ]
    let base = 0
    return svg(
      'g',
      { class: 'day', 'data-day': day.day },
      svg(
        'title',
        {},
        t('dayTitle')(day.day, day.total, day.answered, candidates, day.none)
      ),
      segments
        .filter(([, value]) => value > 0)
        .map(([name, value]) => {
          const rect = svg('rect', {
            class: name,
            x: x.toFixed(2),
            y: y(base + value).toFixed(2),
            width: barWidth.toFixed(2),
            height: (y(base) - y(base + value)).toFixed(2)
          })
          base += value
          return rect
        })
    )
  })
  const figure = svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': 'chart-title chart-desc'
    },
    svg('title', { id: 'chart-title' }, t('perDay')),
    svg(
      'desc',
      { id: 'chart-desc' },
      t('perDayDesc')(days.length, totals.total, totals.answered, totals.none)
    ),
    svg('line', {
      class: 'axis',
      x1: left,
      x2: width - 4,
      y1: top + plotHeight,
      y2: top + plotHeight
    }),
    svg('line', {
      class: 'axis',
      x1: left,
      x2: left,
      y1: top,
      y2: top + plotHeight
    }),
    svg('text', { x: left - 6, y: top + 10, 'text-anchor': 'end' }, max),
    svg(
      'text',
      { x: left - 6, y: top + plotHeight, 'text-anchor': 'end' },
      '0'
    ),
    svg('text', { x: left, y: height - 6 }, days[0]?.day ?? ''),
    days.length > 1
      ? svg(
          'text',
          { x: width - 4, y: height - 6, 'text-anchor': 'end' },
          days[days.length - 1]?.day ?? ''
        )
      : null,
    bars
  )
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'per-day-heading' },
    h('h2', { id: 'per-day-heading' }, t('perDay')),
    figure,
    h(
      'ul',
      { class: 'legend' },
      [
        ['bar-answered', t('answered')],
        ['bar-candidates', t('candidates')],
        ['bar-none', t('none')]
      ].map(([name, label]) =>
        h('li', {}, h('span', { class: name, 'aria-hidden': 'true' }), label)
      )
    ),
    all.length > days.length
      ? h('p', { class: 'hint' }, t('lastDays')(days.length))
      : null,
    h(
      'details',
      { class: 'per-day' },
      h('summary', {}, t('perDayTable')),
      table(
        [t('day'), t('diagnoses'), t('answered'), t('none')],
        [...stats.days]
          .reverse()
          .map((day) => [day.day, day.total, day.answered, day.none]),
        t('perDayTable')
      )
    )
  )
}

/** A table in a scrolling box (keyboard-scrollable too): numbers right-aligned. */
function table(headers, rows, caption) {
  return h(
    'div',
    {
      class: 'table-wrap',
      tabindex: '0',
      role: 'region',
      'aria-label': caption
    },
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((header) => h('th', { scope: 'col' }, header))
        )
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            row.map((cell) =>
              h(
                'td',
                { class: typeof cell === 'number' ? 'num' : undefined },
                cell
              )
            )
          )
        )
      )
    )
  )
}

function renderStats(stats) {
  const box = $('stats')
  if (stats.total === 0) {
    box.hidden = true
    box.replaceChildren()
    $('stats-status').textContent = t('statsEmpty')
    return
  }
  $('stats-status').textContent = ''
  const figure = (label, value) =>
    h('div', {}, h('dt', {}, label), h('dd', {}, value))
  replace(
    box,
    h(
      'dl',
      { class: 'figures' },
      figure(t('diagnoses'), stats.total),
      figure(t('answered'), `${stats.match} · ${rate(stats.answerRate)}`),
      figure(t('candidates'), stats.candidates),
      figure(t('none'), `${stats.none} · ${rate(stats.noneRate)}`),
      figure(
        t('votes'),
        t('votesValue')(stats.votes.fixed, stats.votes.notHelped)
      ),
      figure(
        t('latency'),
        `${ms(stats.latency.p50)} / ${ms(stats.latency.p95)}`
      )
    ),
    chart(stats),
    stats.articles.length > 0
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'stats-articles' },
          h('h2', { id: 'stats-articles' }, t('articlesHeading')),
          table(
            [
              t('article'),
              t('answered'),
              t('suggested'),
              t('fixed'),
              t('notHelped'),
              t('fixRate')
            ],
            stats.articles.map((article) => [
              h(
                'a',
                { href: `#/kb/${encodeURIComponent(article.id)}` },
                article.id
              ),
              article.answered,
              article.suggested,
              article.fixed,
              article.notHelped,
              article.fixRate === null || article.fixRate === undefined
                ? '–'
                : rate(article.fixRate)
            ]),
            t('articlesHeading')
          )
        )
      : null,
    stats.slowest.length > 0
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'stats-slowest' },
          h('h2', { id: 'stats-slowest' }, t('slowestHeading')),
          table(
            [
              t('latency').split(' ')[0],
              t('time'),
              t('verdict'),
              t('article'),
              t('transport')
            ],
            stats.slowest.map((slow) => [
              ms(slow.latencyMs),
              slow.at.slice(0, 16).replace('T', ' '),
              slow.verdict,
              slow.articleId ?? '–',
              slow.transport
            ]),
            t('slowestHeading')
          )
        )
      : null
  )
  box.hidden = false
}

async function loadStats() {
  const seq = ++state.statsSeq
  const since = $('since').value
  $('stats-status').textContent = t('statsLoading')
  let stats
  try {
    stats = await api(
      since ? `/api/stats?since=${encodeURIComponent(since)}` : '/api/stats'
    )
  } catch (failure) {
    if (seq !== state.statsSeq) return
    $('stats').hidden = true
    $('stats-status').textContent =
      t('statsFailed') +
      (failure instanceof Error ? failure.message : String(failure))
    return
  }
  if (seq !== state.statsSeq) return
  renderStats(stats)
}

// ---------------------------------------------------------------- routing and wiring

function applyLocale() {
  document.documentElement.lang = state.locale
  for (const element of document.querySelectorAll('[data-i18n]')) {
    const value = t(element.getAttribute('data-i18n'))
    if (typeof value === 'string') element.textContent = value
  }
  $('locale').value = state.locale
}

function route(event) {
  const hash = location.hash || '#/'
  // In-page anchors (the skip link, #log-12) keep the current view.
  if (!hash.startsWith('#/')) {
    if (event) return
    location.replace('#/')
    return
  }
  const article = /^#\/kb\/(.+)$/.exec(hash)
  const kb = hash === '#/kb' || hash.startsWith('#/kb?')
  const stats = hash === '#/stats'
  const diagnoseView = !article && !kb && !stats
  $('view-diagnose').hidden = !diagnoseView
  $('view-kb').hidden = !kb
  $('view-article').hidden = !article
  $('view-stats').hidden = !stats
  $('tab-diagnose').toggleAttribute('aria-current', diagnoseView)
  $('tab-kb').toggleAttribute('aria-current', Boolean(kb || article))
  $('tab-stats').toggleAttribute('aria-current', stats)
  if (stats) {
    document.title = `${t('statsHeading')} · Remedy`
    void loadStats()
  } else if (diagnoseView) {
    document.title = 'Remedy playground'
  } else if (kb) {
    document.title = `${t('kbHeading')} · Remedy`
    void search($('search').value.trim())
  } else if (article) {
    void showArticle(decodeURIComponent(article[1]))
  }
}

function wire() {
  const form = $('diagnose-form')
  const log = $('log')
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void diagnoseLog(log.value)
  })
  log.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void diagnoseLog(log.value)
    }
  })
  $('clear').addEventListener('click', () => {
    log.value = ''
    $('result').hidden = true
    $('result').replaceChildren()
    $('form-error').hidden = true
    $('status').textContent = ''
    state.hasResult = false
    log.focus()
  })
  $('file').addEventListener('change', (event) => {
    const file = event.target.files?.[0]
    if (file) void readFile(file)
  })
  const drop = $('drop')
  drop.addEventListener('dragover', (event) => {
    event.preventDefault()
    drop.classList.add('dragging')
  })
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'))
  drop.addEventListener('drop', (event) => {
    event.preventDefault()
    drop.classList.remove('dragging')
    const file = event.dataTransfer?.files?.[0]
    if (file) void readFile(file)
  })
  $('locale').addEventListener('change', (event) => {
    state.locale = event.target.value in UI ? event.target.value : 'en'
    try {
      localStorage.setItem('remedy.locale', state.locale)
    } catch {
      // Not saved; the choice still holds for this page.
    }
    applyLocale()
    if (state.hasResult && !$('view-diagnose').hidden)
      void diagnoseLog(state.lastLog)
    else route()
  })
  $('search-form').addEventListener('submit', (event) => event.preventDefault())
  $('stats-form').addEventListener('submit', (event) => event.preventDefault())
  $('since').addEventListener('change', () => void loadStats())
  $('search').addEventListener('input', () => {
    clearTimeout(state.searchTimer)
    state.searchTimer = setTimeout(
      () => void search($('search').value.trim()),
      120
    )
  })
  window.addEventListener('hashchange', route)
}

async function showVersion() {
  try {
    const health = await api('/healthz')
    $('kb-version').textContent = `KB ${health.kbVersion} · ${health.articles}`
  } catch {
    // The footer is informational only.
  }
}

applyLocale()
wire()
route()
void showVersion()
