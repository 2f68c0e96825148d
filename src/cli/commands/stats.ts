/**
 * `remedy stats [--since 30d]`: how often each article answered, its "fixed it" and "didn't help"
 * votes, the overall answer and `none` rates, and the slowest diagnoses, from the store.
 */
import { InvalidArgumentError } from 'commander'
import { parseSince } from '../../store/window.ts'
import type { CliCommand } from '../types.ts'

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
          const {
            formatStats,
            openExistingStore,
            resolveDbLocation,
            storeOptionsFromEnv
          } = await import('../../store/index.ts')
          const settings = storeOptionsFromEnv(ctx.env, ctx.cwd)
          const path =
            options.db === undefined
              ? settings.path
              : resolveDbLocation(ctx.cwd, options.db)
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
