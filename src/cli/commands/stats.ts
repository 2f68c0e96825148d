/**
 * `remedy stats [--since 30d]`: how often each article answered, its "fixed it" and "didn't help"
 * votes, the overall answer and `none` rates, and the slowest diagnoses, from the store.
 */
import { resolve } from 'node:path'
import { InvalidArgumentError } from 'commander'
import {
  openExistingStore,
  parseSince,
  storeOptionsFromEnv
} from '../../store/index.ts'
import type { Stats } from '../../store/index.ts'
import type { CliCommand } from '../types.ts'

function percent(value: number | undefined): string {
  return value === undefined
    ? '–'
    : `${(value * 100).toFixed(value === 1 || value === 0 ? 0 : 1)}%`
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`
}

/**
 * The stats as a terminal table.
 * @param stats What `store.stats` returned.
 * @param label How the window was asked for (`30d`, or undefined for everything).
 * @returns Lines of text.
 */
export function formatStats(stats: Stats, label: string | undefined): string {
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
  if (stats.articles.length > 0) {
    const width = Math.max(
      7,
      ...stats.articles.map((article) => article.id.length)
    )
    lines.push(
      `${'article'.padEnd(width)}  answered  suggested  fixed it  didn't help  fix rate`
    )
    for (const article of stats.articles) {
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

/** Read `--since`, as commander's argument parser. */
export function sinceOption(value: string): string {
  try {
    parseSince(value)
  } catch (error) {
    throw new InvalidArgumentError(
      error instanceof Error ? error.message : String(error)
    )
  }
  return value
}

export const statsCommand = {
  name: 'stats',
  register(program, ctx) {
    program
      .command('stats')
      .description(
        'show how often each article answered and how it was rated, from the store'
      )
      .option(
        '--since <when>',
        'only diagnoses since a duration ago (30d, 12h, 2w) or a date (2025-01-31)',
        sinceOption
      )
      .option(
        '--db <file>',
        'the database (default: $REMEDY_DB or data/remedy.sqlite)'
      )
      .option('--json', 'print one JSON object')
      .action(
        async (options: { since?: string; db?: string; json?: boolean }) => {
          const settings = storeOptionsFromEnv(ctx.env, ctx.cwd)
          const path =
            options.db === undefined
              ? settings.path
              : resolve(ctx.cwd, options.db)
          const store = openExistingStore(path, settings.options)
          try {
            const stats = await store.stats({
              since:
                options.since === undefined
                  ? undefined
                  : parseSince(options.since)
            })
            ctx.out(
              options.json === true
                ? `${JSON.stringify(stats)}\n`
                : formatStats(stats, options.since)
            )
          } finally {
            await store.close()
          }
        }
      )
  }
} satisfies CliCommand
