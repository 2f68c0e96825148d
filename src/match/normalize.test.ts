import { describe, expect, it } from 'vitest'
import { cleanLine, maskLine, normalize } from './normalize.ts'

describe('normalize', () => {
  const table: { name: string; input: string | Uint8Array; lines: string[] }[] =
    [
      {
        name: 'ANSI colours',
        input: '\u001b[1;31mERROR\u001b[0m failed to run dora-daemon',
        lines: ['failed to run dora-daemon']
      },
      {
        name: 'CRLF',
        input: 'first\r\nsecond\r\n',
        lines: ['first', 'second']
      },
      {
        name: 'a Discord code fence with chat around it',
        input: 'help pls\n```console\nBoom (os error 99)\n```\nthx',
        lines: ['help pls', 'Boom (os error 99)', 'thx']
      },
      {
        name: 'an inline fence',
        input: '```Boom (os error 99)```',
        lines: ['Boom (os error 99)']
      },
      {
        name: 'quote marks',
        input: '> > quoted error line',
        lines: ['quoted error line']
      },
      {
        name: 'a shell prompt with a venv',
        input: '(.venv) rooter@chen:/mnt/f/dora$ dora up',
        lines: ['dora up']
      },
      {
        name: 'a PowerShell prompt',
        input: 'PS C:\\Users\\wei\\robot> dora up',
        lines: ['dora up']
      },
      {
        name: 'a tracing prefix, keeping the target',
        input:
          '2024-06-09T19:28:21.162169Z  WARN dora_daemon::pending: node exited',
        lines: ['dora_daemon::pending: node exited']
      },
      {
        name: 'a bracketed timestamp and level',
        input:
          '[2025-09-04T10:05:09Z DEBUG ::_z_unicast_handshake_open] Sending',
        lines: ['::_z_unicast_handshake_open: Sending']
      },
      {
        name: "dora 1.0's forwarded-output prefix",
        input:
          'INFO  dataflow `0195f55f` on daemon `d82182f1` node-cpp-api stdout: terminate called',
        lines: ['node-cpp-api stdout: terminate called']
      },
      {
        name: 'zero-width and bidi characters',
        input: 'os\u200b error\u202e 99\ufeff',
        lines: ['os error 99']
      },
      {
        name: 'invalid UTF-8',
        input: new Uint8Array([0x6f, 0x6b, 0xff, 0xfe, 0x21]),
        lines: ['ok\ufffd\ufffd!']
      },
      {
        name: 'NUL and control characters',
        input: 'a\u0000b\u0007c',
        lines: ['abc']
      },
      { name: 'tabs', input: '\tCaused by:\tx', lines: ['Caused by:    x'] },
      // The program or container before each line goes when it starts two lines or more.
      {
        name: "a node's name before its output",
        input:
          '[detector] Error: boom\n[detector] Caused by:\n[detector]     no device',
        lines: ['Error: boom', 'Caused by:', 'no device']
      },
      {
        name: 'docker compose services, after quote marks and timestamps',
        input:
          '> web-1  | 2024-05-01T10:00:00Z listening\n> db-1   | ready\n> web-1  | Error: listen EADDRINUSE',
        lines: ['listening', 'db-1   | ready', 'Error: listen EADDRINUSE']
      },
      {
        name: 'a bracket that starts one line only',
        input: '[main] Exception in thread',
        lines: ['[main] Exception in thread']
      }
    ]
  for (const row of table) {
    it(`should clean ${row.name}`, () => {
      expect(normalize(row.input).lines.map((line) => line.text)).toEqual(
        row.lines
      )
    })
  }

  it('should cut giant lines to the line limit', () => {
    const log = normalize('x'.repeat(50_000), {
      maxBytes: 1_000_000,
      maxLines: 100,
      maxLineLength: 2_000
    })
    expect(log.lines[0]?.text.length).toBe(2_000)
  })

  it('should keep the head and the tail of an over-long paste, and say what was left out', () => {
    const lines = Array.from({ length: 10_000 }, (_, index) => `line ${index}`)
    const log = normalize(lines.join('\n'), {
      maxBytes: 10_000_000,
      maxLines: 100,
      maxLineLength: 2_000
    })
    expect(log.lines.length).toBe(100)
    expect(log.lines[0]?.text).toBe('line 0')
    expect(log.lines.at(-1)?.text).toBe('line 9999')
    expect(log.truncated).toEqual({ omittedBytes: 0, omittedLines: 9_900 })
  })

  it('should mark lines with error words as errors', () => {
    expect(
      normalize('all good\nUnable to bind').lines.map((line) => line.level)
    ).toEqual(['other', 'error'])
  })
})

describe('cleanLine', () => {
  it('should report the level a prefix declared', () => {
    expect(cleanLine('[ERROR] failed to send out')).toEqual({
      text: 'failed to send out',
      level: 'ERROR'
    })
  })
})

describe('maskLine', () => {
  const table: [string, string][] = [
    [
      'Unable to bind UDP port 224.0.0.224:7446 at /home/rooter/.cargo/zenoh-1.2.1/src/x.rs:649.',
      'unable to bind udp port <ip>:<n> at <path>:<n>.'
    ],
    [
      'dataflow 3f45130a-a522-48c6-a89e-822dfa18d840 failed',
      'dataflow <uuid> failed'
    ],
    ['at C:\\Users\\me\\x.py line 3', 'at <path> line <n>'],
    ['version 0.3.10 and v1.0.0-rc.3', 'version <ver> and <ver>'],
    ['ptr 0xdeadbeef hash 1949cf8c6b5b557f', 'ptr <addr> hash <hex>']
  ]
  for (const [input, output] of table) {
    it(`should mask ${JSON.stringify(input.slice(0, 40))}`, () => {
      expect(maskLine(input)).toBe(output)
    })
  }
})
