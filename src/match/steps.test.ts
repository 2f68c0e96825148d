import { describe, expect, it } from 'vitest'
import type { Step } from '../kb/types.ts'
import { normalize } from './normalize.ts'
import { extractFacts } from './signals/index.ts'
import { factCaptures, fill, resolveSteps } from './steps.ts'

describe('fill', () => {
  const table: [text: string, captures: Record<string, string>, out: string][] =
    [
      [
        'kill the owner of {{port}}',
        { port: '3000' },
        'kill the owner of 3000'
      ],
      ['listen on {{ port | 7447 }}', {}, 'listen on 7447'],
      ['listen on {{port|7447}}', { port: '80' }, 'listen on 80'],
      ['ping {{address}}', {}, 'ping <address>'],
      ['no placeholders', { port: '1' }, 'no placeholders']
    ]
  for (const [text, captures, out] of table) {
    it(`should fill ${JSON.stringify(text)} as ${JSON.stringify(out)}`, () => {
      expect(fill(text, captures)).toBe(out)
    })
  }
})

describe('factCaptures', () => {
  const table: [log: string, captures: Record<string, string>][] = [
    [
      'Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
      { address: '127.0.0.1', port: '3000', errno: 'EADDRINUSE' }
    ],
    [
      'Os { code: 99, kind: AddrNotAvailable, message: "Cannot assign requested address" }',
      { errno: 'EADDRNOTAVAIL', os_error: '99' }
    ],
    ['all good', {}]
  ]
  for (const [log, captures] of table) {
    it(`should offer ${JSON.stringify(captures)}`, () => {
      expect(factCaptures(extractFacts(normalize(log)))).toEqual(captures)
    })
  }
})

describe('resolveSteps', () => {
  const step = (applies: Step['applies'], markdown = 'Run it'): Step => ({
    markdown,
    text: markdown,
    code: [],
    applies
  })
  const table: [
    name: string,
    applies: Step['applies'],
    log: string,
    result: {
      applies: string
      appliesNote: string | undefined
      scope: string | undefined
    }
  ][] = [
    [
      'a step for everywhere',
      { platforms: [], versions: {} },
      'Error: EADDRINUSE',
      { applies: 'yes', appliesNote: undefined, scope: undefined }
    ],
    [
      'a WSL step on a Windows log',
      { platforms: ['wsl'], versions: {} },
      'C:\\Users\\me> python app.py\nOSError: [WinError 10048] Only one usage of each socket address',
      {
        applies: 'no',
        appliesNote: 'for WSL; the log shows Windows',
        scope: 'WSL'
      }
    ],
    [
      'a container step on a log that says nothing of the platform',
      { platforms: ['docker'], versions: {} },
      'Error: EADDRINUSE',
      { applies: 'unknown', appliesNote: undefined, scope: 'containers' }
    ],
    [
      'a step for a newer dora than the log shows',
      { platforms: [], versions: { dora: '>=0.3.10' } },
      'dora-cli 0.3.9\nError: failed',
      {
        applies: 'no',
        appliesNote: 'needs dora >=0.3.10; the log shows 0.3.9',
        scope: 'dora >=0.3.10'
      }
    ],
    [
      'a dora step on a log without a version',
      { platforms: [], versions: { dora: '>=0.3.10' } },
      'Error: failed',
      { applies: 'unknown', appliesNote: undefined, scope: 'dora >=0.3.10' }
    ]
  ]
  for (const [name, applies, log, result] of table) {
    it(`should mark ${name} as ${result.applies}`, () => {
      const facts = extractFacts(normalize(log))
      expect(resolveSteps([step(applies)], facts, {})[0]).toMatchObject({
        n: 1,
        ...result
      })
    })
  }

  it('should number the steps and fill their code', () => {
    const steps: Step[] = [
      step({ platforms: [], versions: {} }, 'Find it'),
      {
        ...step({ platforms: [], versions: {} }, 'Stop it'),
        code: [{ lang: 'sh', value: 'fuser -k {{port}}/tcp' }]
      }
    ]
    const out = resolveSteps(steps, extractFacts(normalize('')), {
      port: '3000'
    })
    expect(out.map((result) => [result.n, result.blocks])).toEqual([
      [1, []],
      [2, [{ lang: 'sh', value: 'fuser -k 3000/tcp' }]]
    ])
  })
})
