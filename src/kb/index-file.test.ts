import { describe, expect, it } from 'vitest'
import { KB_FORMAT_MISMATCH } from '../errors.ts'
import {
  buildFulltext,
  fulltextJson,
  queryTerms,
  searchFulltext
} from './fulltext.ts'
import { parseKb, serializeKb } from './index-file.ts'
import { KB_FORMAT_VERSION } from './load.ts'
import { loadRealKb } from '../../test/real-kb.ts'

describe('serializeKb / parseKb', () => {
  it('should give back the same KB', async () => {
    const { kb } = await loadRealKb()
    const again = parseKb(serializeKb(kb))
    expect(again.articles).toEqual(kb.articles)
    expect(again.guides).toEqual(kb.guides)
    expect(again.version).toBe(kb.version)
  })

  it('should carry the full-text index, which a matcher loads instead of building', async () => {
    const { kb } = await loadRealKb()
    const again = parseKb(serializeKb(kb))
    expect(again.fulltext).toEqual(fulltextJson(kb.articles))
    const question = queryTerms('the Windows firewall blocks my server')
    expect(
      searchFulltext(again.fulltext ?? fulltextJson([]), question)
    ).toEqual(searchFulltext(buildFulltext(kb.articles), question))
  })

  it('should refuse an index of another format version, saying which', () => {
    expect(() =>
      parseKb(JSON.stringify({ formatVersion: 0, articles: [], guides: [] }))
    ).toThrow(KB_FORMAT_MISMATCH(0, KB_FORMAT_VERSION))
    expect(() => parseKb('{}')).toThrow(
      KB_FORMAT_MISMATCH(undefined, KB_FORMAT_VERSION)
    )
  })
})
