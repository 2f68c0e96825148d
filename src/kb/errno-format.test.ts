import { describe, expect, it } from 'vitest'
import {
  hasCjk,
  isCjkChar,
  isWordChar,
  normalizeErrnoText
} from './errno-format.ts'

describe('normalizeErrnoText', () => {
  const rows: [string, string][] = [
    ['Address Already In Use', 'address already in use'],
    ['Can’t  assign\trequested address', "can't assign requested address"],
    [
      "No existe ninguna ruta hasta el `host'",
      "no existe ninguna ruta hasta el 'host'"
    ],
    ['只允 许使用一次', '只允许使用一次'],
    [
      '通常每个套接字地址（协议/网络地址/端口）',
      '通常每个套接字地址(协议/网络地址/端口)'
    ],
    ['Adresse\u00a0déjà utilisée', 'adresse déjà utilisée']
  ]
  for (const [input, expected] of rows)
    it(`should spell ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      expect(normalizeErrnoText(input)).toBe(expected)
    })
})

describe('character classes', () => {
  it('should tell CJK characters, word characters and texts with CJK', () => {
    expect(isCjkChar('地')).toBe(true)
    expect(isCjkChar('a')).toBe(false)
    expect(isWordChar('é')).toBe(true)
    expect(isWordChar('7')).toBe(true)
    expect(isWordChar(':')).toBe(false)
    expect(isWordChar('')).toBe(false)
    expect(hasCjk('bind: 地址已在使用')).toBe(true)
    expect(hasCjk('Adresse déjà utilisée')).toBe(false)
  })
})
