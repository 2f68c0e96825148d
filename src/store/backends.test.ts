/**
 * The store's suite, run against every backend (SQLite and PostgreSQL) with the same rows and the
 * same expectations: the backends must not differ in anything a caller or a report can see. The
 * PostgreSQL rows run on a real server (`test/pg`), and say plainly that they were skipped without one.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testPostgres } from '../../test/pg/index.ts'
import { makeDiagnosis, tempDir } from '../../test/store/helpers.ts'
import { INVALID_VOTE, STORE_TOO_NEW } from './errors.ts'
import { hashUser } from './identity.ts'
import { MIGRATIONS, SCHEMA_VERSION, migrate } from './migrations.ts'
import { migratePostgres, openPostgresStore, redactUrl } from './postgres.ts'
import { openSqliteStore } from './sqlite.ts'
import type { SqliteStoreOptions } from './sqlite.ts'
import type { DiagnosisInput, FeedbackInput, Store } from './types.ts'

const T0 = new Date('2025-03-01T12:00:00Z')
const DAY = 86_400_000

const ZENOH_LOG = [
  '[ERROR]',
  'failed to run dora-daemon',
  '',
  'Caused by:',
  '   0: failed to open zenoh session',
  '   1: Unable to bind UDP port 224.0.0.224:7446 at /home/alice/.cargo/registry/src/zenoh-1.2.1/src/orchestrator.rs:649',
  '   2: Cannot assign requested address (os error 99)'
].join('\n')

/** What the tests set; each backend adds its own tuning. */
type Options = Pick<
  SqliteStoreOptions,
  'salt' | 'now' | 'retentionDays' | 'purgeEveryMs' | 'lowConfidence'
>

type Row = Record<string, unknown>

/** One backend as the suite drives it: a fresh database per test, and raw SQL to look inside. */
interface Backend {
  name: string
  /** Empty, or why the backend's tests were skipped. */
  skipped: string
  /** A new empty database for the next test. */
  fresh: () => Promise<void>
  /** Drop what `fresh` made. */
  cleanup: () => Promise<void>
  open: (options: Options) => Store
  /** What the store calls its location in messages. */
  location: () => string
  /** Read rows with raw SQL (`$1` placeholders; 64-bit integers come back as numbers). */
  all: (sql: string, params?: unknown[]) => Promise<Row[]>
  /** Write with raw SQL (`$1` placeholders). */
  run: (sql: string, params?: unknown[]) => Promise<void>
  /** Build the schema with only the first migrations, as an older Remedy left it. */
  migrateTo: (
    migrations: readonly (typeof MIGRATIONS)[number][]
  ) => Promise<{ from: number; to: number }>
  /** Mark the database as written by a schema version. */
  setVersion: (version: number) => Promise<void>
  version: () => Promise<number>
  /** The data tables, sorted (bookkeeping left out). */
  tables: () => Promise<string[]>
  /** Backend-specific checks of a healthy database. */
  healthy: () => Promise<void>
}

function sqliteBackend(): Backend {
  let dir = ''
  let remove = (): void => undefined
  const path = (): string => join(dir, 'remedy.sqlite')
  const withDb = <T>(
    readonly: boolean,
    work: (db: Database.Database) => T
  ): T => {
    const db = new Database(path(), { readonly })
    try {
      return work(db)
    } finally {
      db.close()
    }
  }
  // The suite's statements use their parameters in order.
  const numbered = (sql: string): string => sql.replace(/\$\d+/g, '?')
  return {
    name: 'SQLite',
    skipped: '',
    fresh: () => {
      ;({ dir, cleanup: remove } = tempDir())
      return Promise.resolve()
    },
    cleanup: () => {
      remove()
      return Promise.resolve()
    },
    open: (options) => openSqliteStore(path(), options),
    location: path,
    all: (sql, params = []) =>
      Promise.resolve(
        withDb(true, (db) =>
          db.prepare<unknown[], Row>(numbered(sql)).all(...params)
        )
      ),
    run: (sql, params = []) => {
      withDb(false, (db) => db.prepare(numbered(sql)).run(...params))
      return Promise.resolve()
    },
    migrateTo: (migrations) =>
      Promise.resolve(withDb(false, (db) => migrate(db, path(), migrations))),
    setVersion: (version) => {
      withDb(false, (db) => db.pragma(`user_version = ${version}`))
      return Promise.resolve()
    },
    version: () =>
      Promise.resolve(
        Number(
          withDb(true, (db) => db.pragma('user_version', { simple: true }))
        )
      ),
    tables: () =>
      Promise.resolve(
        withDb(true, (db) =>
          db
            .prepare<
              [],
              string
            >("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .pluck()
            .all()
        )
      ),
    healthy: () => {
      withDb(true, (db) => {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      })
      return Promise.resolve()
    }
  }
}

const server = await testPostgres('the store suite on PostgreSQL')

/** 64-bit integers (COUNT, BIGINT milliseconds) as numbers, as SQLite gives them. */
const asNumbers: pg.CustomTypesConfig = {
  getTypeParser: (oid: number) =>
    oid === 20
      ? Number
      : (pg.types.getTypeParser(oid, 'text') as (value: string) => unknown)
}

function postgresBackend(): Backend {
  let url = ''
  let client: pg.Client | undefined
  const connected = async (): Promise<pg.Client> => {
    if (client === undefined) {
      client = new pg.Client({ connectionString: url, types: asNumbers })
      await client.connect()
    }
    return client
  }
  return {
    name: 'PostgreSQL',
    skipped: server === undefined ? ' (skipped: no PostgreSQL server)' : '',
    fresh: async () => {
      url = server === undefined ? '' : await server.freshSchema()
    },
    cleanup: async () => {
      await client?.end()
      client = undefined
    },
    open: (options) => openPostgresStore(url, { ...options, poolSize: 2 }),
    location: () => redactUrl(url),
    all: async (sql, params = []) =>
      (await (await connected()).query<Row>(sql, params)).rows,
    run: async (sql, params = []) => {
      await (await connected()).query(sql, params)
    },
    migrateTo: async (migrations) =>
      migratePostgres(await connected(), redactUrl(url), migrations),
    setVersion: async (version) => {
      const db = await connected()
      await db.query('CREATE TABLE remedy_schema (version INTEGER NOT NULL)')
      await db.query('INSERT INTO remedy_schema VALUES ($1)', [version])
    },
    version: async () => {
      const rows = (
        await (
          await connected()
        ).query<{ version: number }>('SELECT version FROM remedy_schema')
      ).rows
      return rows[0]?.version ?? 0
    },
    tables: async () =>
      (
        await (
          await connected()
        ).query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_name <> 'remedy_schema' ORDER BY table_name`
        )
      ).rows.map((row) => row.name),
    healthy: () => Promise.resolve()
  }
}

afterAll(async () => {
  await server?.drop()
})

describe.each(
  [sqliteBackend(), postgresBackend()].map(
    (backend) => [backend.name, backend.skipped, backend] as const
  )
)('%s store%s', (_name, _skipped, backend) => {
  let clock: Date
  let stores: Store[]

  beforeEach(async (context) => {
    if (backend.skipped !== '') {
      context.skip()
      return
    }
    await backend.fresh()
    clock = T0
    stores = []
  })

  afterEach(async () => {
    if (backend.skipped !== '') return
    for (const store of stores) await store.close()
    await backend.cleanup()
  })

  function open(options: Options = {}): Store {
    const store = backend.open({
      salt: 'test-salt',
      now: () => clock,
      ...options
    })
    stores.push(store)
    return store
  }

  function input(
    partial: Partial<DiagnosisInput> & Pick<DiagnosisInput, 'diagnosis'>
  ): DiagnosisInput {
    return { transport: 'gateway', log: ZENOH_LOG, latencyMs: 3, ...partial }
  }

  async function count(table: string): Promise<unknown> {
    return (await backend.all(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n
  }

  describe('migrate', () => {
    it('should create every table in an empty database and set the version', async () => {
      await open().stats()
      expect(await backend.tables()).toEqual([
        'button_state',
        'diagnoses',
        'diagnosis_articles',
        'feedback',
        'meta',
        'unanswered'
      ])
      expect(await backend.version()).toBe(SCHEMA_VERSION)
      await backend.healthy()
    })

    it('should upgrade a database of the previous version and keep its rows', async () => {
      expect(
        await backend.migrateTo(MIGRATIONS.slice(0, SCHEMA_VERSION - 1))
      ).toEqual({ from: 0, to: SCHEMA_VERSION - 1 })
      await backend.run(
        `INSERT INTO diagnoses (id, at, guild_id, channel_id, user_hash, transport, verdict, kb_version, latency_ms)
       VALUES ('old-1', $1, 'g', 'c', NULL, 'gateway', 'match', 'kb-old', 4)`,
        [T0.getTime() - DAY]
      )
      await backend.run(
        "INSERT INTO diagnosis_articles VALUES ('old-1', 1, 'addr-in-use', 0.9)"
      )

      const store = open()
      await store.recordDiagnosis(
        input({ id: 'new-1', diagnosis: makeDiagnosis({ verdict: 'none' }) })
      )
      const stats = await store.stats()
      expect(stats.total).toBe(2)
      expect(stats.articles).toEqual([
        {
          id: 'addr-in-use',
          answered: 1,
          suggested: 0,
          fixed: 0,
          notHelped: 0,
          fixRate: undefined
        }
      ])
      expect((await store.unanswered()).map((log) => log.diagnosisId)).toEqual([
        'new-1'
      ])
      expect(await backend.version()).toBe(SCHEMA_VERSION)
      await backend.healthy()
    })

    it('should refuse a database written by a newer schema', async () => {
      await backend.setVersion(SCHEMA_VERSION + 1)
      // SQLite refuses when opening; PostgreSQL, which opens lazily, on the first call.
      await expect(async () => open().stats()).rejects.toThrow(
        STORE_TOO_NEW(backend.location(), SCHEMA_VERSION + 1, SCHEMA_VERSION)
      )
    })

    it('should run each migration once when opened twice at once', async () => {
      await Promise.all([open().stats(), open().stats()])
      expect(await backend.version()).toBe(SCHEMA_VERSION)
      expect(await backend.tables()).toHaveLength(6)
    })
  })

  describe('recordDiagnosis', () => {
    it('should store the diagnosis with ranked articles and a hashed user id, never the id itself', async () => {
      const store = open()
      const id = await store.recordDiagnosis(
        input({
          guildId: '111',
          channelId: '222',
          userId: '987654321012345678',
          latencyMs: 7.5,
          diagnosis: makeDiagnosis({
            verdict: 'match',
            kbVersion: 'kb-42',
            matches: [
              { id: 'zenoh-multicast-bind-failed', confidence: 0.93 },
              { id: 'wsl2-networking', confidence: 0.71 }
            ]
          })
        })
      )
      expect(id).toMatch(/^[\w-]{16}$/)
      expect(await backend.all('SELECT * FROM diagnoses')).toEqual([
        {
          id,
          at: T0.getTime(),
          guild_id: '111',
          channel_id: '222',
          user_hash: hashUser('test-salt', '987654321012345678'),
          transport: 'gateway',
          verdict: 'match',
          kb_version: 'kb-42',
          latency_ms: 7.5
        }
      ])
      expect(
        await backend.all(
          'SELECT rank, article_id, confidence FROM diagnosis_articles ORDER BY rank'
        )
      ).toEqual([
        {
          rank: 1,
          article_id: 'zenoh-multicast-bind-failed',
          confidence: 0.93
        },
        { rank: 2, article_id: 'wsl2-networking', confidence: 0.71 }
      ])
      // A confident match keeps no log.
      expect(await count('unanswered')).toBe(0)
    })

    it('should keep the id the caller chose', async () => {
      const store = open()
      expect(
        await store.recordDiagnosis(
          input({ id: 'abc', diagnosis: makeDiagnosis({ verdict: 'none' }) })
        )
      ).toBe('abc')
    })

    const cases: {
      name: string
      sketch: Parameters<typeof makeDiagnosis>[0]
      kept: boolean
    }[] = [
      { name: 'none', sketch: { verdict: 'none' }, kept: true },
      {
        name: 'candidates',
        sketch: {
          verdict: 'candidates',
          matches: [{ id: 'a', confidence: 0.5 }]
        },
        kept: true
      },
      {
        name: 'a match under the low-confidence line',
        sketch: {
          verdict: 'match',
          matches: [{ id: 'a', confidence: 0.55 }]
        },
        kept: true
      },
      {
        name: 'a confident match',
        sketch: { verdict: 'match', matches: [{ id: 'a', confidence: 0.6 }] },
        kept: false
      }
    ]
    for (const { name, sketch, kept } of cases) {
      it(`should ${kept ? '' : 'not '}keep the log of ${name}`, async () => {
        const store = open()
        await store.recordDiagnosis(input({ diagnosis: makeDiagnosis(sketch) }))
        expect((await store.unanswered()).length).toBe(kept ? 1 : 0)
      })
    }

    it('should keep the error lines redacted and masked, and the masked chain as template', async () => {
      const store = open()
      const id = await store.recordDiagnosis(
        input({
          diagnosis: makeDiagnosis({
            verdict: 'candidates',
            matches: [{ id: 'zenoh-multicast-bind-failed', confidence: 0.4 }],
            errno: 'EADDRNOTAVAIL',
            product: 'dora',
            chain: [
              'failed to run dora-daemon',
              'failed to open zenoh session',
              'Cannot assign requested address (os error 99)'
            ]
          })
        })
      )
      expect(await store.unanswered()).toEqual([
        {
          diagnosisId: id,
          at: T0.toISOString(),
          verdict: 'candidates',
          template:
            'failed to run dora-daemon <- failed to open zenoh session <- cannot assign requested address (os error <n>)',
          excerpt: [
            'failed to run dora-daemon',
            'caused by:',
            '<n>: failed to open zenoh session',
            '<n>: unable to bind udp port <ip>:<n> at <path>:<n>',
            '<n>: cannot assign requested address (os error <n>)'
          ].join('\n'),
          errno: 'EADDRNOTAVAIL',
          product: 'dora',
          topArticle: 'zenoh-multicast-bind-failed',
          topConfidence: 0.4
        }
      ])
    })

    it('should keep no log at all with a retention of 0 days', async () => {
      const store = open({ retentionDays: 0 })
      await store.recordDiagnosis(
        input({ diagnosis: makeDiagnosis({ verdict: 'none' }) })
      )
      expect((await store.stats()).none).toBe(1)
      expect(await count('unanswered')).toBe(0)
    })
  })

  describe('purge', () => {
    it('should delete logs older than the retention period and keep the rest', async () => {
      const store = open({ retentionDays: 30 })
      clock = new Date(T0.getTime() - 31 * DAY)
      await store.recordDiagnosis(
        input({ id: 'old', diagnosis: makeDiagnosis({ verdict: 'none' }) })
      )
      clock = new Date(T0.getTime() - 29 * DAY)
      await store.recordDiagnosis(
        input({ id: 'recent', diagnosis: makeDiagnosis({ verdict: 'none' }) })
      )
      clock = T0
      // Past their retention, logs are not reported even before the purge runs.
      expect((await store.unanswered()).map((log) => log.diagnosisId)).toEqual([
        'recent'
      ])
      expect(await store.purge()).toBe(1)
      expect(await backend.all('SELECT diagnosis_id FROM unanswered')).toEqual([
        { diagnosis_id: 'recent' }
      ])
      // The diagnosis record itself (no log text) stays for the stats.
      expect(await count('diagnoses')).toBe(2)
    })

    it('should run on its own with the writes, at most once per period', async () => {
      const store = open({ retentionDays: 1, purgeEveryMs: DAY })
      clock = new Date(T0.getTime() - 3 * DAY)
      await store.recordDiagnosis(
        input({ id: 'a', diagnosis: makeDiagnosis({ verdict: 'none' }) })
      )
      clock = new Date(T0.getTime() - 2.5 * DAY)
      await store.recordDiagnosis(
        input({ id: 'b', diagnosis: makeDiagnosis({ verdict: 'none' }) })
      )
      const kept = async (): Promise<string> =>
        (await backend.all('SELECT diagnosis_id FROM unanswered ORDER BY id'))
          .map((row) => String(row.diagnosis_id))
          .join(',')
      // Half a day later: too soon for another purge, `a` is past retention but still there.
      expect(await kept()).toBe('a,b')
      clock = T0
      await store.recordDiagnosis(
        input({ id: 'c', diagnosis: makeDiagnosis({ verdict: 'none' }) })
      )
      expect(await kept()).toBe('c')
    })
  })

  describe('recordFeedback', () => {
    it('should keep one vote per user and diagnosis, the latest', async () => {
      const store = open()
      const id = await store.recordDiagnosis(
        input({
          diagnosis: makeDiagnosis({
            verdict: 'match',
            matches: [{ id: 'addr-in-use', confidence: 0.9 }]
          })
        })
      )
      await store.recordFeedback({
        diagnosisId: id,
        userId: 'u1',
        vote: 'not-helped'
      })
      await store.recordFeedback({
        diagnosisId: id,
        userId: 'u1',
        vote: 'fixed'
      })
      await store.recordFeedback({
        diagnosisId: id,
        userId: 'u2',
        vote: 'fixed'
      })
      const stats = await store.stats()
      expect(stats.votes).toEqual({ fixed: 2, notHelped: 0 })
      expect(stats.articles).toEqual([
        {
          id: 'addr-in-use',
          answered: 1,
          suggested: 0,
          fixed: 2,
          notHelped: 0,
          fixRate: 1
        }
      ])
      expect(
        (await backend.all('SELECT user_hash FROM feedback'))
          .map((row) => row.user_hash)
          .sort()
      ).toEqual(
        [hashUser('test-salt', 'u1'), hashUser('test-salt', 'u2')].sort()
      )
    })

    it('should reject a vote it does not know', async () => {
      const store = open()
      // A vote read from an old button's custom_id, past the type system.
      const vote = {
        diagnosisId: 'x',
        userId: 'u',
        vote: 'meh'
      } as unknown as FeedbackInput
      await expect(store.recordFeedback(vote)).rejects.toThrow(
        INVALID_VOTE('meh')
      )
    })
  })

  describe('stats', () => {
    async function seed(store: Store): Promise<void> {
      const rows: [string, number, Parameters<typeof makeDiagnosis>[0]][] = [
        [
          'd1',
          5,
          {
            verdict: 'match',
            matches: [{ id: 'addr-in-use', confidence: 0.9 }]
          }
        ],
        [
          'd2',
          40,
          {
            verdict: 'match',
            matches: [{ id: 'addr-in-use', confidence: 0.8 }]
          }
        ],
        [
          'd3',
          12,
          {
            verdict: 'match',
            matches: [{ id: 'zenoh-multicast-bind-failed', confidence: 0.95 }]
          }
        ],
        [
          'd4',
          9,
          {
            verdict: 'candidates',
            matches: [
              { id: 'zenoh-multicast-bind-failed', confidence: 0.4 },
              { id: 'addr-in-use', confidence: 0.3 }
            ]
          }
        ],
        ['d5', 2, { verdict: 'none' }]
      ]
      for (const [index, [id, latencyMs, sketch]] of rows.entries()) {
        clock = new Date(T0.getTime() + (index < 3 ? 0 : DAY))
        await store.recordDiagnosis(
          input({ id, latencyMs, diagnosis: makeDiagnosis(sketch) })
        )
      }
      await store.recordFeedback({
        diagnosisId: 'd1',
        userId: 'u1',
        vote: 'fixed'
      })
      await store.recordFeedback({
        diagnosisId: 'd2',
        userId: 'u1',
        vote: 'not-helped'
      })
      await store.recordFeedback({
        diagnosisId: 'd2',
        userId: 'u2',
        vote: 'not-helped'
      })
      await store.recordFeedback({
        diagnosisId: 'd5',
        userId: 'u3',
        vote: 'not-helped'
      })
    }

    it('should count verdicts, votes per article, latency and days', async () => {
      const store = open()
      await seed(store)
      expect(await store.stats()).toEqual({
        since: undefined,
        until: new Date(T0.getTime() + DAY).toISOString(),
        total: 5,
        match: 3,
        candidates: 1,
        none: 1,
        answerRate: 0.6,
        noneRate: 0.2,
        // The vote on d5 (no article) counts overall but for no article.
        votes: { fixed: 1, notHelped: 3 },
        // Sorted latencies 2, 5, 9, 12, 40: p50 is the 3rd, p95 the 5th.
        latency: { p50: 9, p95: 40, max: 40 },
        articles: [
          // Answered twice, suggested once; one "fixed", two "didn't help".
          {
            id: 'addr-in-use',
            answered: 2,
            suggested: 1,
            fixed: 1,
            notHelped: 2,
            fixRate: 1 / 3
          },
          {
            id: 'zenoh-multicast-bind-failed',
            answered: 1,
            suggested: 1,
            fixed: 0,
            notHelped: 0,
            fixRate: undefined
          }
        ],
        slowest: [
          {
            id: 'd2',
            at: T0.toISOString(),
            latencyMs: 40,
            verdict: 'match',
            transport: 'gateway',
            articleId: 'addr-in-use'
          },
          {
            id: 'd3',
            at: T0.toISOString(),
            latencyMs: 12,
            verdict: 'match',
            transport: 'gateway',
            articleId: 'zenoh-multicast-bind-failed'
          },
          {
            id: 'd4',
            at: new Date(T0.getTime() + DAY).toISOString(),
            latencyMs: 9,
            verdict: 'candidates',
            transport: 'gateway',
            articleId: 'zenoh-multicast-bind-failed'
          },
          {
            id: 'd1',
            at: T0.toISOString(),
            latencyMs: 5,
            verdict: 'match',
            transport: 'gateway',
            articleId: 'addr-in-use'
          },
          {
            id: 'd5',
            at: new Date(T0.getTime() + DAY).toISOString(),
            latencyMs: 2,
            verdict: 'none',
            transport: 'gateway',
            articleId: undefined
          }
        ],
        days: [
          { day: '2025-03-01', total: 3, answered: 3, none: 0 },
          { day: '2025-03-02', total: 2, answered: 0, none: 1 }
        ]
      })
    })

    it('should count only what falls in the window', async () => {
      const store = open()
      await seed(store)
      const stats = await store.stats({
        since: new Date(T0.getTime() + DAY / 2)
      })
      expect([stats.total, stats.match, stats.candidates, stats.none]).toEqual([
        2, 0, 1, 1
      ])
      expect(stats.since).toBe(new Date(T0.getTime() + DAY / 2).toISOString())
    })

    it('should answer zeros for an empty file', async () => {
      const stats = await open().stats()
      expect(stats).toMatchObject({
        total: 0,
        answerRate: 0,
        noneRate: 0,
        latency: { p50: 0, p95: 0, max: 0 },
        articles: [],
        slowest: [],
        days: []
      })
    })
  })

  describe('forgetUser', () => {
    it("should remove the user's diagnoses, logs and votes, and nobody else's", async () => {
      const store = open()
      const mine = await store.recordDiagnosis(
        input({ userId: 'me', diagnosis: makeDiagnosis({ verdict: 'none' }) })
      )
      const theirs = await store.recordDiagnosis(
        input({
          userId: 'them',
          diagnosis: makeDiagnosis({ verdict: 'none' })
        })
      )
      await store.recordFeedback({
        diagnosisId: theirs,
        userId: 'me',
        vote: 'fixed'
      })
      await store.recordFeedback({
        diagnosisId: mine,
        userId: 'them',
        vote: 'not-helped'
      })
      await store.recordFeedback({
        diagnosisId: theirs,
        userId: 'them',
        vote: 'fixed'
      })
      expect(await store.forgetUser('me')).toEqual({
        diagnoses: 1,
        feedback: 2,
        logs: 1
      })
      expect((await store.unanswered()).map((log) => log.diagnosisId)).toEqual([
        theirs
      ])
      expect(
        await backend.all('SELECT diagnosis_id, vote FROM feedback')
      ).toEqual([{ diagnosis_id: theirs, vote: 'fixed' }])
      expect(await count('diagnosis_articles')).toBe(0)
      expect(await store.forgetUser('me')).toEqual({
        diagnoses: 0,
        feedback: 0,
        logs: 0
      })
    })
  })

  describe('states', () => {
    it('should keep button state under its id with the user only hashed, and prune the least recently used', async () => {
      const { states } = open()
      if (states === undefined)
        throw new Error('the backend has no state table')
      await states.put('a', '{"n":1}', 'user-a')
      clock = new Date(T0.getTime() + 1000)
      await states.put('b', '{"n":2}', 'user-b')
      clock = new Date(T0.getTime() + 2000)
      await states.put('c', '{"n":3}', 'user-c')
      expect(await states.get('missing')).toBeUndefined()
      clock = new Date(T0.getTime() + 3000)
      // Reading `a` makes it the most recently used: `b` is now the oldest.
      expect(await states.get('a')).toEqual({
        value: '{"n":1}',
        userHash: hashUser('test-salt', 'user-a')
      })
      expect(await states.hashUser('user-a')).toBe(
        hashUser('test-salt', 'user-a')
      )
      expect(await states.prune(2)).toBe(1)
      expect(await states.get('b')).toBeUndefined()
      expect((await states.get('c'))?.value).toBe('{"n":3}')
      expect(await states.prune(2)).toBe(0)
      expect(
        await backend.all('SELECT user_hash FROM button_state ORDER BY id')
      ).toEqual([
        { user_hash: hashUser('test-salt', 'user-a') },
        { user_hash: hashUser('test-salt', 'user-c') }
      ])
    })
  })

  describe('salt', () => {
    it('should generate one salt per database and reuse it in every process', async () => {
      const first = open({ salt: undefined })
      await first.recordFeedback({
        diagnosisId: 'd',
        userId: 'u',
        vote: 'fixed'
      })
      await first.close()
      const second = open({ salt: undefined })
      await second.recordFeedback({
        diagnosisId: 'd',
        userId: 'u',
        vote: 'not-helped'
      })
      const salt = (
        await backend.all("SELECT value FROM meta WHERE key = 'salt'")
      )[0]?.value
      expect(salt).toMatch(/^[0-9a-f]{64}$/)
      expect(await backend.all('SELECT user_hash, vote FROM feedback')).toEqual(
        [{ user_hash: hashUser(String(salt), 'u'), vote: 'not-helped' }]
      )
    })
  })
})
