import { describe, expect, it } from 'vitest'
import { INVALID_RETENTION, INVALID_SINCE } from './errors.ts'
import { parseRetentionDays, parseSince } from './window.ts'

const NOW = new Date('2025-03-31T12:00:00Z')

describe('parseSince', () => {
  const cases: [string, string][] = [
    ['30d', '2025-03-01T12:00:00.000Z'],
    ['12h', '2025-03-31T00:00:00.000Z'],
    ['2w', '2025-03-17T12:00:00.000Z'],
    ['90m', '2025-03-31T10:30:00.000Z'],
    [' 1d ', '2025-03-30T12:00:00.000Z'],
    ['2025-01-31', '2025-01-31T00:00:00.000Z'],
    ['2025-01-31T08:15:00Z', '2025-01-31T08:15:00.000Z']
  ]
  for (const [value, expected] of cases) {
    it(`should read ${JSON.stringify(value)}`, () => {
      expect(parseSince(value, NOW).toISOString()).toBe(expected)
    })
  }

  for (const value of ['yesterday', '30', '30y', '-3d', '2025-13-45', '']) {
    it(`should refuse ${JSON.stringify(value)}`, () => {
      expect(() => parseSince(value, NOW)).toThrow(INVALID_SINCE(value))
    })
  }
})

describe('parseRetentionDays', () => {
  it('should read whole days, 0 included', () => {
    expect(['0', '30', ' 365 '].map(parseRetentionDays)).toEqual([0, 30, 365])
  })

  for (const value of ['-1', '1.5', 'thirty', '']) {
    it(`should refuse ${JSON.stringify(value)}`, () => {
      expect(() => parseRetentionDays(value)).toThrow(INVALID_RETENTION(value))
    })
  }
})
