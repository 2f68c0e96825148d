/**
 * @module store
 * Remedy's memory: each diagnosis, the feedback votes, and the logs it could not answer (redacted
 * and masked), in one SQLite file that the gateway bot, the HTTP server and the CLI share.
 *
 * For the adapters:
 * - `openStore(path, options)` opens (creating and migrating) the file and never throws: when the
 *   disk is full or the file read-only, writes are skipped with one warning and answers still go out.
 *   `storeOptionsFromEnv(env, cwd)` reads `REMEDY_DB`, `REMEDY_SALT` and `REMEDY_RETENTION_DAYS`.
 * - `await store.recordDiagnosis({ transport, diagnosis, log, latencyMs, guildId?, channelId?, userId? })`
 *   returns the diagnosis id to put in the feedback buttons' `custom_id`.
 * - `await store.recordFeedback({ diagnosisId, userId, vote: 'fixed' | 'not-helped' })`, or
 *   `feedbackSink(store)` for the Discord `FeedbackSink`.
 * - `await store.stats({ since })` for `/kb-admin stats` and the stats page (`stats.days` feeds the chart);
 *   `formatStats(stats, '30d', { articles: 15 })` is the same table as `remedy stats`, as plain text.
 * - `findGaps(store, { since })`, `writeDrafts(dir, clusters, collectionFor)` for `remedy gaps`.
 * - `parseSince('30d')` reads the `--since` / `since` option values everywhere.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { readDotenv } from '../config.ts'
import { STORE_MISSING } from './errors.ts'
import { parseRetentionDays } from './window.ts'
import { resilientStore } from './resilient.ts'
import { openSqliteStore } from './sqlite.ts'
import type { SqliteStoreOptions } from './sqlite.ts'
import type { Store, StoreLogger, Vote } from './types.ts'

export type * from './types.ts'
export { VOTES } from './types.ts'
export {
  DEFAULT_LOW_CONFIDENCE,
  DEFAULT_RETENTION_DAYS,
  openSqliteStore
} from './sqlite.ts'
export type { SqliteStoreOptions } from './sqlite.ts'
export { resilientStore, consoleLogger } from './resilient.ts'
export type { ResilientOptions } from './resilient.ts'
export { parseSince, parseRetentionDays } from './window.ts'
export { clusterLogs, findGaps, unhelpfulArticles } from './gaps.ts'
export type { GapCluster, Gaps } from './gaps.ts'
export { renderDraft, writeDrafts } from './draft.ts'
export { formatGaps, formatStats } from './report.ts'
export type { DraftResult } from './draft.ts'

/** The database file when `REMEDY_DB` is not set, relative to the working directory. */
export const DEFAULT_DB_PATH = 'data/remedy.sqlite'

/** Options of `openStore`: the SQLite ones, where the one warning goes, how often to retry opening. */
export interface StoreOptions extends SqliteStoreOptions {
  logger?: StoreLogger | undefined
  /** While the file cannot be opened, try again on a write at most this often (default one minute). */
  reopenEveryMs?: number | undefined
}

/**
 * Open the store for an adapter: never throws, and writes never reject.
 * @param path The SQLite file (see `storeOptionsFromEnv` for the default).
 * @param options Salt, retention, logger.
 * @returns The store.
 * @example const store = openStore('data/remedy.sqlite', { logger: log })
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const { logger, reopenEveryMs, ...sqlite } = options
  return resilientStore(() => openSqliteStore(path, sqlite), path, logger, {
    reopenEveryMs
  })
}

/**
 * Open an existing database for a report or maintenance (the CLI): errors are thrown, not swallowed.
 * @param path The SQLite file.
 * @param options Salt, retention.
 * @returns The store.
 * @throws When the file does not exist (`STORE_MISSING`) or cannot be opened.
 */
export function openExistingStore(
  path: string,
  options: SqliteStoreOptions = {}
): Store {
  if (!existsSync(path)) throw new Error(STORE_MISSING(path))
  return openSqliteStore(path, options)
}

/**
 * Read the store's settings from the environment, with `.env` in `cwd` as a fallback (the
 * environment wins, as in `src/config.ts`): `forget` must hash with the same `REMEDY_SALT` as the bot.
 * @param processEnv `process.env` or a test's object.
 * @param cwd Where `.env` is read and a relative `REMEDY_DB` is resolved.
 * @returns The database path and the options for `openStore`.
 */
export function storeOptionsFromEnv(
  processEnv: Record<string, string | undefined>,
  cwd: string
): { path: string; options: SqliteStoreOptions } {
  const env = { ...readDotenv(cwd), ...processEnv }
  const path = resolve(
    cwd,
    env.REMEDY_DB !== undefined && env.REMEDY_DB !== ''
      ? env.REMEDY_DB
      : DEFAULT_DB_PATH
  )
  const options: SqliteStoreOptions = {}
  if (env.REMEDY_SALT !== undefined && env.REMEDY_SALT !== '')
    options.salt = env.REMEDY_SALT
  if (
    env.REMEDY_RETENTION_DAYS !== undefined &&
    env.REMEDY_RETENTION_DAYS !== ''
  ) {
    options.retentionDays = parseRetentionDays(env.REMEDY_RETENTION_DAYS)
  }
  return { path, options }
}

/** A feedback button press as the Discord layer reports it (structurally the bot's `FeedbackSink` input). */
export interface FeedbackEvent {
  diagnosisId: string
  userId: string
  vote: Vote
  guildId?: string | undefined
  channelId?: string | undefined
}

/**
 * Back the Discord bot's `FeedbackSink` with a store.
 * @param store Where votes are written.
 * @returns An object with `record`, the shape the bot expects.
 */
export function feedbackSink(store: Store): {
  record: (event: FeedbackEvent) => Promise<void>
} {
  return {
    record: async (event) => {
      await store.recordFeedback(event)
    }
  }
}
