/**
 * Rendered-reply snapshots: the terminal answer for each log in test/fixtures/logs is stored in
 * test/fixtures/replies/<case>.txt; `UPDATE=1` (npm run test:update) regenerates them. Review their
 * diffs in pull requests: they show what a KB or engine change does to the answers people see.
 * A missing snapshot is written on a developer's machine, but fails in CI (`CI` set): there it would
 * only be compared with itself.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { diagnose } from '../src/match/diagnose.ts'
import { createMatcher, type Matcher } from '../src/match/matcher.ts'
import { renderReply } from '../src/render/reply.ts'
import { formatText } from '../src/render/text.ts'
import { loadRealKb } from './real-kb.ts'

const logs = join(import.meta.dirname, 'fixtures', 'logs')
const replies = join(import.meta.dirname, 'fixtures', 'replies')
const update = process.env.UPDATE === '1'
const ci = (process.env.CI ?? '') !== '' && process.env.CI !== 'false'

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher((await loadRealKb()).kb)
})

describe('rendered replies', () => {
  for (const name of readdirSync(logs)
    .filter((file) => file.endsWith('.log'))
    .sort()) {
    it(`should render ${name} as stored`, () => {
      const log = readFileSync(join(logs, name), 'utf8')
        .split('\n')
        .filter(
          (line) => !line.startsWith('# expect:') && !line.startsWith('# why:')
        )
        .join('\n')
      const text = formatText(renderReply(diagnose(matcher, log)))
      const file = join(replies, name.replace(/\.log$/, '.txt'))
      if (!update && !existsSync(file) && ci)
        expect.fail(
          `Missing snapshot ${file}, expected it committed; run \`UPDATE=1 npx vitest run test/replies.test.ts\` and review it`
        )
      if (update || !existsSync(file)) {
        mkdirSync(replies, { recursive: true })
        writeFileSync(file, text)
      }
      expect(text).toBe(readFileSync(file, 'utf8'))
    })
  }
})
