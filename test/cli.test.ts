/**
 * The `remedy` command line, run in-process through `main` with a captured context.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  EVAL_BAD_LINE,
  INVALID_BYTES_OPTION,
  INVALID_NUMBER_OPTION,
  INVALID_SHARDS_OPTION,
  KB_NOT_FOUND,
  LOG_EMPTY
} from '../src/errors.ts'
import { main } from '../src/cli/index.ts'
import { countPublishedArticles } from './kb-files.ts'
import { commands } from '../src/cli/commands/index.ts'
import { isBlankLog } from '../src/cli/commands/diagnose.ts'
import { readdirSync } from 'node:fs'
import { DEV_FILE, FRESH_FILE } from './eval-set.ts'

const root = join(import.meta.dirname, '..')
const wslLog = `[ERROR]
failed to run dora-daemon

Caused by:
   0: failed to open zenoh session
   1: Unable to bind UDP port 224.0.0.224:7446 at /home/rooter/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/zenoh-1.2.1/src/net/runtime/orchestrator.rs:649. - Caused by Cannot assign requested address (os error 99)
   2: Cannot assign requested address (os error 99)

Location:
    /home/rooter/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/dora-daemon-0.3.10/src/lib.rs:266:2`

async function run(
  args: string[],
  stdin = ''
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(['node', 'remedy', ...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    readStdin: () => Promise.resolve(Buffer.from(stdin)),
    cwd: root,
    env: {},
    setExitCode: () => undefined
  })
  return { code, out, err }
}

describe('remedy diagnose', () => {
  it('should print exactly one JSON object with --json', async () => {
    const { code, out } = await run(['diagnose', '-', '--json'], wslLog)
    expect(code).toBe(0)
    const lines = out.trim().split('\n')
    expect(lines).toHaveLength(1)
    const json = JSON.parse(lines[0] ?? '{}') as {
      verdict: string
      matches: {
        id: string
        confidence: number
        evidence: unknown[]
        steps: { text: string; code: string[] }[]
      }[]
      facts: object
    }
    expect(json.verdict).toBe('match')
    expect(json.matches[0]?.id).toBe('zenoh-multicast-bind-failed')
    expect(json.matches[0]?.steps[0]?.code).toEqual(['dora --version'])
    expect(json.facts).toHaveProperty('errors')
  })

  it('should print numbered steps and quoted evidence for people', async () => {
    const { out } = await run(['diagnose', '-'], wslLog)
    expect(out).toMatch(/^This log matches a known problem\./)
    expect(out).toContain(' 1. Check which dora you run')
    expect(out).toContain(
      '  > 2: Cannot assign requested address (os error 99)'
    )
  })

  it('should answer in Chinese with --locale zh-CN', async () => {
    const { out } = await run(['diagnose', '-', '--locale', 'zh-CN'], wslLog)
    expect(out).toMatch(/^这段日志与一个已知问题匹配。/)
  })

  it('should read only --max-bytes of a long log, keep its tail, and say what was cut', async () => {
    const noise = 'INFO dora_daemon::spawn: spawning node camera\n'.repeat(
      2_000
    )
    const { code, out } = await run(
      ['diagnose', '-', '--json', '--max-bytes', '4096'],
      `${noise}${wslLog}`
    )
    expect(code).toBe(0)
    const json = JSON.parse(out) as {
      verdict: string
      matches: { id: string }[]
      truncated?: { omittedBytes: number }
    }
    expect(json.verdict).toBe('match')
    expect(json.matches[0]?.id).toBe('zenoh-multicast-bind-failed')
    expect(json.truncated?.omittedBytes).toBeGreaterThan(noise.length - 4096)
  })

  it('should refuse a --max-bytes that is not a byte count', async () => {
    const { code, err } = await run(
      ['diagnose', '-', '--max-bytes', 'lots'],
      wslLog
    )
    expect(code).not.toBe(0)
    expect(err).toContain(INVALID_BYTES_OPTION('lots'))
  })

  it('should refuse a --top that is out of range', async () => {
    const { code, err } = await run(['diagnose', '-', '--top', '0'], wslLog)
    expect(code).toBe(1)
    expect(err).toContain(INVALID_NUMBER_OPTION('--top', '0'))
  })

  it('should refuse a --shards that is neither auto nor a count, before connecting', async () => {
    const { code, err } = await run(['bot', '--shards', '0'], '')
    expect(code).toBe(1)
    expect(err).toContain(INVALID_SHARDS_OPTION('0'))
  })

  it('should say clearly when the KB folder is missing', async () => {
    const { code, err } = await run(
      ['diagnose', '-', '--kb', 'no-such-kb'],
      wslLog
    )
    expect(code).toBe(1)
    expect(err).toContain(KB_NOT_FOUND(join(root, 'no-such-kb')))
  })

  it('should say clearly when the file cannot be read', async () => {
    const { code, err } = await run(['diagnose', 'no-such.log'])
    expect(code).toBe(2)
    expect(err).toContain('cannot read `no-such.log`')
  })
  // Like the HTTP API's 400 "the log is empty": nothing to diagnose is an error, not a `none`.
  const blank: [string, string][] = [
    ['nothing', ''],
    ['a space', ' '],
    ['empty lines', '\n\n\n'],
    ['tabs and CRLF', '\t \r\n\t\r\n'],
    ['a byte-order mark and a newline', '\uFEFF\n'],
    ['no-break and ideographic spaces', '\u00A0\u3000\n'],
    ['white space past the first 64 KiB', ' '.repeat(70_000)]
  ]
  for (const [name, input] of blank) {
    it(`should refuse ${name} on standard input with exit 2 and the empty-log error`, async () => {
      const { code, out, err } = await run(['diagnose', '-'], input)
      expect(code).toBe(2)
      expect(out).toBe('')
      expect(err).toBe(`remedy: ${LOG_EMPTY('-')}\n`)
    })
  }

  it('should refuse an empty file and a blank file, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'remedy-blank-'))
    for (const [name, content] of [
      ['empty.log', ''],
      ['blank.log', '  \n\t\n']
    ] as const) {
      const file = join(dir, name)
      writeFileSync(file, content)
      for (const json of [[], ['--json']]) {
        const { code, out, err } = await run(['diagnose', file, ...json])
        expect(code).toBe(2)
        expect(out).toBe('')
        expect(err).toBe(`remedy: ${LOG_EMPTY(file)}\n`)
      }
    }
  })

  const notBlank: [string, string][] = [
    ['one letter', 'x'],
    ['text after empty lines', '\n\n  failed\n'],
    ['text after 70,000 spaces', `${' '.repeat(70_000)}failed`],
    ['a Chinese line', '错误：无法启动\n']
  ]
  it('should tell blank logs from the rest (isBlankLog)', () => {
    expect(
      blank.filter(([, input]) => !isBlankLog(Buffer.from(input)))
    ).toEqual([])
    expect(
      notBlank.filter(([, input]) => isBlankLog(Buffer.from(input)))
    ).toEqual([])
  })

  it('should diagnose a log of one word after blank lines: only blank logs are refused', async () => {
    const { code, out, err } = await run(
      ['diagnose', '-', '--json'],
      '\n\n  failed\n'
    )
    expect(err).toBe('')
    expect(code).toBe(0)
    expect((JSON.parse(out) as { verdict: string }).verdict).toBe('none')
  })
})

describe('the terminal answer when no article matches', () => {
  const thin = 'it does not work, any idea?'
  const HINT =
    'Search the knowledge base with `remedy search <words>`, or collect the full log as listed above and run `remedy diagnose` on it again.'

  it('should end with the remedy search hint, after the list it refers to', async () => {
    const { code, out } = await run(['diagnose', '-'], thin)
    expect(code).toBe(0)
    expect(out).toMatch(/^No known article matches this log\.\n/)
    const lines = out.trimEnd().split('\n')
    expect(lines.at(-1)).toBe(HINT)
    const list = lines.findIndex((line) => line.startsWith('What to collect: '))
    expect(list).toBeGreaterThan(0)
    expect(lines[list + 1]).toMatch(/^ 1\. /)
    expect(out).not.toContain('/kb search')
    expect(out).not.toContain('as below')
  })
  // The Chinese wording and the answer without a list: src/render/text.test.ts.
})

/** issue 13: the port of the call that failed, never the article's example value. */
const PORT_5000 = [
  'Traceback (most recent call last):',
  '  File "server.py", line 7, in <module>',
  '    sock.bind(("0.0.0.0", 5000))',
  'OSError: [Errno 98] Address already in use'
].join('\n')

describe('remedy diagnose: values in the steps', () => {
  it('should name port 5000 from a Python bind in every section of the text answer', async () => {
    const { code, out } = await run(['diagnose', '-'], PORT_5000)
    expect(code).toBe(0)
    expect(out).toContain('[addr-in-use]')
    expect(out).toContain(' 1. Find which process holds the port `5000`.')
    expect(out).toContain("sudo ss -ltnup | grep ':5000'")
    const verify = out.slice(
      out.indexOf('Verify:'),
      out.indexOf('Other matches')
    )
    expect(verify).toContain('findstr :5000')
    expect(out).not.toContain('{{')
    expect(out).not.toContain('7447`')
  })

  it('should name port 5000 in the steps of --json (which has no prose sections)', async () => {
    const { out } = await run(['diagnose', '-', '--json'], PORT_5000)
    const json = JSON.parse(out) as {
      matches: {
        id: string
        steps: { text: string; markdown: string; code: string[] }[]
      }[]
    }
    const match = json.matches[0]
    expect(match?.id).toBe('addr-in-use')
    expect(match?.steps[0]?.markdown).toContain("sudo ss -ltnup | grep ':5000'")
    expect(match?.steps[0]?.code).toEqual([
      "sudo ss -ltnup | grep ':5000'",
      'sudo lsof -nP -i :5000',
      'netstat -ano | findstr :5000\nGet-Process -Id <PID>'
    ])
    expect(out).not.toContain('{{')
  })

  const table: [runtime: string, log: string, port: string][] = [
    [
      'Node',
      'Error: listen EADDRINUSE: address already in use :::3000',
      '3000'
    ],
    ['Go', 'listen tcp :8080: bind: address already in use', '8080'],
    [
      'Java',
      'Web server failed to start. Port 8081 was already in use.\njava.net.BindException: Address already in use',
      '8081'
    ],
    [
      'nginx',
      'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)',
      '80'
    ]
  ]
  for (const [runtime, log, port] of table)
    it(`should name port ${port} from a ${runtime} log`, async () => {
      const { out } = await run(['diagnose', '-'], log)
      expect(out).toContain('[addr-in-use]')
      expect(out).toContain(`holds the port \`${port}\`.`)
      expect(out).toContain(`grep ':${port}'`)
      expect(out).not.toContain('{{')
    })

  it('should show <port> when the log has no port', async () => {
    const { out } = await run(
      ['diagnose', '-'],
      'OSError: [Errno 98] Address already in use'
    )
    expect(out).toContain('[addr-in-use]')
    expect(out).toContain(' 1. Find which process holds the port `<port>`.')
    expect(out).toContain("sudo ss -ltnup | grep ':<port>'")
    expect(out).not.toContain('7447')
    expect(out).not.toContain('{{')
  })
})

describe('remedy eval', () => {
  it('should report a bad JSONL line by number and still run the other cases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'remedy-eval-'))
    const file = join(dir, 'cases.jsonl')
    writeFileSync(
      file,
      [
        JSON.stringify({
          id: 'a',
          log: wslLog,
          topic: 'zenoh-multicast-bind-failed'
        }),
        '{not json',
        JSON.stringify({ id: 'b' })
      ].join('\n')
    )
    const { code, out, err } = await run(['eval', file, '--json'])
    expect(code).toBe(1)
    expect(err).toContain(`${file}:2: unexpected case`)
    expect(err).toContain(
      EVAL_BAD_LINE(
        file,
        3,
        'log: Invalid input: expected string, received undefined'
      )
    )
    const row = JSON.parse(out.trim()) as {
      id: string
      verdict: string
      ranked: string[]
      confidence: number[]
      ms: number
    }
    expect(row.id).toBe('a')
    expect(row.verdict).toBe('match')
    expect(row.ranked[0]).toBe('zenoh-multicast-bind-failed')
    expect(typeof row.ms).toBe('number')
  })

  it('should print the accuracy table on the dev logs, plain and wrapped, meeting the targets', async () => {
    const { code, out } = await run(['eval', DEV_FILE, '--wrapped'])
    expect(code).toBe(0)
    const rows = out
      .split('\n')
      .filter((line) => /^(plain|fence|ansi|crlf|quote|timestamps) /.test(line))
    expect(rows).toHaveLength(6)
    for (const row of rows) {
      const [, top1 = '0', recall = '0', falseMatch = '100'] =
        /^\S+\s+\d+\s+([\d.]+)%\s+([\d.]+)%\s+([\d.]+)%/.exec(row) ?? []
      expect(Number(top1), row).toBeGreaterThanOrEqual(90)
      expect(Number(recall), row).toBeGreaterThanOrEqual(97)
      expect(Number(falseMatch), row).toBeLessThanOrEqual(5)
    }
  }, 60_000)

  // The fresh logs were held out from the tuning: no perfect score is expected, only no regression.
  // Raise these floors as the answers improve; lower them only with a reason in the commit.
  const FRESH_FLOOR = { top1: 95, recall3: 98, falseMatch: 5 }
  it('should keep the fresh logs at or above their floors', async () => {
    const { code, out } = await run(['eval', FRESH_FILE])
    expect(code).toBe(0)
    const row = out.split('\n').find((line) => line.startsWith('plain ')) ?? ''
    const [, cases = '0', top1 = '0', recall = '0', falseMatch = '100'] =
      /^plain\s+(\d+)\s+([\d.]+)%\s+([\d.]+)%\s+([\d.]+)%/.exec(row) ?? []
    expect(Number(cases)).toBe(68)
    expect(Number(top1), row).toBeGreaterThanOrEqual(FRESH_FLOOR.top1)
    expect(Number(recall), row).toBeGreaterThanOrEqual(FRESH_FLOOR.recall3)
    expect(Number(falseMatch), row).toBeLessThanOrEqual(FRESH_FLOOR.falseMatch)
  }, 60_000)
})

describe('remedy build', () => {
  it('should write a JSON index that diagnose can load with --kb', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'remedy-build-')), 'kb.json')
    const built = await run(['build', '--out', out])
    expect(built.code).toBe(0)
    expect(built.out).toMatch(
      new RegExp(
        `^${countPublishedArticles(join(root, 'kb'))} articles written to `
      )
    )
    const { code, out: answer } = await run(
      ['diagnose', '-', '--json', '--kb', out],
      wslLog
    )
    expect(code).toBe(0)
    expect(
      (JSON.parse(answer) as { matches: { id: string }[] }).matches[0]?.id
    ).toBe('zenoh-multicast-bind-failed')
  })
})

describe('remedy search', () => {
  it('should list matching articles', async () => {
    const { out } = await run(['search', 'multicast'])
    expect(out).toContain('zenoh-multicast-bind-failed')
  })
})

describe('the command registry', () => {
  it('should list every command file', () => {
    const files = readdirSync(join(root, 'src', 'cli', 'commands')).filter(
      (name) =>
        name.endsWith('.ts') &&
        !name.endsWith('.test.ts') &&
        name !== 'index.ts'
    )
    expect(commands.map((command) => `${command.name}.ts`).sort()).toEqual(
      files.sort()
    )
  })
})
