import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeDiagnosis, tempDir } from '../../test/store/helpers.ts'
import { INVALID_RETENTION } from './errors.ts'
import {
  DEFAULT_DB_PATH,
  feedbackSink,
  openStore,
  resolveDbLocation,
  storeOptionsFromEnv
} from './index.ts'

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(() => {
  cleanup()
})

describe('the public API', () => {
  it('should export exactly what the adapters use', async () => {
    expect(Object.keys(await import('./index.ts')).sort()).toEqual([
      'DEFAULT_DB_PATH',
      'DEFAULT_LOW_CONFIDENCE',
      'DEFAULT_RETENTION_DAYS',
      'VOTES',
      'clusterLogs',
      'consoleLogger',
      'feedbackSink',
      'findGaps',
      'formatGaps',
      'formatStats',
      'isPostgresUrl',
      'openExistingStore',
      'openPostgresStore',
      'openSqliteStore',
      'openStore',
      'parseRetentionDays',
      'parseSince',
      'renderDraft',
      'resilientStore',
      'resolveDbLocation',
      'storeOptionsFromEnv',
      'unhelpfulArticles',
      'writeDrafts'
    ])
  })
})

describe('storeOptionsFromEnv', () => {
  it('should default to data/remedy.sqlite in the working folder', () => {
    expect(storeOptionsFromEnv({}, dir)).toEqual({
      path: join(dir, DEFAULT_DB_PATH),
      options: {}
    })
  })

  it('should read REMEDY_DB, REMEDY_SALT and REMEDY_RETENTION_DAYS, the environment before .env', () => {
    writeFileSync(
      join(dir, '.env'),
      'REMEDY_SALT=from-dotenv\nREMEDY_RETENTION_DAYS=7\nREMEDY_DB=dotenv.sqlite\n'
    )
    expect(storeOptionsFromEnv({ REMEDY_DB: 'db/r.sqlite' }, dir)).toEqual({
      path: join(dir, 'db/r.sqlite'),
      options: { salt: 'from-dotenv', retentionDays: 7 }
    })
  })

  it('should keep a PostgreSQL URL as given and read its pool size and statement timeout', () => {
    const url = 'postgres://remedy:pw@db.internal:5432/remedy'
    expect(
      storeOptionsFromEnv(
        {
          REMEDY_DB: ` ${url} `,
          REMEDY_DB_POOL: '4',
          REMEDY_DB_STATEMENT_TIMEOUT_MS: '2500'
        },
        dir
      )
    ).toEqual({ path: url, options: { poolSize: 4, statementTimeoutMs: 2500 } })
  })

  it('should refuse a retention that is not a number of days', () => {
    expect(() =>
      storeOptionsFromEnv({ REMEDY_RETENTION_DAYS: '30d' }, dir)
    ).toThrow(INVALID_RETENTION('30d'))
  })
})

describe('openStore', () => {
  it.each([
    // Opening PostgreSQL is lazy: nothing is sent before the first call, so no server is needed here.
    [
      'postgres://remedy:pw@127.0.0.1:9/remedy',
      'postgres://remedy:***@127.0.0.1:9/remedy',
      true
    ],
    ['r.sqlite', 'r.sqlite', false]
  ])(
    'should open %s at %s, sharing button state: %s',
    async (location, shown, shared) => {
      const path = location.endsWith('.sqlite') ? join(dir, location) : location
      const store = openStore(path, { salt: 's' })
      expect(store.location).toBe(
        shown.endsWith('.sqlite') ? join(dir, shown) : shown
      )
      expect(store.states !== undefined).toBe(shared)
      expect(resolveDbLocation(dir, location)).toBe(path)
      await store.close()
    }
  )
})

describe('feedbackSink', () => {
  it("should write the Discord layer's votes to the store", async () => {
    const store = openStore(join(dir, 'r.sqlite'), { salt: 's' })
    const id = await store.recordDiagnosis({
      transport: 'gateway',
      diagnosis: makeDiagnosis({
        verdict: 'match',
        matches: [{ id: 'addr-in-use', confidence: 0.9 }]
      }),
      log: '',
      latencyMs: 1
    })
    const sink = feedbackSink(store)
    await sink.record({
      diagnosisId: id,
      userId: 'u',
      vote: 'not-helped',
      guildId: 'g',
      channelId: undefined
    })
    await sink.record({
      diagnosisId: id,
      userId: 'u',
      vote: 'fixed',
      guildId: 'g',
      channelId: undefined
    })
    expect((await store.stats()).articles).toEqual([
      {
        id: 'addr-in-use',
        answered: 1,
        suggested: 0,
        fixed: 1,
        notHelped: 0,
        fixRate: 1
      }
    ])
    await store.close()
  })
})
