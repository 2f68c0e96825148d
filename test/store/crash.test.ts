/**
 * Reliability of the SQLite store across processes: a writer killed with SIGKILL in the middle of a
 * stream loses none of the writes it acknowledged and leaves a database that opens clean; two
 * writers at once (the gateway bot and the HTTP server on one file) both get through.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../src/store/sqlite.ts'
import { tempDir } from './helpers.ts'
import { startWriter } from './writer.ts'

let dir: string
let cleanup: () => void

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})

afterEach(() => {
  cleanup()
})

function storedIds(path: string): Set<string> {
  const db = new Database(path, { readonly: true })
  const ids = new Set(
    db.prepare('SELECT id FROM diagnoses').pluck().all() as string[]
  )
  db.close()
  return ids
}

function integrity(path: string): unknown {
  const db = new Database(path)
  const result = db.pragma('integrity_check', { simple: true })
  db.close()
  return result
}

describe('a writer killed with SIGKILL', () => {
  it('should keep every acknowledged write and leave a database that opens clean', async () => {
    const path = join(dir, 'remedy.sqlite')
    const writer = startWriter(path, 1_000_000, 'k')
    await writer.waitFor(300)
    writer.child.kill('SIGKILL')
    const { signal } = await writer.exit
    expect(signal).toBe('SIGKILL')
    const acked = [...writer.acked]
    expect(acked.length).toBeGreaterThanOrEqual(300)

    // Opening recovers the WAL; nothing acknowledged is missing and the file is consistent.
    expect(integrity(path)).toBe('ok')
    const ids = storedIds(path)
    expect(acked.filter((id) => !ids.has(id))).toEqual([])
    // Writes are whole: every stored diagnosis has its log row (one transaction each).
    const db = new Database(path, { readonly: true })
    expect(
      db
        .prepare(
          'SELECT COUNT(*) FROM diagnoses d LEFT JOIN unanswered u ON u.diagnosis_id = d.id WHERE u.id IS NULL'
        )
        .pluck()
        .get()
    ).toBe(0)
    db.close()
    // And the store keeps working on it.
    const store = openSqliteStore(path, { salt: 'writer-salt' })
    expect((await store.stats()).total).toBe(ids.size)
    await store.close()
  })
})

describe('two writers at once', () => {
  it('should record every write of both, on a file they create together', async () => {
    const path = join(dir, 'shared.sqlite')
    const count = 1500
    // Both open (and migrate) the new file at once, then start writing on the same signal.
    const first = startWriter(path, count, 'a', true)
    const second = startWriter(path, count, 'b', true)
    await Promise.all([first.ready, second.ready])
    first.child.stdin?.write('go\n')
    second.child.stdin?.write('go\n')
    const [one, two] = await Promise.all([first.exit, second.exit])
    expect([one.code, one.stderr]).toEqual([0, ''])
    expect([two.code, two.stderr]).toEqual([0, ''])
    expect(first.acked).toHaveLength(count)
    expect(second.acked).toHaveLength(count)
    // The writes really overlapped: in commit order, one writer's commits come between the other's.
    const db = new Database(path, { readonly: true })
    const order = (
      db
        .prepare('SELECT id FROM diagnoses ORDER BY rowid')
        .pluck()
        .all() as string[]
    ).map((id) => id[0])
    db.close()
    const turns = order.filter(
      (writer, index) => index > 0 && writer !== order[index - 1]
    ).length
    expect(turns).toBeGreaterThanOrEqual(2)
    const ids = storedIds(path)
    expect(ids.size).toBe(2 * count)
    expect(
      [...first.acked, ...second.acked].filter((id) => !ids.has(id))
    ).toEqual([])
    expect(integrity(path)).toBe('ok')
  })
})
