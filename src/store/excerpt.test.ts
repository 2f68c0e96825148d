import { describe, expect, it } from 'vitest'
import { makeDiagnosis } from '../../test/store/helpers.ts'
import {
  MAX_EXCERPT_CHARS,
  MAX_EXCERPT_LINES,
  excerptLog,
  sanitizeLine
} from './excerpt.ts'

describe('sanitizeLine', () => {
  const cases: [string, string][] = [
    ['open /home/alice/x.yml: No such file', 'open <path>: no such file'],
    ['bind 10.0.0.3:7447 failed', 'bind <ip>:<n> failed'],
    ['mail bob@example.com failed', 'mail [email] failed'],
    ['token=Zx9Qm2Lp7Rt4Vb8Nc1Kd5Hf3 rejected', 'token=[redacted] rejected'],
    // Not a format `redact` knows, but a long run of mixed case and digits: a token all the same.
    [
      'session Zx9Qm2Lp7Rt4Vb8Nc1Kd5Hf3Jg6Ws0Ye expired',
      'session [token] expired'
    ],
    // Long lower-case identifiers are not tokens.
    [
      'dora_node_api_event_stream_thread failed',
      'dora_node_api_event_stream_thread failed'
    ]
  ]
  for (const [line, expected] of cases) {
    it(`should turn ${JSON.stringify(line)} into ${JSON.stringify(expected)}`, () => {
      expect(sanitizeLine(line)).toBe(expected)
    })
  }
})

describe('excerptLog', () => {
  it('should keep only the error lines, and use the first as template without a chain', () => {
    const log = [
      'INFO starting dataflow',
      'ERROR failed to spawn node `camera`: No such file or directory (os error 2)',
      'INFO done'
    ].join('\n')
    expect(excerptLog(log, makeDiagnosis({ verdict: 'none' }))).toEqual({
      template:
        'failed to spawn node `camera`: no such file or directory (os error <n>)',
      excerpt:
        'failed to spawn node `camera`: no such file or directory (os error <n>)'
    })
  })

  it('should keep the last lines when none looks like an error', () => {
    const log = Array.from({ length: 9 }, (_, n) => `line ${n} of output`).join(
      '\n'
    )
    expect(
      excerptLog(log, makeDiagnosis({ verdict: 'none' }))?.excerpt.split('\n')
    ).toEqual([
      'line <n> of output',
      'line <n> of output',
      'line <n> of output',
      'line <n> of output',
      'line <n> of output'
    ])
  })

  it('should bound the excerpt in lines and characters', () => {
    const log = Array.from(
      { length: 100 },
      (_, n) => `error: step ${n} failed ${'z'.repeat(300)}`
    ).join('\n')
    const excerpt =
      excerptLog(log, makeDiagnosis({ verdict: 'none' }))?.excerpt ?? ''
    expect(excerpt.split('\n').length).toBeLessThanOrEqual(MAX_EXCERPT_LINES)
    expect(excerpt.length).toBe(MAX_EXCERPT_CHARS)
  })

  it('should redact a private key that spans lines', () => {
    const log = [
      'error: bad key',
      '-----BEGIN PRIVATE KEY-----',
      'error MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
      '-----END PRIVATE KEY-----'
    ].join('\n')
    expect(excerptLog(log, makeDiagnosis({ verdict: 'none' }))?.excerpt).toBe(
      'error: bad key'
    )
  })

  it('should keep nothing of an empty paste', () => {
    expect(
      excerptLog('  \n\n', makeDiagnosis({ verdict: 'none' }))
    ).toBeUndefined()
    expect(
      excerptLog(new Uint8Array(), makeDiagnosis({ verdict: 'none' }))
    ).toBeUndefined()
  })
})
