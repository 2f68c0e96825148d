/**
 * @module interactions/text
 * Make text from a user's log safe to echo in Discord: redacted (tokens, keys, e-mails, home-dir
 * user names), Discord markdown escaped, mentions neutralised (even though every message also
 * disables mention parsing), and cut to a length with a visible ellipsis.
 */
import { redact } from '../match/redact.ts'

const ZERO_WIDTH_SPACE = '\u200b'

/**
 * Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width characters and
 * the BOM: they can reorder what a reader sees (`gol.exe` shown as `exe.log`) or hide a mention
 * from a filter, and a log never needs them.
 */
const INVISIBLE =
  /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g

/**
 * Neutralise mentions: `@everyone`, `@here`, `<@id>`, `<@&role>`, `<#channel>` no longer render as mentions.
 * @param text Any text.
 * @returns The text with a zero-width space after each `@` and `<` of a mention.
 */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/g, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<([@#])(!|&)?(\d+)>/g, `<${ZERO_WIDTH_SPACE}$1$2$3>`)
}

/**
 * Escape Discord markdown (`*_~|>#-` at line start, backticks, links) in plain text.
 * @param text Plain text.
 * @returns Text that Discord shows literally.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\*_~`|[\]()<>])/g, '\\$1')
    .replace(/^([#>-]|\d+\.)/gm, '\\$1')
}

/**
 * Prepare a line taken from a user's log for display as plain markdown text.
 * @param text The raw line.
 * @returns Redacted, escaped text with mentions neutralised.
 */
export function safeText(text: string): string {
  return neutraliseMentions(escapeMarkdown(redact(stripInvisible(text))))
}

/**
 * Remove the characters that change how text reads without being seen (bidi overrides, zero-width).
 * @param text Any text.
 * @returns The text without them.
 */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '')
}

/**
 * Prepare a file name from a user (an attachment, a path inside an archive) for an inline code span:
 * redacted, without control or invisible characters, without backticks (which would close the
 * span), mentions neutralised, at most 100 characters.
 * @param name The raw name.
 * @returns A name that is safe between backticks.
 */
export function safeName(name: string): string {
  const plain = stripInvisible(name)
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/`/g, "'")
  return clip(neutraliseMentions(redact(plain)), 100)
}

/**
 * Prepare text from a user's log for a code block: redacted, mentions neutralised, fences broken.
 * @param text The raw text.
 * @returns Text that cannot close the surrounding code block.
 */
export function safeCode(text: string): string {
  return neutraliseMentions(redact(stripInvisible(text))).replace(
    /```/g,
    `\`${ZERO_WIDTH_SPACE}\`\``
  )
}

/**
 * Cut text to a length, ending with `…` when cut.
 * @param text The text.
 * @param max The largest length allowed.
 * @returns The text, at most `max` characters long.
 */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`
}
