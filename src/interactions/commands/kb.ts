/**
 * @module interactions/commands/kb
 * `/kb search query` and `/kb show article` (both with fuse.js autocomplete), for everyone. The
 * admin subcommands are in `/kb-admin` (`./kb-admin.ts`), hidden by default.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  MessageFlags
} from 'discord-api-types/v10'
import type {
  APIChatInputApplicationCommandInteraction,
  APIEmbed
} from 'discord-api-types/v10'
import { z } from 'zod'
import type { Article } from '../../kb/types.ts'
import { contentFor } from '../../match/diagnose.ts'
import { searchArticles } from '../../match/search.ts'
import { fillSections, resolveSteps } from '../../match/steps.ts'
import type { Diagnosis, Facts } from '../../match/types.ts'
import { render } from '../answer.ts'
import { t, UserError } from '../messages.ts'
import { chatInputContext, parseOptions } from '../options.ts'
import { clip, escapeMarkdown, safeName } from '../text.ts'
import type { Command, Context } from '../types.ts'
import { articleEmbeds, LIMITS, packEmbeds } from '../payload.ts'

/** `/kb show` has no log: no facts. */
const NO_FACTS: Facts = {
  errors: [],
  addresses: [],
  platforms: [],
  products: [],
  chains: [],
  operations: []
}

const MAX_CHOICES = 25

const options = z.object({
  query: z.string().max(100).optional(),
  article: z.string().max(100).optional(),
  public: z.boolean().optional()
})

/**
 * An article shown on its own, as the renderer expects it: a one-article diagnosis with no evidence.
 * @param article The article.
 * @param locale The user's locale (the translation is used when there is one).
 * @param kbVersion The KB version.
 * @returns A diagnosis to render.
 */
export function articleDiagnosis(
  article: Article,
  locale: string,
  kbVersion: string
): Diagnosis {
  const content = contentFor(article, locale)
  return {
    verdict: 'match',
    matches: [
      {
        id: article.id,
        collection: article.collection,
        locale: content.locale,
        title: content.title,
        summary: content.summary,
        path: content.path,
        confidence: 1,
        score: 1,
        evidence: [],
        // No log: nothing rules a step out, version-limited steps say so with their badge.
        steps: resolveSteps(content.steps, NO_FACTS, {}),
        captures: {},
        // No log: every placeholder shows as `<port>`, never the article's example value.
        ...fillSections(
          {
            cause: content.cause,
            verify: content.verify,
            ifNotHelped: content.ifNotHelped
          },
          {}
        )
      }
    ],
    others: [],
    facts: NO_FACTS,
    locale: content.locale,
    collect: undefined,
    truncated: undefined,
    kbVersion
  }
}

async function search(
  ctx: Context<APIChatInputApplicationCommandInteraction>,
  query: string
): Promise<void> {
  const hits = searchArticles(ctx.services.kb().matcher, query, {
    limit: 10,
    locale: ctx.locale
  })
  if (hits.length === 0) {
    await ctx.respond.reply({
      content: t(ctx.locale, 'noResults', { query: safeName(query) }),
      flags: MessageFlags.Ephemeral
    })
    return
  }
  const base = ctx.services.config.kbBaseUrl
  const embed: APIEmbed = {
    title: clip(t(ctx.locale, 'searchTitle', { query }), LIMITS.title),
    fields: hits.map((hit) => ({
      name: clip(hit.title, LIMITS.fieldName),
      value: clip(
        `\`${hit.id}\` · ${hit.collection}\n${hit.summary}`,
        LIMITS.fieldValue
      )
    })),
    ...(base === undefined ? {} : { url: base })
  }
  await ctx.respond.reply({ embeds: [embed], flags: MessageFlags.Ephemeral })
}

async function show(
  ctx: Context<APIChatInputApplicationCommandInteraction>,
  id: string,
  isPublic: boolean
): Promise<void> {
  const { kb, matcher } = ctx.services.kb()
  const article = matcher.articles.find((item) => item.id === id.trim())
  if (article === undefined)
    throw new UserError('unknownArticle', { id: escapeMarkdown(id) })
  const reply = render(
    ctx.services,
    articleDiagnosis(article, ctx.locale, kb.version),
    ctx.locale
  )
  const [first] = reply.articles
  if (first === undefined)
    throw new UserError('unknownArticle', { id: escapeMarkdown(id) })
  // No confidence word and no buttons: this is the article itself, not an answer to a log.
  const [head, ...rest] = packEmbeds(
    articleEmbeds({ ...first, confidenceLabel: '' }, reply.labels)
  )
  const flags = isPublic ? {} : { flags: MessageFlags.Ephemeral }
  await ctx.respond.reply({ embeds: head ?? [], ...flags })
  for (const embeds of rest) await ctx.respond.followUp({ embeds, ...flags })
}

async function execute(
  ctx: Context<APIChatInputApplicationCommandInteraction>
): Promise<void> {
  const { subcommand, values } = parseOptions(
    options,
    ctx.interaction.data.options
  )
  if (subcommand === 'search') return search(ctx, values.query ?? '')
  if (subcommand === 'show')
    return show(ctx, values.article ?? '', values.public === true)
  throw new UserError('unknownInteraction')
}

export const kbCommand = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'kb',
    name_localizations: { 'zh-CN': '知识库' },
    description: 'Search and show knowledge-base articles',
    description_localizations: { 'zh-CN': '搜索和查看知识库文章' },
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'search',
        name_localizations: { 'zh-CN': '搜索' },
        description: 'Find articles by words from their title, tags or summary',
        description_localizations: {
          'zh-CN': '按标题、标签或摘要中的词查找文章'
        },
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'query',
            name_localizations: { 'zh-CN': '关键词' },
            description: 'What to look for, e.g. multicast or EADDRINUSE',
            description_localizations: {
              'zh-CN': '要查找的内容，例如 multicast 或 EADDRINUSE'
            },
            required: true,
            autocomplete: true,
            max_length: 100
          }
        ]
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        name_localizations: { 'zh-CN': '查看' },
        description: 'Show one article with its fix steps',
        description_localizations: { 'zh-CN': '查看一篇文章及其修复步骤' },
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'article',
            name_localizations: { 'zh-CN': '文章' },
            description: 'The article (start typing to search)',
            description_localizations: { 'zh-CN': '文章（输入以搜索）' },
            required: true,
            autocomplete: true,
            max_length: 100
          },
          {
            type: ApplicationCommandOptionType.Boolean,
            name: 'public',
            name_localizations: { 'zh-CN': '公开' },
            description:
              'Show it to everyone in the channel (default: only you)',
            description_localizations: {
              'zh-CN': '让频道里的所有人看到（默认只有你能看到）'
            }
          }
        ]
      }
    ]
  },
  execute: (ctx) => execute(chatInputContext(ctx)),
  autocomplete: async (ctx) => {
    const { values, focused } = parseOptions(
      z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      ctx.interaction.data.options
    )
    const typed = focused === undefined ? '' : String(values[focused] ?? '')
    const hits = searchArticles(ctx.services.kb().matcher, typed, {
      limit: MAX_CHOICES,
      locale: ctx.locale
    })
    await ctx.respond.autocomplete(
      hits
        .slice(0, MAX_CHOICES)
        .map((hit) => ({ name: clip(hit.title, 100), value: hit.id }))
    )
  },
  components: {},
  modals: {}
} satisfies Command
