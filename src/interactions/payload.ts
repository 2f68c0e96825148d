/**
 * @module interactions/payload
 * Turn the engine's plain {@link Reply} into Discord messages: embeds, buttons and select menus,
 * within Discord's limits (title 256, description 4,096, field 1,024, 25 fields per embed, 10
 * embeds and 6,000 characters per message). A long answer is split over fields, then embeds, then
 * follow-up messages; a step is never cut off without a continuation.
 */
import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10'
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIEmbedField,
  APISelectMenuOption
} from 'discord-api-types/v10'
import type { Labels, Reply, ReplyArticle, ReplyStep } from '../render/types.ts'
import { CUSTOM_ID_TOO_LONG } from '../errors.ts'
import type { MessageData } from './types.ts'
import { clip, safeCode, safeName } from './text.ts'

/** Discord's message and embed limits. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  embedsPerMessage: 10,
  totalPerMessage: 6000,
  footer: 2048,
  content: 2000,
  customId: 100,
  selectOptions: 25,
  selectLabel: 100,
  selectDescription: 100
} as const

const COLOURS = {
  match: 0x2e7d32,
  possible: 0xf9a825,
  unlikely: 0x9e9e9e,
  none: 0x607d8b
} as const
const CONTINUED = '\u200b'

/** Prefix of every `custom_id` the bot creates (a version, so that old formats can be told apart). */
export const CUSTOM_ID_PREFIX = 'r1'

/**
 * Build a `custom_id`.
 * @param action The handler's action name.
 * @param args Short arguments (a state id, a flag).
 * @returns `r1:<action>:<args…>`, at most 100 characters.
 */
export function customId(action: string, ...args: string[]): string {
  const id = [CUSTOM_ID_PREFIX, action, ...args].join(':')
  if (id.length > LIMITS.customId) throw new Error(CUSTOM_ID_TOO_LONG(id))
  return id
}

export interface AnswerOptions {
  /** The short id of the stored diagnosis, for the buttons. */
  stateId: string
  ephemeral: boolean
  /** Say this line first (e.g. "Matched in `logs.zip/daemon.log`"). */
  sourceLine?: string | undefined
  /** Buttons to show; defaults depend on the verdict. */
  buttons?: {
    feedback?: boolean
    others?: boolean
    postPublicly?: boolean
    remove?: string | undefined
  }
  /** The article the user picked instead of the engine's first, so "Post publicly" posts that one. */
  picked?: string | undefined
}

/**
 * Render a reply as one or more messages (the first is the answer, the rest are follow-ups).
 * @param reply The engine's rendered reply.
 * @param options Buttons, flags and where the log came from.
 * @returns The message bodies, in order; the components sit on the first.
 */
export function answerMessages(
  reply: Reply,
  options: AnswerOptions
): MessageData[] {
  const flags = options.ephemeral ? { flags: MessageFlags.Ephemeral } : {}
  const lines = [options.sourceLine, `**${reply.headline}**`]
  const content = clip(
    [...lines.filter((line) => line !== undefined), ...reply.notes].join('\n'),
    LIMITS.content
  )
  const embeds =
    reply.verdict === 'none'
      ? noneEmbeds(reply)
      : reply.verdict === 'candidates'
        ? candidateEmbeds(reply)
        : reply.articles.flatMap((article) =>
            articleEmbeds(article, reply.labels)
          )
  // A screenshot's recognised text, last and secondary: the user sees what was read and can correct it.
  if (reply.image !== undefined) embeds.push(imageEmbed(reply.image))
  // "No match" carries no buttons: there is nothing to vote on or to post.
  const first =
    reply.verdict === 'none'
      ? { content }
      : { content, components: answerComponents(reply, options) }
  return packEmbeds(embeds).map((group, i) => ({
    ...(i === 0 ? first : {}),
    embeds: group,
    ...flags
  }))
}

/**
 * The buttons (and, for candidates, the select menu) under an answer.
 * @param reply The reply.
 * @param options Which buttons to show.
 * @returns Action rows.
 */
export function answerComponents(
  reply: Reply,
  options: AnswerOptions
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const { labels } = reply
  const shown = {
    feedback: options.buttons?.feedback ?? true,
    others:
      options.buttons?.others ??
      (reply.verdict === 'match' && reply.others.length > 0),
    postPublicly: options.buttons?.postPublicly ?? options.ephemeral,
    remove: options.buttons?.remove
  }
  const buttons: APIComponentInMessageActionRow[] = []
  if (shown.feedback) {
    buttons.push(
      button(
        customId('fix', options.stateId),
        labels.fixed,
        ButtonStyle.Success
      )
    )
    buttons.push(
      button(
        customId('nohelp', options.stateId),
        labels.notHelpful,
        ButtonStyle.Secondary
      )
    )
  }
  if (shown.others)
    buttons.push(
      button(
        customId('other', options.stateId),
        labels.otherMatches,
        ButtonStyle.Secondary
      )
    )
  if (shown.postPublicly) {
    const args =
      options.picked === undefined
        ? [options.stateId]
        : [options.stateId, options.picked]
    buttons.push(
      button(customId('pub', ...args), labels.postPublicly, ButtonStyle.Primary)
    )
  }
  if (shown.remove !== undefined)
    buttons.push(
      button(customId('rm', options.stateId), shown.remove, ButtonStyle.Danger)
    )
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = []
  if (reply.verdict === 'candidates' && reply.articles.length > 0) {
    rows.push(
      selectRow(
        options.stateId,
        labels.otherMatches,
        [...reply.articles, ...reply.others].map((a) => ({
          id: a.id,
          title: a.title,
          label: a.confidenceLabel
        }))
      )
    )
  }
  if (buttons.length > 0)
    rows.push({ type: ComponentType.ActionRow, components: buttons })
  return rows
}

/**
 * A select menu of articles, whose choice opens that article (`r1:pick:<state>`).
 * @param stateId The diagnosis state id.
 * @param placeholder The menu's placeholder.
 * @param articles The articles, best first.
 * @returns One action row.
 */
export function selectRow(
  stateId: string,
  placeholder: string,
  articles: { id: string; title: string; label: string }[]
): APIActionRowComponent<APIComponentInMessageActionRow> {
  const seen = new Set<string>()
  const options: APISelectMenuOption[] = []
  for (const article of articles) {
    if (seen.has(article.id) || options.length === LIMITS.selectOptions)
      continue
    seen.add(article.id)
    options.push({
      label: clip(article.title, LIMITS.selectLabel),
      value: article.id,
      description: clip(
        `${article.label} · ${article.id}`,
        LIMITS.selectDescription
      )
    })
  }
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId('pick', stateId),
        placeholder: clip(placeholder, 150),
        min_values: 1,
        max_values: 1,
        options
      }
    ]
  }
}

/**
 * The embeds for one article: title, confidence and summary, why it matches, the steps, the link.
 * @param article The article as rendered for this log.
 * @param labels Localised section names.
 * @returns One embed, or more when 25 fields are not enough.
 */
export function articleEmbeds(
  article: ReplyArticle,
  labels: Labels
): APIEmbed[] {
  const colour = COLOURS[article.confidenceWord]
  const description = clip(
    article.confidenceLabel === ''
      ? article.summary
      : `**${article.confidenceLabel}** · ${article.summary}`,
    LIMITS.description
  )
  const fields: APIEmbedField[] = []
  if (article.evidence.length > 0)
    fields.push(...splitField(labels.why, evidenceText(article.evidence)))
  const steps = article.steps.map((step) => stepText(step, labels))
  fields.push(...splitField(labels.steps, steps.join('\n\n')))
  const head: APIEmbed = {
    title: clip(article.title, LIMITS.title),
    description,
    color: colour,
    footer: {
      text: clip(
        article.url === undefined
          ? article.id
          : `${article.id} · ${article.path}`,
        LIMITS.footer
      )
    },
    ...(article.url === undefined ? {} : { url: article.url })
  }
  return spreadFields(head, fields, colour)
}

/**
 * The text of one step: number, scope badge, "does not apply" mark, Markdown, code blocks.
 * @param step A step.
 * @param labels Localised labels (for "does not apply").
 * @returns Markdown for Discord.
 */
export function stepText(step: ReplyStep, labels: Labels): string {
  const badge =
    step.scope === undefined ? '' : ` \`${step.scope.replace(/`/g, "'")}\``
  // Said first, so nobody follows a step that is not for them.
  const mark =
    step.applies === 'no'
      ? ` *(${labels.doesNotApply}${step.note === undefined ? '' : `: ${step.note}`})*`
      : ''
  const markdown = step.markdown.trim()
  // The step's Markdown usually holds its code blocks in place; add only those it lacks.
  const code = step.code
    .filter((block) => !markdown.includes(block.value))
    .map(
      (block) =>
        `\`\`\`${block.lang}\n${block.value.replace(/```/g, '`\u200b``')}\n\`\`\``
    )
  return [`**${step.n}.**${badge}${mark} ${markdown}`, ...code].join('\n')
}

function evidenceText(evidence: ReplyArticle['evidence']): string {
  const lines = new Map<number, string>()
  for (const item of evidence)
    if (item.line > 0 && !lines.has(item.line)) lines.set(item.line, item.text)
  const clues = [...new Set(evidence.map((item) => item.clue))]
  const quoted = [...lines.entries()]
    .slice(0, 6)
    .map(
      ([n, text]) => `${String(n).padStart(3)}│ ${clip(safeCode(text), 140)}`
    )
    .join('\n')
  const clueLine = clues
    .slice(0, 4)
    // A clue can quote the log ("similar to …"): it gets the same treatment as a file name.
    .map((clue) => `\`${clip(safeName(clue), 60)}\``)
    .join(' · ')
  return [quoted === '' ? '' : `\`\`\`text\n${quoted}\n\`\`\``, clueLine]
    .filter((part) => part !== '')
    .join('\n')
}

function candidateEmbeds(reply: Reply): APIEmbed[] {
  const fields = reply.articles.slice(0, LIMITS.fields).map((article) => ({
    name: clip(
      `${article.confidenceLabel} · ${article.title}`,
      LIMITS.fieldName
    ),
    value: clip(
      [
        article.summary,
        article.url === undefined
          ? `\`${article.id}\``
          : `[\`${article.id}\`](${article.url})`
      ].join('\n'),
      LIMITS.fieldValue
    )
  }))
  const best = reply.articles[0]
  const head: APIEmbed = {
    title: clip(reply.labels.otherMatches, LIMITS.title),
    color: COLOURS.possible
  }
  const embeds = spreadFields(head, fields, COLOURS.possible)
  // The best candidate's steps follow, so a likely fix is one glance away.
  return best === undefined
    ? embeds
    : [...embeds, ...articleEmbeds(best, reply.labels)]
}

/** Characters of a screenshot's recognised text shown under an answer. */
const IMAGE_TEXT_MAX = 1_500

/**
 * The recognised text of a screenshot, in a code block (redacted, mentions neutralised).
 * @param image The reply's image part.
 * @returns The embed.
 */
function imageEmbed(image: NonNullable<Reply['image']>): APIEmbed {
  return {
    title: `Read from the image (OCR confidence ${image.confidence}%)`,
    description: `\`\`\`\n${clip(safeCode(image.text), IMAGE_TEXT_MAX)}\n\`\`\`\nNot what the screenshot says? Paste the error text instead.`
  }
}

function noneEmbeds(reply: Reply): APIEmbed[] {
  const collect = reply.collect
  const head: APIEmbed = {
    title: clip(collect?.title ?? reply.labels.noMatch, LIMITS.title),
    description: clip(reply.labels.searchHint, LIMITS.description),
    color: COLOURS.none
  }
  const fields =
    collect === undefined
      ? []
      : splitField(
          reply.labels.collect,
          collect.steps.map((s) => stepText(s, reply.labels)).join('\n\n')
        )
  return spreadFields(head, fields, COLOURS.none)
}

function button(
  id: string,
  label: string,
  style:
    | ButtonStyle.Primary
    | ButtonStyle.Secondary
    | ButtonStyle.Success
    | ButtonStyle.Danger
): APIComponentInMessageActionRow {
  return {
    type: ComponentType.Button,
    custom_id: id,
    label: clip(label, 80),
    style
  }
}

/**
 * Split Markdown into field values of at most 1,024 characters, on line boundaries, closing and
 * reopening a code fence when a split falls inside one. The first field carries the name, the
 * others an invisible one, so the section reads as one.
 * @param name The section name.
 * @param text The section's Markdown.
 * @returns The fields (none for empty text).
 */
export function splitField(name: string, text: string): APIEmbedField[] {
  return chunkMarkdown(text, LIMITS.fieldValue).map((value, i) => ({
    name: i === 0 ? clip(name, LIMITS.fieldName) : CONTINUED,
    value
  }))
}

/**
 * Split Markdown into chunks of at most `max` characters, keeping code fences balanced.
 * @param text Markdown.
 * @param max The largest chunk.
 * @returns The chunks, in order; joined they hold every line of the text.
 */
export function chunkMarkdown(text: string, max: number): string[] {
  const chunks: string[] = []
  let lines: string[] = []
  let size = 0
  // The fence line (```lang) open at the end of `lines`, and whether `lines` starts by reopening it.
  let fence: string | undefined
  let reopened = false
  const push = (line: string) => {
    size += line.length + (lines.length > 0 ? 1 : 0)
    lines.push(line)
  }
  const close = (body: string[], open: string | undefined) =>
    open === undefined ? body.join('\n') : `${body.join('\n')}\n\`\`\``
  const flush = () => {
    const last = lines.at(-1)
    if (fence !== undefined && lines.length > 1 && last?.trim() === fence) {
      // Do not end a chunk on the line that opens a fence: move it to the next chunk.
      chunks.push(close(lines.slice(0, -1), undefined))
    } else {
      chunks.push(close(lines, fence))
    }
    lines = []
    size = 0
    reopened = fence !== undefined
    if (fence !== undefined) push(fence)
  }
  for (const raw of text.split('\n')) {
    // A line longer than a chunk is cut into pieces: nothing is dropped.
    const room = max - 8 - (fence?.length ?? 0)
    const pieces =
      raw.length <= room
        ? [raw]
        : (raw.match(new RegExp(`[\\s\\S]{1,${room}}`, 'g')) ?? [raw])
    for (const piece of pieces) {
      const isFence = /^\s*```/.test(piece)
      const after = isFence
        ? fence === undefined
          ? piece.trim()
          : undefined
        : fence
      const cost =
        size +
        piece.length +
        (lines.length > 0 ? 1 : 0) +
        (after === undefined ? 0 : 4)
      if (cost > max && lines.length > (reopened ? 1 : 0)) flush()
      push(piece)
      fence = after
    }
  }
  if (lines.length > (reopened ? 1 : 0)) chunks.push(close(lines, fence))
  return chunks.filter((chunk) => chunk.trim() !== '')
}

/** Put fields into the head embed, then into continuation embeds of 25 fields each. */
function spreadFields(
  head: APIEmbed,
  fields: APIEmbedField[],
  colour: number
): APIEmbed[] {
  const embeds: APIEmbed[] = [{ ...head, fields: [] }]
  for (const field of fields) {
    let last = embeds.at(-1) ?? head
    if (
      (last.fields?.length ?? 0) >= LIMITS.fields ||
      embedSize(last) + field.name.length + field.value.length >
        LIMITS.totalPerMessage
    ) {
      last = { color: colour, fields: [] }
      embeds.push(last)
    }
    last.fields = [...(last.fields ?? []), field]
  }
  return embeds
}

/** The characters of an embed that count towards Discord's 6,000 per message. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce(
      (sum, field) => sum + field.name.length + field.value.length,
      0
    )
  )
}

/**
 * Group embeds into messages of at most 10 embeds and 6,000 characters.
 * @param embeds The embeds, in order.
 * @returns One embed list per message.
 */
export function packEmbeds(embeds: APIEmbed[]): APIEmbed[][] {
  const groups: APIEmbed[][] = []
  let current: APIEmbed[] = []
  let size = 0
  for (const embed of embeds) {
    const cost = embedSize(embed)
    if (
      current.length > 0 &&
      (current.length === LIMITS.embedsPerMessage ||
        size + cost > LIMITS.totalPerMessage)
    ) {
      groups.push(current)
      current = []
      size = 0
    }
    current.push(embed)
    size += cost
  }
  if (current.length > 0) groups.push(current)
  return groups
}
