/**
 * @module http/body-limit
 * The request-size limit of the API and the interactions endpoint. A request that declares its
 * length is judged by its `Content-Length` alone (Node reads no more than that many bytes), so the
 * body is later read straight from the socket. Hono's own `bodyLimit` reads `c.req.raw.body`, which
 * makes @hono/node-server build a second, web-standard `Request` around the socket for every call:
 * about a sixth of the server's main thread under load (`bench/http-load.ts`). Only a chunked body,
 * whose size is known once read, goes through Hono's middleware, which counts it as it streams.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/**
 * Refuse request bodies over a size.
 * @param maxSize The largest body, in bytes.
 * @param onError The answer to a body over the limit (413).
 * @returns The middleware.
 * @example
 * app.use('/api/*', limitBody(2 ** 21, (c) => c.json({ error: 'too large' }, 413)))
 */
export function limitBody(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>
): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError })
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined)
      return Number(length) > maxSize ? onError(c) : next()
    return streamed(c, next)
  }
}
