/**
 * @module http/server
 * Run the app on a real socket with @hono/node-server, and shut it down gracefully: stop accepting,
 * let in-flight requests (and the interaction work they started) finish, then close.
 */
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import type { Logger } from 'pino'

/** A running server. */
export interface RunningServer {
  /** `http://host:port`, with the port actually bound (for `port: 0`). */
  url: string
  port: number
  /** Stop accepting, wait for in-flight requests and background work, then close. */
  close: () => Promise<void>
}

/** How to run the server. */
export interface ServeOptions {
  fetch: (request: Request) => Response | Promise<Response>
  host: string
  port: number
  logger?: Logger | undefined
  /** Work still running after its response was sent (deferred interactions); awaited on close. */
  pending?: (() => Promise<unknown> | undefined) | undefined
  /** How long close waits for in-flight requests before cutting connections. */
  graceMs?: number
  /** Socket deadlines against slow clients; see {@link DEFAULT_TIMEOUTS}. */
  timeouts?: Partial<ServerTimeouts> | undefined
}

/** Deadlines that cut slow or stalled clients off (slowloris, a body that never ends). */
export interface ServerTimeouts {
  /** The request line and headers must arrive within this (node `headersTimeout`; 408 after). */
  headersMs: number
  /** The whole request, body included, must arrive within this (node `requestTimeout`; 408 after). */
  requestMs: number
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number
  /** How often node checks the two deadlines above (its default, 30 s, would let them slip). */
  checkEveryMs: number
}

/** A Discord interaction is a few KB and must be answered within 3 s: honest clients are far faster. */
export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  checkEveryMs: 1_000
}

const formatHost = (host: string): string =>
  host.includes(':') ? `[${host}]` : host

/**
 * Listen on host and port.
 * @param options The app's fetch, where to listen, and the logger.
 * @returns The running server, once it listens.
 */
export function startServer(options: ServeOptions): Promise<RunningServer> {
  const graceMs = options.graceMs ?? 10_000
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  return new Promise((resolve, reject) => {
    const onListening = (info: AddressInfo): void => {
      server.off('error', reject)
      const url = `http://${formatHost(options.host)}:${info.port}`
      let closing: Promise<void> | undefined
      resolve({
        url,
        port: info.port,
        close: () => (closing ??= shutdown(server, options, graceMs))
      })
    }
    // serve() starts listening at once: the error listener must be attached in the same tick.
    const server = serve(
      {
        fetch: options.fetch,
        hostname: options.host,
        port: options.port,
        serverOptions: {
          headersTimeout: timeouts.headersMs,
          requestTimeout: timeouts.requestMs,
          keepAliveTimeout: timeouts.keepAliveMs,
          connectionsCheckingInterval: timeouts.checkEveryMs
        }
      },
      onListening
    ) as Server
    server.once('error', reject)
  })
}

async function shutdown(
  server: Server,
  options: ServeOptions,
  graceMs: number
): Promise<void> {
  options.logger?.info('shutting down: waiting for in-flight requests')
  const closed = new Promise<void>((resolve) => {
    server.close(() => resolve())
  })
  // Idle keep-alive sockets would hold close() open; busy ones finish their request first.
  server.closeIdleConnections()
  const idleTimer = setInterval(() => server.closeIdleConnections(), 100)
  const timer = setTimeout(() => {
    options.logger?.warn(
      { graceMs },
      'shutdown grace period over: closing connections'
    )
    server.closeAllConnections()
  }, graceMs)
  try {
    await closed
    await options.pending?.()
  } finally {
    clearInterval(idleTimer)
    clearTimeout(timer)
  }
  options.logger?.info('server closed')
}
