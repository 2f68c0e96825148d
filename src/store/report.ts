/**
 * @module store/report
 * The stats and gaps reports as plain text: what `remedy stats` and `remedy gaps` print, and what
 * `/kb-admin stats` can put in a code block. No terminal colours, no Discord markup.
 */
import type { Gaps, GapCluster } from './gaps.ts'
import type { Stats } from './types.ts'

function percent(value: number | undefined): string {
  return value === undefined
    ? '–'
    : `${(value * 100).toFixed(value === 1 || value === 0 ? 0 : 1)}%`
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`
}

/**
 * The stats as a plain-text table (a terminal, or a code block in `/kb-admin stats`).
 * @param stats What `store.stats` returned.
 * @param label How the window was asked for (`30d`, or undefined for everything).
 * @param options `articles`: at most this many article rows (a Discord message holds 2,000 characters).
 * @returns Lines of text.
 */
export function formatStats(
  stats: Stats,
  label: string | undefined,
  options: { articles?: number | undefined } = {}
): string {
  const window =
    stats.since === undefined
      ? 'all time'
      : `since ${stats.since.slice(0, 16).replace('T', ' ')} UTC (${label ?? stats.since})`
  const lines = [
    `Diagnoses, ${window}: ${stats.total}`,
    `  answered    ${String(stats.match).padStart(6)}  ${percent(stats.answerRate)}`,
    `  candidates  ${String(stats.candidates).padStart(6)}`,
    `  none        ${String(stats.none).padStart(6)}  ${percent(stats.noneRate)}`,
    `  votes       ${stats.votes.fixed} fixed it, ${stats.votes.notHelped} didn't help`,
    `  latency     p50 ${ms(stats.latency.p50)}, p95 ${ms(stats.latency.p95)}, max ${ms(stats.latency.max)}`,
    ''
  ]
  const articles = stats.articles.slice(
    0,
    options.articles ?? stats.articles.length
  )
  if (articles.length > 0) {
    const width = Math.max(7, ...articles.map((article) => article.id.length))
    lines.push(
      `${'article'.padEnd(width)}  answered  suggested  fixed it  didn't help  fix rate`
    )
    for (const article of articles) {
      lines.push(
        [
          article.id.padEnd(width),
          String(article.answered).padStart(8),
          String(article.suggested).padStart(9),
          String(article.fixed).padStart(8),
          String(article.notHelped).padStart(11),
          percent(article.fixRate).padStart(8)
        ].join('  ')
      )
    }
    const more = stats.articles.length - articles.length
    if (more > 0) lines.push(`… and ${more} more article(s)`)
    lines.push('')
  }
  if (stats.slowest.length > 0) {
    lines.push('slowest')
    for (const slow of stats.slowest) {
      const at = slow.at.slice(0, 16).replace('T', ' ')
      lines.push(
        `  ${ms(slow.latencyMs).padStart(10)}  ${at}  ${slow.verdict.padEnd(10)}  ${slow.articleId ?? '–'}  ${slow.transport}  ${slow.id}`
      )
    }
    lines.push('')
  }
  return `${lines.join('\n')}`
}

function day(iso: string): string {
  return iso.slice(0, 10)
}

/**
 * The gaps report as text.
 * @param gaps What `findGaps` returned (clusters already limited).
 * @param total How many clusters there were before the limit.
 * @returns Lines of text.
 */
export function formatGaps(gaps: Gaps, total: number): string {
  const logs = gaps.clusters.reduce((sum, cluster) => sum + cluster.size, 0)
  const lines: string[] = []
  if (total === 0) lines.push('No unanswered logs in this window.')
  else {
    const shown =
      gaps.clusters.length < total
        ? ` (the ${gaps.clusters.length} biggest shown)`
        : ''
    lines.push(
      `${total} group(s) of unanswered logs${shown}, ${logs} log(s) in those shown:`
    )
  }
  gaps.clusters.forEach((cluster, index) => {
    lines.push(
      '',
      `${index + 1}. ${cluster.id}: ${cluster.size} log(s), ${day(cluster.firstSeen)} to ${day(cluster.lastSeen)}`,
      `   message   ${cluster.name}`
    )
    if (cluster.template !== cluster.name)
      lines.push(`   template  ${cluster.template}`)
    if (cluster.errno !== undefined) lines.push(`   errno     ${cluster.errno}`)
    if (cluster.nearest.length > 0) {
      lines.push(
        `   scored    ${cluster.nearest.map((entry) => `${entry.id} (${entry.count})`).join(', ')}`
      )
    }
    lines.push(`   signature ${proposedSignature(cluster)}`, '   example')
    for (const line of cluster.example.split('\n')) lines.push(`     | ${line}`)
  })
  if (gaps.unhelpful.length > 0) {
    lines.push('', 'Articles that keep getting "didn\'t help":')
    for (const article of gaps.unhelpful) {
      lines.push(
        `  ${article.id}: ${article.notHelped} didn't help, ${article.fixed} fixed it`
      )
    }
  }
  return `${lines.join('\n')}\n`
}

function proposedSignature(cluster: GapCluster): string {
  const clues = [
    ...(cluster.stableText === ''
      ? []
      : [`text: ${JSON.stringify(cluster.stableText)}`]),
    ...(cluster.errno === undefined ? [] : [`errno: ${cluster.errno}`])
  ]
  if (clues.length === 0)
    return `none proposed: ${cluster.clueNote ?? 'the logs share no words'}; pick a clue by hand`
  if (cluster.stableText === '' && cluster.clueNote !== undefined)
    return `${clues.join(' + ')} (no text clue: ${cluster.clueNote}; an errno alone is too common, add a clue by hand)`
  return clues.join(' + ')
}
