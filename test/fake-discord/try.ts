/**
 * `npm run try:discord`: try the real gateway bot against the fake Discord, with no account and no
 * network. Starts the fake (gateway, REST, CDN on 127.0.0.1), starts the bot on the repository's KB
 * with watch mode on a forum, then sends a `/diagnose` with a sample log and opens a forum post with
 * the log attached, and prints what the bot sent and who could see it, as text.
 * Usage: `npm run try:discord [-- path/to/a.log]` (default: `test/fixtures/logs/founding-wsl-dora-up.log`).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadConfig, requireConfig } from '../../src/config.ts'
import { startBot } from '../../src/discord/bot.ts'
import { createLogger } from '../../src/log.ts'
import { startFakeDiscord } from './index.ts'
import type { FakeMessage } from './index.ts'
import { chatInput } from './interactions.ts'

const ROOT = resolve(import.meta.dirname, '../..')
/** A labelled log of the ranking table (the WSL `dora up` failure of the founding issue). */
const SAMPLE = resolve(ROOT, 'test/fixtures/logs/founding-wsl-dora-up.log')
const GUILD = '400000000000000001'
const CHANNEL = '300000000000000001'
const FORUM = '300000000000000002'

/** A message as a reader would see it: its text, embed titles, descriptions and fields. */
function asText(message: FakeMessage): string {
  const embeds =
    (message['embeds'] as
      | {
          title?: string
          description?: string
          fields?: { name: string; value: string }[]
          footer?: { text: string }
        }[]
      | undefined) ?? []
  const buttons = (
    (message['components'] as
      | { components?: { label?: string }[] }[]
      | undefined) ?? []
  ).flatMap((row) => (row.components ?? []).map((c) => `[${c.label ?? ''}]`))
  return [
    typeof message['content'] === 'string' ? message['content'] : '',
    ...embeds.flatMap((e) => [
      e.title === undefined ? '' : `## ${e.title}`,
      e.description ?? '',
      ...(e.fields ?? []).map((f) => `${f.name}\n${f.value}`),
      e.footer === undefined ? '' : `-- ${e.footer.text}`
    ]),
    buttons.join(' ')
  ]
    .filter((line) => line.trim() !== '')
    .join('\n')
}

const file = process.argv[2]
const log = readFileSync(file ?? SAMPLE, 'utf8')
const fake = await startFakeDiscord()
fake.addGuild({
  id: GUILD,
  preferred_locale: 'en-US',
  channels: [
    { id: CHANNEL, type: 0, name: 'support' },
    { id: FORUM, type: 15, name: 'help' }
  ]
})
const config = requireConfig(
  loadConfig(
    {
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_BASE: fake.apiBase,
      KB_DIR: process.env['KB_DIR'] ?? resolve(ROOT, 'kb'),
      WATCH_CHANNELS: FORUM,
      COOLDOWN_SECONDS: '0'
    },
    ROOT
  ),
  ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']
)
const bot = await startBot({ config, log: createLogger('warn') })
try {
  console.log(`fake Discord on ${fake.apiBase}; the bot is ready.\n`)
  const interaction = fake.dispatchInteraction(
    chatInput('diagnose', [{ name: 'log', type: 3, value: log }])
  )
  await fake.waitForRequest((r) =>
    r.path.startsWith(`/interactions/${interaction.id}/`)
  )
  const attachment = fake.addAttachment('daemon.log', log, 'text/plain')
  const { thread } = fake.createForumPost({
    forumId: FORUM,
    guildId: GUILD,
    content: 'the daemon does not start, log attached',
    attachments: [attachment]
  })
  await fake
    .waitForRequest((r) => r.path === `/channels/${thread.id}/messages`, 10_000)
    .catch(() => undefined)
  await bot.idle()
  const last = new Map<string, (typeof fake.shown)[number]>()
  for (const shown of fake.shown)
    if (shown.message['author'] !== undefined && shown.message.id !== thread.id)
      last.set(shown.message.id, shown)
  for (const { message, audience } of last.values()) {
    const where =
      message.channel_id === thread.id
        ? `forum post ${thread.id} (in #help)`
        : `#support`
    const who =
      audience.kind === 'channel' ? 'everyone' : `only user ${audience.userId}`
    console.log(`--- in ${where}, seen by ${who}:\n${asText(message)}\n`)
  }
} finally {
  await bot.stop()
  await fake.close()
}
