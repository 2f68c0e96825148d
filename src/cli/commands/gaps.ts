/**
 * `remedy gaps [--since 30d] [--write DIR]`: the logs Remedy could not answer, grouped by their
 * masked template, biggest group first, each with a suggested article skeleton; `--write` saves the
 * skeletons as draft articles. Articles that keep getting "didn't help" are listed after.
 */
import { resolve } from 'node:path'
import type { DraftResult, GapCluster, Gaps } from '../../store/index.ts'
import { kbDir, kbPlaces } from '../kb.ts'
import { parseTop } from '../options.ts'
import type { CliCommand } from '../types.ts'
import { sinceOption } from './stats.ts'

/**
 * Give clusters whose id an article already has an id of their own (`<id>-gap`, `<id>-gap-2` …).
 * @param clusters The clusters to write.
 * @param taken Article ids in the KB.
 * @returns The clusters, renamed where needed.
 */
export function freeIds(
  clusters: GapCluster[],
  taken: Set<string>
): GapCluster[] {
  const used = new Set(taken)
  return clusters.map((cluster) => {
    if (!used.has(cluster.id)) {
      used.add(cluster.id)
      return cluster
    }
    let id = `${cluster.id}-gap`
    for (let n = 2; used.has(id); n++) id = `${cluster.id}-gap-${n}`
    used.add(id)
    return { ...cluster, id }
  })
}

export const gapsCommand = {
  name: 'gaps',
  register(program, ctx) {
    program
      .command('gaps')
      .description(
        'group the logs Remedy could not answer and suggest articles for them'
      )
      .option(
        '--since <when>',
        'only logs since a duration ago (30d, 12h, 2w) or a date (2025-01-31)',
        sinceOption
      )
      .option(
        '--db <file>',
        'the database (default: $REMEDY_DB or data/remedy.sqlite)'
      )
      .option('--limit <n>', 'show (and write) the n biggest groups', '10')
      .option(
        '--write <dir>',
        'write one draft article per group into <dir>/<collection>/<id>.md'
      )
      .option(
        '--kb <dir>',
        'the KB whose collection guides say which collection a product belongs to'
      )
      .option('--json', 'print one JSON object')
      .action(
        async (options: {
          since?: string
          db?: string
          limit: string
          write?: string
          kb?: string
          json?: boolean
        }) => {
          const limit = parseTop(options.limit)
          const {
            findGaps,
            formatGaps,
            openExistingStore,
            resolveDbLocation,
            parseSince,
            renderDraft,
            storeOptionsFromEnv,
            writeDrafts
          } = await import('../../store/index.ts')
          const settings = storeOptionsFromEnv(ctx.env, ctx.cwd)
          const store = openExistingStore(
            options.db === undefined
              ? settings.path
              : resolveDbLocation(ctx.cwd, options.db),
            settings.options
          )
          const places = await kbPlaces(kbDir(ctx, options.kb))
          let gaps: Gaps
          try {
            // Expired logs go before anything is read: the report never shows what retention removed.
            await store.purge()
            gaps = await findGaps(
              store,
              {
                since:
                  options.since === undefined
                    ? undefined
                    : parseSince(options.since)
              },
              { claimedBy: places.claimedBy }
            )
          } finally {
            await store.close()
          }
          const total = gaps.clusters.length
          const shown: Gaps = {
            ...gaps,
            clusters: freeIds(gaps.clusters.slice(0, limit), places.taken)
          }
          const drafts: DraftResult[] =
            options.write === undefined
              ? []
              : writeDrafts(
                  resolve(ctx.cwd, options.write),
                  shown.clusters,
                  (cluster) =>
                    places.collectionFor(
                      cluster.product === undefined ? [] : [cluster.product]
                    )
                )
          if (options.json === true) {
            const clusters = shown.clusters.map((cluster) => ({
              ...cluster,
              draft: renderDraft(cluster)
            }))
            ctx.out(
              `${JSON.stringify({ ...shown, clusters, total, drafts })}\n`
            )
            return
          }
          ctx.out(formatGaps(shown, total))
          if (options.write === undefined && shown.clusters.length > 0) {
            ctx.out(
              '\nSave these as draft articles with `remedy gaps --write kb` (or any folder).\n'
            )
          }
          if (drafts.length > 0) {
            ctx.out('\n')
            for (const draft of drafts) {
              ctx.out(
                `${draft.status === 'written' ? 'wrote ' : 'kept  '} ${draft.path}${draft.status === 'exists' ? ' (already there, not overwritten)' : ''}\n`
              )
            }
          }
        }
      )
  }
} satisfies CliCommand
