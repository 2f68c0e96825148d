/**
 * Screenshots in the fake Discord (issue 17): an image attached to `/diagnose`, and a message with
 * a screenshot used with Apps → Diagnose, are acknowledged at once (deferred before the OCR runs)
 * and answered with the article, the recognised text shown under the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { t } from '../../src/interactions/messages.ts'
import { chatInput, messageCommand } from '../fake-discord/interactions.ts'
import {
  body,
  embedText,
  evalLog,
  sentMessages,
  startHarness
} from '../discord/harness.ts'
import type { Harness } from '../discord/harness.ts'
import { missingFonts, renderScreenshot, STYLES } from './render.ts'

const ARTICLE = 'zenoh-multicast-bind-failed'
const missing = missingFonts()
if (missing.length > 0)
  console.warn(
    `test/ocr/discord.test.ts: skipped, fonts missing: ${missing.join(', ')}`
  )

let h: Harness
let png: Buffer

beforeAll(async () => {
  h = await startHarness()
  const style = STYLES.find((candidate) => candidate.id === 'light-dejavu-100')
  if (style === undefined) throw new Error('test: no light style')
  png = await renderScreenshot(evalLog('dora-001'), style)
})
afterAll(async () => {
  await h.close()
})

describe.skipIf(missing.length > 0)('screenshots in Discord', () => {
  it('should defer a /diagnose with a screenshot at once, then answer with its article and what was read', async () => {
    const file = h.fake.addAttachment(
      'Screenshot 2025-01-01.png',
      png,
      'image/png'
    )
    const { interaction, requests } = await h.send(
      chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: file.id }],
        {},
        { attachments: { [file.id]: file } }
      )
    )
    // Acknowledged first (a deferral, before the download and the OCR), within Discord's window.
    expect(body(requests[0])).toEqual({ type: 5, data: { flags: 64 } })
    expect(interaction.acknowledgedAt).toBeDefined()
    expect(
      (interaction.acknowledgedAt ?? Infinity) - interaction.dispatchedAt
    ).toBeLessThan(3000)
    const messages = sentMessages(requests)
    expect(messages[0]?.embeds?.[0]?.footer?.text.split(' · ')[0]).toBe(ARTICLE)
    expect(embedText(messages)).toContain('Read from the image')
    expect(embedText(messages)).toContain('Cannot assign requested address')
  }, 90_000)

  it('should answer Apps → Diagnose on a message with a screenshot', async () => {
    const file = h.fake.addAttachment('shot.png', png, 'image/png')
    const payload = messageCommand('Diagnose', {
      content: '',
      attachments: [file]
    })
    const { interaction, requests } = await h.send(payload)
    expect(body(requests[0])).toEqual({ type: 5, data: { flags: 64 } })
    expect(
      (interaction.acknowledgedAt ?? Infinity) - interaction.dispatchedAt
    ).toBeLessThan(3000)
    const posted = h.fake.requests.filter(
      (r) =>
        r.method === 'POST' &&
        r.path === '/channels/300000000000000001/messages'
    )
    const reply = body(posted.at(-1))
    expect(reply.embeds?.[0]?.footer?.text.split(' · ')[0]).toBe(ARTICLE)
    expect(reply.content).toContain(
      t('en-US', 'matchedFile', { file: 'shot.png' })
    )
  }, 90_000)

  it('should ask for the text when a screenshot cannot be read', async () => {
    // A PNG signature and nothing else: an image by its content, but no picture.
    const file = h.fake.addAttachment(
      'broken.png',
      new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
      'image/png'
    )
    const { requests } = await h.send(
      chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: file.id }],
        {},
        { attachments: { [file.id]: file } }
      )
    )
    expect(body(requests[0])).toEqual({ type: 5, data: { flags: 64 } })
    expect(body(requests[1]).content).toBe(
      t('en-US', 'imageUnreadable', { filename: 'broken.png' })
    )
  }, 30_000)
})

describe.skipIf(missing.length > 0)(
  'screenshots that lie about their content',
  () => {
    it('should refuse a .png that holds text instead of reading it as a log', async () => {
      const file = h.fake.addAttachment(
        'daemon.png',
        evalLog('dora-001'),
        'image/png'
      )
      const { requests } = await h.send(
        chatInput(
          'diagnose',
          [{ name: 'file', type: 11, value: file.id }],
          {},
          { attachments: { [file.id]: file } }
        )
      )
      expect(body(requests[1]).content).toBe(
        t('en-US', 'imageUnreadable', { filename: 'daemon.png' })
      )
    }, 30_000)
  }
)
