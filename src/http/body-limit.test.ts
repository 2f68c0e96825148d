import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { limitBody } from './body-limit.ts'

const LIMIT = 16

function app(): Hono {
  const hono = new Hono()
  hono.use(limitBody(LIMIT, (c) => c.text('too large', 413)))
  hono.all('/', async (c) => c.text(`read ${(await c.req.text()).length}`))
  return hono
}

/** A body sent in chunks, with no Content-Length. */
function chunked(size: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (let sent = 0; sent < size; sent += 4)
        controller.enqueue(new Uint8Array(Math.min(4, size - sent)).fill(97))
      controller.close()
    }
  })
}

describe('limitBody', () => {
  const rows: {
    name: string
    init: RequestInit & { duplex?: 'half' }
    status: number
    body: string
  }[] = [
    {
      name: 'a declared length at the limit passes',
      init: {
        method: 'POST',
        headers: { 'content-length': String(LIMIT) },
        body: 'a'.repeat(LIMIT)
      },
      status: 200,
      body: `read ${LIMIT}`
    },
    {
      name: 'a declared length over the limit is refused unread',
      init: {
        method: 'POST',
        headers: { 'content-length': String(LIMIT + 1) },
        body: 'a'.repeat(LIMIT + 1)
      },
      status: 413,
      body: 'too large'
    },
    {
      name: 'a chunked body under the limit passes',
      init: { method: 'POST', body: chunked(LIMIT - 1), duplex: 'half' },
      status: 200,
      body: `read ${LIMIT - 1}`
    },
    {
      name: 'a chunked body that grows over the limit is refused',
      init: { method: 'POST', body: chunked(LIMIT * 4), duplex: 'half' },
      status: 413,
      body: 'too large'
    },
    {
      name: 'a GET has no body to limit',
      init: { method: 'GET' },
      status: 200,
      body: 'read 0'
    }
  ]
  for (const row of rows)
    it(`should answer ${row.status} when ${row.name}`, async () => {
      const response = await app().request('/', row.init)
      expect(response.status).toBe(row.status)
      expect(await response.text()).toBe(row.body)
    })
})

describe('limitBody on a declared length', () => {
  it('should answer 413 from the header alone, without reading the body', async () => {
    let pulled = false
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true
          controller.close()
        }
      },
      { highWaterMark: 0 }
    )
    const response = await app().request('/', {
      method: 'POST',
      headers: { 'content-length': String(LIMIT + 1) },
      body,
      duplex: 'half'
    } as RequestInit)
    expect(response.status).toBe(413)
    expect(pulled).toBe(false)
  })
})
