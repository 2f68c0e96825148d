import { describe, expect, it } from 'vitest'
import { freeIds } from '../../src/cli/commands/gaps.ts'
import type { GapCluster } from '../../src/store/index.ts'

function cluster(id: string): GapCluster {
  return {
    id,
    template: id,
    name: id,
    stableText: id,
    clueNote: undefined,
    size: 1,
    firstSeen: '2025-03-01T00:00:00.000Z',
    lastSeen: '2025-03-01T00:00:00.000Z',
    example: id,
    errno: undefined,
    product: undefined,
    nearest: [],
    diagnosisIds: []
  }
}

describe('freeIds', () => {
  it('should rename drafts whose id an article has, and keep the others', () => {
    const ids = freeIds(
      [
        cluster('addr-in-use'),
        cluster('no-space-left'),
        cluster('addr-in-use-gap'),
        cluster('addr-in-use')
      ],
      new Set(['addr-in-use', 'connection-refused'])
    ).map((entry) => entry.id)
    expect(ids).toEqual([
      'addr-in-use-gap',
      'no-space-left',
      'addr-in-use-gap-gap',
      'addr-in-use-gap-2'
    ])
  })
})
