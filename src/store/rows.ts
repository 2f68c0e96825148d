/**
 * @module store/rows
 * What the SQLite and PostgreSQL stores share, so that both decide each thing once: which log is
 * kept, the shapes of the rows they read back (parsed with zod at the SQL boundary), and how those
 * rows become `Stats` and `UnansweredLog`s.
 */
import { z } from 'zod'
import { excerptLog } from './excerpt.ts'
import type {
  ArticleStats,
  DiagnosisInput,
  Stats,
  UnansweredLog,
  Window
} from './types.ts'
import { VOTES } from './types.ts'

export const DEFAULT_RETENTION_DAYS = 30
export const DEFAULT_LOW_CONFIDENCE = 0.6

/** What every backend takes; every field has a default ({@link storeSettings}). */
export interface StoreOptions {
  /** The salt for user-id hashes (`REMEDY_SALT`); without it one is generated and kept in the store. */
  salt?: string | undefined
  /** Days an unanswered log is kept (`REMEDY_RETENTION_DAYS`, default 30); 0 keeps none. */
  retentionDays?: number | undefined
  /** A match under this confidence counts as unanswered and its log is kept (default 0.6). */
  lowConfidence?: number | undefined
  /** How often this process runs the retention purge, at most, in ms (default one hour). */
  purgeEveryMs?: number | undefined
  /** The clock (tests pass a fixed one). */
  now?: (() => Date) | undefined
}

/**
 * The options every backend shares, with their defaults filled in.
 * @param options What the caller set.
 * @returns The clock, retention, threshold and purge interval to use.
 */
export function storeSettings(options: StoreOptions): {
  now: () => Date
  retentionDays: number
  lowConfidence: number
  purgeEveryMs: number
} {
  return {
    now: options.now ?? (() => new Date()),
    retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
    lowConfidence: options.lowConfidence ?? DEFAULT_LOW_CONFIDENCE,
    purgeEveryMs: options.purgeEveryMs ?? 3_600_000
  }
}
export const DAY_MS = 86_400_000
/** Rows in the "slowest" table. */
export const SLOWEST = 5

const verdictSchema = z.enum(['match', 'candidates', 'none'])
export const countRow = z.object({ verdict: verdictSchema, n: z.number() })
export const voteRow = z.object({ vote: z.enum(VOTES), n: z.number() })
export const articleRow = z.object({
  id: z.string(),
  answered: z.number(),
  suggested: z.number()
})
export const articleVoteRow = z.object({
  id: z.string(),
  fixed: z.number(),
  notHelped: z.number()
})
export const slowRow = z.object({
  id: z.string(),
  at: z.number(),
  latencyMs: z.number(),
  verdict: verdictSchema,
  transport: z.string(),
  articleId: z.string().nullable()
})
export const dayRow = z.object({
  day: z.string(),
  total: z.number(),
  answered: z.number(),
  none: z.number()
})
export const unansweredRow = z.object({
  diagnosisId: z.string(),
  at: z.number(),
  verdict: verdictSchema,
  template: z.string(),
  excerpt: z.string(),
  errno: z.string().nullable(),
  product: z.string().nullable(),
  topArticle: z.string().nullable(),
  topConfidence: z.number().nullable()
})
export const saltRow = z.object({ value: z.string() })
export const stateRow = z.object({ value: z.string(), userHash: z.string() })

/**
 * A window as epoch milliseconds, `until` exclusive.
 * @param window The caller's window.
 * @param now The store's clock.
 * @returns `since` (0 when open) and `until` (just after now when open).
 */
export function bounds(
  window: Window | undefined,
  now: Date
): { since: number; until: number } {
  return {
    since: window?.since?.getTime() ?? 0,
    until: window?.until?.getTime() ?? now.getTime() + 1
  }
}

/**
 * The instant before which unanswered logs are past their retention.
 * @param now The store's clock.
 * @param retentionDays Days kept; 0 keeps none.
 * @returns Epoch milliseconds (infinity when nothing is kept).
 */
export function retentionCutoff(now: Date, retentionDays: number): number {
  return retentionDays === 0
    ? Number.POSITIVE_INFINITY
    : now.getTime() - retentionDays * DAY_MS
}

/**
 * What of a diagnosis's log is kept: only for unanswered or low-confidence answers, and only while
 * logs are kept at all. Computed before any transaction, so that write locks are held briefly.
 * @param input The diagnosis to record.
 * @param lowConfidence A match under this confidence counts as unanswered.
 * @param retentionDays Days kept; 0 keeps none.
 * @returns The redacted and masked excerpt, or undefined.
 */
export function keptLog(
  input: DiagnosisInput,
  lowConfidence: number,
  retentionDays: number
): ReturnType<typeof excerptLog> {
  const { diagnosis } = input
  const top = diagnosis.matches[0]
  const unanswered =
    diagnosis.verdict !== 'match' || (top?.confidence ?? 0) < lowConfidence
  return unanswered && retentionDays > 0
    ? excerptLog(input.log, diagnosis)
    : undefined
}

/**
 * The columns of the `unanswered` row of a diagnosis, beside its kept excerpt.
 * @param input The diagnosis.
 * @returns Errno, product and the best article (nulls for SQL).
 */
export function unansweredFacts(input: DiagnosisInput): {
  errno: string | null
  product: string | null
  topArticle: string | null
  topConfidence: number | null
} {
  const { diagnosis } = input
  const best = diagnosis.matches[0] ?? diagnosis.others[0]
  return {
    errno: diagnosis.facts.errors[0]?.errno ?? null,
    product: diagnosis.facts.products[0]?.name ?? null,
    topArticle: best?.id ?? null,
    topConfidence: best?.confidence ?? null
  }
}

/**
 * Votes per article from raw rows.
 * @param rows Rows of `articleVoteRow`'s shape.
 * @returns One `ArticleStats` per article, counting only votes.
 */
export function articleVotesFrom(rows: readonly unknown[]): ArticleStats[] {
  return rows.map((raw) => {
    const row = articleVoteRow.parse(raw)
    return {
      id: row.id,
      answered: 0,
      suggested: 0,
      fixed: row.fixed,
      notHelped: row.notHelped,
      fixRate: rate(row.fixed, row.notHelped)
    }
  })
}

/** The raw rows a backend read for `stats`, and the latency percentiles it computed. */
export interface StatsRows {
  verdicts: readonly unknown[]
  votes: readonly unknown[]
  articles: readonly unknown[]
  articleVotes: ArticleStats[]
  latency: Stats['latency']
  slowest: readonly unknown[]
  days: readonly unknown[]
}

/**
 * Assemble `Stats` from the rows both backends read the same way.
 * @param window The caller's window.
 * @param until The exclusive end, in epoch milliseconds (from `bounds`).
 * @param rows What the backend read.
 * @returns The stats.
 */
export function assembleStats(
  window: Window | undefined,
  until: number,
  rows: StatsRows
): Stats {
  const verdicts = { match: 0, candidates: 0, none: 0 }
  for (const raw of rows.verdicts) {
    const row = countRow.parse(raw)
    verdicts[row.verdict] = row.n
  }
  const votes = { fixed: 0, notHelped: 0 }
  for (const raw of rows.votes) {
    const row = voteRow.parse(raw)
    if (row.vote === 'fixed') votes.fixed = row.n
    else votes.notHelped = row.n
  }
  const total = verdicts.match + verdicts.candidates + verdicts.none
  const byId = new Map<string, ArticleStats>()
  for (const raw of rows.articles) {
    const row = articleRow.parse(raw)
    byId.set(row.id, { ...row, fixed: 0, notHelped: 0, fixRate: undefined })
  }
  for (const voted of rows.articleVotes) {
    const entry = byId.get(voted.id)
    if (entry === undefined) byId.set(voted.id, voted)
    else
      Object.assign(entry, {
        fixed: voted.fixed,
        notHelped: voted.notHelped,
        fixRate: voted.fixRate
      })
  }
  return {
    since: window?.since?.toISOString(),
    until: new Date(until - 1).toISOString(),
    total,
    ...verdicts,
    answerRate: total === 0 ? 0 : verdicts.match / total,
    noneRate: total === 0 ? 0 : verdicts.none / total,
    votes,
    latency: rows.latency,
    articles: [...byId.values()].sort(
      (a, b) =>
        b.answered - a.answered ||
        b.suggested - a.suggested ||
        a.id.localeCompare(b.id)
    ),
    slowest: rows.slowest.map((raw) => {
      const row = slowRow.parse(raw)
      return {
        ...row,
        at: new Date(row.at).toISOString(),
        articleId: orUndefined(row.articleId)
      }
    }),
    days: rows.days.map((raw) => dayRow.parse(raw))
  }
}

/**
 * An unanswered log from its raw row.
 * @param raw A row of `unansweredRow`'s shape.
 * @returns The log, with ISO time and undefined for SQL nulls.
 */
export function unansweredFrom(raw: unknown): UnansweredLog {
  const row = unansweredRow.parse(raw)
  return {
    ...row,
    at: new Date(row.at).toISOString(),
    errno: orUndefined(row.errno),
    product: orUndefined(row.product),
    topArticle: orUndefined(row.topArticle),
    topConfidence: orUndefined(row.topConfidence)
  }
}

function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value
}

function rate(fixed: number, notHelped: number): number | undefined {
  return fixed + notHelped === 0 ? undefined : fixed / (fixed + notHelped)
}
