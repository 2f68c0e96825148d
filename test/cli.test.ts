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
  KB_NOT_FOUND
} from '../src/errors.ts'
import { main } from '../src/cli/index.ts'
import { countPublishedArticles } from './kb-files.ts'
import { commands } from '../src/cli/commands/index.ts'
import { readdirSync } from 'node:fs'

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

  it('should print the accuracy table on the shared dev logs, plain and wrapped, meeting the targets', async () => {
    const { code, out } = await run([
      'eval',
      join(root, '..', 'shared', 'eval', 'dev.jsonl'),
      '--wrapped'
    ])
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
