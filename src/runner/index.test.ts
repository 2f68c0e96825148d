import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kb } from '../kb/types.ts'
import { diagnose } from '../match/diagnose.ts'
import { createMatcher, type Matcher } from '../match/matcher.ts'
import type { Diagnosis } from '../match/types.ts'
import { toJson } from '../render/json.ts'
import {
  createRunner,
  INLINE_MAX,
  placeFor,
  totalSize,
  type DiagnosisJob,
  type Placement,
  type Runner
} from './index.ts'
import { loadRealKb } from '../../test/real-kb.ts'

const LOG = 'Error: listen EADDRINUSE: address already in use :::3000'
const MAX_BYTES = 1024 * 1024

const job = (
  log: string | Uint8Array,
  kind: DiagnosisJob['kind'] = 'diagnosis'
): DiagnosisJob => ({ kind, log, locale: undefined, maxBytes: MAX_BYTES })

/** `n` logs of `size` characters each. */
const logs = (n: number, size: number): { log: string }[] =>
  Array.from({ length: n }, () => ({ log: 'x'.repeat(size) }))

describe('placeFor', () => {
  const rows: {
    name: string
    jobs: { log: string | Uint8Array }[]
    inlineMax: number
    expected: Placement
  }[] = [
    // The gateway bot: in-process up to 64 K characters in total.
    {
      name: 'a short paste on the gateway',
      jobs: [{ log: LOG }],
      inlineMax: INLINE_MAX.gateway,
      expected: 'in-process'
    },
    {
      name: 'a paste of exactly the limit on the gateway',
      jobs: logs(1, 64 * 1024),
      inlineMax: INLINE_MAX.gateway,
      expected: 'in-process'
    },
    {
      name: 'a paste one character over the limit on the gateway',
      jobs: logs(1, 64 * 1024 + 1),
      inlineMax: INLINE_MAX.gateway,
      expected: 'worker'
    },
    {
      // Issue 14: every file is small, the archive is not.
      name: 'an archive of 100 logs of 3 KB on the gateway',
      jobs: logs(100, 3 * 1024),
      inlineMax: INLINE_MAX.gateway,
      expected: 'worker'
    },
    {
      name: 'an archive of 10 logs of 3 KB on the gateway',
      jobs: logs(10, 3 * 1024),
      inlineMax: INLINE_MAX.gateway,
      expected: 'in-process'
    },
    {
      name: 'raw bytes over the limit on the gateway',
      jobs: [{ log: new Uint8Array(70_000) }],
      inlineMax: INLINE_MAX.gateway,
      expected: 'worker'
    },
    // The server sends everything to its pool; the CLI keeps everything in-process.
    {
      name: 'a short paste on the server',
      jobs: [{ log: LOG }],
      inlineMax: INLINE_MAX.http,
      expected: 'worker'
    },
    {
      name: 'a 1 MB paste in the CLI',
      jobs: logs(1, MAX_BYTES),
      inlineMax: INLINE_MAX.cli,
      expected: 'in-process'
    },
    {
      name: 'no input at all on the server',
      jobs: [],
      inlineMax: INLINE_MAX.http,
      expected: 'in-process'
    }
  ]
  it.each(rows)(
    'should place $name: $expected',
    ({ jobs, inlineMax, expected }) => {
      expect(placeFor(jobs, inlineMax)).toBe(expected)
    }
  )

  it('should count characters of text and bytes of raw input', () => {
    expect(totalSize([{ log: 'abc' }, { log: new Uint8Array(5) }])).toBe(8)
  })
})

describe('createRunner', () => {
  let kb: Kb
  let matcher: Matcher
  const runners: Runner[] = []
  const runner = (inlineMax: number, workers = 1): Runner => {
    const created = createRunner({
      kb: () => ({ kb, matcher }),
      inlineMax,
      workers
    })
    runners.push(created)
    return created
  }
  const summary = (diagnosis: Diagnosis | undefined) => ({
    verdict: diagnosis?.verdict,
    matches: diagnosis?.matches.map((match) => [match.id, match.confidence])
  })

  beforeAll(async () => {
    ;({ kb } = await loadRealKb())
    matcher = createMatcher(kb)
  })
  afterAll(async () => {
    await Promise.all(runners.map((created) => created.close()))
  })

  it('should diagnose in-process below its limit, without starting a worker', async () => {
    const inProcess = runner(INLINE_MAX.gateway)
    const { answers, ranIn } = await inProcess.run([job(LOG)])
    expect(ranIn).toBe('in-process')
    expect(inProcess.started()).toBe(false)
    expect(answers[0]?.diagnosis).toEqual(
      diagnose(matcher, LOG, { limits: { maxBytes: MAX_BYTES } })
    )
    expect(answers[0]?.body).toBeUndefined()
  })

  it('should diagnose every file of a large archive in a worker, each as in-process, in order', async () => {
    const gateway = runner(INLINE_MAX.gateway)
    // A hundred small logs, one of them with a known error: each under the limit, not together.
    const files = Array.from(
      { length: 100 },
      (_, i) =>
        `${`INFO worker ${i}: batch done in 12 ms\n`.repeat(80)}${i === 57 ? LOG : ''}`
    )
    expect(files.every((file) => file.length < INLINE_MAX.gateway)).toBe(true)
    const { answers, ranIn } = await gateway.run(files.map((file) => job(file)))
    expect(ranIn).toBe('worker')
    expect(gateway.started()).toBe(true)
    expect(answers.map((answer) => summary(answer.diagnosis))).toEqual(
      files.map((file) =>
        summary(diagnose(matcher, file, { limits: { maxBytes: MAX_BYTES } }))
      )
    )
    expect(answers[57]?.diagnosis.verdict).toBe('match')
  })

  it('should answer the same JSON bytes in-process and in a worker', async () => {
    const [inProcess, server] = [
      runner(INLINE_MAX.cli),
      runner(INLINE_MAX.http)
    ]
    expect(server.started()).toBe(true)
    const here = await inProcess.run([job(LOG, 'json')])
    const there = await server.run([job(LOG, 'json')])
    expect([here.ranIn, there.ranIn]).toEqual(['in-process', 'worker'])
    const text = (body: Uint8Array | undefined) =>
      new TextDecoder().decode(body)
    expect(text(there.answers[0]?.body)).toBe(text(here.answers[0]?.body))
    expect(JSON.parse(text(here.answers[0]?.body))).toEqual(
      JSON.parse(
        JSON.stringify(
          toJson(diagnose(matcher, LOG, { limits: { maxBytes: MAX_BYTES } }))
        )
      )
    )
  })

  it('should pass the number of candidates asked for', async () => {
    const inProcess = runner(INLINE_MAX.cli)
    const { answers } = await inProcess.run([{ ...job(LOG), top: 1 }])
    expect(answers[0]?.diagnosis).toEqual(
      diagnose(matcher, LOG, { top: 1, limits: { maxBytes: MAX_BYTES } })
    )
  })
})
