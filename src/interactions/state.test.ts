import { describe, expect, it } from 'vitest'
import type { Diagnosis } from '../match/types.ts'
import { createCooldowns } from './cooldown.ts'
import { createDiagnosisCache } from './state.ts'
import type { DiagnosisState } from './state.ts'

const state = (userId: string): DiagnosisState => ({
  diagnosis: { verdict: 'none' } as Diagnosis,
  userId,
  guildId: undefined,
  channelId: undefined,
  source: undefined
})

describe('createDiagnosisCache', () => {
  it('should give short ids that fit in a custom_id, and evict the least recently used', async () => {
    const cache = createDiagnosisCache(2)
    const a = cache.put(state('a'))
    const b = cache.put(state('b'))
    expect(a).toMatch(/^[\w-]{10}$/)
    expect((await cache.get(a))?.userId).toBe('a')
    const c = cache.put(state('c'))
    // `b` was used least recently (`a` was just read), so it goes.
    expect(await cache.get(b)).toBeUndefined()
    expect((await cache.get(a))?.userId).toBe('a')
    expect((await cache.get(c))?.userId).toBe('c')
    expect(cache.size()).toBe(2)
    expect(await cache.owns(state('a'), 'a')).toBe(true)
    expect(await cache.owns(state('a'), 'b')).toBe(false)
  })
})

describe('createCooldowns', () => {
  it('should let a key act once per period and say how long to wait', () => {
    let now = 0
    const cooldowns = createCooldowns(3, () => now)
    expect(cooldowns.take('u1')).toBe(0)
    now = 1200
    expect(cooldowns.take('u1')).toBe(2)
    expect(cooldowns.take('u2')).toBe(0)
    now = 3000
    expect(cooldowns.take('u1')).toBe(0)
  })

  it('should never wait with a period of 0', () => {
    const cooldowns = createCooldowns(0)
    expect([cooldowns.take('u'), cooldowns.take('u')]).toEqual([0, 0])
  })
})
