/**
 * The public API of the engine (`src/index.ts`): a changed export list is a deliberate change.
 */
import { describe, expect, it } from 'vitest'

describe('public API', () => {
  it('should export exactly the documented functions', async () => {
    expect(Object.keys(await import('../src/index.ts')).sort()).toEqual([
      'KB_FORMAT_VERSION',
      'createMatcher',
      'diagnose',
      'formatText',
      'importWriteup',
      'lintKb',
      'loadKb',
      'redact',
      'renderReply',
      'searchArticles',
      'toJson'
    ])
  })
})
