/**
 * Property and fuzz tests of the log reader and the matcher: whatever is pasted, diagnosis never
 * throws, the verdict is one of three, confidences lie in [0, 1], and the same input gives the same
 * answer. `npm test` runs a short seeded version; `npm run fuzz` runs 100,000 cases and more
 * (FUZZ_RUNS). Time per MB is measured by `npm run bench`, not here.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { diagnose } from '../../src/match/diagnose.ts'
import { createMatcher, type Matcher } from '../../src/match/matcher.ts'
import { normalize } from '../../src/match/normalize.ts'
import { extractFacts } from '../../src/match/signals/index.ts'
import type { Diagnosis } from '../../src/match/types.ts'
import { loadRealKb } from '../real-kb.ts'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const SEED = Number(process.env.FUZZ_SEED ?? 20261125)

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher((await loadRealKb()).kb)
})

/** Pieces of real logs and of hostile pastes, to be mixed at random. */
const FRAGMENTS = [
  'Unable to bind UDP port 224.0.0.224:7446',
  'Cannot assign requested address (os error 99)',
  "Can't assign requested address (os error 49)",
  'The requested address is not valid in its context. (os error 10049)',
  '在其上下文中，该请求的地址无效。',
  'Os { code: 98, kind: AddrInUse, message: "Address already in use" }',
  '[WinError 10048] Only one usage of each socket address',
  'Error: listen EADDRINUSE: address already in use :::3000',
  '通常每个套接字地址(协议/网络地址/端口)只允许使用一次。',
  'Подключение не установлено, т.к. конечный компьютер отверг запрос на подключение',
  'Caused by:',
  '   0: failed to open zenoh session',
  'Traceback (most recent call last):',
  "thread 'main' panicked at src/main.rs:1:1",
  '```',
  '```console',
  '> ',
  '\u001b[1;31m',
  '\u001b[0m',
  '\u001b]8;;http://x\u0007',
  '\u202e',
  '\u200b',
  '\u0000',
  '\r\n',
  '\t',
  '(.venv) me@host:/mnt/c/x$ ',
  '2024-06-09T19:28:21.162169Z  WARN dora_daemon::pending: ',
  '/home/alice/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/dora-daemon-0.3.10/src/lib.rs:266:2',
  'C:\\Users\\bob\\x.py',
  '{{port}}',
  '@everyone <@123> <#456>',
  '[::1]:7447 0.0.0.0:0 169.254.1.1 ff02::1',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789'
]

const logArbitrary = fc.oneof(
  fc.string({ maxLength: 2000 }),
  fc.string({ unit: 'binary', maxLength: 2000 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...FRAGMENTS),
        fc.string({ maxLength: 40 }),
        fc.constant('\n')
      ),
      { maxLength: 200 }
    )
    .map((parts) => parts.join('')),
  fc.uint8Array({ maxLength: 4000 })
)

function checkDiagnosis(diagnosis: Diagnosis): void {
  expect(['match', 'candidates', 'none']).toContain(diagnosis.verdict)
  for (const match of [...diagnosis.matches, ...diagnosis.others]) {
    expect(match.confidence).toBeGreaterThanOrEqual(0)
    expect(match.confidence).toBeLessThanOrEqual(1)
    expect(Number.isFinite(match.score)).toBe(true)
  }
  if (diagnosis.verdict === 'none') expect(diagnosis.matches).toEqual([])
  else expect(diagnosis.matches.length).toBeGreaterThan(0)
}

describe('fuzz: the log reader and the matcher', () => {
  it('should never throw, and answer with a valid, deterministic diagnosis', () => {
    fc.assert(
      fc.property(logArbitrary, (log) => {
        const first = diagnose(matcher, log)
        checkDiagnosis(first)
        expect(diagnose(matcher, log)).toEqual(first)
      }),
      { numRuns: RUNS, seed: SEED }
    )
  }, 600_000)

  it('should read facts from anything without throwing', () => {
    fc.assert(
      fc.property(logArbitrary, (log) => {
        const facts = extractFacts(normalize(log))
        for (const address of facts.addresses)
          expect(address.family === 4 || address.family === 6).toBe(true)
      }),
      { numRuns: RUNS, seed: SEED + 1 }
    )
  }, 600_000)
})

describe('hostile pastes', () => {
  const cases: { name: string; make: () => string | Uint8Array }[] = [
    { name: 'a single 5 MB line', make: () => 'x'.repeat(5 * 1024 * 1024) },
    { name: '1,000,000 short lines', make: () => 'ab\n'.repeat(1_000_000) },
    {
      name: 'deeply nested ANSI sequences',
      make: () =>
        '\u001b['.repeat(100_000) +
        'm'.repeat(100_000) +
        '\nCannot assign requested address (os error 99)'
    },
    { name: '10,000 code fences', make: () => '```\nx\n'.repeat(10_000) },
    {
      name: 'right-to-left and zero-width characters everywhere',
      make: () => 'os error 99'.split('').join('\u200b\u202e') + '\n'.repeat(10)
    },
    {
      name: 'every errno wording mixed together',
      make: () => FRAGMENTS.join(' ').repeat(500)
    },
    {
      name: 'random bytes',
      make: () =>
        Uint8Array.from(
          { length: 1_000_000 },
          (_, index) => (index * 2654435761) % 256
        )
    },
    { name: 'NUL bytes', make: () => '\u0000'.repeat(1_000_000) }
  ]
  for (const item of cases) {
    it(`should survive ${item.name}`, () => {
      checkDiagnosis(diagnose(matcher, item.make()))
    }, 120_000)
  }

  it('should still diagnose a 17 MB daemon log whose last lines are the WSL multicast failure, and say what was cut', () => {
    const noise =
      '2025-03-18T08:00:00.000000Z  INFO dora_daemon::spawn: spawning node camera with args --width 640\n'
    const tail = `[ERROR]\nfailed to run dora-daemon\n\nCaused by:\n   0: failed to open zenoh session\n   1: Unable to bind UDP port 224.0.0.224:7446 at /home/u/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/zenoh-1.2.1/src/net/runtime/orchestrator.rs:649. - Caused by Cannot assign requested address (os error 99)\n   2: Cannot assign requested address (os error 99)\n`
    const log =
      noise.repeat(Math.ceil((17 * 1024 * 1024) / noise.length)) + tail
    const diagnosis = diagnose(matcher, log)
    expect(diagnosis.verdict).toBe('match')
    expect(diagnosis.matches[0]?.id).toBe('zenoh-multicast-bind-failed')
    expect(diagnosis.truncated?.omittedBytes).toBeGreaterThan(15 * 1024 * 1024)
  }, 120_000)
})
