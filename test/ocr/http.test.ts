/**
 * `POST /api/diagnose` with a screenshot (issue 17): a multipart upload or a base64 `image` field,
 * told apart from a log by its content; the answer is the JSON of the text path plus `image` (the
 * recognised text and the values to check). Unreadable or oversized images get a clear message.
 */
import { join } from 'node:path'
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  IMAGE_TOO_MANY_PIXELS,
  IMAGE_UNKNOWN_FORMAT,
  INVALID_DIAGNOSE_BODY
} from '../../src/errors.ts'
import { createApp } from '../../src/http/app.ts'
import { loadKb } from '../../src/kb/load.ts'
import { createMatcher } from '../../src/match/matcher.ts'
import { createOcr } from '../../src/ocr/engine.ts'
import { DEFAULT_IMAGE_LIMITS } from '../../src/ocr/image.ts'
import type { DiagnosisJson } from '../../src/render/json.ts'
import type { PlaygroundView } from '../../src/render/playground.ts'
import { evalLog } from '../eval-set.ts'
import { missingFonts, renderScreenshot, STYLES } from './render.ts'

// A generous budget: the suite runs files side by side on a shared machine.
const ocr = createOcr({ timeoutMs: 120_000 })
let app: Hono
let png: Buffer

const missing = missingFonts()
if (missing.length > 0)
  console.warn(
    `test/ocr/http.test.ts: skipped, fonts missing: ${missing.join(', ')}`
  )

beforeAll(async () => {
  const { kb } = await loadKb(join(import.meta.dirname, '..', '..', 'kb'))
  app = createApp({ kb: { kb, matcher: createMatcher(kb) }, ocr })
  const style = STYLES.find((candidate) => candidate.id === 'dark-dejavu-100')
  if (style === undefined) throw new Error('test: no dark style')
  // A small window: the log is two lines.
  png = await renderScreenshot(evalLog('zos-053'), style, {
    width: 960,
    height: 200
  })
})
afterAll(() => ocr.close())

/** The start of a PNG whose header declares a huge picture (a decompression bomb's header). */
function bombHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(33)
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0)
  header.writeUInt32BE(13, 8)
  header.write('IHDR', 12, 'ascii')
  header.writeUInt32BE(width, 16)
  header.writeUInt32BE(height, 20)
  return header
}

const post = (body: BodyInit, type?: string) =>
  app.request('/api/diagnose', {
    method: 'POST',
    body,
    ...(type === undefined ? {} : { headers: { 'content-type': type } })
  })

describe.skipIf(missing.length > 0)(
  'POST /api/diagnose with a screenshot',
  () => {
    it('should diagnose a multipart upload told apart by its content', async () => {
      const form = new FormData()
      // A misleading name: the content decides.
      form.set('file', new Blob([new Uint8Array(png)]), 'log.txt')
      const response = await post(form)
      expect(response.status).toBe(200)
      const body = (await response.json()) as DiagnosisJson
      expect(body.matches[0]?.id).toBe('addr-in-use')
      expect(body.image?.text).toContain('Address already in use')
      expect(body.image?.confidence).toBeGreaterThan(50)
    }, 60_000)

    it('should give the playground the recognised text to show and correct', async () => {
      const form = new FormData()
      form.set('file', new Blob([new Uint8Array(png)]), 'screenshot')
      const response = await app.request('/api/playground/diagnose', {
        method: 'POST',
        body: form
      })
      expect(response.status).toBe(200)
      const view = (await response.json()) as PlaygroundView
      expect(view.reply.articles[0]?.id).toBe('addr-in-use')
      expect(view.reply.image?.text).toContain('Address already in use')
    }, 60_000)

    it('should diagnose a base64 `image` field the same way', async () => {
      const response = await post(
        JSON.stringify({
          image: `data:image/png;base64,${png.toString('base64')}`
        }),
        'application/json'
      )
      expect(response.status).toBe(200)
      const body = (await response.json()) as DiagnosisJson
      expect(body.matches[0]?.id).toBe('addr-in-use')
    }, 60_000)

    it.each([
      {
        name: 'an `image` field that holds no image',
        body: JSON.stringify({
          image: Buffer.from('Error: not a picture').toString('base64')
        }),
        status: 400,
        error: IMAGE_UNKNOWN_FORMAT()
      },
      {
        name: 'an `image` field that is not base64',
        body: JSON.stringify({ image: '<svg/>' }),
        status: 400,
        error: INVALID_DIAGNOSE_BODY('image: expected base64 image data')
      },
      {
        name: 'a decompression bomb',
        body: JSON.stringify({
          image: bombHeader(60_000, 60_000).toString('base64')
        }),
        status: 413,
        error: IMAGE_TOO_MANY_PIXELS(
          60_000,
          60_000,
          DEFAULT_IMAGE_LIMITS.maxPixels
        )
      }
    ])('should answer $status for $name', async ({ body, status, error }) => {
      const response = await post(body, 'application/json')
      expect(response.status).toBe(status)
      expect(await response.json()).toEqual({ error })
    })
  }
)
