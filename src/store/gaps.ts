/**
 * @module store/gaps
 * What to write next: the unanswered logs grouped by their masked template (Drain-style: logs with
 * as many tokens and the same first token join the most similar group, and the positions where
 * they differ become `<*>`), biggest group first; and the articles that keep not helping.
 */
import {
  isBoilerplate,
  isParameter,
  slug,
  stableRuns,
  WILDCARD
} from '../match/template.ts'
import type { ArticleStats, Store, UnansweredLog, Window } from './types.ts'

/** One group of unanswered logs that look like the same problem. */
export interface GapCluster {
  /** A kebab-case id proposed for the article, from the stable words. */
  id: string
  /** The shared template: masked tokens, `<*>` where the logs differ. */
  template: string
  /**
   * The part of the template that carries the message, which names the group: a panic's message, an
   * error chain's innermost cause (or the nearest cause that says something).
   */
  name: string
  /**
   * The proposed `text:` clue: a run of words every log in the group shares, which is no runtime's
   * boilerplate and no published article's example has; '' when there is none.
   */
  stableText: string
  /** Why no clue is proposed, when `stableText` is ''. */
  clueNote: string | undefined
  size: number
  firstSeen: string
  lastSeen: string
  /** The latest log of the group: its error lines, redacted and masked. */
  example: string
  /** The OS error most of the group shows, when there is one. */
  errno: string | undefined
  /** The product most of the group comes from, when the engine saw one. */
  product: string | undefined
  /** Articles that scored for these logs without convincing, most often first. */
  nearest: { id: string; count: number }[]
  diagnosisIds: string[]
}

/** What `remedy gaps` reports. */
export interface Gaps {
  clusters: GapCluster[]
  /** Articles with at least `minNotHelped` "didn't help" votes, outnumbering "fixed it". */
  unhelpful: ArticleStats[]
}

export interface ClusterOptions {
  /** Share of equal tokens a log needs to join a group (Drain's `st`, default 0.5). */
  similarity?: number | undefined
  /**
   * The published article one of whose examples has this text, if any: a clue that would claim an
   * answered log is not proposed. Without it, clues are checked against the group's logs only.
   */
  claimedBy?: ((text: string) => string | undefined) | undefined
}

/** The chain separator of a template (`outer <- inner`). */
const CHAIN_SEPARATOR = '<-'

/** The template's messages, the one that says most first: the innermost cause, then outwards. */
function messagesOf(tokens: string[]): string[][] {
  const messages: string[][] = [[]]
  for (const token of tokens) {
    if (token === CHAIN_SEPARATOR) messages.push([])
    else messages.at(-1)?.push(token)
  }
  return messages.filter((message) => message.length > 0).reverse()
}

/** The group's name and its checked clue, or the reason there is no clue. */
function chooseClue(
  tokens: string[],
  logs: UnansweredLog[],
  claimedBy: ClusterOptions['claimedBy']
): Pick<GapCluster, 'name' | 'stableText' | 'clueNote'> {
  const messages = messagesOf(tokens)
  const rejected: string[] = []
  for (const message of messages) {
    for (const text of stableRuns(message)) {
      const lower = text.toLowerCase()
      if (isBoilerplate(text)) {
        rejected.push(`"${text}" is a runtime's boilerplate`)
        continue
      }
      if (
        !logs.every(
          (log) =>
            log.excerpt.toLowerCase().includes(lower) ||
            log.template.toLowerCase().includes(lower)
        )
      ) {
        rejected.push(`"${text}" is not in every log of the group`)
        continue
      }
      const owner = claimedBy?.(text)
      if (owner !== undefined) {
        rejected.push(`"${text}" is in an example of ${owner}`)
        continue
      }
      return { name: message.join(' '), stableText: text, clueNote: undefined }
    }
  }
  return {
    name: (messages[0] ?? tokens).join(' '),
    stableText: '',
    clueNote:
      rejected.length === 0
        ? 'the logs share no words, only values that vary'
        : `no shared words are specific enough: ${rejected.slice(0, 3).join('; ')}`
  }
}

interface Group {
  tokens: string[]
  logs: UnansweredLog[]
}

function similarity(template: string[], tokens: string[]): number {
  let same = 0
  for (const [index, token] of tokens.entries()) {
    if (template[index] === token && token !== WILDCARD) same += 1
  }
  return tokens.length === 0 ? 1 : same / tokens.length
}

function merge(template: string[], tokens: string[]): string[] {
  return template.map((token, index) =>
    token === tokens[index] ? token : WILDCARD
  )
}

function mostCommon(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>()
  for (const value of values)
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1)
  let best: [string, number] | undefined
  for (const entry of counts)
    if (best === undefined || entry[1] > best[1]) best = entry
  return best?.[0]
}

/** A template needs this many words to absorb longer ones (shorter ones say too little). */
const MIN_ABSORBING_WORDS = 3

function contains(outer: string[], inner: string[]): boolean {
  for (let start = 0; start + inner.length <= outer.length; start++) {
    if (
      inner.every(
        (token, index) => token === WILDCARD || token === outer[start + index]
      )
    )
      return true
  }
  return false
}

/**
 * Drain keys groups by length, so the same error with more around it (`socket.gaierror: …`, `…
 * (required by <path>)`) starts a group of its own. Fold each group into a shorter one whose whole
 * template it contains; the shorter template, being the more general, is kept.
 */
function absorbLonger(groups: Group[]): Group[] {
  const kept: Group[] = []
  for (const group of [...groups].sort(
    (a, b) => a.tokens.length - b.tokens.length
  )) {
    const host = kept.find(
      (candidate) =>
        candidate.tokens.filter((token) => !isParameter(token)).length >=
          MIN_ABSORBING_WORDS && contains(group.tokens, candidate.tokens)
    )
    if (host === undefined) kept.push(group)
    else host.logs.push(...group.logs)
  }
  for (const group of kept) group.logs.sort((a, b) => a.at.localeCompare(b.at))
  return kept
}

/**
 * Group unanswered logs by template, Drain-style.
 * @param logs Stored unanswered logs, oldest first (the order `store.unanswered()` returns).
 * @param options The similarity threshold.
 * @returns The groups, biggest first, then most recent first.
 */
export function clusterLogs(
  logs: UnansweredLog[],
  options: ClusterOptions = {}
): GapCluster[] {
  const threshold = options.similarity ?? 0.5
  // Drain's first levels: the number of tokens, then the first token (unless it varies).
  const tree = new Map<string, Group[]>()
  for (const log of logs) {
    const tokens = log.template.split(/\s+/).filter((token) => token !== '')
    const first = tokens[0] ?? ''
    const key = `${tokens.length}|${isParameter(first) ? WILDCARD : first}`
    const groups = tree.get(key) ?? []
    tree.set(key, groups)
    let best: Group | undefined
    let bestScore = -1
    for (const group of groups) {
      const score = similarity(group.tokens, tokens)
      if (score > bestScore) [best, bestScore] = [group, score]
    }
    if (best !== undefined && bestScore >= threshold) {
      best.tokens = merge(best.tokens, tokens)
      best.logs.push(log)
    } else groups.push({ tokens, logs: [log] })
  }

  const clusters = absorbLonger([...tree.values()].flat()).map(
    (group): GapCluster => {
      const latest = group.logs.reduce((a, b) => (b.at >= a.at ? b : a))
      const nearest = new Map<string, number>()
      for (const log of group.logs) {
        if (log.topArticle !== undefined)
          nearest.set(log.topArticle, (nearest.get(log.topArticle) ?? 0) + 1)
      }
      const clue = chooseClue(group.tokens, group.logs, options.claimedBy)
      return {
        id: slug(
          clue.stableText === '' ? clue.name : clue.stableText,
          'unanswered-log'
        ),
        template: group.tokens.join(' '),
        ...clue,
        size: group.logs.length,
        firstSeen: group.logs.reduce((a, b) => (b.at < a.at ? b : a)).at,
        lastSeen: latest.at,
        example: latest.excerpt,
        errno: mostCommon(group.logs.map((log) => log.errno)),
        product: mostCommon(group.logs.map((log) => log.product)),
        nearest: [...nearest]
          .map(([id, count]) => ({ id, count }))
          .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id)),
        diagnosisIds: group.logs.map((log) => log.diagnosisId)
      }
    }
  )
  clusters.sort(
    (a, b) =>
      b.size - a.size ||
      b.lastSeen.localeCompare(a.lastSeen) ||
      a.id.localeCompare(b.id)
  )
  // Two groups can share their stable words: number the later ids so that draft files do not collide.
  const seen = new Map<string, number>()
  for (const cluster of clusters) {
    const n = (seen.get(cluster.id) ?? 0) + 1
    seen.set(cluster.id, n)
    if (n > 1) cluster.id = `${cluster.id}-${n}`
  }
  return clusters
}

/**
 * Articles that keep getting "didn't help".
 * @param votes Votes per article.
 * @param minNotHelped How many "didn't help" votes make a pattern (default 2).
 * @returns Those with at least that many, outnumbering "fixed it", worst first.
 */
export function unhelpfulArticles(
  votes: ArticleStats[],
  minNotHelped = 2
): ArticleStats[] {
  return votes
    .filter(
      (entry) =>
        entry.notHelped >= minNotHelped && entry.notHelped > entry.fixed
    )
    .sort(
      (a, b) =>
        b.notHelped - a.notHelped ||
        a.fixed - b.fixed ||
        a.id.localeCompare(b.id)
    )
}

/**
 * Everything `remedy gaps` shows, read from a store.
 * @param store Where the logs and votes are.
 * @param window Which records count.
 * @param options Clustering threshold and the "didn't help" minimum.
 * @returns Clusters and unhelpful articles.
 */
export async function findGaps(
  store: Store,
  window: Window = {},
  options: ClusterOptions & { minNotHelped?: number | undefined } = {}
): Promise<Gaps> {
  const [logs, votes] = await Promise.all([
    store.unanswered(window),
    store.articleVotes(window)
  ])
  return {
    clusters: clusterLogs(logs, options),
    unhelpful: unhelpfulArticles(votes, options.minNotHelped)
  }
}
