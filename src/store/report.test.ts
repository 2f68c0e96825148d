import { describe, expect, it } from 'vitest'
import type { GapCluster } from './gaps.ts'
import { formatGaps, formatStats } from './report.ts'
import type { Stats } from './types.ts'

const stats: Stats = {
  since: '2025-03-01T12:00:00.000Z',
  until: '2025-03-31T12:00:00.000Z',
  total: 4,
  match: 2,
  candidates: 1,
  none: 1,
  answerRate: 0.5,
  noneRate: 0.25,
  votes: { fixed: 1, notHelped: 2 },
  latency: { p50: 3, p95: 40.25, max: 40.25 },
  articles: [
    {
      id: 'addr-in-use',
      answered: 2,
      suggested: 0,
      fixed: 1,
      notHelped: 2,
      fixRate: 1 / 3
    },
    {
      id: 'wsl2-networking',
      answered: 0,
      suggested: 1,
      fixed: 0,
      notHelped: 0,
      fixRate: undefined
    }
  ],
  slowest: [
    {
      id: 'd2',
      at: '2025-03-02T10:00:00.000Z',
      latencyMs: 40.25,
      verdict: 'match',
      transport: 'gateway',
      articleId: 'addr-in-use'
    },
    {
      id: 'd4',
      at: '2025-03-03T11:30:00.000Z',
      latencyMs: 2,
      verdict: 'none',
      transport: 'http',
      articleId: undefined
    }
  ],
  days: []
}

describe('formatStats', () => {
  it('should print the totals, one line per article and the slowest diagnoses', () => {
    expect(formatStats(stats, '30d')).toBe(
      [
        'Diagnoses, since 2025-03-01 12:00 UTC (30d): 4',
        '  answered         2  50.0%',
        '  candidates       1',
        '  none             1  25.0%',
        "  votes       1 fixed it, 2 didn't help",
        '  latency     p50 3.0 ms, p95 40.3 ms, max 40.3 ms',
        '',
        "article          answered  suggested  fixed it  didn't help  fix rate",
        'addr-in-use             2          0         1            2     33.3%',
        'wsl2-networking         0          1         0            0         –',
        '',
        'slowest',
        '     40.3 ms  2025-03-02 10:00  match       addr-in-use  gateway  d2',
        '      2.0 ms  2025-03-03 11:30  none        –  http  d4',
        ''
      ].join('\n')
    )
  })

  it('should cut the article rows to fit a Discord message', () => {
    const text = formatStats(stats, '30d', { articles: 1 })
    expect(text).toContain('\naddr-in-use  ')
    expect(text).not.toContain('wsl2-networking')
    expect(text).toContain('\n… and 1 more article(s)\n')
  })

  it('should say "all time" and print no tables for an empty store', () => {
    const empty: Stats = {
      ...stats,
      since: undefined,
      total: 0,
      match: 0,
      candidates: 0,
      none: 0,
      answerRate: 0,
      noneRate: 0,
      votes: { fixed: 0, notHelped: 0 },
      latency: { p50: 0, p95: 0, max: 0 },
      articles: [],
      slowest: []
    }
    expect(formatStats(empty, undefined)).toBe(
      [
        'Diagnoses, all time: 0',
        '  answered         0  0%',
        '  candidates       0',
        '  none             0  0%',
        "  votes       0 fixed it, 0 didn't help",
        '  latency     p50 0.0 ms, p95 0.0 ms, max 0.0 ms',
        ''
      ].join('\n')
    )
  })
})

const cluster: GapCluster = {
  id: 'no-space-left-on-device',
  template:
    'error: failed to write `<path>` <- no space left on device (os error <n>)',
  name: 'no space left on device (os error <n>)',
  stableText: 'no space left on device',
  clueNote: undefined,
  size: 3,
  firstSeen: '2025-03-01T10:00:00.000Z',
  lastSeen: '2025-03-09T10:00:00.000Z',
  example:
    'error: failed to write `<path>`\nno space left on device (os error <n>)',
  errno: 'ENOSPC',
  product: undefined,
  nearest: [{ id: 'shm-failure', count: 2 }],
  diagnosisIds: ['a', 'b', 'c']
}

describe('formatGaps', () => {
  it('should print each group with its template, signature and example, then the unhelpful articles', () => {
    const text = formatGaps(
      {
        clusters: [cluster],
        unhelpful: [
          {
            id: 'addr-in-use',
            answered: 0,
            suggested: 0,
            fixed: 1,
            notHelped: 4,
            fixRate: 0.2
          }
        ]
      },
      2
    )
    expect(text).toBe(
      [
        '2 group(s) of unanswered logs (the 1 biggest shown), 3 log(s) in those shown:',
        '',
        '1. no-space-left-on-device: 3 log(s), 2025-03-01 to 2025-03-09',
        '   message   no space left on device (os error <n>)',
        '   template  error: failed to write `<path>` <- no space left on device (os error <n>)',
        '   errno     ENOSPC',
        '   scored    shm-failure (2)',
        '   signature text: "no space left on device" + errno: ENOSPC',
        '   example',
        '     | error: failed to write `<path>`',
        '     | no space left on device (os error <n>)',
        '',
        'Articles that keep getting "didn\'t help":',
        "  addr-in-use: 4 didn't help, 1 fixed it",
        ''
      ].join('\n')
    )
  })

  it('should say when there is nothing to report', () => {
    expect(formatGaps({ clusters: [], unhelpful: [] }, 0)).toBe(
      'No unanswered logs in this window.\n'
    )
  })
})
