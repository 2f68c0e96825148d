/**
 * @module interactions/watch
 * Opt-in watch mode: in the channels listed in `WATCH_CHANNELS`, a message that holds an error log
 * and gets a confident `match` is answered as a reply, with a "Not helpful — remove" button. Never
 * on bots or webhooks; at most one answer per channel per `WATCH_COOLDOWN_SECONDS`.
 */
import type { APIMessage } from 'discord-api-types/v10'
import {
  diagnoseFiles,
  recordDiagnosis,
  render
} from '../interactions/answer.ts'
import { t } from '../interactions/messages.ts'
import type { Services } from '../interactions/types.ts'
import { answerMessages } from '../interactions/payload.ts'

/** Words that make a message worth diagnosing at all (cheap filter before the engine). */
const LOOKS_LIKE_ERROR =
  /error|panic|exception|traceback|failed|caused by|os error|errno|refused|denied|cannot|can't|unable/i

/** The fields of a MESSAGE_CREATE dispatch that watch mode reads. */
export type WatchedMessage = Pick<
  APIMessage,
  'id' | 'channel_id' | 'content' | 'author'
> & {
  guild_id?: string | undefined
  webhook_id?: string | undefined
}

/**
 * Answer a watched message when it holds a log with a confident match.
 * @param services The shared services (needs `channels`).
 * @param message The MESSAGE_CREATE payload.
 * @returns The id of the answer posted, or undefined when the bot stayed quiet.
 */
export async function handleWatchedMessage(
  services: Services,
  message: WatchedMessage
): Promise<string | undefined> {
  const { config, channels } = services
  if (
    channels === undefined ||
    !config.watchChannels.includes(message.channel_id)
  )
    return undefined
  if (message.author.bot === true || message.webhook_id !== undefined)
    return undefined
  if (message.content.length < 20 || !LOOKS_LIKE_ERROR.test(message.content))
    return undefined
  const locale = 'en-US'
  const best = await diagnoseFiles(
    services,
    [{ name: undefined, text: message.content }],
    locale
  )
  if (best.diagnosis.verdict !== 'match') return undefined
  if (services.watchCooldowns.take(message.channel_id) > 0) return undefined
  const state = {
    diagnosis: best.diagnosis,
    userId: message.author.id,
    guildId: message.guild_id,
    channelId: message.channel_id,
    source: undefined
  }
  const stateId = services.diagnoses.put(state)
  recordDiagnosis(services, stateId, state, best)
  const reply = render(services, best.diagnosis, best.diagnosis.locale)
  const [first, ...rest] = answerMessages(reply, {
    stateId,
    ephemeral: false,
    buttons: {
      feedback: true,
      others: false,
      postPublicly: false,
      remove: t(locale, 'removeButton')
    }
  })
  if (first === undefined) return undefined
  const sent = await channels.sendMessage(message.channel_id, {
    ...first,
    message_reference: { message_id: message.id, fail_if_not_exists: false }
  })
  for (const more of rest) await channels.sendMessage(message.channel_id, more)
  services.log.info(
    { stateId, channel: message.channel_id, article: reply.articles[0]?.id },
    'watch answer'
  )
  return sent.id
}
