/**
 * Attacks through attachments, sent to the real gateway bot on the fake Discord: bombs, an archive
 * of 10,000 entries, files that lie about their type or size, hostile names and a CDN that never
 * finishes sending. Each must end with a clear, ephemeral answer and bounded memory; each test says
 * which line of defence it pins (removing that line makes the test fail).
 */
import { gzipSync } from 'node:zlib'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  extract,
  MAX_ARCHIVE_FILES,
  readAttachment
} from '../../src/interactions/attachments.ts'
import { t, UserError } from '../../src/interactions/messages.ts'
import { chatInput } from '../fake-discord/interactions.ts'
import {
  body,
  evalLog,
  sentMessages,
  startHarness
} from '../discord/harness.ts'
import type { Harness, SentMessage } from '../discord/harness.ts'
import type { RecordedRequest } from '../fake-discord/index.ts'

const MAX = 2 * 1024 * 1024
const EPHEMERAL = 64
const WSL_LOG = evalLog('dora-001')

let h: Harness

beforeAll(async () => {
  h = await startHarness({ MAX_ATTACHMENT_BYTES: String(MAX) })
})

afterAll(async () => {
  await h.close()
})

/** Attach bytes to `/diagnose file:` and return every message the bot sent, callback data first. */
async function diagnoseFile(
  filename: string,
  bytes: Uint8Array | string,
  contentType?: string,
  override: Record<string, unknown> = {}
): Promise<SentMessage[]> {
  const file = {
    ...h.fake.addAttachment(filename, bytes, contentType),
    ...override
  }
  const { requests } = await h.send(
    chatInput(
      'diagnose',
      [{ name: 'file', type: 11, value: file.id }],
      {},
      { attachments: { [file.id]: file } }
    )
  )
  return withCallback(requests)
}

/** Every message sent, the callback's data first whatever it is: a refusal, or the deferral's flags. */
function withCallback(requests: RecordedRequest[]): SentMessage[] {
  return [body(requests[0]).data ?? {}, ...sentMessages(requests.slice(1))]
}

/** The user-facing text of the last message, which must be private and mention nobody. */
function finalRefusal(messages: SentMessage[]): string {
  // Every message with text mentions nobody (the deferral carries no text).
  for (const message of messages)
    if (message.content !== undefined || message.embeds !== undefined)
      expect(message.allowed_mentions).toEqual({ parse: [] })
  const last = messages.at(-1)
  // Private: a refusal before any download is a private reply; after a download it is the edit of
  // a private deferral, and the edit itself carries no flags (Discord ignores them).
  expect((messages[0]?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL)
  if (messages.length > 1) expect(last?.flags).toBeUndefined()
  expect(last?.embeds ?? []).toEqual([])
  return last?.content ?? ''
}

/** A minimal PNG: signature and the start of an IHDR chunk (it holds NUL bytes, as every PNG does). */
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48,
  0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0
])
const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0])

describe('attachment attacks through /diagnose', () => {
  it('should refuse a gzip bomb at the cap while inflating (defence: gunzip maxOutputLength)', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 'a'))
    expect(bomb.length).toBeLessThan(MAX)
    const before = process.memoryUsage().arrayBuffers
    const messages = await diagnoseFile('bomb.log.gz', bomb, 'application/gzip')
    expect(finalRefusal(messages)).toBe(
      t('en-US', 'attachmentTooLarge', {
        filename: 'bomb.log.gz',
        size: MAX + 1,
        max: MAX
      })
    )
    // 200 MB inflated in full would show here; the cap keeps it near 1 MB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(
      64 * 1024 * 1024
    )
  })

  it('should refuse a zip bomb while inflating (defence: the running total in Unzip ondata)', async () => {
    const bomb = zipSync(
      { 'big.log': new Uint8Array(200 * 1024 * 1024).fill(97) },
      { level: 9 }
    )
    expect(bomb.length).toBeLessThan(MAX)
    const before = process.memoryUsage().arrayBuffers
    const messages = await diagnoseFile('bomb.zip', bomb, 'application/zip')
    expect(finalRefusal(messages)).toMatch(
      /^`bomb\.zip` is [\d.]+ MB, over the 2 MB limit; /
    )
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(
      64 * 1024 * 1024
    )
  })

  it('should refuse a zip of zips as holding no text (defence: inner archives are binary, not unpacked)', async () => {
    const inner = zipSync(
      { 'big.log': new Uint8Array(32 * 1024 * 1024).fill(97) },
      { level: 9 }
    )
    const outer = zipSync({ 'a.zip': inner, 'b.zip': inner }, { level: 0 })
    const messages = await diagnoseFile('42.zip', outer, 'application/zip')
    expect(finalRefusal(messages)).toBe(
      t('en-US', 'attachmentNoText', { filename: '42.zip' })
    )
  })

  it(`should read at most ${MAX_ARCHIVE_FILES} files of a zip with 10,000 entries (defence: MAX_ARCHIVE_FILES)`, async () => {
    const entries: Record<string, Uint8Array> = {}
    for (let i = 0; i < 10_000; i++)
      entries[`logs/${String(i).padStart(5, '0')}.log`] = strToU8(
        `line ${i}: nothing to see\n`
      )
    const zip = zipSync(entries, { level: 1 })
    // Without the cap every entry is inflated and diagnosed on the event loop (seconds).
    const files = await extract('many.zip', zip, MAX)
    expect(files).toHaveLength(MAX_ARCHIVE_FILES)
    expect(files[0]?.name).toBe('many.zip/logs/00000.log')
    expect(files[0]?.skipped).toBe(10_000 - MAX_ARCHIVE_FILES)
    const messages = await diagnoseFile('many.zip', zip, 'application/zip')
    const answer = messages.at(-1)
    expect(answer?.allowed_mentions).toEqual({ parse: [] })
    // The answer says how many files were left unread, in words the user can act on.
    expect(answer?.content ?? '').toContain(
      t('en-US', 'archiveSkipped', { count: 10_000 - MAX_ARCHIVE_FILES })
    )
  })

  const liars: {
    name: string
    filename: string
    bytes: Uint8Array
    type: string | undefined
  }[] = [
    // Defence: isBinary on the downloaded bytes (the name and the type both say text).
    {
      name: 'a .log that is a PNG',
      filename: 'daemon.log',
      bytes: PNG,
      type: 'text/plain'
    },
    // Defence: isBinary, whatever content_type Discord was told.
    {
      name: 'text/plain that is an ELF binary',
      filename: 'daemon.txt',
      bytes: ELF,
      type: 'text/plain; charset=utf-8'
    },
    // Defence: isBinary after gunzip (the magic bytes say gzip, the name says nothing).
    {
      name: 'a gzipped PNG named .txt',
      filename: 'notes.txt',
      bytes: gzipSync(PNG),
      type: undefined
    }
  ]
  for (const liar of liars) {
    it(`should refuse ${liar.name} as not a text log`, async () => {
      const messages = await diagnoseFile(liar.filename, liar.bytes, liar.type)
      expect(finalRefusal(messages)).toBe(
        t('en-US', 'attachmentBinary', { filename: liar.filename })
      )
    })
  }

  it('should stop a download that is larger than Discord declared (defence: bytes counted while reading)', async () => {
    const messages = await diagnoseFile(
      'small.log',
      'x'.repeat(MAX + 4096),
      'text/plain',
      { size: 100 }
    )
    expect(finalRefusal(messages)).toMatch(
      /^`small\.log` is 2 MB, over the 2 MB limit; /
    )
  })

  // Screenshots (PNG, JPEG, WebP) are downloaded and read with OCR (issue 17); other media are not.
  it('should refuse a .gif that is really a log before downloading it (defence: checkAttachment)', async () => {
    const before = h.fake.downloads.length
    const messages = await diagnoseFile('daemon.gif', WSL_LOG, 'image/gif')
    expect(finalRefusal(messages)).toBe(
      t('en-US', 'attachmentMedia', { filename: 'daemon.gif' })
    )
    expect(h.fake.downloads.length).toBe(before)
  })

  it('should show a hostile archive entry name as inert text (defence: safeName on entry names)', async () => {
    const name =
      'x`@everyone <@123>`[click](http://evil.example)\u202egol.exe\ntoken=ghp_Jqwzv0123456789abcdefghijABCDEFGHIJ.log'
    const zip = zipSync({ [name]: strToU8(WSL_LOG) })
    const messages = await diagnoseFile('bundle.zip', zip, 'application/zip')
    const content = messages.at(-1)?.content ?? ''
    const sourceLine = content.split('\n')[0] ?? ''
    // One inline code span, nothing live outside it.
    expect(sourceLine.match(/`/g)).toHaveLength(2)
    expect(sourceLine).not.toMatch(/@everyone|<@\d|\u202e|ghp_/)
    expect(sourceLine).toContain('@\u200beveryone')
  })
})

describe('a CDN that never finishes sending', () => {
  it('should give up at the deadline with a clear refusal (defence: the download deadline covers the body)', async () => {
    const file = h.fake.addTrickleAttachment('endless.log', {
      chunk: 'x'.repeat(64),
      intervalMs: 20
    })
    let refusal: unknown
    try {
      await readAttachment(file, { maxBytes: MAX, fetch, timeoutMs: 300 })
    } catch (error) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(UserError)
    expect(refusal instanceof UserError ? refusal.message : '').toBe(
      t('en-US', 'attachmentDownload', { filename: 'endless.log' })
    )
  })

  it('should answer /diagnose with a clear refusal within the configured deadline (ATTACHMENT_TIMEOUT_SECONDS)', async () => {
    const quick = await startHarness({
      MAX_ATTACHMENT_BYTES: String(MAX),
      ATTACHMENT_TIMEOUT_SECONDS: '0.5'
    })
    try {
      const file = quick.fake.addTrickleAttachment('stalled.log', {
        chunk: 'z'.repeat(16),
        intervalMs: 50
      })
      const { requests } = await quick.send(
        chatInput(
          'diagnose',
          [{ name: 'file', type: 11, value: file.id }],
          {},
          { attachments: { [file.id]: file } }
        )
      )
      expect(finalRefusal(withCallback(requests))).toBe(
        t('en-US', 'attachmentDownload', { filename: 'stalled.log' })
      )
    } finally {
      await quick.close()
    }
  })

  it('should cut a fast endless body at the size cap, whatever the deadline', async () => {
    const file = h.fake.addTrickleAttachment('flood.log', {
      chunk: 'y'.repeat(64 * 1024),
      intervalMs: 1
    })
    await expect(
      readAttachment(file, { maxBytes: MAX, fetch, timeoutMs: 60_000 })
    ).rejects.toMatchObject({ key: 'attachmentTooLarge' })
  })
})
