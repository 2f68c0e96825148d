import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { makeDiagnosis } from '../../test/store/helpers.ts'
import { STORE_NOT_RECORDING, STORE_UNAVAILABLE } from './errors.ts'
import { resilientStore } from './resilient.ts'
import type { DiagnosisInput, Store, StoreLogger } from './types.ts'

function memoryLogger(): StoreLogger & { warnings: string[] } {
  const warnings: string[] = []
  return {
    warnings,
    warn: (_details, message) => {
      warnings.push(message)
    }
  }
}

const full = new Database.SqliteError('database or disk is full', 'SQLITE_FULL')

/** A store whose writes fail while `failing.on` is true. */
function flakyStore(failing: { on: boolean }): Store & { written: string[] } {
  const written: string[] = []
  const write = <T>(value: T): Promise<T> =>
    failing.on ? Promise.reject(full) : Promise.resolve(value)
  return {
    written,
    location: 'flaky',
    recordDiagnosis: (input) => {
      if (!failing.on) written.push(input.id ?? 'no id')
      return write(input.id ?? 'generated-inside')
    },
    recordFeedback: () => write(true),
    stats: () => Promise.reject(new Error('not used')),
    unanswered: () => Promise.resolve([]),
    articleVotes: () => Promise.resolve([]),
    forgetUser: () => Promise.reject(full),
    purge: () => Promise.resolve(0),
    close: () => Promise.resolve()
  }
}

const input: DiagnosisInput = {
  transport: 'http',
  diagnosis: makeDiagnosis({ verdict: 'none' }),
  log: 'boom',
  latencyMs: 1
}

describe('resilientStore', () => {
  it('should answer every write during an outage and warn once', async () => {
    const failing = { on: true }
    const logger = memoryLogger()
    const store = resilientStore(
      () => flakyStore(failing),
      'data/remedy.sqlite',
      logger
    )
    const ids = await Promise.all(
      [1, 2, 3].map(() => store.recordDiagnosis(input))
    )
    expect(ids.every((id) => /^[\w-]{16}$/.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(3)
    expect(
      await store.recordFeedback({
        diagnosisId: 'x',
        userId: 'u',
        vote: 'fixed'
      })
    ).toBe(false)
    expect(logger.warnings).toEqual([
      STORE_NOT_RECORDING(
        'data/remedy.sqlite',
        'SQLITE_FULL: database or disk is full'
      )
    ])
  })

  it('should record again when the disk recovers, and warn again at the next outage', async () => {
    const failing = { on: true }
    const logger = memoryLogger()
    const inner = flakyStore(failing)
    const store = resilientStore(() => inner, 'db', logger)
    await store.recordDiagnosis(input)
    failing.on = false
    expect(await store.recordDiagnosis({ ...input, id: 'kept' })).toBe('kept')
    expect(inner.written).toEqual(['kept'])
    failing.on = true
    await store.recordDiagnosis(input)
    await store.recordDiagnosis(input)
    expect(logger.warnings).toHaveLength(2)
  })

  it('should pass the id it returns to the inner store, so that buttons and records agree', async () => {
    const inner = flakyStore({ on: false })
    const store = resilientStore(() => inner, 'db', memoryLogger())
    const id = await store.recordDiagnosis(input)
    expect(inner.written).toEqual([id])
  })

  it('should finish the writes in flight before it closes', async () => {
    const inner = flakyStore({ on: false })
    const store = resilientStore(() => inner, 'db', memoryLogger())
    const write = store.recordDiagnosis({ ...input, id: 'last' })
    await store.close()
    expect(inner.written).toEqual(['last'])
    expect(await write).toBe('last')
  })

  it('should let maintenance errors through to the caller', async () => {
    const store = resilientStore(
      () => flakyStore({ on: true }),
      'db',
      memoryLogger()
    )
    await expect(store.forgetUser('u')).rejects.toBe(full)
  })

  it('should open the store on a later write once it can, at most once per period', async () => {
    let clock = 0
    let attempts = 0
    const inner = flakyStore({ on: false })
    const logger = memoryLogger()
    const store = resilientStore(
      () => {
        attempts += 1
        if (attempts < 3)
          throw new Database.SqliteError(
            'unable to open database file',
            'SQLITE_CANTOPEN'
          )
        return inner
      },
      'db',
      logger,
      { reopenEveryMs: 1_000, now: () => clock }
    )
    clock = 500
    await store.recordDiagnosis({ ...input, id: 'too-soon' })
    clock = 1_000
    await store.recordDiagnosis({ ...input, id: 'still-failing' })
    clock = 2_000
    await store.recordDiagnosis({ ...input, id: 'recorded' })
    expect([attempts, inner.written, logger.warnings.length]).toEqual([
      3,
      ['recorded'],
      1
    ])
  })

  it('should keep answering when the store cannot be opened at all', async () => {
    const logger = memoryLogger()
    const cannot = new Database.SqliteError(
      'unable to open database file',
      'SQLITE_CANTOPEN'
    )
    const store = resilientStore(
      () => {
        throw cannot
      },
      '/ro/remedy.sqlite',
      logger
    )
    expect(
      await store.recordDiagnosis({ ...input, id: 'still-answered' })
    ).toBe('still-answered')
    expect(
      await store.recordFeedback({
        diagnosisId: 'x',
        userId: 'u',
        vote: 'fixed'
      })
    ).toBe(false)
    expect(logger.warnings).toEqual([
      STORE_NOT_RECORDING(
        '/ro/remedy.sqlite',
        'SQLITE_CANTOPEN: unable to open database file'
      )
    ])
    await expect(store.stats()).rejects.toThrow(
      STORE_UNAVAILABLE(
        '/ro/remedy.sqlite',
        'SQLITE_CANTOPEN: unable to open database file'
      )
    )
  })
})
