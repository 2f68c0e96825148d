import { describe, expect, it } from 'vitest'
import { INVALID_SHARDS_OPTION, MAX_SHARDS } from '../errors.ts'
import { parseShards } from './options.ts'

describe('parseShards (remedy bot --shards)', () => {
  it.each([
    [undefined, undefined],
    ['auto', 'auto'],
    ['AUTO', 'auto'],
    ['1', 1],
    ['2', 2],
    [' 16 ', 16],
    [String(MAX_SHARDS), MAX_SHARDS]
  ])('should read %j as %j', (value, expected) => {
    expect(parseShards(value)).toBe(expected)
  })

  it.each([
    '0',
    '-1',
    '1.5',
    '2e1',
    '0x2',
    '',
    'two',
    'auto2',
    String(MAX_SHARDS + 1)
  ])('should refuse %j', (value) => {
    expect(() => parseShards(value)).toThrow(INVALID_SHARDS_OPTION(value))
  })
})
