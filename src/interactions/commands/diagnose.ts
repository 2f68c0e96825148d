/**
 * @module interactions/commands/diagnose
 * `/diagnose [log] [file] [public]`: diagnose a pasted log or an attached one; with neither, open a
 * modal with a large box. Also owns the buttons and menus under every answer: "Fixed it", "Didn't
 * help", "Other matches", the article picker, "Post publicly" and watch mode's "remove".
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  TextInputStyle
} from 'discord-api-types/v10'
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteraction,
  APIModalInteractionResponseCallbackData
} from 'discord-api-types/v10'
import { z } from 'zod'
import type { Diagnosis } from '../../match/types.ts'
import {
  diagnoseFiles,
  prepareAnswer,
  render,
  sendAnswer,
  takeCooldown
} from '../answer.ts'
import { checkAttachment, readAttachment } from '../attachments.ts'
import type { Vote } from '../feedback.ts'
import { t, UserError } from '../messages.ts'
import { chatInputContext, modalValues, parseOptions } from '../options.ts'
import type { DiagnosisState } from '../state.ts'
import type {
  Acknowledge,
  Command,
  ComponentHandler,
  Context
} from '../types.ts'
import { answerMessages, customId, selectRow } from '../payload.ts'

/** The longest text Discord accepts in a string option, and in a modal paragraph. */
const OPTION_MAX = 6000
const MODAL_MAX = 4000

const options = z.object({
  log: z.string().max(OPTION_MAX).optional(),
  file: z.string().optional(),
  public: z.boolean().optional()
})

/**
 * The paste modal (`r1:paste:<1 for public>`), with one paragraph input in a Label.
 * @param locale The user's locale.
 * @param isPublic Whether the answer should be public.
 * @returns The modal.
 */
export function pasteModal(
  locale: string,
  isPublic: boolean
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId('paste', isPublic ? '1' : '0'),
    title: t(locale, 'modalTitle'),
    components: [
      {
        type: ComponentType.Label,
        label: t(locale, 'modalLabel'),
        description: t(locale, 'modalDescription'),
        component: {
          type: ComponentType.TextInput,
          custom_id: 'log',
          style: TextInputStyle.Paragraph,
          min_length: 1,
          max_length: MODAL_MAX,
          required: true
        }
      }
    ]
  }
}

/**
 * Acknowledge on receipt, with the visibility the answer keeps: a paste, a file or a submitted
 * modal is deferred before anything is read, downloaded or diagnosed; a vote (a store write) and a
 * removal (a Discord call) privately. What can be refused from the payload alone is refused here,
 * before the "thinking…" (the cooldown, an empty paste, an attachment Discord says is too large or
 * not a log). The slash command without input opens the modal, and the other buttons answer from
 * memory at once: neither is deferred.
 */
const acknowledge: Acknowledge<APIInteraction> = (ctx, [action, flag]) => {
  const { interaction } = ctx
  if (interaction.type === InteractionType.ApplicationCommand) {
    if (interaction.data.type !== ApplicationCommandType.ChatInput)
      return undefined
    const { values } = parseOptions(options, interaction.data.options)
    if (values.log === undefined && values.file === undefined) return undefined
    takeCooldown(ctx)
    if (values.file !== undefined) {
      const attachment = interaction.data.resolved?.attachments?.[values.file]
      if (attachment === undefined) throw new UserError('noLog')
      checkAttachment(
        attachment,
        ctx.services.config.maxAttachmentBytes,
        ctx.services.ocr !== undefined
      )
    }
    return { ephemeral: values.public !== true }
  }
  if (interaction.type === InteractionType.ModalSubmit && action === 'paste') {
    const log = modalValues(interaction.data)['log'] ?? ''
    if (log.trim() === '') throw new UserError('noLog')
    takeCooldown(ctx)
    return { ephemeral: flag !== '1' }
  }
  if (
    interaction.type === InteractionType.MessageComponent &&
    (action === 'fix' || action === 'nohelp' || action === 'rm')
  )
    return { ephemeral: true }
  return undefined
}

async function execute(
  ctx: Context<APIChatInputApplicationCommandInteraction>
): Promise<void> {
  const { values } = parseOptions(options, ctx.interaction.data.options)
  const ephemeral = values.public !== true
  if (values.log === undefined && values.file === undefined) {
    await ctx.respond.showModal(pasteModal(ctx.locale, !ephemeral))
    return
  }
  // Acknowledged already (see `acknowledge`), and the cooldown taken.
  const attachment =
    values.file === undefined
      ? undefined
      : ctx.interaction.data.resolved?.attachments?.[values.file]
  const files =
    attachment === undefined
      ? []
      : await readAttachment(attachment, {
          maxBytes: ctx.services.config.maxAttachmentBytes,
          fetch: ctx.services.fetch,
          timeoutMs: ctx.services.config.attachmentTimeoutMs,
          ocr: ctx.services.ocr
        })
  const texts =
    values.log === undefined
      ? files
      : [{ name: undefined, text: values.log }, ...files]
  const best = await diagnoseFiles(ctx.services, texts, ctx.locale)
  await sendAnswer(ctx, prepareAnswer(ctx, best, { ephemeral }).messages)
}

/** The stored diagnosis behind a button, or a "this answer expired" refusal. */
async function stateOf(
  ctx: Context<unknown>,
  id: string | undefined
): Promise<DiagnosisState> {
  const state =
    id === undefined ? undefined : await ctx.services.diagnoses.get(id)
  if (state === undefined) throw new UserError('expired')
  return state
}

const vote =
  (value: Vote): ComponentHandler =>
  async (ctx, [id]) => {
    const state = await stateOf(ctx, id)
    await ctx.services.feedback.record({
      diagnosisId: id ?? '',
      userId: ctx.userId,
      vote: value,
      guildId: state.guildId ?? ctx.interaction.guild_id,
      channelId: state.channelId ?? ctx.interaction.channel?.id
    })
    ctx.log.info({ stateId: id, vote: value }, 'feedback')
    await ctx.respond.reply({
      content: t(ctx.locale, 'feedbackThanks'),
      flags: MessageFlags.Ephemeral
    })
  }

/** The diagnosis narrowed to one chosen article, as if it had been the match. */
function chosen(diagnosis: Diagnosis, articleId: string): Diagnosis {
  const all = [...diagnosis.matches, ...diagnosis.others]
  const match = all.find((item) => item.id === articleId)
  if (match === undefined) return diagnosis
  return {
    ...diagnosis,
    verdict: 'match',
    matches: [match],
    others: all.filter((item) => item.id !== articleId)
  }
}

const otherMatches: ComponentHandler = async (ctx, [id]) => {
  const state = await stateOf(ctx, id)
  const reply = render(ctx.services, state.diagnosis, ctx.locale)
  const articles = [...reply.articles.slice(1), ...reply.others].map((a) => ({
    id: a.id,
    title: a.title,
    label: a.confidenceLabel
  }))
  await ctx.respond.reply({
    content: t(ctx.locale, 'pickOther'),
    components: [selectRow(id ?? '', reply.labels.otherMatches, articles)],
    flags: MessageFlags.Ephemeral
  })
}

const pick: ComponentHandler = async (ctx, [id]) => {
  const state = await stateOf(ctx, id)
  const articleId =
    ctx.interaction.data.component_type === ComponentType.StringSelect
      ? ctx.interaction.data.values[0]
      : undefined
  const reply = render(
    ctx.services,
    chosen(state.diagnosis, articleId ?? ''),
    ctx.locale
  )
  const ephemeral =
    ((ctx.interaction.message.flags ?? 0) & MessageFlags.Ephemeral) !== 0
  const [first, ...rest] = answerMessages(reply, {
    stateId: id ?? '',
    ephemeral,
    buttons: { others: false, postPublicly: ephemeral },
    picked:
      articleId !== undefined && articleId.length <= 60 ? articleId : undefined
  })
  // Keep the picker under the chosen article, so that the user can try another one.
  const picker = ctx.interaction.message.components?.find((row) =>
    row.type === ComponentType.ActionRow
      ? row.components.some((c) => c.type === ComponentType.StringSelect)
      : false
  )
  if (first !== undefined) {
    const rows = [
      ...(picker === undefined ? [] : [picker]),
      ...(first.components ?? [])
    ]
    await ctx.respond.update({ ...first, components: rows })
  }
  for (const message of rest) await ctx.respond.followUp(message)
}

const postPublicly: ComponentHandler = async (ctx, [id, picked]) => {
  const state = await stateOf(ctx, id)
  const { locale } = state.diagnosis
  const diagnosis =
    picked === undefined ? state.diagnosis : chosen(state.diagnosis, picked)
  const messages = answerMessages(render(ctx.services, diagnosis, locale), {
    stateId: id ?? '',
    ephemeral: false,
    sourceLine:
      state.source === undefined
        ? undefined
        : t(locale, 'matchedFile', { file: state.source }),
    buttons: { postPublicly: false }
  })
  await sendAnswer(ctx, messages)
}

const remove: ComponentHandler = async (ctx, [id]) => {
  const state = await stateOf(ctx, id)
  const permissions = BigInt(ctx.interaction.member?.permissions ?? '0')
  const moderator =
    (permissions &
      (PermissionFlagsBits.ManageMessages |
        PermissionFlagsBits.Administrator)) !==
    0n
  if (!moderator && !(await ctx.services.diagnoses.owns(state, ctx.userId)))
    throw new UserError('removeDenied')
  const { channels } = ctx.services
  if (channels === undefined) throw new UserError('removeDenied')
  await channels.deleteMessage(
    ctx.interaction.message.channel_id,
    ctx.interaction.message.id
  )
  ctx.log.info({ stateId: id, by: ctx.userId }, 'watch answer removed')
  await ctx.respond.reply({
    content: t(ctx.locale, 'removed'),
    flags: MessageFlags.Ephemeral
  })
}

export const diagnoseCommand = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'diagnose',
    name_localizations: { 'zh-CN': '诊断' },
    description: 'Find the knowledge-base article that explains an error log',
    description_localizations: { 'zh-CN': '找到解释这段错误日志的知识库文章' },
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'log',
        name_localizations: { 'zh-CN': '日志' },
        description: 'The error log; leave empty to get a larger box',
        description_localizations: {
          'zh-CN': '错误日志；留空会打开一个更大的输入框'
        },
        max_length: OPTION_MAX
      },
      {
        type: ApplicationCommandOptionType.Attachment,
        name: 'file',
        name_localizations: { 'zh-CN': '文件' },
        description: 'A log file: .log, .txt, .gz or .zip',
        description_localizations: {
          'zh-CN': '日志文件：.log、.txt、.gz 或 .zip'
        }
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'public',
        name_localizations: { 'zh-CN': '公开' },
        description:
          'Show the answer to everyone in the channel (default: only you)',
        description_localizations: {
          'zh-CN': '让频道里的所有人看到回答（默认只有你能看到）'
        }
      }
    ]
  },
  acknowledge,
  execute: (ctx) => execute(chatInputContext(ctx)),
  components: {
    fix: vote('fixed'),
    nohelp: vote('not-helped'),
    other: otherMatches,
    pick,
    pub: postPublicly,
    rm: remove
  },
  modals: {
    paste: async (ctx, [flag]) => {
      // Acknowledged already (see `acknowledge`): the paste is not empty, the cooldown taken.
      const log = modalValues(ctx.interaction.data)['log'] ?? ''
      const best = await diagnoseFiles(
        ctx.services,
        [{ name: undefined, text: log }],
        ctx.locale
      )
      await sendAnswer(
        ctx,
        prepareAnswer(ctx, best, { ephemeral: flag !== '1' }).messages
      )
    }
  }
} satisfies Command
