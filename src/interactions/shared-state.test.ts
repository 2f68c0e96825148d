import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeDiagnosis, tempDir } from '../../test/store/helpers.ts'
import { openSqliteStore } from '../store/sqlite.ts'
import type { Store } from '../store/types.ts'
import { createSharedDiagnosisCache } from './shared-state.ts'
import type { DiagnosisState } from './state.ts'

let cleanup: () => void
let store: Store

beforeEach(() => {
  const made = tempDir()
  cleanup = made.cleanup
  store = openSqliteStore(join(made.dir, 'remedy.sqlite'), { salt: 'salt' })
})

afterEach(async () => {
  await store.close()
  cleanup()
})

function table(): NonNullable<Store['states']> {
  if (store.states === undefined) throw new Error('no state table')
  return store.states
}

const state = (userId: string, chain: string[] = []): DiagnosisState => ({
  diagnosis: makeDiagnosis({
    verdict: 'candidates',
    matches: [{ id: 'addr-in-use', confidence: 0.5 }],
    chain
  }),
  userId,
  guildId: '10',
  channelId: '20',
  source: 'logs/run.txt'
})

describe('createSharedDiagnosisCache', () => {
  it('should answer on one instance the state another one created, with the user only hashed', async () => {
    const first = createSharedDiagnosisCache(table())
    const second = createSharedDiagnosisCache(table())
    const id = first.put(state('123456789'))
    expect(id).toMatch(/^[\w-]{10}$/)
    // The read waits for nothing of its own: the write of `first` must have reached the table.
    await first.get(id)
    const read = await second.get(id)
    expect(read?.diagnosis.matches.map((match) => match.id)).toEqual([
      'addr-in-use'
    ])
    expect([read?.guildId, read?.channelId, read?.source]).toEqual([
      '10',
      '20',
      'logs/run.txt'
    ])
    expect(read?.userId).not.toBe('123456789')
    if (read === undefined) return
    expect(await second.owns(read, '123456789')).toBe(true)
    expect(await second.owns(read, '987654321')).toBe(false)
    expect(second.size()).toBe(0)
  })

  it('should answer undefined for an id it never stored', async () => {
    expect(
      await createSharedDiagnosisCache(table(), { retryMs: [1] }).get(
        'nope123456'
      )
    ).toBeUndefined()
  })

  it('should find a state whose write lands after the click arrives', async () => {
    const writer = createSharedDiagnosisCache(table())
    const reader = createSharedDiagnosisCache(table(), { retryMs: [20, 20] })
    const late = state('1')
    // Another instance's write, still on its way when the click comes in.
    const id = 'late123456'
    const reading = reader.get(id)
    await table().put(id, JSON.stringify({ ...late, userId: undefined }), '1')
    expect((await reading)?.source).toBe('logs/run.txt')
    expect(writer.size()).toBe(0)
  })

  it('should redact what it writes', async () => {
    const cache = createSharedDiagnosisCache(table())
    const id = cache.put(
      state('1', [
        'cannot open /home/quorvexia/app: token ghp_JqwzvRtyXkmb0123456789abcdefABCDEF0123'
      ])
    )
    const read = await cache.get(id)
    const text = JSON.stringify(read)
    expect(text).toContain('/home/[user]/app')
    expect(text).not.toContain('quorvexia')
    expect(text).not.toContain('JqwzvRtyXkmb')
  })

  it('should keep only the most recently used states beyond its capacity', async () => {
    const cache = createSharedDiagnosisCache(table(), {
      capacity: 2,
      pruneEvery: 1,
      retryMs: [1]
    })
    const ids: string[] = []
    for (const user of ['a', 'b', 'c']) {
      const id = cache.put(state(user))
      ids.push(id)
      await cache.get(id)
    }
    const kept = await Promise.all(ids.map((id) => cache.get(id)))
    // Same clock for all three: the tie goes by id, so only the count is certain.
    expect(kept.filter((entry) => entry !== undefined)).toHaveLength(2)
  })
})
