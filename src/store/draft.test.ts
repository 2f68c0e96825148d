import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { tempDir } from '../../test/store/helpers.ts'
import { renderDraft, writeDrafts } from './draft.ts'
import type { GapCluster } from './gaps.ts'

const cluster: GapCluster = {
  id: 'failed-to-open-zenoh-session',
  template: 'failed to run dora-daemon <- failed to open zenoh session <- <*>',
  name: 'failed to open zenoh session',
  stableText: 'failed to open zenoh session',
  clueNote: undefined,
  size: 4,
  firstSeen: '2025-03-01T10:00:00.000Z',
  lastSeen: '2025-03-09T10:00:00.000Z',
  example:
    'failed to run dora-daemon\n<n>: failed to open zenoh session\n<n>: cannot assign requested address (os error <n>)',
  errno: 'EADDRNOTAVAIL',
  product: 'dora',
  nearest: [{ id: 'zenoh-multicast-bind-failed', count: 3 }],
  diagnosisIds: ['a', 'b', 'c', 'd']
}

function frontmatter(markdown: string): unknown {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown)
  return parse(match?.[1] ?? '')
}

describe('renderDraft', () => {
  it('should write a draft with the proposed signature, the example and empty sections', () => {
    const markdown = renderDraft(cluster)
    expect(frontmatter(markdown)).toEqual({
      id: 'failed-to-open-zenoh-session',
      status: 'draft',
      title: 'Failed to open zenoh session',
      summary:
        'TODO: one sentence on the cause (seen 4 times, 2025-03-01 to 2025-03-09).',
      tags: ['dora', 'gap'],
      signatures: [
        { text: 'failed to open zenoh session', weight: 0.8 },
        { errno: 'EADDRNOTAVAIL', weight: 0.3 }
      ],
      examples: { match: [`${cluster.example}\n`] }
    })
    const body = markdown.slice(markdown.indexOf('\n---\n', 4) + 5)
    expect(body.match(/^## .+$/gm)).toEqual([
      '## Symptoms',
      '## Cause',
      '## Fix',
      '## Verify'
    ])
    expect(body).toContain('\n## Fix\n\n1. TODO: the first step.\n')
    expect(body).toContain('zenoh-multicast-bind-failed (3)')
  })

  it('should propose no text clue when every token varies, and no errno clue without one', () => {
    const markdown = renderDraft({
      ...cluster,
      name: '<*> <n>',
      stableText: '',
      clueNote: 'the logs share no words, only values that vary',
      errno: undefined,
      product: undefined,
      id: 'unanswered-log'
    })
    expect(frontmatter(markdown)).toMatchObject({
      title: 'Unanswered log',
      tags: ['gap'],
      signatures: []
    })
  })
})

describe('writeDrafts', () => {
  let dir: string
  let cleanup: () => void
  beforeEach(() => {
    ;({ dir, cleanup } = tempDir())
  })
  afterEach(() => {
    cleanup()
  })

  it('should write each draft into its collection and never overwrite a file', () => {
    const first = writeDrafts(dir, [cluster], () => 'dora')
    const path = join(dir, 'dora', 'failed-to-open-zenoh-session.md')
    expect(first).toEqual([{ id: cluster.id, path, status: 'written' }])
    expect(readFileSync(path, 'utf8')).toBe(renderDraft(cluster))
    expect(writeDrafts(dir, [{ ...cluster, size: 9 }], () => 'dora')).toEqual([
      { id: cluster.id, path, status: 'exists' }
    ])
    expect(readFileSync(path, 'utf8')).toBe(renderDraft(cluster))
  })
})
