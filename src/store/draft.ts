/**
 * @module store/draft
 * Turn a gap cluster into an article draft in the KB format (`kb/README.md`): frontmatter with
 * `status: draft`, a proposed signature and the cluster's example, and the sections left for a
 * maintainer to write. `remedy lint` reports drafts as warnings, and the matcher skips them.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { isParameter } from '../match/template.ts'
import type { GapCluster } from './gaps.ts'

/** The clue weight of the proposed `text:` clue: strong, since every log of the group has it. */
const TEXT_WEIGHT = 0.8
/** The errno clue supports the text; alone it is too common to identify a problem. */
const ERRNO_WEIGHT = 0.3

function title(cluster: GapCluster): string {
  // Without a clue, the message names the draft, less the values that vary.
  const words =
    cluster.stableText === ''
      ? cluster.name
          .split(' ')
          .filter((token) => !isParameter(token))
          .join(' ')
      : cluster.stableText
  const text = words.length < 3 ? `Unanswered log ${words}`.trim() : words
  return (text.charAt(0).toUpperCase() + text.slice(1)).slice(0, 120)
}

/**
 * The Markdown of an article draft for one cluster.
 * @param cluster A cluster from `clusterLogs`.
 * @returns The file's content.
 */
export function renderDraft(cluster: GapCluster): string {
  const signatures: Record<string, string | number>[] = []
  if (cluster.stableText !== '')
    signatures.push({ text: cluster.stableText, weight: TEXT_WEIGHT })
  if (cluster.errno !== undefined)
    signatures.push({ errno: cluster.errno, weight: ERRNO_WEIGHT })
  const frontmatter = {
    id: cluster.id,
    status: 'draft',
    title: title(cluster),
    summary: `TODO: one sentence on the cause (seen ${cluster.size} times, ${cluster.firstSeen.slice(0, 10)} to ${cluster.lastSeen.slice(0, 10)}).`,
    tags: [...(cluster.product === undefined ? [] : [cluster.product]), 'gap'],
    signatures,
    examples: { match: [`${cluster.example}\n`] }
  }
  const nearest =
    cluster.nearest.length === 0
      ? 'none'
      : cluster.nearest
          .map((entry) => `${entry.id} (${entry.count})`)
          .join(', ')
  return [
    '---',
    stringify(frontmatter, { lineWidth: 0 }).trimEnd(),
    '---',
    '',
    `# ${title(cluster)}`,
    '',
    `<!-- Drafted by \`remedy gaps\` from ${cluster.size} unanswered logs.`,
    `Message: ${cluster.name.replaceAll('--', '- -')}`,
    `Template: ${cluster.template.replaceAll('--', '- -')}`,
    ...(cluster.clueNote === undefined
      ? []
      : [
          `No text clue proposed: ${cluster.clueNote.replaceAll('--', '- -')}. Write one by hand.`
        ]),
    `Articles that scored without convincing: ${nearest}.`,
    'Check the signature against the example, write the sections, then set `status: published`. -->',
    '',
    '## Symptoms',
    '',
    '<!-- What the user sees; put the characteristic lines in a code block. -->',
    '',
    '## Cause',
    '',
    '<!-- Why it happens, for a newcomer. -->',
    '',
    '## Fix',
    '',
    '1. TODO: the first step.',
    '',
    '## Verify',
    '',
    '<!-- How to see that the fix worked. -->',
    ''
  ].join('\n')
}

/** Where one draft went. */
export interface DraftResult {
  id: string
  path: string
  /** `written`, or `exists` when a file with that name was already there (it is never overwritten). */
  status: 'written' | 'exists'
}

/**
 * Write one draft per cluster under `dir/<collection>/<id>.md`.
 * @param dir The KB root (or any folder) to write into.
 * @param clusters The clusters to draft.
 * @param collectionFor The collection folder of a cluster (the CLI maps products to collections).
 * @returns What happened to each draft.
 */
export function writeDrafts(
  dir: string,
  clusters: GapCluster[],
  collectionFor: (cluster: GapCluster) => string
): DraftResult[] {
  return clusters.map((cluster) => {
    const folder = join(dir, collectionFor(cluster))
    const path = join(folder, `${cluster.id}.md`)
    if (existsSync(path)) return { id: cluster.id, path, status: 'exists' }
    mkdirSync(folder, { recursive: true })
    writeFileSync(path, renderDraft(cluster), { flag: 'wx' })
    return { id: cluster.id, path, status: 'written' }
  })
}
