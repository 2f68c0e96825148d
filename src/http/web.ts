/**
 * @module http/web
 * The playground's files as `npm run build` wrote them to `dist/web/` (the page, its style, and its
 * TypeScript front end from `src/web/` bundled into `app.js`): read once at start, served from a fixed list (no
 * paths from the request reach the file system), with a strict Content-Security-Policy: the page
 * loads nothing from elsewhere and runs no inline script.
 */
import { readFileSync } from 'node:fs'
import type { Hono } from 'hono'

// The same path from src/http/web.ts (run by tsx or vitest) and from dist/http/web.js.
const WEB_DIR = new URL('../../dist/web/', import.meta.url)

/** The files of the page and their types; `/` serves `index.html`. */
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml'
}

/** The page's Content-Security-Policy: its own files only, no inline script, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'"
].join('; ')

/**
 * Load the page's files.
 * @param dir Where they are (`dist/web/` by default).
 * @returns A `mount` that adds `GET /` and `GET /assets/:name` to an app.
 */
export function createWebAssets(dir: URL = WEB_DIR): {
  mount: (app: Hono) => void
} {
  const files = new Map(
    Object.entries(FILES).map(([name, type]) => [
      name,
      { type, body: readFileSync(new URL(name, dir)) }
    ])
  )
  const serve = (name: string): Response | undefined => {
    const file = files.get(name)
    if (file === undefined) return undefined
    return new Response(file.body, {
      headers: {
        'content-type': file.type,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'content-security-policy': CONTENT_SECURITY_POLICY
      }
    })
  }
  return {
    mount: (app) => {
      app.get('/', (c) => serve('index.html') ?? c.notFound())
      app.get('/assets/:name', (c) => {
        const name = c.req.param('name')
        return (name === 'index.html' ? undefined : serve(name)) ?? c.notFound()
      })
    }
  }
}
