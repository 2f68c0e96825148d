/**
 * @module discord/watch
 * Opt-in watch mode: in the channels listed in `WATCH_CHANNELS` — text channels with their threads,
 * and forum channels, whose posts are threads — a message that holds an error log (in its text or in
 * an attached `.log`/`.txt`/`.gz`/`.zip`) and gets a confident `match` is answered as a reply in the
 * same channel or thread, in the server's preferred locale, with a "Not helpful — remove" button.
 * Attached files are read and diagnosed as `/diagnose file:` does (through the runner, so large
 * archives run off the event loop). Never on bots or webhooks; at most one answer per channel or
 * thread per `WATCH_COOLDOWN_SECONDS`; quiet when nothing matches with confidence.
 */
import type { APIAttachment, APIMessage } from 'discord-api-types/v10'
import {
  diagnoseFiles,
  recordDiagnosis,
  render
} from '../interactions/answer.ts'
import { readAttachment } from '../interactions/attachments.ts'
import { t, UserError } from '../interactions/messages.ts'
import type { Services } from '../interactions/types.ts'
import { answerMessages } from '../interactions/payload.ts'

/** Words that make a message worth diagnosing at all (cheap filter before the engine). */
const LOOKS_LIKE_ERROR =
  /error|panic|exception|traceback|failed|caused by|os error|errno|refused|denied|cannot|can't|unable/i

/** The attachments watch mode reads: logs, text and the archives `/diagnose file:` reads. */
const LOG_FILE = /\.(?:log|txt|gz|zip)$/i

/** The fields of a MESSAGE_CREATE dispatch that watch mode reads. */
export type WatchedMessage = Pick<
  APIMessage,
  'id' | 'channel_id' | 'content' | 'author'
> & {
  guild_id?: string | undefined
  webhook_id?: string | undefined
  attachments?: APIAttachment[] | undefined
}

/**
 * What watch mode knows of the servers: each thread's parent (a forum post is a thread of the
 * forum) and each server's preferred locale, from GUILD_CREATE, THREAD_CREATE, CHANNEL_CREATE and
 * GUILD_UPDATE.
 */
export interface WatchDirectory {
  /** Record a channel or thread (`parent_id` for threads). */
  channel: (channel: { id: string; parent_id?: string | null }) => void
  /** Record a server: its locale, its channels and active threads. */
  guild: (guild: {
    id: string
    preferred_locale?: string
    channels?: { id: string; parent_id?: string | null }[]
    threads?: { id: string; parent_id?: string | null }[]
  }) => void
  /** The parent of a thread, when known. */
  parentOf: (channelId: string) => string | undefined
  /** The server's preferred locale (`en-US` when unknown). */
  localeOf: (guildId: string | undefined) => string
}

/**
 * An empty directory, filled by the gateway events.
 * @returns The directory.
 */
export function createWatchDirectory(): WatchDirectory {
  const parents = new Map<string, string>()
  const locales = new Map<string, string>()
  const channel = (c: { id: string; parent_id?: string | null }): void => {
    if (typeof c.parent_id === 'string') parents.set(c.id, c.parent_id)
  }
  return {
    channel,
    guild: (g) => {
      if (g.preferred_locale !== undefined)
        locales.set(g.id, g.preferred_locale)
      for (const c of [...(g.channels ?? []), ...(g.threads ?? [])]) channel(c)
    },
    parentOf: (id) => parents.get(id),
    localeOf: (id) =>
      (id === undefined ? undefined : locales.get(id)) ?? 'en-US'
  }
}

/** The texts of a watched message: its content, then each attached log (unreadable ones skipped). */
async function textsOf(
  services: Services,
  message: WatchedMessage
): Promise<{ name: string | undefined; text: string }[]> {
  const texts: { name: string | undefined; text: string }[] = []
  const files = (message.attachments ?? []).filter((a) =>
    LOG_FILE.test(a.filename)
  )
  if (message.content.length >= 20 && LOOKS_LIKE_ERROR.test(message.content))
    texts.push({ name: undefined, text: message.content })
  for (const attachment of files) {
    try {
      texts.push(
        ...(await readAttachment(attachment, {
          maxBytes: services.config.maxAttachmentBytes,
          fetch: services.fetch,
          timeoutMs: services.config.attachmentTimeoutMs
        }))
      )
    } catch (error) {
      // Nobody asked: an unreadable file is not worth a word in the channel.
      if (!(error instanceof UserError)) throw error
      services.log.debug(
        { channel: message.channel_id, reason: error.key },
        'watch: attachment skipped'
      )
    }
  }
  return texts
}

/**
 * Answer a watched message when it holds a log with a confident match.
 * @param services The shared services (needs `channels`).
 * @param message The MESSAGE_CREATE payload.
 * @param directory Threads' parents and servers' locales (empty: no threads, English).
 * @returns The id of the answer posted, or undefined when the bot stayed quiet.
 */
export async function handleWatchedMessage(
  services: Services,
  message: WatchedMessage,
  directory: WatchDirectory = createWatchDirectory()
): Promise<string | undefined> {
  const { config, channels } = services
  const parent = directory.parentOf(message.channel_id)
  if (
    channels === undefined ||
    !(
      config.watchChannels.includes(message.channel_id) ||
      (parent !== undefined && config.watchChannels.includes(parent))
    )
  )
    return undefined
  if (message.author.bot === true || message.webhook_id !== undefined)
    return undefined
  const texts = await textsOf(services, message)
  if (texts.length === 0) return undefined
  const locale = directory.localeOf(message.guild_id)
  const best = await diagnoseFiles(services, texts, locale)
  if (best.diagnosis.verdict !== 'match') return undefined
  if (services.watchCooldowns.take(message.channel_id) > 0) return undefined
  const state = {
    diagnosis: best.diagnosis,
    userId: message.author.id,
    guildId: message.guild_id,
    channelId: message.channel_id,
    source: best.source
  }
  const stateId = services.diagnoses.put(state)
  recordDiagnosis(services, stateId, state, best)
  const reply = render(services, best.diagnosis, locale)
  const [first, ...rest] = answerMessages(reply, {
    stateId,
    ephemeral: false,
    sourceLine:
      best.source === undefined
        ? undefined
        : t(locale, 'matchedFile', { file: best.source }),
    buttons: {
      feedback: true,
      others: false,
      postPublicly: false,
      remove: t(locale, 'removeButton')
    }
  })
  if (first === undefined) return undefined
  // In a thread (a forum post too) the reply goes into the thread: `channel_id` is the thread.
  const sent = await channels.sendMessage(message.channel_id, {
    ...first,
    message_reference: { message_id: message.id, fail_if_not_exists: false }
  })
  for (const more of rest) await channels.sendMessage(message.channel_id, more)
  services.log.info(
    {
      stateId,
      channel: message.channel_id,
      parent,
      locale,
      article: reply.articles[0]?.id,
      ranIn: best.ranIn
    },
    'watch answer'
  )
  return sent.id
}
