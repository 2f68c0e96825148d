/**
 * A full disk and a read-only database file, for real: a small tmpfs is mounted for each test (the
 * tests run as root in CI; where mounting is not allowed they are reported as skipped, and
 * `src/store/resilient.test.ts` still covers the behaviour with injected SQLite errors).
 * Either way Remedy must keep answering (every write resolves with an id), log one warning, and
 * leave a database that opens clean.
 */
import { execFileSync } from 'node:child_process'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  unlinkSync,
  writeSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.ts'
import type {
  DiagnosisInput,
  Store,
  StoreLogger
} from '../../src/store/index.ts'
import { makeDiagnosis } from './helpers.ts'

function tryMount(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'remedy-mount-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], {
      stdio: 'ignore'
    })
    execFileSync('umount', [probe], { stdio: 'ignore' })
    return true
  } catch {
    return false
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
}

const canMount = tryMount()

function logger(): StoreLogger & { warnings: string[] } {
  const warnings: string[] = []
  return {
    warnings,
    warn: (_details, message) => {
      warnings.push(message)
    }
  }
}

const LOG = Array.from(
  { length: 20 },
  (_, n) =>
    `error: failed to write \`/tmp/build/${n}.o\`: no space left on device (os error 28) ${'x'.repeat(150)}`
).join('\n')

function input(): DiagnosisInput {
  return {
    transport: 'gateway',
    userId: 'u',
    diagnosis: makeDiagnosis({ verdict: 'none', errno: 'ENOSPC' }),
    log: LOG,
    latencyMs: 2
  }
}

function integrity(path: string): unknown {
  const db = new Database(path)
  const result = db.pragma('integrity_check', { simple: true })
  db.close()
  return result
}

let mountPoint: string
let stores: Store[]

beforeEach(() => {
  mountPoint = mkdtempSync(join(tmpdir(), 'remedy-disk-'))
  stores = []
})

afterEach(async () => {
  for (const store of stores) await store.close()
  try {
    execFileSync('umount', [mountPoint], { stdio: 'ignore' })
  } catch {
    // Not mounted (the test was skipped).
  }
  rmSync(mountPoint, { recursive: true, force: true })
})

describe.runIf(canMount)('a full disk', () => {
  it('should answer without recording, warn once, and record again when space comes back', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint])
    const path = join(mountPoint, 'data', 'remedy.sqlite')
    const log = logger()
    const store = openStore(path, { salt: 's', logger: log })
    stores.push(store)
    await store.recordDiagnosis({ ...input(), id: 'before' })

    // Fill what is left of the disk.
    const filler = join(mountPoint, 'filler')
    const fd = openSync(filler, 'w')
    const chunk = Buffer.alloc(16_384, 1)
    try {
      for (;;) writeSync(fd, chunk)
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC')
    } finally {
      closeSync(fd)
    }

    const ids: string[] = []
    for (let n = 0; n < 50; n++) ids.push(await store.recordDiagnosis(input()))
    expect(ids.every((id) => /^[\w-]{16}$/.test(id))).toBe(true)
    expect(
      await store.recordFeedback({
        diagnosisId: 'before',
        userId: 'v',
        vote: 'fixed'
      })
    ).toBe(false)
    expect(log.warnings).toHaveLength(1)
    expect(log.warnings[0]).toContain('SQLITE_FULL')

    unlinkSync(filler)
    expect(await store.recordDiagnosis({ ...input(), id: 'after' })).toBe(
      'after'
    )
    expect(log.warnings).toHaveLength(1)
    await store.close()
    expect(integrity(path)).toBe('ok')
    const db = new Database(path, { readonly: true })
    expect(
      db
        .prepare(
          "SELECT id FROM diagnoses WHERE id IN ('before', 'after') ORDER BY id"
        )
        .pluck()
        .all()
    ).toEqual(['after', 'before'])
    db.close()
  })
})

describe.runIf(canMount)('a read-only database file', () => {
  it('should answer without recording, warn once, and record again once writable', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint])
    const folder = join(mountPoint, 'data')
    mkdirSync(folder)
    const path = join(folder, 'remedy.sqlite')
    const first = openStore(path, { salt: 's' })
    await first.recordDiagnosis({ ...input(), id: 'kept' })
    await first.close()
    execFileSync('mount', ['-o', 'remount,ro', mountPoint])

    const log = logger()
    const store = openStore(path, { salt: 's', logger: log, reopenEveryMs: 0 })
    stores.push(store)
    const ids = [
      await store.recordDiagnosis(input()),
      await store.recordDiagnosis({ ...input(), id: 'lost' })
    ]
    expect(ids[0]).toMatch(/^[\w-]{16}$/)
    expect(ids[1]).toBe('lost')
    expect(
      await store.recordFeedback({
        diagnosisId: 'kept',
        userId: 'v',
        vote: 'fixed'
      })
    ).toBe(false)
    expect(log.warnings).toHaveLength(1)
    expect(log.warnings[0]).toMatch(/SQLITE_(READONLY|CANTOPEN)/)

    // Writable again: the next write opens the file and is recorded.
    execFileSync('mount', ['-o', 'remount,rw', mountPoint])
    expect(await store.recordDiagnosis({ ...input(), id: 'back' })).toBe('back')
    await store.close()
    expect(integrity(path)).toBe('ok')
    const db = new Database(path, { readonly: true })
    expect(
      db.prepare('SELECT id FROM diagnoses ORDER BY id').pluck().all()
    ).toEqual(['back', 'kept'])
    db.close()
  })
})
