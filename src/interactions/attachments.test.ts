import { gzipSync } from 'node:zlib'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { checkAttachment, extract, readAttachment } from './attachments.ts'
import { t, UserError } from './messages.ts'

const LOG =
  'failed to open zenoh session\nCannot assign requested address (os error 99)\n'

/** The refusal a call rejects with, as the user would read it. */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (error) {
    if (error instanceof UserError) return t('en-US', error.key, error.params)
    throw error
  }
  throw new Error('expected a refusal')
}

describe('extract', () => {
  it.each([
    ['daemon.log', strToU8(LOG), [{ name: 'daemon.log', text: LOG }]],
    ['daemon.log.gz', gzipSync(LOG), [{ name: 'daemon.log', text: LOG }]],
    // gzip is recognised by its magic bytes too, whatever the name.
    ['upload.bin.txt', gzipSync(LOG), [{ name: 'upload.bin.txt', text: LOG }]],
    [
      'logs.zip',
      zipSync({
        'a/daemon.log': strToU8(LOG),
        'a/empty.txt': new Uint8Array(0),
        'a/pic.jpg': new Uint8Array([1, 2])
      }),
      [{ name: 'logs.zip/a/daemon.log', text: LOG }]
    ]
  ])('should read the text logs out of %s', async (name, bytes, expected) => {
    expect(await extract(name, bytes, 1024 * 1024)).toEqual(expected)
  })

  it.each([
    [
      'core.dump',
      new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]),
      t('en-US', 'attachmentBinary', { filename: 'core.dump' })
    ],
    [
      'bin.zip',
      zipSync({ 'a.out': new Uint8Array([0, 1, 2, 3]) }),
      t('en-US', 'attachmentNoText', { filename: 'bin.zip' })
    ],
    [
      'broken.gz',
      new Uint8Array([0x1f, 0x8b, 1, 2, 3]),
      t('en-US', 'attachmentBinary', { filename: 'broken.gz' })
    ]
  ])('should refuse %s', async (name, bytes, message) => {
    expect(await refusal(() => extract(name, bytes, 1024 * 1024))).toBe(message)
  })

  it('should stop a gzip bomb at the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 'a'))
    expect(bomb.length).toBeLessThan(100 * 1024)
    expect(await refusal(() => extract('bomb.log.gz', bomb, 1024 * 1024))).toBe(
      t('en-US', 'attachmentTooLarge', {
        filename: 'bomb.log.gz',
        size: 1024 * 1024 + 1,
        max: 1024 * 1024
      })
    )
  })

  it('should stop a zip bomb while inflating, before it is all in memory', async () => {
    const bomb = zipSync(
      { 'big.log': new Uint8Array(64 * 1024 * 1024).fill(97) },
      { level: 9 }
    )
    const before = process.memoryUsage().arrayBuffers
    expect(await refusal(() => extract('bomb.zip', bomb, 1024 * 1024))).toMatch(
      /^`bomb.zip` is .* over the 1 MB limit/
    )
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(
      48 * 1024 * 1024
    )
  })
})

describe('checkAttachment', () => {
  it.each([
    [
      { filename: 'shot.png', size: 10, url: '', content_type: 'image/png' },
      'attachmentMedia'
    ],
    [
      { filename: 'clip', size: 10, url: '', content_type: 'video/mp4' },
      'attachmentMedia'
    ],
    [{ filename: 'app.exe', size: 10, url: '' }, 'attachmentBinary'],
    [{ filename: 'big.log', size: 2000, url: '' }, 'attachmentTooLarge']
  ] as const)('should refuse %j before any download', (attachment, key) => {
    expect(() => checkAttachment(attachment, 1000)).toThrow(UserError)
    try {
      checkAttachment(attachment, 1000)
    } catch (error) {
      expect(error instanceof UserError ? error.key : undefined).toBe(key)
    }
  })

  it('should accept a text log under the cap', () => {
    expect(() =>
      checkAttachment(
        {
          filename: 'daemon.log',
          size: 999,
          url: '',
          content_type: 'text/plain'
        },
        1000
      )
    ).not.toThrow()
  })
})

describe('readAttachment', () => {
  const serve =
    (bytes: Uint8Array, headers: Record<string, string> = {}): typeof fetch =>
    () =>
      Promise.resolve(
        new Response(Buffer.from(bytes), { status: 200, headers })
      )

  it('should download and read a log', async () => {
    const files = await readAttachment(
      { filename: 'daemon.log', size: LOG.length, url: 'http://cdn/x' },
      { maxBytes: 1000, fetch: serve(strToU8(LOG)) }
    )
    expect(files).toEqual([{ name: 'daemon.log', text: LOG }])
  })

  it('should stop a download that grows past the cap, whatever size was declared', async () => {
    await expect(
      readAttachment(
        { filename: 'liar.log', size: 10, url: 'http://cdn/x' },
        { maxBytes: 1000, fetch: serve(new Uint8Array(5000).fill(97)) }
      )
    ).rejects.toMatchObject({ key: 'attachmentTooLarge' })
  })

  it('should say when the file cannot be downloaded', async () => {
    const failing: typeof fetch = () =>
      Promise.resolve(new Response('gone', { status: 404 }))
    await expect(
      readAttachment(
        { filename: 'daemon.log', size: 10, url: 'http://cdn/x' },
        { maxBytes: 1000, fetch: failing }
      )
    ).rejects.toMatchObject({ key: 'attachmentDownload' })
  })
})
