import { describe, expect, it } from 'vitest'
import { chooseLocale, pickLocale } from './locale.ts'

describe('chooseLocale', () => {
  const table: [
    available: string[],
    wanted: string | undefined,
    chosen: string | undefined
  ][] = [
    // The asked locale first.
    [['en', 'zh-CN'], 'zh-CN', 'zh-CN'],
    // Then a locale of the same language, the first one listed.
    [['en', 'zh-CN', 'zh-TW'], 'zh-HK', 'zh-CN'],
    [['en', 'zh-CN'], 'zh', 'zh-CN'],
    [['en', 'pt-BR'], 'pt-PT', 'pt-BR'],
    // Then English.
    [['en', 'zh-CN'], 'fr', 'en'],
    [['zh-CN', 'en'], undefined, 'en'],
    [['en-US', 'zh-CN'], 'en', 'en-US'],
    // Nothing that fits: the caller's default.
    [['zh-CN'], 'fr', undefined],
    [[], 'en', undefined]
  ]
  for (const [available, wanted, chosen] of table) {
    it(`should choose ${String(chosen)} for ${String(wanted)} among ${JSON.stringify(available)}`, () => {
      expect(chooseLocale(available, wanted)).toBe(chosen)
    })
  }
})

describe('pickLocale', () => {
  it('should pick the entry of the chosen locale', () => {
    expect(pickLocale({ en: 'hello', 'zh-CN': '你好' }, 'zh-TW')).toBe('你好')
    expect(pickLocale({ en: 'hello', 'zh-CN': '你好' }, 'de')).toBe('hello')
    expect(pickLocale({ 'zh-CN': '你好' }, 'de')).toBeUndefined()
  })
})
