/**
 * @module store/postgres
 * The `Store` on PostgreSQL (node-postgres), for several instances that share one database: a
 * connection pool, a statement timeout on every query, the schema migrated once under an advisory
 * lock (so that instances starting together do not race), and the same rows, redaction and answers as
 * the SQLite store (`./rows.ts` decides both). Opening is lazy: the store is returned at once and the
 * first call connects and migrates, so that `openStore` stays synchronous and a database that is down
 * at start is tried again on the next call.
 */
import pg from 'pg'
import type { PoolClient, PoolConfig } from 'pg'
import { z } from 'zod'
import { INVALID_VOTE, STORE_TOO_NEW } from './errors.ts'
import { hashUser, newDiagnosisId, newSalt } from './identity.ts'
import { MIGRATIONS } from './migrations.ts'
import type { Migration } from './migrations.ts'
import {
  SLOWEST,
  articleVotesFrom,
  assembleStats,
  bounds,
  keptLog,
  retentionCutoff,
  saltRow,
  storeSettings,
  type StoreOptions,
  stateRow,
  unansweredFacts,
  unansweredFrom
} from './rows.ts'
import type { Store, StoreLogger } from './types.ts'
import { VOTES } from './types.ts'

/** How the PostgreSQL store behaves; every field has a default. */
export interface PostgresStoreOptions extends StoreOptions {
  /** Connections in this process's pool (`REMEDY_DB_POOL`, default 10). */
  poolSize?: number | undefined
  /** A statement running longer is cancelled by the server, in ms (`REMEDY_DB_STATEMENT_TIMEOUT_MS`, default 10000). */
  statementTimeoutMs?: number | undefined
  /** How long to wait for a connection, in ms (default 5000). */
  connectTimeoutMs?: number | undefined
  /** Where errors of idle pooled connections go (a server restart); they must not crash the process. */
  logger?: StoreLogger | undefined
}

/** Whether a `REMEDY_DB` value names a PostgreSQL server rather than a SQLite file. */
export const POSTGRES_URL = /^postgres(?:ql)?:\/\//i

/**
 * A connection URL without its password, for messages and `store.location`.
 * @param url A `postgres://` URL.
 * @returns The same URL with the password replaced by `***`.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://…'
  }
}

/** Serialised with every other Remedy migration of the same database (any 64-bit number of our own). */
const MIGRATION_LOCK = 7_243_810_551

const versionRow = z.object({ version: z.number() })
const latencyRow = z.object({
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  max: z.number().nullable()
})

/**
 * Bring a PostgreSQL database up to the latest schema, one transaction under an advisory lock.
 * The version lives in `remedy_schema` (SQLite keeps it in `user_version`).
 * @param client A connection (tables go to the first schema of its `search_path`).
 * @param location The redacted URL, for error messages.
 * @param migrations The list to apply (tests pass a prefix to build an older database).
 * @returns The version before and after.
 */
export async function migratePostgres(
  client: PoolClient | pg.Client,
  location: string,
  migrations: readonly Migration[] = MIGRATIONS
): Promise<{ from: number; to: number }> {
  const latest = migrations.length
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(
      'CREATE TABLE IF NOT EXISTS remedy_schema (version INTEGER NOT NULL)'
    )
    const { rows } = await client.query('SELECT version FROM remedy_schema')
    const from = rows.length === 0 ? 0 : versionRow.parse(rows[0]).version
    if (from > latest) throw new Error(STORE_TOO_NEW(location, from, latest))
    for (const migration of migrations.slice(from))
      await client.query(migration.postgres)
    if (from !== latest) {
      await client.query('DELETE FROM remedy_schema')
      await client.query('INSERT INTO remedy_schema (version) VALUES ($1)', [
        latest
      ])
    }
    await client.query('COMMIT')
    return { from, to: latest }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

/** Epoch milliseconds for a BIGINT parameter: an open end (infinity) becomes the largest safe one. */
function ms(value: number): number {
  return Math.min(Math.max(value, 0), Number.MAX_SAFE_INTEGER)
}

/**
 * Open a PostgreSQL store. Nothing is sent before the first call, which connects and migrates; a
 * call made while the server cannot be reached rejects, and the next call tries again.
 * @param url A `postgres://user:password@host:port/database` URL (libpq parameters in the query).
 * @param options Salt, retention, pool size, statement timeout, clock.
 * @returns The store; close it when done (it ends the pool).
 * @example const store = openPostgresStore('postgres://remedy@db/remedy', { poolSize: 5 })
 */
export function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {}
): Store {
  const { now, retentionDays, lowConfidence, purgeEveryMs } =
    storeSettings(options)
  const location = redactUrl(url)

  const config: PoolConfig = {
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'remedy'
  }
  const pool = new pg.Pool(config)
  // A pooled connection that dies while idle (server restart) emits 'error': unhandled, it would
  // end the process. The next query opens a new connection.
  pool.on('error', (error) => {
    options.logger?.warn(
      { err: error, store: location },
      `store: idle connection to \`${location}\` lost`
    )
  })

  let ready: Promise<void> | undefined
  const opened = (): Promise<void> => {
    ready ??= (async () => {
      const client = await pool.connect()
      try {
        await migratePostgres(client, location)
      } finally {
        client.release()
      }
    })().catch((error: unknown) => {
      ready = undefined
      throw error
    })
    return ready
  }

  async function query(
    text: string,
    values: unknown[] = []
  ): Promise<pg.QueryResult> {
    await opened()
    return pool.query(text, values)
  }

  /** Run work in one transaction on one connection. */
  async function transaction<T>(
    work: (client: PoolClient) => Promise<T>,
    begin = 'BEGIN'
  ): Promise<T> {
    await opened()
    const client = await pool.connect()
    try {
      await client.query(begin)
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  let salt: Promise<string> | undefined =
    options.salt === undefined ? undefined : Promise.resolve(options.salt)
  function storedSalt(): Promise<string> {
    // Generated once per database, first writer wins: every instance then reads the same salt.
    salt ??= (async () => {
      await query(
        "INSERT INTO meta (key, value) VALUES ('salt', $1) ON CONFLICT (key) DO NOTHING",
        [newSalt()]
      )
      const { rows } = await query("SELECT value FROM meta WHERE key = 'salt'")
      return saltRow.parse(rows[0]).value
    })().catch((error: unknown) => {
      salt = undefined
      throw error
    })
    return salt
  }
  const userHash = async (userId: string): Promise<string> =>
    hashUser(await storedSalt(), userId)

  let lastPurge = Number.NEGATIVE_INFINITY
  async function purgeExpired(at: Date): Promise<number> {
    lastPurge = at.getTime()
    const { rowCount } = await query('DELETE FROM unanswered WHERE at < $1', [
      ms(retentionCutoff(at, retentionDays))
    ])
    return rowCount ?? 0
  }

  const articleVotesSql = `SELECT a.article_id AS id,
              COUNT(*) FILTER (WHERE f.vote = 'fixed')::int AS fixed,
              COUNT(*) FILTER (WHERE f.vote = 'not-helped')::int AS "notHelped"
       FROM feedback f JOIN diagnosis_articles a ON a.diagnosis_id = f.diagnosis_id AND a.rank = 1
       WHERE f.at >= $1 AND f.at < $2
       GROUP BY a.article_id`

  const store: Store = {
    location,

    recordDiagnosis: async (input) => {
      const at = input.at ?? now()
      const id = input.id ?? newDiagnosisId()
      // The purge runs on its own with the traffic, at most once per `purgeEveryMs` in each process.
      if (at.getTime() - lastPurge >= purgeEveryMs) await purgeExpired(at)
      const kept = keptLog(input, lowConfidence, retentionDays)
      const { diagnosis } = input
      const facts = unansweredFacts(input)
      // One statement: the diagnosis, its articles and its kept log are written together or not at
      // all, in one round trip (foreign keys are checked at the end of the statement).
      await query(
        `WITH d AS (
           INSERT INTO diagnoses (id, at, guild_id, channel_id, user_hash, transport, verdict, kb_version, latency_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
         ), a AS (
           INSERT INTO diagnosis_articles (diagnosis_id, rank, article_id, confidence)
           SELECT $1, t.rank, t.article_id, t.confidence
           FROM unnest($10::int[], $11::text[], $12::float8[]) AS t(rank, article_id, confidence)
         )
         INSERT INTO unanswered (diagnosis_id, at, template, excerpt, errno, product, top_article, top_confidence)
         SELECT $1, $2, $14, $15, $16, $17, $18, $19 WHERE $13::boolean`,
        [
          id,
          at.getTime(),
          input.guildId ?? null,
          input.channelId ?? null,
          input.userId === undefined ? null : await userHash(input.userId),
          input.transport,
          diagnosis.verdict,
          diagnosis.kbVersion,
          input.latencyMs,
          diagnosis.matches.map((_, index) => index + 1),
          diagnosis.matches.map((match) => match.id),
          diagnosis.matches.map((match) => match.confidence),
          kept !== undefined,
          kept?.template ?? '',
          kept?.excerpt ?? '',
          facts.errno,
          facts.product,
          facts.topArticle,
          facts.topConfidence
        ]
      )
      return id
    },

    recordFeedback: async (input) => {
      if (!(VOTES as readonly string[]).includes(input.vote))
        throw new Error(INVALID_VOTE(input.vote))
      await query(
        `INSERT INTO feedback (diagnosis_id, user_hash, vote, at, guild_id, channel_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (diagnosis_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
        [
          input.diagnosisId,
          await userHash(input.userId),
          input.vote,
          (input.at ?? now()).getTime(),
          input.guildId ?? null,
          input.channelId ?? null
        ]
      )
      return true
    },

    stats: async (window) => {
      const { since, until } = bounds(window, now())
      const range = [ms(since), ms(until)]
      // One snapshot for every number, as SQLite's single connection gives.
      const rows = await transaction(async (client) => {
        const all = async (text: string): Promise<unknown[]> =>
          (await client.query<Record<string, unknown>>(text, range)).rows
        const verdicts = await all(
          'SELECT verdict, COUNT(*)::int AS n FROM diagnoses WHERE at >= $1 AND at < $2 GROUP BY verdict'
        )
        const votes = await all(
          'SELECT vote, COUNT(*)::int AS n FROM feedback WHERE at >= $1 AND at < $2 GROUP BY vote'
        )
        const articles = await all(
          `SELECT a.article_id AS id,
                  COUNT(*) FILTER (WHERE d.verdict = 'match')::int AS answered,
                  COUNT(*) FILTER (WHERE d.verdict = 'candidates')::int AS suggested
           FROM diagnosis_articles a JOIN diagnoses d ON d.id = a.diagnosis_id
           WHERE d.at >= $1 AND d.at < $2
           GROUP BY a.article_id`
        )
        const articleVotes = articleVotesFrom(await all(articleVotesSql))
        // percentile_disc(f) is the ceil(f × n)-th smallest value: the row SQLite's OFFSET picks.
        const latency = latencyRow.parse(
          (
            await all(
              `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
                      percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
                      MAX(latency_ms) AS max
               FROM diagnoses WHERE at >= $1 AND at < $2`
            )
          )[0]
        )
        const slowest = await all(
          `SELECT d.id, d.at::float8 AS at, d.latency_ms AS "latencyMs", d.verdict, d.transport,
                  a.article_id AS "articleId"
           FROM diagnoses d LEFT JOIN diagnosis_articles a ON a.diagnosis_id = d.id AND a.rank = 1
           WHERE d.at >= $1 AND d.at < $2
           ORDER BY d.latency_ms DESC, d.at DESC LIMIT ${SLOWEST}`
        )
        const days = await all(
          `SELECT to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
                  COUNT(*)::int AS total,
                  COUNT(*) FILTER (WHERE verdict = 'match')::int AS answered,
                  COUNT(*) FILTER (WHERE verdict = 'none')::int AS none
           FROM diagnoses WHERE at >= $1 AND at < $2 GROUP BY day ORDER BY day`
        )
        return {
          verdicts,
          votes,
          articles,
          articleVotes,
          latency: {
            p50: latency.p50 ?? 0,
            p95: latency.p95 ?? 0,
            max: latency.max ?? 0
          },
          slowest,
          days
        }
      }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      return assembleStats(window, until, rows)
    },

    unanswered: async (window) => {
      const at = now()
      const { since, until } = bounds(window, at)
      // Logs past their retention are never reported, even before the purge has removed them.
      const kept = retentionCutoff(at, retentionDays)
      const { rows } = await query(
        `SELECT u.diagnosis_id AS "diagnosisId", u.at::float8 AS at, d.verdict, u.template, u.excerpt,
                u.errno, u.product, u.top_article AS "topArticle", u.top_confidence AS "topConfidence"
         FROM unanswered u JOIN diagnoses d ON d.id = u.diagnosis_id
         WHERE u.at >= $1 AND u.at < $2 ORDER BY u.at, u.id`,
        [ms(Math.max(since, kept)), ms(until)]
      )
      return rows.map(unansweredFrom)
    },

    articleVotes: async (window) => {
      const { since, until } = bounds(window, now())
      const { rows } = await query(articleVotesSql, [ms(since), ms(until)])
      return articleVotesFrom(rows)
    },

    forgetUser: async (userId) => {
      const hash = await userHash(userId)
      return transaction(async (client) => {
        const count = async (text: string, values: unknown[]) =>
          (await client.query(text, values)).rowCount ?? 0
        const logs = await count(
          'DELETE FROM unanswered WHERE diagnosis_id IN (SELECT id FROM diagnoses WHERE user_hash = $1)',
          [hash]
        )
        // Votes of others on the user's diagnoses go too: they are about the user's paste.
        const feedback = await count(
          'DELETE FROM feedback WHERE user_hash = $1 OR diagnosis_id IN (SELECT id FROM diagnoses WHERE user_hash = $1)',
          [hash]
        )
        const diagnoses = await count(
          'DELETE FROM diagnoses WHERE user_hash = $1',
          [hash]
        )
        return { diagnoses, feedback, logs }
      })
    },

    purge: (at) => purgeExpired(at ?? now()),

    states: {
      put: async (id, value, userId) => {
        await query(
          `INSERT INTO button_state (id, value, user_hash, touched) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET value = excluded.value, user_hash = excluded.user_hash, touched = excluded.touched`,
          [id, value, await userHash(userId), now().getTime()]
        )
      },
      get: async (id) => {
        const { rows } = await query(
          'UPDATE button_state SET touched = $1 WHERE id = $2 RETURNING value, user_hash AS "userHash"',
          [now().getTime(), id]
        )
        const row = stateRow.safeParse(rows[0])
        return row.success ? row.data : undefined
      },
      hashUser: userHash,
      prune: async (capacity) => {
        const { rowCount } = await query(
          'DELETE FROM button_state WHERE id IN (SELECT id FROM button_state ORDER BY touched DESC, id DESC OFFSET $1)',
          [capacity]
        )
        return rowCount ?? 0
      }
    },

    close: async () => {
      if (!pool.ended) await pool.end()
    }
  }
  return store
}
