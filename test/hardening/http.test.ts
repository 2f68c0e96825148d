/**
 * Slow and oversized clients against the real HTTP server on a loopback socket: slow headers, a body
 * that trickles, a slowloris crowd of half-open connections from one client, and bodies far over
 * the limit. The server cuts each of them off and keeps answering `/healthz` meanwhile; the
 * interaction handler never runs for any of them.
 */
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/http/app.ts'
import { createInteractions } from '../../src/http/interactions.ts'
import { startServer, type RunningServer } from '../../src/http/server.ts'
import { createMatcher } from '../../src/match/matcher.ts'
import { makeKeys } from '../http/keys.ts'
import { loadRealKb } from '../real-kb.ts'

const LIMIT = 64 * 1024
// Short deadlines so that the test sees them pass; production uses DEFAULT_TIMEOUTS.
const TIMEOUTS = {
  headersMs: 400,
  requestMs: 800,
  keepAliveMs: 400,
  checkEveryMs: 50
}

let server: RunningServer
const dispatched: string[] = []

beforeAll(async () => {
  const { kb } = await loadRealKb()
  const state = { kb, matcher: createMatcher(kb) }
  const interactions = createInteractions({
    publicKey: makeKeys().publicKeyHex,
    dispatch: (interaction) => {
      dispatched.push(interaction.id)
      return Promise.resolve()
    }
  })
  const app = createApp({
    kb: state,
    limits: { interactionBytes: LIMIT, bodyBytes: LIMIT },
    interactions: interactions.mount
  })
  server = await startServer({
    fetch: app.fetch,
    host: '127.0.0.1',
    port: 0,
    timeouts: TIMEOUTS,
    graceMs: 500
  })
})

afterAll(async () => {
  await server.close()
  expect(dispatched).toEqual([])
})

/** An open raw connection, with what the server sent and a promise of its end. */
interface Raw {
  socket: Socket
  received: () => string
  closed: Promise<void>
}

function open(): Promise<Raw> {
  return new Promise((done, fail) => {
    const socket = connect(server.port, '127.0.0.1')
    let data = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      data += chunk
    })
    const closed = new Promise<void>((ended) => {
      socket.once('close', () => ended())
    })
    socket.once('error', () => undefined)
    socket.once('connect', () => done({ socket, received: () => data, closed }))
    socket.once('error', fail)
  })
}

/** Write `text` piece by piece every `everyMs`, until the socket closes. */
function trickle(raw: Raw, pieces: string[], everyMs: number): void {
  let at = 0
  const timer = setInterval(() => {
    if (raw.socket.destroyed || at >= pieces.length) {
      clearInterval(timer)
      return
    }
    raw.socket.write(pieces[at++] ?? '')
  }, everyMs)
  void raw.closed.then(() => clearInterval(timer))
}

/** Wait for the server to end a connection; fail after `ms` (far beyond the deadline under test). */
async function closedWithin(raw: Raw, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`connection still open after ${ms} ms`)),
      ms
    )
  })
  try {
    await Promise.race([raw.closed, late])
  } finally {
    clearTimeout(timer)
  }
}

async function healthy(): Promise<number> {
  const response = await fetch(`${server.url}/healthz`)
  await response.arrayBuffer()
  return response.status
}

describe('slow clients', () => {
  it('should cut off a client that sends its headers too slowly (defence: headersTimeout)', async () => {
    const raw = await open()
    raw.socket.write('POST /interactions HTTP/1.1\r\nHost: x\r\n')
    // One header line every 100 ms, for ever.
    trickle(
      raw,
      Array.from({ length: 1000 }, (_, i) => `x-slow-${i}: 1\r\n`),
      100
    )
    await closedWithin(raw, 5000)
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408 /)
  })

  it('should cut off a body that trickles in (defence: requestTimeout)', async () => {
    const raw = await open()
    raw.socket.write(
      'POST /interactions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 4000\r\nx-signature-ed25519: 00\r\nx-signature-timestamp: 1\r\n\r\n'
    )
    trickle(
      raw,
      Array.from({ length: 400 }, () => '          '),
      100
    )
    await closedWithin(raw, 5000)
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408 /)
  })

  it('should keep answering /healthz while one client holds 200 half-open connections (defence: deadlines reap them)', async () => {
    const crowd = await Promise.all(Array.from({ length: 200 }, () => open()))
    for (const raw of crowd)
      raw.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nx-partial: ')
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) statuses.push(await healthy())
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 200))
    await Promise.all(crowd.map((raw) => closedWithin(raw, 5000)))
    expect(await healthy()).toBe(200)
  })
})

describe('oversized bodies', () => {
  it('should answer 413 to a declared 100 MB body at once, without reading it', async () => {
    const raw = await open()
    raw.socket.write(
      `POST /interactions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: ${100 * 1024 * 1024}\r\n\r\n{"type":1`
    )
    // The answer comes while 100 MB are still unsent.
    await expect
      .poll(() => raw.received(), { timeout: 3000 })
      .toMatch(/^HTTP\/1\.1 413 /)
    raw.socket.destroy()
  })

  it('should answer 413 to an endless chunked body once it passes the limit', async () => {
    const raw = await open()
    raw.socket.write(
      'POST /interactions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n'
    )
    const chunk = 'x'.repeat(8192)
    let sent = 0
    const timer = setInterval(() => {
      if (raw.socket.destroyed) return
      raw.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)
      sent += chunk.length
    }, 2)
    try {
      await expect
        .poll(() => raw.received(), { timeout: 3000 })
        .toMatch(/^HTTP\/1\.1 413 /)
    } finally {
      clearInterval(timer)
      raw.socket.destroy()
    }
    // Cut near the limit, not after reading everything the client would send.
    expect(sent).toBeGreaterThan(LIMIT)
  })

  it('should answer 413 to a diagnose body over the API limit', async () => {
    const response = await fetch(`${server.url}/api/diagnose`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(LIMIT + 1)
    })
    expect(response.status).toBe(413)
  })
})
