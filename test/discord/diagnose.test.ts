import { gzipSync } from 'node:zlib'
import { zipSync, strToU8 } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { t } from '../../src/interactions/messages.ts'
import type { Article, Kb } from '../../src/kb/types.ts'
import { createMatcher } from '../../src/match/matcher.ts'
import { diagnose } from '../../src/match/diagnose.ts'
import { renderReply } from '../../src/render/reply.ts'
import {
  chatInput,
  messageCommand,
  modalSubmit
} from '../fake-discord/interactions.ts'
import {
  body,
  customIds,
  embedText,
  evalLog,
  sentMessages,
  startHarness
} from './harness.ts'
import type { Harness, SentMessage } from './harness.ts'
import { loadRealKb } from '../real-kb.ts'

const WSL_LOG = evalLog('dora-001')
const ARTICLE = 'zenoh-multicast-bind-failed'
const EPHEMERAL = 64

let h: Harness
let kb: Kb
let article: Article

beforeAll(async () => {
  h = await startHarness({
    MAX_ATTACHMENT_BYTES: '65536',
    KB_BASE_URL: 'https://kb.example.org/remedy'
  })
  kb = (await loadRealKb()).kb
  const found = kb.articles.find((item) => item.id === ARTICLE)
  if (found === undefined) throw new Error(`the KB has no ${ARTICLE}`)
  article = found
})

afterAll(async () => {
  await h.close()
})

/** Assert that a message is the answer for `article`: title, link, and every step once, in order. */
function expectAnswerFor(
  messages: SentMessage[],
  expected: Article,
  title = expected.content.title
): void {
  const first = messages[0]
  expect(first?.embeds?.[0]?.title).toBe(title)
  expect(first?.embeds?.[0]?.footer?.text.split(' · ')[0]).toBe(expected.id)
  expect(first?.embeds?.[0]?.url).toBe(
    `https://kb.example.org/remedy/${expected.content.path}`
  )
  const text = embedText(messages)
  const positions = expected.content.steps.map((_, i) =>
    text.indexOf(`**${i + 1}.**`)
  )
  expect(positions.every((position) => position >= 0)).toBe(true)
  expect(positions).toEqual([...positions].sort((a, b) => a - b))
  expect(text.indexOf(`**${expected.content.steps.length + 1}.**`)).toBe(-1)
  for (const message of messages)
    expect(message.allowed_mentions).toEqual({ parse: [] })
}

describe('/diagnose', () => {
  it('should answer the WSL log of dora issue 889 with zenoh-multicast-bind-failed and its steps in order, within 3 s', async () => {
    const started = Date.now()
    const { interaction, requests } = await h.send(
      chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }])
    )
    const [callback, ...rest] = requests
    expect(callback?.path).toBe(
      `/interactions/${interaction.id}/${interaction.token}/callback`
    )
    expect(callback?.at).toBeDefined()
    expect(Date.now() - started).toBeLessThan(3000)
    // Acknowledged on receipt, privately, before the diagnosis; the answer is the edit.
    expect(body(callback)).toEqual({ type: 5, data: { flags: EPHEMERAL } })
    const messages = sentMessages(rest)
    expectAnswerFor(messages, article)
    expect(rest.map((request) => request.method)).toEqual([
      'PATCH',
      ...rest.slice(1).map(() => 'POST')
    ])
    const why = messages[0]?.embeds?.[0]?.fields?.[0]
    expect(why?.value).toContain('224.0.0.224:7446')
    // Redacted: the home directory's user name never comes back.
    expect(embedText(messages)).not.toContain('rooter')
    // "Other matches" shows when the engine found other articles for this log.
    const others =
      diagnose(createMatcher(kb), WSL_LOG, { locale: 'en-US' }).others.length >
      0
    const ids = customIds(messages[0])
    expect(ids.map((id) => id.split(':').slice(0, 2).join(':'))).toEqual([
      'r1:fix',
      'r1:nohelp',
      ...(others ? ['r1:other'] : []),
      'r1:pub'
    ])
  })

  it('should post publicly when asked, without the "Post publicly" button', async () => {
    const { requests } = await h.send(
      chatInput('diagnose', [
        { name: 'log', type: 3, value: WSL_LOG },
        { name: 'public', type: 5, value: true }
      ])
    )
    expect(body(requests[0])).toEqual({ type: 5, data: {} })
    const messages = sentMessages(requests)
    expectAnswerFor(messages, article)
    expect(messages[0]?.flags).toBeUndefined()
    expect(customIds(messages[0]).some((id) => id.startsWith('r1:pub:'))).toBe(
      false
    )
  })

  it('should diagnose an attached log: defer first, then edit the reply', async () => {
    const file = h.fake.addAttachment(
      'daemon.log',
      WSL_LOG,
      'text/plain; charset=utf-8'
    )
    const { requests } = await h.send(
      chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: file.id }],
        {},
        { attachments: { [file.id]: file } }
      )
    )
    expect(
      requests.map(
        (r) => `${r.method} ${r.path.split('/').slice(0, 2).join('/')}`
      )
    ).toEqual([
      'POST /interactions',
      'PATCH /webhooks',
      ...requests.slice(2).map(() => 'POST /webhooks')
    ])
    expect(body(requests[0])).toEqual({ type: 5, data: { flags: EPHEMERAL } })
    expect(requests[1]?.path).toBe(
      `/webhooks/${h.fake.applicationId}/${requests[0]?.path.split('/')[3]}/messages/@original`
    )
    const messages = sentMessages(requests)
    expectAnswerFor(messages, article)
    expect(messages[0]?.content).toContain(
      t('en-US', 'matchedFile', { file: 'daemon.log' })
    )
  })

  it('should wait out a 429 on the edit and still deliver the answer', async () => {
    const file = h.fake.addAttachment('daemon.log', WSL_LOG, 'text/plain')
    h.fake.rateLimitOnce('PATCH', '/webhooks/', 0.3)
    const { requests } = await h.send(
      chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: file.id }],
        {},
        { attachments: { [file.id]: file } }
      )
    )
    const edits = requests.filter((r) => r.method === 'PATCH')
    expect(edits).toHaveLength(2)
    expect(edits[1]?.body).toEqual(edits[0]?.body)
    expectAnswerFor(sentMessages(requests).slice(1), article)
  })

  it('should read every text file of a zip and say which one matched', async () => {
    const zip = zipSync({
      'bundle/README.txt': strToU8('robot setup notes, nothing failed here'),
      'bundle/logs/daemon.log': strToU8(WSL_LOG),
      'bundle/photo.png': new Uint8Array([137, 80, 78, 71, 0, 0])
    })
    const file = h.fake.addAttachment('bundle.zip', zip, 'application/zip')
    const { requests } = await h.send(
      chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: file.id }],
        {},
        { attachments: { [file.id]: file } }
      )
    )
    const messages = sentMessages(requests)
    expectAnswerFor(messages, article)
    expect(messages[0]?.content).toContain(
      t('en-US', 'matchedFile', { file: 'bundle.zip/bundle/logs/daemon.log' })
    )
  })

  it('should keep "no match" private even when a public answer was asked for an attachment', async () => {
    const file = h.fake.addAttachment(
      'notes.txt',
      'lunch was good today, see you tomorrow',
      'text/plain'
    )
    const { requests } = await h.send(
      chatInput(
        'diagnose',
        [
          { name: 'file', type: 11, value: file.id },
          { name: 'public', type: 5, value: true }
        ],
        {},
        { attachments: { [file.id]: file } }
      )
    )
    expect(requests.map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST'])
    expect(body(requests[0])).toEqual({ type: 5, data: {} })
    expect(requests[1]?.path.endsWith('/messages/@original')).toBe(true)
    expect(body(requests[2]).flags).toBe(EPHEMERAL)
    const none = renderReply(
      diagnose(createMatcher(kb), 'lunch was good today, see you tomorrow', {
        locale: 'en-US'
      })
    )
    expect(none.verdict).toBe('none')
    expect(body(requests[2]).content).toContain(none.headline)
  })

  it('should refuse an oversized attachment at once, without downloading it', async () => {
    const file = h.fake.addAttachment(
      'huge.log',
      'x'.repeat(70_000),
      'text/plain'
    )
    const downloads = h.fake.downloads.length
    const { requests } = await h.send(
      chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: file.id }],
        {},
        { attachments: { [file.id]: file } }
      )
    )
    expect(requests).toHaveLength(1)
    expect(body(requests[0])).toEqual({
      type: 4,
      data: {
        content: t('en-US', 'attachmentTooLarge', {
          filename: 'huge.log',
          size: 70_000,
          max: 65_536
        }),
        flags: EPHEMERAL,
        embeds: [],
        components: [],
        allowed_mentions: { parse: [] }
      }
    })
    expect(h.fake.downloads.length).toBe(downloads)
  })

  // Screenshots (PNG, JPEG, WebP) are read with OCR (test/ocr/discord.test.ts); other media are refused.
  it('should refuse an animation politely', async () => {
    const file = h.fake.addAttachment(
      'screenshot.gif',
      new Uint8Array([71, 73, 70, 56]),
      'image/gif'
    )
    const { requests } = await h.send(
      chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: file.id }],
        {},
        { attachments: { [file.id]: file } }
      )
    )
    expect(body(requests[0]).data?.content).toBe(
      t('en-US', 'attachmentMedia', { filename: 'screenshot.gif' })
    )
  })

  it('should open a modal without log or file, and diagnose what is pasted in it', async () => {
    const { requests } = await h.send(chatInput('diagnose', []))
    expect(body(requests[0])).toMatchObject({
      type: 9,
      data: {
        custom_id: 'r1:paste:0',
        title: t('en-US', 'modalTitle'),
        components: [
          {
            type: 18,
            component: { type: 4, custom_id: 'log', style: 2, max_length: 4000 }
          }
        ]
      }
    })
    const submitted = await h.send(modalSubmit('r1:paste:0', { log: WSL_LOG }))
    expect(body(submitted.requests[0])).toEqual({
      type: 5,
      data: { flags: EPHEMERAL }
    })
    expectAnswerFor(sentMessages(submitted.requests), article)
  })

  it('should answer "none" briefly and privately, with what to collect', async () => {
    const { requests } = await h.send(
      chatInput('diagnose', [
        {
          name: 'log',
          type: 3,
          value: 'lunch was good today, see you tomorrow'
        }
      ])
    )
    expect(body(requests[0])).toEqual({ type: 5, data: { flags: EPHEMERAL } })
    const [message] = sentMessages(requests)
    expect(message?.components).toBeUndefined()
    const expected = diagnose(
      createMatcher(kb),
      'lunch was good today, see you tomorrow',
      { locale: 'en-US' }
    )
    expect(expected.verdict).toBe('none')
    const rendered = renderReply(expected)
    expect(message?.content).toBe(
      `**${rendered.headline}**\n${rendered.notes.join('\n')}`.trim()
    )
    expect(message?.embeds?.[0]?.title).toBe(
      expected.collect?.title ?? rendered.labels.noMatch
    )
    expect(message?.embeds?.[0]?.description).toBe(rendered.labels.searchHint)
    expect(message?.allowed_mentions).toEqual({ parse: [] })
  })

  it('should answer a zh-CN user with the translation of the article', async () => {
    const matcher = createMatcher(kb)
    // Any translated article whose first example it matches confidently will do.
    const translated = kb.articles.find((item) => {
      const example = item.examples.match[0]
      if (item.translations['zh-CN'] === undefined || example === undefined)
        return false
      const result = diagnose(matcher, example.log, { locale: 'zh-CN' })
      return result.verdict === 'match' && result.matches[0]?.id === item.id
    })
    if (translated === undefined)
      throw new Error(
        'the KB has no translated article with a matching example'
      )
    const zh = translated.translations['zh-CN']
    const { requests } = await h.send(
      chatInput(
        'diagnose',
        [
          {
            name: 'log',
            type: 3,
            value: translated.examples.match[0]?.log ?? ''
          }
        ],
        { locale: 'zh-CN' }
      )
    )
    const messages = sentMessages(requests)
    expect(zh).toBeDefined()
    expect(messages[0]?.embeds?.[0]?.title).toBe(zh?.title)
    expect(messages[0]?.embeds?.[0]?.description).toContain(zh?.summary ?? '')
    const labels = (messages[0]?.components ?? []).flatMap((row) =>
      (row.components ?? []).map((c) => c.label)
    )
    expect(
      labels.some(
        (label) => label !== undefined && /[\u4e00-\u9fff]/.test(label)
      )
    ).toBe(true)
  })

  it('should stop a user who diagnoses again within the cooldown', async () => {
    const strict = await startHarness({ COOLDOWN_SECONDS: '60' })
    try {
      const actor = { userId: '500000000000000042' }
      const first = await strict.send(
        chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }], actor)
      )
      expect(sentMessages(first.requests)[0]?.embeds?.[0]?.footer?.text).toBe(
        ARTICLE
      )
      const second = await strict.send(
        chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }], actor)
      )
      expect(sentMessages(second.requests)[0]?.content).toBe(
        t('en-US', 'cooldown', { seconds: 60 })
      )
      const other = await strict.send(
        chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }], {
          userId: '7'
        })
      )
      expect(sentMessages(other.requests)[0]?.embeds?.[0]?.footer?.text).toBe(
        ARTICLE
      )
    } finally {
      await strict.close()
    }
  })
})

describe('Apps → Diagnose', () => {
  it('should answer a message with a code block as a reply to that message', async () => {
    const payload = messageCommand('Diagnose', {
      content: `dora up fails on my laptop @everyone help:\n\`\`\`\n${WSL_LOG}\n\`\`\``
    })
    const data = payload['data'] as { target_id: string }
    const { requests } = await h.send(payload)
    expect(body(requests[0])).toEqual({ type: 5, data: { flags: EPHEMERAL } })
    const posted = h.fake.requests.filter(
      (r) =>
        r.method === 'POST' &&
        r.path === '/channels/300000000000000001/messages'
    )
    const reply = body(posted.at(-1))
    expect(reply.message_reference).toMatchObject({
      message_id: data.target_id
    })
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false })
    expect(reply.embeds?.[0]?.footer?.text.split(' · ')[0]).toBe(ARTICLE)
    expect(reply.flags).toBeUndefined()
    const edit = body(requests[1])
    expect(edit.content).toBe(
      t('en-US', 'repliedThere', {
        link: `https://discord.com/channels/400000000000000001/300000000000000001/${data.target_id}`
      })
    )
  })

  it('should read a text attachment of the message when its text holds no log', async () => {
    const file = h.fake.addAttachment(
      'daemon.log.gz',
      gzipSync(WSL_LOG),
      'application/gzip'
    )
    const payload = messageCommand('Diagnose', {
      content: 'see attached',
      attachments: [file]
    })
    const data = payload['data'] as { target_id: string }
    await h.send(payload)
    const posted = h.fake.requests.filter(
      (r) =>
        r.method === 'POST' &&
        r.path === '/channels/300000000000000001/messages'
    )
    const reply = body(posted.at(-1))
    expect(reply.message_reference).toMatchObject({
      message_id: data.target_id
    })
    expect(reply.embeds?.[0]?.footer?.text.split(' · ')[0]).toBe(ARTICLE)
    expect(reply.content).toContain(
      t('en-US', 'matchedFile', { file: 'daemon.log' })
    )
  })

  it('should answer privately when a message holds only an animation', async () => {
    const file = h.fake.addAttachment(
      'screen.gif',
      new Uint8Array([71, 73, 70, 56]),
      'image/gif'
    )
    const { interaction, requests } = await h.send(
      messageCommand('Diagnose', { content: '', attachments: [file] })
    )
    expect(body(requests[1]).content).toBe(
      t('en-US', 'attachmentMedia', { filename: 'screen.gif' })
    )
    // The edit of the private deferral carries no flags (Discord ignores them); it stays private.
    expect(body(requests[1]).flags).toBeUndefined()
    expect(h.fake.audienceOf(`original-${interaction.id}`)).toEqual({
      kind: 'user',
      userId: '500000000000000001'
    })
  })

  it('should answer with a public follow-up linking the message when it cannot post in the channel', async () => {
    h.fake.failOnce('POST', '/channels/', 403, {
      code: 50013,
      message: 'Missing Permissions'
    })
    const payload = messageCommand('Diagnose', { content: WSL_LOG })
    const data = payload['data'] as { target_id: string }
    const { requests } = await h.send(payload)
    const link = `https://discord.com/channels/400000000000000001/300000000000000001/${data.target_id}`
    const followUp = requests.find(
      (r) => r.method === 'POST' && r.path.startsWith('/webhooks/')
    )
    expect(body(followUp).content?.startsWith(`${link}\n`)).toBe(true)
    expect(body(followUp).flags).toBeUndefined()
    expect(body(followUp).embeds?.[0]?.footer?.text.split(' · ')[0]).toBe(
      ARTICLE
    )
    // The private "thinking…" is edited into a note BEFORE the follow-up: else Discord would turn
    // the follow-up into that private edit and the channel would see nothing.
    const note = requests.findIndex((r) => r.method === 'PATCH')
    expect(note).toBeGreaterThan(0)
    expect(note).toBeLessThan(
      requests.findIndex(
        (r) => r.method === 'POST' && r.path.startsWith('/webhooks/')
      )
    )
    expect(body(requests[note]).content).toBe(
      t('en-US', 'answeredBelow', { link })
    )
  })
})
