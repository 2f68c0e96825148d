/**
 * @module store/migrations
 * The schema, as an ordered list of migrations, each written twice with the same meaning: for SQLite
 * (`sql`) and for PostgreSQL (`postgres`, run by `migratePostgres` in `./postgres.ts`). Times are
 * epoch milliseconds in both. The SQLite file's `user_version` says how many have run; `migrate` runs
 * the rest at start, inside one write transaction, so that several processes opening the same file
 * at once migrate it exactly once.
 */
import type { Database } from 'better-sqlite3'
import { STORE_TOO_NEW } from './errors.ts'

export interface Migration {
  version: number
  description: string
  /** For SQLite (STRICT tables). */
  sql: string
  /** The same tables for PostgreSQL (BIGINT milliseconds, DOUBLE PRECISION for SQLite's REAL). */
  postgres: string
}

/** Append only: a released migration is never edited, a change is a new entry. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description:
      'diagnoses, the articles they answered with, and feedback votes',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE TABLE diagnoses (
        id TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        guild_id TEXT,
        channel_id TEXT,
        user_hash TEXT,
        transport TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('match', 'candidates', 'none')),
        kb_version TEXT NOT NULL,
        latency_ms REAL NOT NULL
      ) STRICT;
      CREATE INDEX diagnoses_at ON diagnoses (at);
      CREATE INDEX diagnoses_user ON diagnoses (user_hash);
      CREATE TABLE diagnosis_articles (
        diagnosis_id TEXT NOT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (diagnosis_id, rank)
      ) STRICT;
      CREATE INDEX diagnosis_articles_article ON diagnosis_articles (article_id);
      CREATE TABLE feedback (
        diagnosis_id TEXT NOT NULL,
        user_hash TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('fixed', 'not-helped')),
        at INTEGER NOT NULL,
        guild_id TEXT,
        channel_id TEXT,
        PRIMARY KEY (diagnosis_id, user_hash)
      ) STRICT;
      CREATE INDEX feedback_user ON feedback (user_hash);
    `,
    postgres: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE diagnoses (
        id TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        guild_id TEXT,
        channel_id TEXT,
        user_hash TEXT,
        transport TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('match', 'candidates', 'none')),
        kb_version TEXT NOT NULL,
        latency_ms DOUBLE PRECISION NOT NULL
      );
      CREATE INDEX diagnoses_at ON diagnoses (at);
      CREATE INDEX diagnoses_user ON diagnoses (user_hash);
      CREATE TABLE diagnosis_articles (
        diagnosis_id TEXT NOT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        confidence DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (diagnosis_id, rank)
      );
      CREATE INDEX diagnosis_articles_article ON diagnosis_articles (article_id);
      CREATE TABLE feedback (
        diagnosis_id TEXT NOT NULL,
        user_hash TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('fixed', 'not-helped')),
        at BIGINT NOT NULL,
        guild_id TEXT,
        channel_id TEXT,
        PRIMARY KEY (diagnosis_id, user_hash)
      );
      CREATE INDEX feedback_user ON feedback (user_hash);
    `
  },
  {
    version: 2,
    description:
      'unanswered logs (redacted and masked) for `remedy gaps`, with the retention purge',
    sql: `
      CREATE TABLE unanswered (
        id INTEGER PRIMARY KEY,
        diagnosis_id TEXT NOT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        template TEXT NOT NULL,
        excerpt TEXT NOT NULL,
        errno TEXT,
        product TEXT,
        top_article TEXT,
        top_confidence REAL
      ) STRICT;
      CREATE INDEX unanswered_at ON unanswered (at);
      CREATE INDEX unanswered_diagnosis ON unanswered (diagnosis_id);
    `,
    postgres: `
      CREATE TABLE unanswered (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        diagnosis_id TEXT NOT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
        at BIGINT NOT NULL,
        template TEXT NOT NULL,
        excerpt TEXT NOT NULL,
        errno TEXT,
        product TEXT,
        top_article TEXT,
        top_confidence DOUBLE PRECISION
      );
      CREATE INDEX unanswered_at ON unanswered (at);
      CREATE INDEX unanswered_diagnosis ON unanswered (diagnosis_id);
    `
  },
  {
    version: 3,
    description:
      'the state behind answer buttons, shared by every instance (redacted; the user id only hashed)',
    sql: `
      CREATE TABLE button_state (
        id TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        user_hash TEXT NOT NULL,
        touched INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX button_state_touched ON button_state (touched);
    `,
    postgres: `
      CREATE TABLE button_state (
        id TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        user_hash TEXT NOT NULL,
        touched BIGINT NOT NULL
      );
      CREATE INDEX button_state_touched ON button_state (touched);
    `
  }
]

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Bring a database up to `SCHEMA_VERSION`, running each missing migration in order.
 * @param db An open database.
 * @param path The file, for error messages.
 * @param migrations The list to apply (tests pass a prefix to build an older file).
 * @returns The version before and after.
 */
export function migrate(
  db: Database,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS
): { from: number; to: number } {
  const latest = migrations.length
  // IMMEDIATE takes the write lock before reading the version: two processes starting together
  // cannot both see version 0 and both create the tables.
  const run = db.transaction(() => {
    const from = Number(db.pragma('user_version', { simple: true }))
    if (from > latest) throw new Error(STORE_TOO_NEW(path, from, latest))
    for (const migration of migrations.slice(from)) db.exec(migration.sql)
    if (from !== latest) db.pragma(`user_version = ${latest}`)
    return { from, to: latest }
  })
  return run.immediate()
}
