/**
 * `remedy search QUERY`: fuzzy search over article titles, summaries and tags (what autocomplete uses).
 */
import { loadForCli } from '../kb.ts'
import type { CliCommand } from '../types.ts'

export const searchCommand = {
  name: 'search',
  register(program, ctx) {
    program
      .command('search')
      .description('search the knowledge base by title, tags and summary')
      .argument('<query...>', 'what to look for')
      .option('--kb <dir>', 'knowledge base folder')
      .option(
        '--locale <locale>',
        'show titles in this locale where translated'
      )
      .option('--json', 'print JSON')
      .action(
        async (
          query: string[],
          options: { kb?: string; locale?: string; json?: boolean }
        ) => {
          const { searchArticles } = await import('../../match/search.ts')
          const { matcher } = await loadForCli(ctx, options.kb)
          const hits = searchArticles(matcher, query.join(' '), {
            limit: 25,
            ...(options.locale === undefined ? {} : { locale: options.locale })
          })
          if (options.json === true) {
            ctx.out(`${JSON.stringify(hits)}\n`)
            return
          }
          if (hits.length === 0)
            ctx.out('No article matches; try fewer or other words.\n')
          for (const hit of hits) ctx.out(`${hit.id.padEnd(36)} ${hit.title}\n`)
        }
      )
  }
} satisfies CliCommand
