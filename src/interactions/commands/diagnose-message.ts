/**
 * @module interactions/commands/diagnose-message
 * Apps → Diagnose on any message: reads its text, its code blocks and its text attachments, and
 * answers as a reply to that message, so a helper can answer someone else's pasted log in two
 * clicks. Needs no privileged intent: Discord sends the target message with the interaction.
 */
import {
  ApplicationCommandType,
  InteractionContextType
} from 'discord-api-types/v10'
import type {
  APIInteraction,
  APIMessage,
  APIMessageApplicationCommandInteraction
} from 'discord-api-types/v10'
import { diagnoseFiles, prepareAnswer, takeCooldown } from '../answer.ts'
import { isScreenshot, readAttachment } from '../attachments.ts'
import type { LogFile } from '../attachments.ts'
import { t, UserError } from '../messages.ts'
import { messageCommandContext } from '../options.ts'
import type { Acknowledge, Command, Context } from '../types.ts'

/** Screenshots of one message read at most (the first ones). */
export const MAX_MESSAGE_IMAGES = 3

/**
 * The texts of a message: its content without code fences, then each text attachment.
 * @param ctx The handler context (for the size cap and fetch).
 * @param message The target message.
 * @returns The texts to diagnose, the content first.
 * @throws {UserError} When there is nothing to read; the first attachment's refusal when only attachments failed.
 */
export async function messageTexts(
  ctx: Context<unknown>,
  message: Pick<APIMessage, 'content' | 'attachments'>
): Promise<(LogFile | { name: undefined; text: string })[]> {
  const texts: (LogFile | { name: undefined; text: string })[] = []
  const content = message.content.replace(/^\s*```[\w-]*\s*$/gm, '').trim()
  if (content !== '') texts.push({ name: undefined, text: content })
  let refusal: UserError | undefined
  let images = 0
  for (const attachment of message.attachments) {
    // The first few screenshots only: each costs seconds of OCR.
    if (isScreenshot(attachment) && ++images > MAX_MESSAGE_IMAGES) continue
    try {
      const files: LogFile[] = await readAttachment(attachment, {
        maxBytes: ctx.services.config.maxAttachmentBytes,
        fetch: ctx.services.fetch,
        timeoutMs: ctx.services.config.attachmentTimeoutMs,
        ocr: ctx.services.ocr
      })
      texts.push(...files)
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      refusal ??= error
    }
  }
  if (texts.length === 0) throw refusal ?? new UserError('noLog')
  return texts
}

/** A link to a message, for the "answered there" note. */
function jumpLink(
  guildId: string | undefined,
  channelId: string,
  messageId: string
): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`
}

/**
 * Acknowledge on receipt, privately: the helper sees "thinking…" while the message's attachments are
 * downloaded and diagnosed; the answer itself goes to the channel (a reply to the message, or a
 * public follow-up after the private note).
 */
const acknowledge: Acknowledge<APIInteraction> = (ctx) => {
  takeCooldown(ctx)
  return { ephemeral: true }
}

async function execute(
  ctx: Context<APIMessageApplicationCommandInteraction>
): Promise<void> {
  const { data, guild_id: guildId } = ctx.interaction
  const target = data.resolved.messages[data.target_id]
  if (target === undefined) throw new UserError('noLog')
  // Acknowledged privately already (see `acknowledge`), and the cooldown taken.
  const best = await diagnoseFiles(
    ctx.services,
    await messageTexts(ctx, target),
    ctx.locale
  )
  const link = jumpLink(guildId, target.channel_id, target.id)
  const { reply, messages } = prepareAnswer(ctx, best, {
    ephemeral: false,
    buttons: { postPublicly: false }
  })
  if (reply.verdict === 'none') {
    // Not worth a public reply: only the helper sees what to collect.
    if (messages[0] !== undefined) await ctx.respond.editReply(messages[0])
    return
  }
  const [first, ...rest] = messages
  if (first === undefined) return
  const channels = ctx.services.channels
  if (channels !== undefined) {
    try {
      // A real reply to the message, so the answer sits under the log in the channel.
      await channels.sendMessage(target.channel_id, {
        ...first,
        message_reference: { message_id: target.id, fail_if_not_exists: false }
      })
      for (const message of rest)
        await channels.sendMessage(target.channel_id, message)
      await ctx.respond.editReply({
        content: t(ctx.locale, 'repliedThere', { link })
      })
      return
    } catch (error) {
      // Without Send Messages in that channel, fall back to a public follow-up that links the message.
      ctx.log.warn(
        { err: error },
        'could not reply in the channel; answering as a follow-up'
      )
    }
  }
  // Discord turns the first follow-up after a deferral into an edit of the private "thinking…":
  // edit it into a private note first, so that the follow-ups are new, public messages.
  await ctx.respond.editReply({
    content: t(ctx.locale, 'answeredBelow', { link })
  })
  await ctx.respond.followUp({
    ...first,
    content: `${link}\n${first.content ?? ''}`
  })
  for (const message of rest) await ctx.respond.followUp(message)
}

export const diagnoseMessageCommand = {
  data: {
    type: ApplicationCommandType.Message,
    name: 'Diagnose',
    name_localizations: { 'zh-CN': '诊断日志' },
    contexts: [InteractionContextType.Guild]
  },
  acknowledge,
  execute: (ctx) => execute(messageCommandContext(ctx)),
  components: {},
  modals: {}
} satisfies Command
