/**
 * What `remedy gaps` proposes for groups of real-looking unanswered logs of each runtime: the group
 * is named by the line that carries the message (a panic's message, a chain's innermost cause), the
 * clue is checked against every log of the group and the published articles' examples, and a
 * runtime's boilerplate is never proposed.
 */
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { kbPlaces } from '../cli/kb.ts'
import { diagnose } from '../match/diagnose.ts'
import { createMatcher, type Matcher } from '../match/matcher.ts'
import { isBoilerplate } from '../match/template.ts'
import { excerptLog } from './excerpt.ts'
import { clusterLogs } from './gaps.ts'
import type { UnansweredLog } from './types.ts'
import { loadRealKb } from '../../test/real-kb.ts'

const KB = resolve(import.meta.dirname, '../../kb')

interface Case {
  runtime: string
  /** One log of the problem for each n; the values that vary between users vary with n. */
  log: (n: number) => string
  /** Text the group's name must carry. */
  name: string
  /** Words the proposed clue must contain; '' when no clue may be proposed. */
  clue: string
  /** A line of the group's example. */
  example: string
}

const cases: Case[] = [
  {
    runtime: 'a Rust panic (message under the location, Rust ≥ 1.73)',
    log: (n) =>
      [
        `   Compiling frobnicator v0.${n}.0 (/home/dev${n}/frobnicator)`,
        `    Finished \`dev\` profile [unoptimized + debuginfo] target(s) in ${n}.2s`,
        '     Running `target/debug/frobnicator`',
        `thread 'main' panicked at frobnicator/src/registry.rs:${80 + n}:${n * 3}:`,
        `widget registry corrupted: slot ${n * 7} holds token a${n}f9c2e${n}b7d4aa01`,
        'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace'
      ].join('\n'),
    name: 'widget registry corrupted: slot <n> holds token',
    clue: 'widget registry corrupted',
    example: 'widget registry corrupted: slot <n> holds token'
  },
  {
    runtime: 'a Rust panic (message quoted on the same line, older Rust)',
    log: (n) =>
      `thread 'tokio-runtime-worker' panicked at 'lidar frame ${n}${n} arrived out of order after frame ${n}', src/lidar.rs:${n}4:9\nnote: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace`,
    name: 'lidar frame <n> arrived out of order',
    clue: 'arrived out of order after frame',
    example: 'lidar frame'
  },
  {
    runtime: 'a Python traceback',
    log: (n) =>
      [
        'Traceback (most recent call last):',
        `  File "/home/user${n}/app/main.py", line ${10 + n}, in <module>`,
        '    run()',
        `  File "/home/user${n}/app/calib.py", line ${n}, in run`,
        '    table = load(path)',
        `ValueError: calibration table for camera ${n} has ${n + 16} rows, expected 16`
      ].join('\n'),
    name: 'calibration table for camera <n> has <n> rows',
    clue: 'calibration table for camera',
    example: 'valueerror: calibration table'
  },
  {
    runtime: 'an eyre chain',
    log: (n) =>
      [
        'Error: failed to start recorder',
        '',
        'Caused by:',
        `    0: could not open bag file /data/run-${n}.bag`,
        `    1: bag header checksum mismatch at offset ${n * 4096}`,
        '',
        'Location:',
        `    src/recorder.rs:${n}2:10`
      ].join('\n'),
    name: 'bag header checksum mismatch at offset <n>',
    clue: 'bag header checksum mismatch',
    example: 'bag header checksum mismatch at offset <n>'
  },
  {
    runtime: 'an anyhow chain (causes not numbered)',
    log: (n) =>
      [
        'Error: could not load plugin manifest',
        '',
        'Caused by:',
        `    manifest key \`entry_${n}\` points outside the plugin folder`
      ].join('\n'),
    name: 'points outside the plugin folder',
    clue: 'points outside the plugin folder',
    example: 'points outside the plugin folder'
  },
  {
    runtime: 'a Java stack trace with a cause',
    log: (n) =>
      [
        'Exception in thread "main" java.lang.IllegalStateException: Failed to start pipeline',
        `\tat com.acme.Pipeline.start(Pipeline.java:${80 + n})`,
        '\tat com.acme.Main.main(Main.java:12)',
        `Caused by: com.acme.codec.FrameDecodeException: frame ${n * 1000 + 7} has invalid sync marker 0x7${n}`,
        '\tat com.acme.codec.Decoder.read(Decoder.java:40)',
        '\t... 1 more'
      ].join('\n'),
    name: 'has invalid sync marker',
    clue: 'framedecodeexception',
    example: 'has invalid sync marker'
  },
  {
    runtime: 'a Python traceback whose only shared words are boilerplate',
    log: (n) =>
      [
        'Traceback (most recent call last):',
        `  File "/srv/job${n}.py", line ${n}, in <module>`,
        `    step_${n}()`,
        `RuntimeError: ${['boom', 'kaput', 'oops', 'argh'][n - 1] ?? 'x'} ${n}`
      ].join('\n'),
    name: 'runtimeerror:',
    clue: '',
    example: 'runtimeerror:'
  }
]

let matcher: Matcher
let claimedBy: (text: string) => string | undefined

beforeAll(async () => {
  matcher = createMatcher((await loadRealKb()).kb)
  ;({ claimedBy } = await kbPlaces(KB))
})

function unanswered(log: string, index: number): UnansweredLog {
  const diagnosis = diagnose(matcher, log)
  const excerpt = excerptLog(log, diagnosis)
  if (excerpt === undefined) throw new Error(`no excerpt for ${log}`)
  return {
    diagnosisId: `d${index}`,
    at: new Date(Date.UTC(2025, 2, index + 1)).toISOString(),
    verdict: diagnosis.verdict,
    ...excerpt,
    errno: undefined,
    product: undefined,
    topArticle: undefined,
    topConfidence: undefined
  }
}

describe('remedy gaps on real-looking logs of each runtime', () => {
  for (const item of cases) {
    it(`should name ${item.runtime} by its message and propose ${item.clue === '' ? 'no clue' : `a clue with "${item.clue}"`}`, () => {
      const logs = [1, 2, 3, 4].map((n, index) =>
        unanswered(item.log(n), index)
      )
      const clusters = clusterLogs(logs, { claimedBy })
      expect(clusters).toHaveLength(1)
      const [cluster] = clusters
      expect(cluster?.size).toBe(4)
      expect(cluster?.name).toContain(item.name)
      expect(cluster?.example).toContain(item.example)
      if (item.clue === '') {
        expect(cluster?.stableText).toBe('')
        expect(cluster?.clueNote).toMatch(/boilerplate|no words/)
      } else {
        expect(cluster?.stableText).toContain(item.clue)
        expect(isBoilerplate(cluster?.stableText ?? '')).toBe(false)
        expect(cluster?.clueNote).toBeUndefined()
      }
    })
  }

  it('should not propose a clue that a published article already has in its examples', () => {
    const log = (n: number): string =>
      `Error: failed to write \`/tmp/out${n}.bin\`\n\nCaused by:\n    No space left on device (os error 28)`
    const logs = [1, 2, 3].map((n, index) => unanswered(log(n), index))
    const [cluster] = clusterLogs(logs, {
      claimedBy: (text) =>
        text.includes('no space left') ? 'shm-failure' : undefined
    })
    expect(cluster?.stableText).toBe('')
    expect(cluster?.clueNote).toContain('in an example of shm-failure')
  })
})
