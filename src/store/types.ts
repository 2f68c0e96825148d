/**
 * @module store/types
 * What Remedy remembers, as plain data, and the `Store` interface every backend implements.
 * The interface is asynchronous so that a server database can replace SQLite without touching the
 * handlers that call it.
 */
import type { Diagnosis, Verdict } from '../match/types.ts'

/** The adapters a diagnosis can come through. */
export type Transport = 'gateway' | 'http' | 'cli' | 'playground'

/** A feedback button press: "fixed it" or "didn't help". */
export const VOTES = ['fixed', 'not-helped'] as const
export type Vote = (typeof VOTES)[number]

/** What a caller hands to `recordDiagnosis`. */
export interface DiagnosisInput {
  /** The id the buttons will carry; generated when missing. */
  id?: string | undefined
  /** When it was answered (default: now). */
  at?: Date | undefined
  guildId?: string | undefined
  channelId?: string | undefined
  /** The Discord user id: stored only as a salted hash. */
  userId?: string | undefined
  transport: Transport
  diagnosis: Diagnosis
  /** The pasted log: only its error lines are kept, redacted and masked, and only when unanswered. */
  log: string | Uint8Array
  /** Time the engine took, in milliseconds. */
  latencyMs: number
}

/** What a caller hands to `recordFeedback`. */
export interface FeedbackInput {
  diagnosisId: string
  /** The Discord user id: stored only as a salted hash. One vote per user and diagnosis; a new vote replaces the old one. */
  userId: string
  vote: Vote
  guildId?: string | undefined
  channelId?: string | undefined
  at?: Date | undefined
}

/** A time window for the reports. */
export interface Window {
  /** Only records at or after this instant (default: everything). */
  since?: Date | undefined
  /** Only records before this instant (default: now). */
  until?: Date | undefined
}

/** One article's line in the stats. */
export interface ArticleStats {
  id: string
  /** Diagnoses where it was a confident match. */
  answered: number
  /** Diagnoses where it was one of the candidates. */
  suggested: number
  fixed: number
  notHelped: number
  /** fixed / (fixed + notHelped), or undefined without votes. */
  fixRate: number | undefined
}

/** A slow diagnosis, for the "slowest" table. */
export interface SlowDiagnosis {
  id: string
  at: string
  latencyMs: number
  verdict: Verdict
  transport: string
  /** The best article, when there was one. */
  articleId: string | undefined
}

/** Counts for one UTC day, for the chart. */
export interface DayStats {
  /** `YYYY-MM-DD` (UTC). */
  day: string
  total: number
  answered: number
  none: number
}

/** What `stats` returns. */
export interface Stats {
  since: string | undefined
  until: string
  total: number
  /** Verdict counts. */
  match: number
  candidates: number
  none: number
  /** match / total (0 when nothing was recorded). */
  answerRate: number
  /** none / total (0 when nothing was recorded). */
  noneRate: number
  votes: { fixed: number; notHelped: number }
  latency: { p50: number; p95: number; max: number }
  /** Most answered first, then by id. */
  articles: ArticleStats[]
  /** Slowest first. */
  slowest: SlowDiagnosis[]
  /** Oldest first; days without diagnoses are left out. */
  days: DayStats[]
}

/** One stored unanswered log (already redacted and masked). */
export interface UnansweredLog {
  diagnosisId: string
  at: string
  verdict: Verdict
  /** The masked primary error line, which the gaps clustering groups on. */
  template: string
  /** The error lines of the log, redacted and masked, one per line. */
  excerpt: string
  /** The OS error the engine read, when it read one. */
  errno: string | undefined
  /** The product the log comes from (dora, zenoh …), when the engine saw one. */
  product: string | undefined
  /** The best article and its confidence, when something scored. */
  topArticle: string | undefined
  topConfidence: number | undefined
}

/** What `forgetUser` removed. */
export interface ForgetResult {
  diagnoses: number
  feedback: number
  logs: number
}

/** One stored button state: the caller's serialised value and the hash of the user it belongs to. */
export interface StoredState {
  value: string
  userHash: string
}

/**
 * The state behind answer buttons, in the database, so that any instance can answer a button
 * another one created. The caller serialises (and redacts) the value; the user id is kept hashed.
 */
export interface StateTable {
  /** Write a state under an id (replacing one with the same id). */
  put: (id: string, value: string, userId: string) => Promise<void>
  /** Read a state and mark it used (the least recently used go first in `prune`). */
  get: (id: string) => Promise<StoredState | undefined>
  /** The hash `get` returns for a user id, to check who a state belongs to. */
  hashUser: (userId: string) => Promise<string>
  /**
   * Keep only the `capacity` most recently used states.
   * @returns How many were deleted.
   */
  prune: (capacity: number) => Promise<number>
}

/** The storage every adapter records through. */
export interface Store {
  /** Where the data lives (a file path, or a description). */
  readonly location: string
  /**
   * Record a diagnosis (and its log when it went unanswered).
   * @returns The diagnosis id, also when recording failed (the answer must go out anyway).
   */
  recordDiagnosis: (input: DiagnosisInput) => Promise<string>
  /**
   * Record or change a user's vote on a diagnosis.
   * @returns Whether it was written.
   */
  recordFeedback: (input: FeedbackInput) => Promise<boolean>
  /** The numbers behind `remedy stats`, `/kb-admin stats` and the stats page. */
  stats: (window?: Window) => Promise<Stats>
  /** The stored unanswered logs, oldest first. */
  unanswered: (window?: Window) => Promise<UnansweredLog[]>
  /** Votes per article, for the "keeps not helping" list. */
  articleVotes: (window?: Window) => Promise<ArticleStats[]>
  /** Remove everything tied to a user id. */
  forgetUser: (userId: string) => Promise<ForgetResult>
  /**
   * Delete unanswered logs older than the retention period.
   * @returns How many were deleted.
   */
  purge: (now?: Date) => Promise<number>
  /**
   * Button state shared by every instance: set by `openStore` for a PostgreSQL database (several
   * instances); a single process keeps its button state in memory.
   */
  states?: StateTable | undefined
  close: () => Promise<void>
}

/** Where the store writes its one warning when it cannot record (pino's `warn` fits). */
export interface StoreLogger {
  warn: (details: Record<string, unknown>, message: string) => void
}
