/**
 * Echoed text under attack, through the real gateway bot on the fake Discord with the store wired
 * in: pastes full of mentions, masked links, code-fence break-outs, zero-width and right-to-left
 * tricks must come back inert, and pastes full of secrets must leave no trace in the REST bodies
 * Discord received, in the pino log lines, or in the bytes of the database file.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBot } from '../../src/discord/bot.ts'
import type { Bot } from '../../src/discord/bot.ts'
import { createLogger } from '../../src/log.ts'
import { feedbackSink, openStore } from '../../src/store/index.ts'
import type { Store } from '../../src/store/types.ts'
import { startFakeDiscord } from '../fake-discord/index.ts'
import type { FakeDiscord, RecordedRequest } from '../fake-discord/index.ts'
import { chatInput } from '../fake-discord/interactions.ts'
import {
  embedText,
  evalLog,
  fakeBotConfig,
  sentMessages
} from '../discord/harness.ts'
import { tempDir } from '../store/helpers.ts'

const WSL_LOG = evalLog('dora-001')
const DB = 'remedy.sqlite'

/** A mention Discord would render (and, without allowed_mentions, ping). */
const LIVE_MENTION = /@(?:everyone|here)|<@[!&]?\d+>|<#\d+>/

let fake: FakeDiscord
let bot: Bot
let store: Store
let dir: string
let cleanup: () => void
const logLines: string[] = []

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  fake = await startFakeDiscord()
  store = openStore(join(dir, DB), { salt: 'echo-salt' })
  const config = fakeBotConfig(fake)
  bot = await startBot({
    config,
    // Debug level: the most the bot ever logs.
    log: createLogger(
      'debug',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString('utf8'))
          done()
        }
      })
    ),
    feedback: feedbackSink(store),
    records: store,
    client: {
      ws: {
        buildIdentifyThrottler: () =>
          Promise.resolve({ waitForIdentify: () => Promise.resolve() })
      }
    }
  })
})

afterAll(async () => {
  await bot.stop()
  await store.close()
  await fake.close()
  cleanup()
})

/** Paste a log with `/diagnose log:` and return the requests the bot made for it. */
async function paste(log: string): Promise<RecordedRequest[]> {
  const interaction = fake.dispatchInteraction(
    chatInput('diagnose', [{ name: 'log', type: 3, value: log }])
  )
  await fake.waitForRequest((request) =>
    request.path.startsWith(`/interactions/${interaction.id}/`)
  )
  await bot.idle()
  return fake.requestsFor(interaction)
}

/** Every string inside a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (typeof value === 'object' && value !== null)
    return Object.values(value).flatMap(strings)
  return []
}

/** Text as Discord renders it live: without code blocks and inline code spans. */
function outsideCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '')
}

/** The WSL log with `extra` appended to each line the engine quotes as evidence. */
function withAttack(extra: string): string {
  return WSL_LOG.replace(
    'failed to run dora-daemon',
    `failed to run dora-daemon ${extra}`
  )
    .replace(
      '0: failed to open zenoh session',
      `0: failed to open zenoh session ${extra}`
    )
    .replace(
      '2: Cannot assign requested address (os error 99)',
      `2: Cannot assign requested address (os error 99) ${extra}`
    )
}

describe('mention and markdown attacks in a paste', () => {
  const attacks: { name: string; text: string; shown: string }[] = [
    { name: '@everyone', text: 'ping @everyone now', shown: '@\u200beveryone' },
    { name: '@here', text: 'ping @here now', shown: '@\u200bhere' },
    {
      name: 'a user mention',
      text: 'cc <@123456789012345678>',
      shown: '<\u200b@123456789012345678>'
    },
    {
      name: 'a nickname mention',
      text: 'cc <@!123456789012345678>',
      shown: '<\u200b@!123456789012345678>'
    },
    {
      name: 'a role mention',
      text: 'cc <@&234567890123456789>',
      shown: '<\u200b@&234567890123456789>'
    },
    {
      name: 'a channel link',
      text: 'see <#345678901234567890>',
      shown: '<\u200b#345678901234567890>'
    },
    {
      name: 'a masked link',
      text: '[docs](http://evil.example/phish)',
      shown: '[docs](http://evil.example/phish)'
    },
    {
      name: 'a code-fence break-out',
      text: '``` @everyone **bold** [x](http://evil.example) ```',
      shown: '`\u200b`` @\u200beveryone'
    },
    {
      name: 'a fence break-out on its own lines',
      text: '\n```\n@everyone\n```\n',
      shown: 'failed to open zenoh session'
    },
    {
      name: 'a zero-width space already inside',
      text: '@\u200beveryone and <\u200b@123>',
      shown: '@\u200beveryone'
    },
    {
      name: 'zero-width joiners around the @',
      text: '\u200d@\u200deveryone\ufeff',
      shown: '@\u200beveryone'
    },
    {
      name: 'a right-to-left override',
      text: 'file \u202egol.exe and \u2067@here\u2069',
      shown: 'file gol.exe'
    }
  ]

  for (const attack of attacks) {
    it(`should answer a paste with ${attack.name} without a live mention, link or open fence`, async () => {
      const requests = await paste(withAttack(attack.text))
      const messages = sentMessages(requests)
      expect(messages.length).toBeGreaterThan(0)
      // The attack is quoted back (neutralised), so the checks below are not vacuous.
      expect(embedText(messages)).toContain(attack.shown)
      for (const message of messages) {
        // Defence 1: Discord is told to parse no mention at all (responder.ts NO_MENTIONS).
        expect(message.allowed_mentions).toEqual({ parse: [] })
        for (const text of strings(message)) {
          // Defence 2: the text itself is neutralised (text.ts neutraliseMentions, stripInvisible).
          expect(text).not.toMatch(LIVE_MENTION)
          expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/)
          // Defence 3: every fence opened is closed (text.ts safeCode breaks ``` in quoted lines) …
          expect((text.match(/```/g) ?? []).length % 2).toBe(0)
          // … so nothing of the paste renders outside a code block or span.
          expect(outsideCode(text)).not.toContain('evil.example')
        }
      }
    })
  }
})

const SECRETS: { name: string; line: string; marker: string }[] = [
  {
    name: 'a Discord bot token',
    line: 'login token MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.QvzXbwTrkPmd0123456789abcdefghijklmn',
    marker: 'QvzXbwTrkPmd'
  },
  {
    name: 'a GitHub token',
    line: 'remote auth ghp_JqwzvRtyXkmb0123456789abcdefABCDEF0123',
    marker: 'JqwzvRtyXkmb'
  },
  {
    name: 'a fine-grained GitHub token',
    line: 'push with github_pat_11ABCDEFG0Wqzkvjx1234567890_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV',
    marker: 'Wqzkvjx'
  },
  {
    name: 'an AWS key id',
    line: 'S3 denied for AKIAQWZXJVKPLMNB7EXA',
    marker: 'QWZXJVKPLMNB'
  },
  {
    name: 'an AWS secret key',
    line: 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzqvkwjxhEY',
    marker: 'zqvkwjxh'
  },
  {
    name: 'a PEM private key',
    line: '-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW Qyqzvxkjwb -----END OPENSSH PRIVATE KEY-----',
    marker: 'Qyqzvxkjwb'
  },
  {
    name: 'a password in a URL',
    line: 'connect postgres://admin:Hq7zXkvwJp2m@db.internal:5432/remedy',
    marker: 'Hq7zXkvwJp2m'
  },
  {
    name: 'a JWT',
    line: 'auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJxcXZ6a3dqYm9ubyJ9.Kq3vZxjwPt7mRn2sLd8hGc6yEa1uIo',
    marker: 'Kq3vZxjwPt7mRn'
  },
  {
    name: 'an e-mail address',
    line: 'notify quinzella.vokworth@example.org',
    marker: 'quinzella'
  },
  {
    name: 'a bearer token',
    line: 'Authorization: Bearer Pzqxvkjw7Rt5Nm3Lk9Hg2Fd4Sa6',
    marker: 'Pzqxvkjw'
  },
  {
    name: 'a home directory',
    line: 'open /home/xavierquonk/dora/dataflow.yml',
    marker: 'xavierquonk'
  }
]

describe('secrets in a paste', () => {
  const bodies: string[] = []

  for (const secret of SECRETS) {
    it(`should quote a line holding ${secret.name} without the secret`, async () => {
      // Matched (the secret sits on evidence lines) and unanswered (the store keeps the excerpt).
      for (const log of [
        withAttack(secret.line),
        `error: startup failed\n${secret.line}\nerror: giving up`
      ]) {
        const requests = await paste(log)
        const text = JSON.stringify(requests.map((request) => request.body))
        bodies.push(text)
        expect(text.toLowerCase()).not.toContain(secret.marker.toLowerCase())
      }
    })
  }

  it('should have quoted the redacted lines (the search above is not vacuous)', () => {
    const all = bodies.join('\n')
    for (const placeholder of [
      '[discord token]',
      '[github token]',
      '[aws key]',
      '[private key]',
      '[password]',
      '[jwt]',
      '[email]',
      '[redacted]',
      '/home/[user]'
    ])
      expect(all).toContain(placeholder)
  })

  it('should write none of them to a log line', () => {
    const all = logLines.join('').toLowerCase()
    expect(all).toContain('"msg":"diagnosed"')
    for (const secret of SECRETS)
      expect(all, secret.name).not.toContain(secret.marker.toLowerCase())
  })

  it('should write none of them to the database file or its WAL', async () => {
    await bot.idle()
    // The unanswered pastes were kept (redacted), so the bytes searched hold the logs.
    const kept = await store.unanswered()
    expect(kept.length).toBeGreaterThanOrEqual(SECRETS.length)
    const path = join(dir, DB)
    const bytes = ['', '-wal', '-shm']
      .map((suffix) => `${path}${suffix}`)
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file).toString('latin1'))
      .join('\n')
      .toLowerCase()
    for (const secret of SECRETS)
      expect(bytes, secret.name).not.toContain(secret.marker.toLowerCase())
  })
})
