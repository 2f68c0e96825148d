/**
 * @module web/views/stats
 * The Stats view: the overall figures, a bar chart of diagnoses per day, and the tables (articles,
 * slowest diagnoses, the numbers per day). A table wider than the screen scrolls inside its box,
 * with a shadow at the edge that has more and a line that says so.
 */
import { stats as fetchStats, type Stats } from '../api.ts'
import { $, h, messageOf, replace, svg, type Child } from '../dom.ts'
import { state, t } from '../state.ts'

/** The chart shows at most this many days (the tables below it hold them all), and at least a week. */
const CHART_DAYS = 92
const MIN_CHART_DAYS = 7
const DAY_MS = 86_400_000

type Day = Stats['days'][number]

function rate(value: number): string {
  return `${Math.round(value * 1000) / 10}%`
}

function ms(value: number): string {
  return `${Math.round(value * 10) / 10} ms`
}

/** Every day of the window, oldest first, with zeros where nothing was recorded. */
function daySeries(stats: Stats): Day[] {
  const recorded = new Map(stats.days.map((day) => [day.day, day]))
  const last = Date.parse(`${stats.until.slice(0, 10)}T00:00:00Z`)
  const firstDay = stats.since?.slice(0, 10) ?? stats.days[0]?.day
  const first = Math.min(
    firstDay ? Date.parse(`${firstDay}T00:00:00Z`) : last,
    last - (MIN_CHART_DAYS - 1) * DAY_MS
  )
  const series: Day[] = []
  for (let at = first; at <= last; at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10)
    series.push(recorded.get(day) ?? { day, total: 0, answered: 0, none: 0 })
  }
  return series
}

/** The bar chart of diagnoses per day: answered, possible matches and no match, stacked. */
function chart(stats: Stats): HTMLElement {
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
  const y = (value: number): number =>
    top + plotHeight - (value / max) * plotHeight
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
    const segments: [string, number][] = [
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
  const legend: [string, string][] = [
    ['bar-answered', t('answered')],
    ['bar-candidates', t('candidates')],
    ['bar-none', t('none')]
  ]
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'per-day-heading' },
    h('h2', { id: 'per-day-heading' }, t('perDay')),
    figure,
    h(
      'ul',
      { class: 'legend' },
      legend.map(([name, label]) =>
        h('li', {}, h('span', { class: name, 'aria-hidden': 'true' }), label)
      )
    ),
    all.length > days.length
      ? h('p', { class: 'hint' }, t('lastDays')(days.length))
      : null,
    h(
      'details',
      { class: 'per-day', ontoggle: () => markScrollable($('stats')) },
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

/**
 * A table in a scrolling box (keyboard-scrollable too): numbers right-aligned. When it is wider
 * than the box, a line above it says so and a shadow marks the edge that has more.
 */
function table(
  headers: string[],
  rows: Child[][],
  caption: string
): HTMLElement {
  const hint = h('p', { class: 'scroll-hint', hidden: true }, t('scrollHint'))
  const wrap = h(
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
  return h('div', { class: 'table-box' }, hint, wrap)
}

/**
 * Show the scroll hint of every table under `root` that is wider than its box (measured on the
 * page: after the view is shown, when the window changes size, when a folded table opens).
 */
function markScrollable(root: HTMLElement): void {
  for (const box of root.querySelectorAll('.table-box')) {
    const wrap = box.querySelector('.table-wrap')
    const hint = box.querySelector<HTMLElement>('.scroll-hint')
    if (wrap === null || hint === null) continue
    hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1
  }
}

window.addEventListener('resize', () => markScrollable($('stats')))

function renderStats(stats: Stats): void {
  const box = $('stats')
  if (stats.total === 0) {
    box.hidden = true
    box.replaceChildren()
    $('stats-status').textContent = t('statsEmpty')
    return
  }
  $('stats-status').textContent = ''
  const figure = (label: string, value: string | number): HTMLElement =>
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
              article.fixRate === undefined ? '–' : rate(article.fixRate)
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
              t('latency').split(' ')[0] ?? '',
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
  markScrollable(box)
}

/** Load the stats for the chosen period and show them. */
export async function loadStats(): Promise<void> {
  const seq = ++state.statsSeq
  const since = $<HTMLSelectElement>('since').value
  $('stats-status').textContent = t('statsLoading')
  let stats: Stats
  try {
    stats = await fetchStats(since)
  } catch (failure) {
    if (seq !== state.statsSeq) return
    $('stats').hidden = true
    $('stats-status').textContent = t('statsFailed') + messageOf(failure)
    return
  }
  if (seq !== state.statsSeq) return
  renderStats(stats)
}
