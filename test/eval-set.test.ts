/**
 * The labelled logs in test/fixtures/eval are copies of the shared eval sets (`../shared/eval/`)
 * cut down to what the tests use: id, topic, accepted alternatives and the log — never the notes,
 * sources or dates. When `../shared/eval` is beside the repository (CI), the copies must equal it;
 * `UPDATE=1` rewrites them from it. Without it, the comparison says that it was skipped.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEV_FILE, evalCases, FRESH_FILE } from './eval-set.ts'
import { SHARED_DIR, sharedPresent, skipNote } from './shared-data.ts'

const KEYS = ['id', 'topic', 'accept', 'log']

/** The fixture text for a shared set: one JSON object per line with only {@link KEYS}. */
function cutDown(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const item = JSON.parse(line) as Record<string, unknown>
      return JSON.stringify(
        Object.fromEntries(KEYS.map((key) => [key, item[key]]))
      )
    })
    .map((line) => `${line}\n`)
    .join('')
}

describe('the eval fixtures', () => {
  for (const file of [DEV_FILE, FRESH_FILE]) {
    const name = file.slice(file.lastIndexOf('/') + 1)
    it(`should hold only ${KEYS.join(', ')} in ${name}, with unique ids and a label on every case`, () => {
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
      const cases = evalCases(file)
      expect(cases.length).toBe(lines.length)
      expect(cases.length).toBeGreaterThan(50)
      for (const item of cases) {
        expect(Object.keys(item)).toEqual(KEYS)
        expect(item.topic).toMatch(/^[a-z0-9-]+$/)
        expect(item.log.trim()).not.toBe('')
      }
      expect(new Set(cases.map((item) => item.id)).size).toBe(cases.length)
    })

    const shared = join(SHARED_DIR, 'eval', name)
    const present = sharedPresent(
      shared,
      `the comparison of ${name} with the shared set`
    )
    it.skipIf(!present)(
      `should equal ../shared/eval/${name}, cut down${skipNote(shared)}`,
      () => {
        const expected = cutDown(readFileSync(shared, 'utf8'))
        if (process.env.UPDATE === '1') writeFileSync(file, expected)
        expect(readFileSync(file, 'utf8')).toBe(expected)
      }
    )
  }
})
