/**
 * @module interactions/commands/kb-admin
 * `/kb-admin reload` (reloads the KB from disk, and keeps the old one when the new one has errors)
 * and `/kb-admin stats [since]` (`./kb-stats.ts`). Discord applies `default_member_permissions` to a
 * whole command, so the admin subcommands have their own command, visible by default to members
 * with Manage Server only; a server can change that in its Integrations settings, so each
 * subcommand still checks the permission when it runs.
 */
import { relative } from 'node:path'
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits
} from 'discord-api-types/v10'
import type { APIChatInputApplicationCommandInteraction } from 'discord-api-types/v10'
import { z } from 'zod'
import { t, UserError } from '../messages.ts'
import { chatInputContext, parseOptions } from '../options.ts'
import { clip, escapeMarkdown } from '../text.ts'
import type { Command, Context } from '../types.ts'
import { LIMITS } from '../payload.ts'
import { showStats, statsSubcommand } from './kb-stats.ts'

const options = z.object({
  since: z.string().max(30).optional()
})

async function reload(
  ctx: Context<APIChatInputApplicationCommandInteraction>
): Promise<void> {
  const permissions = BigInt(ctx.interaction.member?.permissions ?? '0')
  if (
    (permissions &
      (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) ===
    0n
  ) {
    throw new UserError('reloadDenied')
  }
  await ctx.respond.defer({ ephemeral: true })
  const result = await ctx.services.reloadKb()
  if (result.replaced) {
    const { kb, matcher } = ctx.services.kb()
    await ctx.respond.editReply({
      content: t(ctx.locale, 'reloaded', {
        count: matcher.articles.length,
        version: kb.version
      })
    })
    return
  }
  const lines = result.findings.slice(0, 15).map((finding) => {
    // Paths relative to the KB folder: the server's own layout is nobody's business.
    const file =
      finding.file === undefined || finding.file === null
        ? ''
        : relative(ctx.services.config.kbDir, finding.file)
    const place = [file, finding.line ?? '', finding.column ?? '']
      .filter((part) => part !== '')
      .join(':')
    return `- \`${place}\` ${escapeMarkdown(finding.message)}`
  })
  const more =
    result.findings.length > lines.length
      ? `\n… +${result.findings.length - lines.length}`
      : ''
  await ctx.respond.editReply({
    content: clip(
      `${t(ctx.locale, 'reloadFailed', { count: result.findings.length })}\n${lines.join('\n')}${more}`,
      LIMITS.content
    )
  })
}

async function execute(
  ctx: Context<APIChatInputApplicationCommandInteraction>
): Promise<void> {
  const { subcommand, values } = parseOptions(
    options,
    ctx.interaction.data.options
  )
  if (subcommand === 'reload') return reload(ctx)
  if (subcommand === 'stats') return showStats(ctx, values.since)
  throw new UserError('unknownInteraction')
}

export const kbAdminCommand = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'kb-admin',
    name_localizations: { 'zh-CN': '知识库管理' },
    description: 'Reload the knowledge base or see its stats (Manage Server)',
    description_localizations: {
      'zh-CN': '重新加载知识库或查看统计（“管理服务器”权限）'
    },
    contexts: [InteractionContextType.Guild],
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'reload',
        name_localizations: { 'zh-CN': '重新加载' },
        description: 'Reload the knowledge base from disk',
        description_localizations: { 'zh-CN': '从磁盘重新加载知识库' }
      },
      statsSubcommand
    ]
  },
  execute: (ctx) => execute(chatInputContext(ctx)),
  components: {},
  modals: {}
} satisfies Command
