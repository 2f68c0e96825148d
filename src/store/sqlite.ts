/**
 * @module store/sqlite
 * The `Store` on one SQLite file (better-sqlite3): WAL so that the gateway bot, the HTTP server and
 * the CLI can use the file at once, a busy timeout so that concurrent writers wait instead of
 * failing, `secure_delete` so that purged and forgotten rows do not linger in free pages.
 * Errors are thrown (and rejected) as they come; `openStore` in `./index.ts` adds the
 * "answer without recording" behaviour on top.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { z } from 'zod'
import { INVALID_VOTE } from './errors.ts'
import { hashUser, newDiagnosisId, newSalt } from './identity.ts'
import { migrate } from './migrations.ts'
import {
  SLOWEST,
  articleVotesFrom,
  assembleStats,
  bounds,
  countRow,
  keptLog,
  retentionCutoff,
  saltRow,
  storeSettings,
  type StoreOptions,
  stateRow,
  unansweredFacts,
  unansweredFrom
} from './rows.ts'
import type {
  ArticleStats,
  DiagnosisInput,
  FeedbackInput,
  ForgetResult,
  Store,
  Window
} from './types.ts'
import { VOTES } from './types.ts'

/** How the SQLite store behaves; every field has a default. */
export interface SqliteStoreOptions extends StoreOptions {
  /** How long a writer waits for another one, in ms (default 5000). */
  busyTimeoutMs?: number | undefined
}

export { DEFAULT_LOW_CONFIDENCE, DEFAULT_RETENTION_DAYS } from './rows.ts'
const latencyRow = z.object({ latencyMs: z.number() })

/**
 * Open (creating and migrating when needed) a SQLite store. Throws when the file cannot be opened.
 * @param path The database file; its folder is created.
 * @param options Salt, retention, thresholds, clock.
 * @returns The store; close it when done.
 */
export function openSqliteStore(
  path: string,
  options: SqliteStoreOptions = {}
): Store {
  const { now, retentionDays, lowConfidence, purgeEveryMs } =
    storeSettings(options)

  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5_000 })
  try {
    if (path !== ':memory:' && !isWal(db)) db.pragma('journal_mode = WAL')
    // NORMAL is durable against a killed process in WAL mode (only a power loss can drop the last commits).
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('secure_delete = ON')
    migrate(db, path)
  } catch (error) {
    db.close()
    throw error
  }

  const statements = {
    insertDiagnosis: db.prepare(
      `INSERT INTO diagnoses (id, at, guild_id, channel_id, user_hash, transport, verdict, kb_version, latency_ms)
       VALUES (@id, @at, @guildId, @channelId, @userHash, @transport, @verdict, @kbVersion, @latencyMs)`
    ),
    insertArticle: db.prepare(
      `INSERT INTO diagnosis_articles (diagnosis_id, rank, article_id, confidence)
       VALUES (@diagnosisId, @rank, @articleId, @confidence)`
    ),
    insertUnanswered: db.prepare(
      `INSERT INTO unanswered (diagnosis_id, at, template, excerpt, errno, product, top_article, top_confidence)
       VALUES (@diagnosisId, @at, @template, @excerpt, @errno, @product, @topArticle, @topConfidence)`
    ),
    upsertFeedback: db.prepare(
      `INSERT INTO feedback (diagnosis_id, user_hash, vote, at, guild_id, channel_id)
       VALUES (@diagnosisId, @userHash, @vote, @at, @guildId, @channelId)
       ON CONFLICT (diagnosis_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`
    ),
    purge: db.prepare('DELETE FROM unanswered WHERE at < ?'),
    verdicts: db.prepare(
      'SELECT verdict, COUNT(*) AS n FROM diagnoses WHERE at >= ? AND at < ? GROUP BY verdict'
    ),
    votes: db.prepare(
      'SELECT vote, COUNT(*) AS n FROM feedback WHERE at >= ? AND at < ? GROUP BY vote'
    ),
    articles: db.prepare(
      `SELECT a.article_id AS id,
              SUM(d.verdict = 'match') AS answered,
              SUM(d.verdict = 'candidates') AS suggested
       FROM diagnosis_articles a JOIN diagnoses d ON d.id = a.diagnosis_id
       WHERE d.at >= ? AND d.at < ?
       GROUP BY a.article_id`
    ),
    // A vote is about the answer as a whole: it counts for the article the answer led with.
    articleVotes: db.prepare(
      `SELECT a.article_id AS id,
              SUM(f.vote = 'fixed') AS fixed,
              SUM(f.vote = 'not-helped') AS notHelped
       FROM feedback f JOIN diagnosis_articles a ON a.diagnosis_id = f.diagnosis_id AND a.rank = 1
       WHERE f.at >= ? AND f.at < ?
       GROUP BY a.article_id`
    ),
    slowest: db.prepare(
      `SELECT d.id, d.at, d.latency_ms AS latencyMs, d.verdict, d.transport, a.article_id AS articleId
       FROM diagnoses d LEFT JOIN diagnosis_articles a ON a.diagnosis_id = d.id AND a.rank = 1
       WHERE d.at >= ? AND d.at < ?
       ORDER BY d.latency_ms DESC, d.at DESC LIMIT ${SLOWEST}`
    ),
    latencyAt: db.prepare(
      'SELECT latency_ms AS latencyMs FROM diagnoses WHERE at >= ? AND at < ? ORDER BY latency_ms LIMIT 1 OFFSET ?'
    ),
    days: db.prepare(
      `SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, COUNT(*) AS total,
              SUM(verdict = 'match') AS answered, SUM(verdict = 'none') AS none
       FROM diagnoses WHERE at >= ? AND at < ? GROUP BY day ORDER BY day`
    ),
    unanswered: db.prepare(
      `SELECT u.diagnosis_id AS diagnosisId, u.at, d.verdict, u.template, u.excerpt, u.errno, u.product,
              u.top_article AS topArticle, u.top_confidence AS topConfidence
       FROM unanswered u JOIN diagnoses d ON d.id = u.diagnosis_id
       WHERE u.at >= ? AND u.at < ? ORDER BY u.at, u.id`
    ),
    forgetLogs: db.prepare(
      'DELETE FROM unanswered WHERE diagnosis_id IN (SELECT id FROM diagnoses WHERE user_hash = ?)'
    ),
    // Votes of others on the user's diagnoses go too: they are about the user's paste.
    forgetFeedback: db.prepare(
      'DELETE FROM feedback WHERE user_hash = ? OR diagnosis_id IN (SELECT id FROM diagnoses WHERE user_hash = ?)'
    ),
    forgetDiagnoses: db.prepare('DELETE FROM diagnoses WHERE user_hash = ?'),
    putState: db.prepare(
      `INSERT INTO button_state (id, value, user_hash, touched) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET value = excluded.value, user_hash = excluded.user_hash, touched = excluded.touched`
    ),
    getState: db.prepare(
      'UPDATE button_state SET touched = ? WHERE id = ? RETURNING value, user_hash AS userHash'
    ),
    pruneStates: db.prepare(
      'DELETE FROM button_state WHERE id IN (SELECT id FROM button_state ORDER BY touched DESC, id DESC LIMIT -1 OFFSET ?)'
    ),
    getSalt: db.prepare("SELECT value FROM meta WHERE key = 'salt'"),
    putSalt: db.prepare(
      "INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)"
    )
  }

  let salt = options.salt
  function userHash(userId: string): string {
    if (salt === undefined) {
      // Generated once per file, first writer wins: every process then reads the same salt.
      const stored = saltRow.safeParse(statements.getSalt.get())
      if (stored.success) salt = stored.data.value
      else {
        statements.putSalt.run(newSalt())
        salt = saltRow.parse(statements.getSalt.get()).value
      }
    }
    return hashUser(salt, userId)
  }

  let lastPurge = Number.NEGATIVE_INFINITY
  function purgeExpired(at: Date): number {
    lastPurge = at.getTime()
    const { changes } = statements.purge.run(retentionCutoff(at, retentionDays))
    if (changes > 0) checkpoint()
    return changes
  }

  function checkpoint(): void {
    // Deleted rows must leave the WAL as well as the main file; TRUNCATE is best effort when readers
    // hold old snapshots, and the next checkpoint finishes the job.
    db.pragma('wal_checkpoint(TRUNCATE)')
  }

  const record = db.transaction(
    (
      input: DiagnosisInput,
      id: string,
      at: Date,
      kept: ReturnType<typeof keptLog>
    ) => {
      const { diagnosis } = input
      statements.insertDiagnosis.run({
        id,
        at: at.getTime(),
        guildId: input.guildId ?? null,
        channelId: input.channelId ?? null,
        userHash: input.userId === undefined ? null : userHash(input.userId),
        transport: input.transport,
        verdict: diagnosis.verdict,
        kbVersion: diagnosis.kbVersion,
        latencyMs: input.latencyMs
      })
      diagnosis.matches.forEach((match, index) => {
        statements.insertArticle.run({
          diagnosisId: id,
          rank: index + 1,
          articleId: match.id,
          confidence: match.confidence
        })
      })
      if (kept === undefined) return
      statements.insertUnanswered.run({
        diagnosisId: id,
        at: at.getTime(),
        template: kept.template,
        excerpt: kept.excerpt,
        ...unansweredFacts(input)
      })
    }
  )

  function articleVotes(window: Window | undefined): ArticleStats[] {
    const { since, until } = bounds(window, now())
    return articleVotesFrom(statements.articleVotes.all(since, until))
  }

  const store: Store = {
    location: path,

    recordDiagnosis: (input) =>
      attempt(() => {
        const at = input.at ?? now()
        const id = input.id ?? newDiagnosisId()
        // The purge runs on its own with the traffic, at most once per `purgeEveryMs`.
        if (at.getTime() - lastPurge >= purgeEveryMs) purgeExpired(at)
        record.immediate(
          input,
          id,
          at,
          keptLog(input, lowConfidence, retentionDays)
        )
        return id
      }),

    recordFeedback: (input: FeedbackInput) =>
      attempt(() => {
        if (!(VOTES as readonly string[]).includes(input.vote))
          throw new Error(INVALID_VOTE(input.vote))
        statements.upsertFeedback.run({
          diagnosisId: input.diagnosisId,
          userHash: userHash(input.userId),
          vote: input.vote,
          at: (input.at ?? now()).getTime(),
          guildId: input.guildId ?? null,
          channelId: input.channelId ?? null
        })
        return true
      }),

    stats: (window) =>
      attempt(() => {
        const { since, until } = bounds(window, now())
        const verdicts = statements.verdicts.all(since, until)
        const total = verdicts.reduce<number>(
          (sum, raw) => sum + countRow.parse(raw).n,
          0
        )
        const latency = (fraction: number): number => {
          if (total === 0) return 0
          const offset = Math.min(
            total - 1,
            Math.max(0, Math.ceil(fraction * total) - 1)
          )
          return latencyRow.parse(
            statements.latencyAt.get(since, until, offset)
          ).latencyMs
        }
        return assembleStats(window, until, {
          verdicts,
          votes: statements.votes.all(since, until),
          articles: statements.articles.all(since, until),
          articleVotes: articleVotes(window),
          latency: { p50: latency(0.5), p95: latency(0.95), max: latency(1) },
          slowest: statements.slowest.all(since, until),
          days: statements.days.all(since, until)
        })
      }),

    unanswered: (window) =>
      attempt(() => {
        const at = now()
        const { since, until } = bounds(window, at)
        // Logs past their retention are never reported, even before the purge has removed them.
        const kept = retentionCutoff(at, retentionDays)
        return statements.unanswered
          .all(Math.max(since, kept), until)
          .map(unansweredFrom)
      }),

    articleVotes: (window) => attempt(() => articleVotes(window)),

    forgetUser: (userId) =>
      attempt(() => {
        const hash = userHash(userId)
        const forget = db.transaction((): ForgetResult => {
          const logs = statements.forgetLogs.run(hash).changes
          const feedback = statements.forgetFeedback.run(hash, hash).changes
          const diagnoses = statements.forgetDiagnoses.run(hash).changes
          return { diagnoses, feedback, logs }
        })
        const result = forget.immediate()
        checkpoint()
        return result
      }),

    purge: (at) => attempt(() => purgeExpired(at ?? now())),

    states: {
      put: (id, value, userId) =>
        attempt(() => {
          statements.putState.run(id, value, userHash(userId), now().getTime())
        }),
      get: (id) =>
        attempt(() => {
          const row = stateRow.safeParse(
            statements.getState.get(now().getTime(), id)
          )
          return row.success ? row.data : undefined
        }),
      hashUser: (userId) => attempt(() => userHash(userId)),
      prune: (capacity) =>
        attempt(() => statements.pruneStates.run(capacity).changes)
    },

    close: () =>
      attempt(() => {
        if (db.open) db.close()
      })
  }
  return store
}

/** Run synchronous SQLite work behind the asynchronous interface: a throw becomes a rejection. */
function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work())
  } catch (error) {
    return Promise.reject(
      error instanceof Error ? error : new Error(String(error))
    )
  }
}

function isWal(db: Database.Database): boolean {
  return db.pragma('journal_mode', { simple: true }) === 'wal'
}
