/**
 * @module store
 * Remedy's memory: each diagnosis, the feedback votes, and the logs it could not answer (redacted
 * and masked), in one SQLite file that the gateway bot, the HTTP server and the CLI share — or, when
 * `REMEDY_DB` is a `postgres://` URL, in a PostgreSQL database that several instances share.
 *
 * For the adapters:
 * - `openStore(path, options)` opens (creating and migrating) the file or database and never throws: when the
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
import { z } from 'zod'
import { readDotenv } from '../config.ts'
import { STORE_MISSING } from './errors.ts'
import { parseRetentionDays } from './window.ts'
import { resilientStore } from './resilient.ts'
import { POSTGRES_URL, openPostgresStore, redactUrl } from './postgres.ts'
import type { PostgresStoreOptions } from './postgres.ts'
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
export { openPostgresStore } from './postgres.ts'
export type { PostgresStoreOptions } from './postgres.ts'
export { resilientStore, consoleLogger } from './resilient.ts'
export type { ResilientOptions } from './resilient.ts'
export { parseSince, parseRetentionDays } from './window.ts'
export { clusterLogs, findGaps, unhelpfulArticles } from './gaps.ts'
export type { GapCluster, Gaps } from './gaps.ts'
export { renderDraft, writeDrafts } from './draft.ts'
export { formatGaps, formatStats } from './report.ts'
export type { DraftResult } from './draft.ts'

/** `REMEDY_DB_POOL` and `REMEDY_DB_STATEMENT_TIMEOUT_MS` (validated with the rest in `src/config.ts`). */
const positiveInt = z.coerce.number().int().positive()

/** The database file when `REMEDY_DB` is not set, relative to the working directory. */
export const DEFAULT_DB_PATH = 'data/remedy.sqlite'

/** What both backends accept (each ignores the other's tuning). */
export type BackendOptions = SqliteStoreOptions &
  Pick<PostgresStoreOptions, 'poolSize' | 'statementTimeoutMs'>

/** Options of `openStore`: the backends' ones, where the one warning goes, how often to retry opening. */
export interface StoreOptions extends BackendOptions {
  logger?: StoreLogger | undefined
  /** While the file cannot be opened, try again on a write at most this often (default one minute). */
  reopenEveryMs?: number | undefined
}

/**
 * Whether a `REMEDY_DB` value names a PostgreSQL server (`postgres://…`) rather than a SQLite file.
 * @param location The value.
 * @returns True for a PostgreSQL URL.
 */
export function isPostgresUrl(location: string): boolean {
  return POSTGRES_URL.test(location)
}

/**
 * Where a `REMEDY_DB` or `--db` value points: a `postgres://` URL as given, a file resolved.
 * @param cwd The folder a relative file is resolved against.
 * @param value The value.
 * @returns The URL, or the absolute file path.
 */
export function resolveDbLocation(cwd: string, value: string): string {
  return isPostgresUrl(value) ? value : resolve(cwd, value)
}

/**
 * Open the backend a location names: PostgreSQL for a `postgres://` URL, SQLite for a path.
 * Errors are thrown (SQLite) or rejected by the first call (PostgreSQL, which opens lazily).
 */
function openBackend(
  location: string,
  options: BackendOptions & { logger?: StoreLogger | undefined }
): Store {
  const { poolSize, statementTimeoutMs, busyTimeoutMs, ...common } = options
  return isPostgresUrl(location)
    ? openPostgresStore(location, { ...common, poolSize, statementTimeoutMs })
    : openSqliteStore(location, { ...common, busyTimeoutMs })
}

/**
 * Open the store for an adapter: never throws, and writes never reject.
 * @param path The SQLite file or a `postgres://` URL (see `storeOptionsFromEnv` for the default).
 * @param options Salt, retention, logger.
 * @returns The store.
 * @example const store = openStore('data/remedy.sqlite', { logger: log })
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const { logger, reopenEveryMs, ...backend } = options
  const location = isPostgresUrl(path) ? redactUrl(path) : path
  return resilientStore(
    () => openBackend(path, { ...backend, logger }),
    location,
    logger,
    // Several instances share a PostgreSQL database: their buttons' state lives there too.
    { reopenEveryMs, shareState: isPostgresUrl(path) }
  )
}

/**
 * Open an existing database for a report or maintenance (the CLI): errors are thrown, not swallowed.
 * @param path The SQLite file or a `postgres://` URL.
 * @param options Salt, retention.
 * @returns The store (a PostgreSQL one connects on its first call, which rejects when it cannot).
 * @throws When the file does not exist (`STORE_MISSING`) or cannot be opened.
 */
export function openExistingStore(
  path: string,
  options: BackendOptions = {}
): Store {
  if (!isPostgresUrl(path) && !existsSync(path))
    throw new Error(STORE_MISSING(path))
  return openBackend(path, options)
}

/**
 * Read the store's settings from the environment, with `.env` in `cwd` as a fallback (the
 * environment wins, as in `src/config.ts`): `forget` must hash with the same `REMEDY_SALT` as the bot.
 * @param processEnv `process.env` or a test's object.
 * @param cwd Where `.env` is read and a relative `REMEDY_DB` is resolved.
 * @returns The database path (or `postgres://` URL) and the options for `openStore`.
 */
export function storeOptionsFromEnv(
  processEnv: Record<string, string | undefined>,
  cwd: string
): { path: string; options: BackendOptions } {
  const env = { ...readDotenv(cwd), ...processEnv }
  const db =
    env.REMEDY_DB !== undefined && env.REMEDY_DB.trim() !== ''
      ? env.REMEDY_DB.trim()
      : DEFAULT_DB_PATH
  const path = resolveDbLocation(cwd, db)
  const options: BackendOptions = {}
  const poolSize = positiveInt.safeParse(env.REMEDY_DB_POOL)
  if (poolSize.success) options.poolSize = poolSize.data
  const timeout = positiveInt.safeParse(env.REMEDY_DB_STATEMENT_TIMEOUT_MS)
  if (timeout.success) options.statementTimeoutMs = timeout.data
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
