import { describe, expect, it } from 'vitest'
import { clusterLogs, unhelpfulArticles } from './gaps.ts'
import type { ArticleStats, UnansweredLog } from './types.ts'

function log(
  diagnosisId: string,
  template: string,
  day: number,
  extra: Partial<UnansweredLog> = {}
): UnansweredLog {
  return {
    diagnosisId,
    at: new Date(Date.UTC(2025, 2, day)).toISOString(),
    verdict: 'none',
    template,
    excerpt: `excerpt of ${diagnosisId}`,
    errno: undefined,
    product: undefined,
    topArticle: undefined,
    topConfidence: undefined,
    ...extra
  }
}

describe('clusterLogs', () => {
  it('should group logs that differ only in masked or varying tokens, biggest group first', () => {
    const logs = [
      log(
        'a1',
        'failed to send destroy message <- failed to fill whole buffer',
        1
      ),
      log('b1', 'no such file or directory: <path>', 2, { errno: 'ENOENT' }),
      log(
        'a2',
        'failed to send destroy message <- failed to fill whole buffer',
        3,
        { topArticle: 'stale-state' }
      ),
      log('c1', 'node `camera` exited with code <n>', 4),
      log(
        'a3',
        'failed to send stop message <- failed to fill whole buffer',
        5,
        { topArticle: 'stale-state' }
      ),
      log('c2', 'node `detector` exited with code <n>', 6, { errno: 'EIO' }),
      log('c3', 'node `planner` exited with code <n>', 7, { errno: 'EIO' })
    ]
    expect(clusterLogs(logs)).toEqual([
      // Three logs, same length and first word; they differ in one word, which becomes <*>.
      // Ties on size are broken by the most recent: c3 (day 7) before a3 (day 5).
      {
        id: 'exited-with-code',
        template: 'node <*> exited with code <n>',
        name: 'node <*> exited with code <n>',
        stableText: 'exited with code',
        clueNote: undefined,
        size: 3,
        firstSeen: '2025-03-04T00:00:00.000Z',
        lastSeen: '2025-03-07T00:00:00.000Z',
        example: 'excerpt of c3',
        errno: 'EIO',
        product: undefined,
        nearest: [],
        diagnosisIds: ['c1', 'c2', 'c3']
      },
      {
        id: 'failed-to-fill-whole-buffer',
        template: 'failed to send <*> message <- failed to fill whole buffer',
        name: 'failed to fill whole buffer',
        stableText: 'failed to fill whole buffer',
        clueNote: undefined,
        size: 3,
        firstSeen: '2025-03-01T00:00:00.000Z',
        lastSeen: '2025-03-05T00:00:00.000Z',
        example: 'excerpt of a3',
        errno: undefined,
        product: undefined,
        nearest: [{ id: 'stale-state', count: 2 }],
        diagnosisIds: ['a1', 'a2', 'a3']
      },
      {
        id: 'no-such-file-or-directory',
        template: 'no such file or directory: <path>',
        name: 'no such file or directory: <path>',
        stableText: 'no such file or directory',
        clueNote: undefined,
        size: 1,
        firstSeen: '2025-03-02T00:00:00.000Z',
        lastSeen: '2025-03-02T00:00:00.000Z',
        example: 'excerpt of b1',
        errno: 'ENOENT',
        product: undefined,
        nearest: [],
        diagnosisIds: ['b1']
      }
    ])
  })

  const apart: [string, string, string][] = [
    [
      'a different length',
      'connection refused by peer',
      'connection refused by the peer'
    ],
    [
      'a different first word',
      'failed to open zenoh session',
      'cannot open zenoh session'
    ],
    [
      'less than half the words in common',
      'error: could not compile dora-node-api',
      'error: linker cc not found'
    ]
  ]
  for (const [why, first, second] of apart) {
    it(`should keep apart logs with ${why}`, () => {
      expect(
        clusterLogs([log('x', first, 1), log('y', second, 2)]).map(
          (cluster) => cluster.size
        )
      ).toEqual([1, 1])
    })
  }

  it('should fold a log that says more around the same error into the shorter group', () => {
    const clusters = clusterLogs([
      log('p', '[errno -<n>] temporary failure in name resolution', 1),
      log(
        'q',
        'socket.gaierror: [errno -<n>] temporary failure in name resolution',
        2
      ),
      log('r', "importerror: <path>: version `glibc_<ver>' not found", 3),
      log(
        's',
        "importerror: <path>: version `glibc_<ver>' not found (required by <path>)",
        4
      )
    ])
    expect(
      clusters.map((cluster) => [cluster.template, cluster.diagnosisIds])
    ).toEqual([
      ["importerror: <path>: version `glibc_<ver>' not found", ['r', 's']],
      ['[errno -<n>] temporary failure in name resolution', ['p', 'q']]
    ])
  })

  it('should not fold into a template of fewer than three words', () => {
    const clusters = clusterLogs([
      log('p', 'error: <path>', 1),
      log('q', 'error: <path> is not a dataflow', 2)
    ])
    expect(clusters.map((cluster) => cluster.size)).toEqual([1, 1])
  })

  it('should number clusters whose stable words give the same id', () => {
    const ids = clusterLogs([
      log('x', 'permission denied <path>', 1),
      log('y', 'permission denied', 2)
    ]).map((cluster) => cluster.id)
    expect(ids).toEqual(['permission-denied', 'permission-denied-2'])
  })

  it('should return nothing for no logs', () => {
    expect(clusterLogs([])).toEqual([])
  })
})

describe('unhelpfulArticles', () => {
  const entry = (
    id: string,
    fixed: number,
    notHelped: number
  ): ArticleStats => ({
    id,
    answered: 0,
    suggested: 0,
    fixed,
    notHelped,
    fixRate: fixed + notHelped === 0 ? undefined : fixed / (fixed + notHelped)
  })

  it('should list articles whose "didn\'t help" votes are repeated and outnumber "fixed it", worst first', () => {
    const votes = [
      entry('ok', 5, 2),
      entry('once', 0, 1),
      entry('bad', 1, 4),
      entry('worse', 0, 4),
      entry('tied', 2, 2)
    ]
    expect(unhelpfulArticles(votes).map((article) => article.id)).toEqual([
      'worse',
      'bad'
    ])
  })
})
