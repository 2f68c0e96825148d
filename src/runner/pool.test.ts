import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIAGNOSIS_BUSY, DIAGNOSIS_TIMEOUT } from '../errors.ts'
import type { Kb } from '../kb/types.ts'
import { diagnose } from '../match/diagnose.ts'
import { createMatcher } from '../match/matcher.ts'
import { toJson } from '../render/json.ts'
import type { DiagnosisJob, JobAnswer } from './jobs.ts'
import { createDiagnosisPool, PoolError, type DiagnosisPool } from './pool.ts'
import { evalLog } from '../../test/eval-set.ts'
import { loadRealKb } from '../../test/real-kb.ts'

const WSL_LOG = evalLog('dora-001')
const ARTICLE = 'zenoh-multicast-bind-failed'
const job = (
  log: string | Uint8Array = WSL_LOG,
  locale?: string
): DiagnosisJob => ({
  kind: 'json',
  log,
  locale,
  maxBytes: 1024 * 1024
})

/** The JSON text a job answered. */
const text = async (answer: Promise<JobAnswer>): Promise<string> =>
  new TextDecoder().decode((await answer).body)

let kb: Kb
let pool: DiagnosisPool
beforeAll(async () => {
  ;({ kb } = await loadRealKb())
  pool = createDiagnosisPool(kb, { size: 2 })
})
afterAll(async () => {
  await pool.close()
})

describe('createDiagnosisPool', () => {
  it('should answer with the JSON text of toJson(diagnosis), for text and bytes', async () => {
    const expected = toJson(
      diagnose(createMatcher(kb), WSL_LOG, {
        limits: { maxBytes: 1024 * 1024 }
      })
    )
    expect(JSON.parse(await text(pool.run(job(), kb)))).toEqual(
      JSON.parse(JSON.stringify(expected))
    )
    expect(
      JSON.parse(
        await text(pool.run(job(new TextEncoder().encode(WSL_LOG)), kb))
      )
    ).toEqual(JSON.parse(JSON.stringify(expected)))
  })

  it('should hand back the diagnosis with the body, and only the diagnosis for the diagnosis kind', async () => {
    const expected = diagnose(createMatcher(kb), WSL_LOG, {
      limits: { maxBytes: 1024 * 1024 }
    })
    const json = await pool.run(job(), kb)
    // With a rendered body, the diagnosis comes back slim: what the store reads, no steps or evidence.
    expect(json.diagnosis.verdict).toBe(expected.verdict)
    expect(json.diagnosis.kbVersion).toBe(expected.kbVersion)
    expect(json.diagnosis.facts).toEqual(expected.facts)
    expect(
      json.diagnosis.matches.map((match) => [match.id, match.confidence])
    ).toEqual(expected.matches.map((match) => [match.id, match.confidence]))
    expect(json.diagnosis.matches[0]?.steps).toEqual([])
    expect(json.latencyMs).toBeGreaterThan(0)
    const bare = await pool.run({ ...job(), kind: 'diagnosis' }, kb)
    expect(bare.body).toBeUndefined()
    expect(bare.diagnosis).toEqual(expected)
  })

  it('should answer many jobs at once, each with its own result', async () => {
    const logs = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? WSL_LOG : `all good ${i}`
    )
    const bodies = await Promise.all(
      logs.map((log) => text(pool.run(job(log), kb)))
    )
    expect(
      bodies.map((body) => (JSON.parse(body) as { verdict: string }).verdict)
    ).toEqual(logs.map((log) => (log === WSL_LOG ? 'match' : 'none')))
  })

  it('should switch every worker to a reloaded KB', async () => {
    const without: Kb = {
      ...kb,
      version: 'test',
      articles: kb.articles.filter((a) => a.id !== ARTICLE)
    }
    const before = JSON.parse(await text(pool.run(job(), kb))) as {
      matches: { id: string }[]
    }
    expect(before.matches[0]?.id).toBe(ARTICLE)
    const after = await Promise.all([
      text(pool.run(job(), without)),
      text(pool.run(job(), without))
    ])
    for (const body of after) {
      const parsed = JSON.parse(body) as {
        kbVersion: string
        matches: { id: string }[]
      }
      expect(parsed.kbVersion).toBe('test')
      expect(parsed.matches.map((m) => m.id)).not.toContain(ARTICLE)
    }
    await pool.run(job(), kb)
  })

  it("should warm a worker up on the KB's examples once it is idle, and answer jobs meanwhile", async () => {
    const warming = createDiagnosisPool(kb, { size: 1, warmupIdleMs: 0 })
    try {
      expect(warming.warm).toBe(0)
      // The first job starts the worker; once it is answered the worker is idle and warms up.
      await warming.run(job(), kb)
      // A job sent while it warms up is answered, and right.
      const body = await text(warming.run(job(), kb))
      expect(
        (JSON.parse(body) as { matches: { id: string }[] }).matches[0]?.id
      ).toBe(ARTICLE)
      const until = Date.now() + 25_000
      while (warming.warm < 1 && Date.now() < until)
        await new Promise((resolve) => setTimeout(resolve, 50))
      expect(warming.warm).toBe(1)
    } finally {
      await warming.close()
    }
  })

  it('should stop a diagnosis over its time limit with 503, and keep serving', async () => {
    // 1 ms is less than a fresh worker's first diagnosis takes, so the first job is over time.
    const strict = createDiagnosisPool(kb, { size: 1, timeoutMs: 1 })
    const error = await strict
      .run(job(), kb)
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(PoolError)
    expect(error).toMatchObject({ status: 503, message: DIAGNOSIS_TIMEOUT(1) })
    await strict.close()
  })

  it('should count a time limit from when the worker is ready, not from when it was started', async () => {
    // A worker takes over a second here to load its code and compile the KB: far more than 300 ms.
    const starting = createDiagnosisPool(kb, { size: 1, timeoutMs: 300 })
    const body = await text(starting.run(job(), kb))
    expect(
      (JSON.parse(body) as { matches: { id: string }[] }).matches[0]?.id
    ).toBe(ARTICLE)
    await starting.close()
  })

  it('should give up on a worker that does not get ready in time, with 503', async () => {
    const stuck = createDiagnosisPool(kb, { size: 1, bootMs: 1 })
    const error = await stuck
      .run(job(), kb)
      .catch((failure: unknown) => failure)
    expect(error).toMatchObject({ status: 503 })
    await stuck.close()
  })

  it('should answer 503 when every worker is busy and the queue is full', async () => {
    // One worker holds two jobs at once, and the queue one more: the fourth is refused.
    const small = createDiagnosisPool(kb, { size: 1, maxQueue: 1 })
    const accepted = [
      small.run(job(), kb),
      small.run(job(), kb),
      small.run(job(), kb)
    ]
    const fourth = small.run(job(), kb).catch((failure: unknown) => failure)
    expect(await fourth).toMatchObject({
      status: 503,
      message: DIAGNOSIS_BUSY()
    })
    for (const answer of accepted)
      expect(
        (JSON.parse(await text(answer)) as { verdict: string }).verdict
      ).toBe('match')
    await small.close()
  })

  it('should start no worker before the first job, and a second only when the first is busy', async () => {
    const lazy = createDiagnosisPool(kb, { size: 2 })
    expect(lazy.running).toBe(0)
    await lazy.run(job(), kb)
    // One job at a time never needs the second worker.
    await lazy.run(job(), kb)
    expect(lazy.running).toBe(1)
    await Promise.all([lazy.run(job(), kb), lazy.run(job(), kb)])
    expect(lazy.running).toBe(2)
    await lazy.close()
  })

  it('should start every worker on the first job when eager, and answer from them', async () => {
    const eager = createDiagnosisPool(kb, { size: 2, eager: true })
    // Idle: no worker's memory held.
    expect(eager.running).toBe(0)
    const bodies = await Promise.all(
      [eager.run(job(), kb), eager.run(job(), kb)].map(text)
    )
    expect(
      bodies.map(
        (body) =>
          (JSON.parse(body) as { matches: { id: string }[] }).matches[0]?.id
      )
    ).toEqual([ARTICLE, ARTICLE])
    // No third worker: the size holds.
    expect(eager.running).toBe(2)
    await eager.close()
  })

  it('should finish queued jobs on close and refuse new ones', async () => {
    const closing = createDiagnosisPool(kb, { size: 1 })
    const running = [closing.run(job(), kb), closing.run(job(), kb)]
    const closed = closing.close()
    await expect(closing.run(job(), kb)).rejects.toMatchObject({ status: 503 })
    const bodies = await Promise.all(running)
    expect(bodies).toHaveLength(2)
    await closed
  })
})
