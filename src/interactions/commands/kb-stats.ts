/**
 * @module interactions/commands/kb-stats
 * `/kb-admin stats [since]` (Manage Server only, ephemeral): the same table as `remedy stats`, from the
 * store, in a code block that fits one message. A subcommand of `/kb-admin`, whose
 * `default_member_permissions` hides it from other members; the permission is still checked here.
 */
import {
  ApplicationCommandOptionType,
  PermissionFlagsBits
} from 'discord-api-types/v10'
import type {
  APIApplicationCommandSubcommandOption,
  APIChatInputApplicationCommandInteraction
} from 'discord-api-types/v10'
import { formatStats } from '../../store/report.ts'
import type { Stats } from '../../store/types.ts'
import { parseSince } from '../../store/window.ts'
import { UserError } from '../messages.ts'
import type { Context } from '../types.ts'
import { LIMITS } from '../payload.ts'

/** At most this many article rows; fewer when the table would not fit one message. */
export const STATS_ARTICLES = 15

/** The `/kb-admin stats` subcommand definition. */
export const statsSubcommand = {
  type: ApplicationCommandOptionType.Subcommand,
  name: 'stats',
  name_localizations: { 'zh-CN': '统计' },
  description:
    'How often each article answered and how it was rated (Manage Server only)',
  description_localizations: {
    'zh-CN': '每篇文章的回答次数和评价（仅限“管理服务器”权限）'
  },
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'since',
      name_localizations: { 'zh-CN': '起始' },
      description: 'Only diagnoses since, e.g. 30d, 12h, 2w or 2025-01-31',
      description_localizations: {
        'zh-CN': '只统计此后的诊断，例如 30d、12h、2w 或 2025-01-31'
      },
      max_length: 30
    }
  ]
} satisfies APIApplicationCommandSubcommandOption

/**
 * The stats as one Discord message: the `remedy stats` table in a code block, with fewer article
 * rows when 15 would not fit 2,000 characters.
 * @param stats What the store returned.
 * @param label The window as asked (`30d`), or undefined for all time.
 * @returns The message content, at most 2,000 characters.
 */
export function statsContent(stats: Stats, label: string | undefined): string {
  const block = (articles: number): string =>
    `\`\`\`\n${formatStats(stats, label, { articles }).trimEnd()}\n\`\`\``
  for (let articles = STATS_ARTICLES; articles > 0; articles--) {
    const content = block(articles)
    if (content.length <= LIMITS.content) return content
  }
  const last = block(0)
  return last.length <= LIMITS.content
    ? last
    : `${last.slice(0, LIMITS.content - 5)}\n\`\`\``
}

/**
 * Answer `/kb-admin stats`: refuse members without Manage Server, read the store, reply privately.
 * @param ctx The handler context.
 * @param since The `since` option, when given.
 */
export async function showStats(
  ctx: Context<APIChatInputApplicationCommandInteraction>,
  since: string | undefined
): Promise<void> {
  const permissions = BigInt(ctx.interaction.member?.permissions ?? '0')
  if (
    (permissions &
      (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) ===
    0n
  ) {
    throw new UserError('statsDenied')
  }
  const { records } = ctx.services
  if (records === undefined) throw new UserError('statsUnavailable')
  const label = since?.trim() === '' ? undefined : since?.trim()
  let from: Date | undefined
  try {
    from = label === undefined ? undefined : parseSince(label)
  } catch {
    throw new UserError('statsBadSince', {
      since: (label ?? '').replaceAll('`', "'")
    })
  }
  await ctx.respond.defer({ ephemeral: true })
  const stats = await records.stats({ since: from })
  await ctx.respond.editReply({ content: statsContent(stats, label) })
}
