import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { makeKeys } from './keys.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const MAIN = fileURLToPath(new URL('./cli-main.ts', import.meta.url))
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url)
  .href
// An empty working directory: a developer's .env (say, with DISCORD_TOKEN) must not change the test.
const CWD = mkdtempSync(join(tmpdir(), 'remedy-serve-'))

interface Running {
  child: ChildProcessWithoutNullStreams
  stdout: () => string
  stderr: () => string
  exit: Promise<number | null>
}

const children: ChildProcessWithoutNullStreams[] = []
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null) child.kill('SIGKILL')
})

/** Start the command and wait for the line that says where it listens. */
async function run(
  args: string[],
  env: Record<string, string> = {}
): Promise<Running & { url: string }> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd: CWD,
    // A clean environment: no DISCORD_TOKEN or PORT from the machine.
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      KB_DIR: join(ROOT, 'kb'),
      ...env
    }
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const found = /Remedy playground: (http:\/\/\S+?)\/\n/.exec(out)
      if (found?.[1] !== undefined) {
        clearInterval(timer)
        resolve(found[1])
      } else if (child.exitCode !== null) {
        clearInterval(timer)
        reject(new Error(`test: the server exited early: ${err}`))
      }
    }, 20)
  })
  return { child, url, stdout: () => out, stderr: () => err, exit }
}

describe('remedy serve', () => {
  it('should print the URL, serve the API, and exit 0 on SIGTERM after logging the shutdown', async () => {
    const server = await run(['serve', '--port', '0'])
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(200)
    expect(server.stdout()).not.toContain('/interactions')
    // Without a public key there is no interactions endpoint.
    expect(
      (await fetch(`${server.url}/interactions`, { method: 'POST' })).status
    ).toBe(404)

    server.child.kill('SIGTERM')
    expect(await server.exit).toBe(0)
    const logs = server
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) =>
          JSON.parse(line) as {
            msg: string
            req?: { path: string }
            res?: { status: number }
          }
      )
    expect(logs.map((entry) => entry.msg)).toEqual(
      expect.arrayContaining([
        'listening',
        'request',
        'stopping',
        'server closed'
      ])
    )
    expect(logs.find((entry) => entry.msg === 'request')).toMatchObject({
      req: { method: 'GET', path: '/healthz' },
      res: { status: 200 }
    })
  })

  it('should answer a correctly signed PING with {"type":1} and a tampered one with 401', async () => {
    const keys = makeKeys()
    const server = await run(['serve', '--port', '0'], {
      DISCORD_PUBLIC_KEY: keys.publicKeyHex
    })
    expect(server.stdout()).toContain(
      `Discord interactions endpoint: ${server.url}/interactions`
    )
    const body = JSON.stringify({
      id: '1',
      application_id: '2',
      type: 1,
      token: 't',
      version: 1
    })
    const signed = await fetch(`${server.url}/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...keys.sign(body) },
      body
    })
    expect(signed.status).toBe(200)
    expect(await signed.text()).toBe('{"type":1}')
    const tampered = await fetch(`${server.url}/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...keys.sign(body) },
      body: body.replace('"type":1', '"type":2')
    })
    expect(tampered.status).toBe(401)
    server.child.kill('SIGTERM')
    expect(await server.exit).toBe(0)
  })
})

describe('remedy start', () => {
  it('should serve the playground when DISCORD_TOKEN is not set', async () => {
    const server = await run(['start', '--port', '0'])
    const page = await fetch(`${server.url}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>Remedy playground</title>')
    server.child.kill('SIGINT')
    expect(await server.exit).toBe(0)
  })
})
