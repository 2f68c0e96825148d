import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { startServer } from '../../src/http/server.ts'

describe('startServer', () => {
  it('should let an in-flight request finish on close and refuse new ones', async () => {
    let release = (): void => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let started = (): void => {}
    const inFlight = new Promise<void>((resolve) => {
      started = resolve
    })
    const app = new Hono()
    app.get('/slow', async (c) => {
      started()
      await gate
      return c.text('finished')
    })
    const server = await startServer({
      fetch: app.fetch,
      host: '127.0.0.1',
      port: 0
    })
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)

    const slow = fetch(`${server.url}/slow`)
    await inFlight
    const closing = server.close()
    await expect(fetch(`${server.url}/slow`)).rejects.toThrow()
    release()
    const response = await slow
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('finished')
    await closing
  })

  it('should wait for background work after the last response', async () => {
    const app = new Hono()
    app.get('/', (c) => c.text('ok'))
    const order: string[] = []
    const work: { pending?: Promise<void> } = {}
    const server = await startServer({
      fetch: app.fetch,
      host: '127.0.0.1',
      port: 0,
      pending: () => work.pending
    })
    expect(await (await fetch(server.url)).text()).toBe('ok')
    work.pending = new Promise((resolve) =>
      setTimeout(() => {
        order.push('follow-up sent')
        resolve()
      }, 50)
    )
    await server.close()
    order.push('closed')
    expect(order).toEqual(['follow-up sent', 'closed'])
  })

  it('should reject when the port is taken', async () => {
    const app = new Hono()
    const first = await startServer({
      fetch: app.fetch,
      host: '127.0.0.1',
      port: 0
    })
    await expect(
      startServer({ fetch: app.fetch, host: '127.0.0.1', port: first.port })
    ).rejects.toThrow(/EADDRINUSE/)
    await first.close()
  })
})
