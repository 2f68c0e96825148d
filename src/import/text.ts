/**
 * @module import/text
 * Read a plain-text write-up into a Markdown tree (mdast), so that plain text and Markdown are mapped
 * by the same code. Plain text has no markup, so its shape is read from its lines:
 *
 * - the first short line is the title; a later short line on its own, without closing punctuation,
 *   is a heading (`Background`, `背景介绍`), and so is a line underlined with `===` or `---`;
 * - a line that is only `-` separates list items (the items run until the next heading), and a
 *   `-` left at the end of a line after a space does too (a separator joined to the line before);
 * - `- ` and `1. ` lines are list items; shell commands and log lines become code blocks;
 * - without blank lines each line is a paragraph, with them the lines between blank lines are.
 */
import type {
  BlockContent,
  Code,
  List,
  ListItem,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent
} from 'mdast'
import { isSectionName, targetOf } from './sections.ts'

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/
const CLOSING_PUNCTUATION = /[.:;,!?。：；，！？、…]$/
const SEPARATOR = /^\s*[-–—•]\s*$/
const UNDERLINE = /^\s*(?:={3,}|-{3,})\s*$/
const TRAILING_SEPARATOR = /\s[-–—]$/
const BULLET = /^\s*[-*•·]\s+(\S.*)$/
const NUMBERED =
  /^\s*(?:\d{1,2}[.)、．）]|[(（]\d{1,2}[)）]|第[一二三四五六七八九十\d]{1,3}步[:：]?)\s*(\S.*)$/
const LABEL = /^([^:：]{1,24})[:：]\s*(.*)$/
const PROMPT = /^\s*(?:\$|#|>|PS [A-Z]:\\[^>]*>)\s+/

/** Programs a fix step typically runs: a line that starts with one of them (and has no CJK text) is a command. */
const COMMANDS = new Set(
  (
    'apt apt-get bash brew cargo cat cd chmod cp curl docker dora echo export git grep ifconfig ip kill ls lsof mkdir ' +
    'mv netsh netstat node npm npx pip pip3 ping podman powershell python python3 rm ros2 route rustup sc service set ' +
    'setx sh source ss sudo sysctl systemctl tail uv wget which wsl wsl.exe yum dnf pacman journalctl firewall-cmd ufw iptables'
  ).split(' ')
)

/** Words of sentences that shell commands do not have. */
const PROSE_WORDS = new Set(
  "a an the its it is are was were be as of when if then and but or cannot can't does doesn't not this that these those with because which who reports says shows means should would will".split(
    ' '
  )
)

/** Lines a log shows: timestamps, levels, error chains, stack frames. */
const LOG_LINE =
  /^\s*(?:\d{4}-\d\d-\d\d[T ]\d|\[?(?:ERROR|WARN(?:ING)?|INFO|DEBUG|TRACE|FATAL)\]?\b|Error:|error(?:\[E\d+\])?:|Caused by:?|\d{1,2}: \S|thread '[^']*' panicked|Traceback \(most recent call last\)|File "|panic:|at [\w.$<>]+\(|Location:)/

/**
 * Does this line look like a shell command?
 * @param line One line of text.
 * @returns True for `ifconfig | grep MULTICAST`, `$ dora up`, `wsl --update`; false for prose.
 */
export function looksLikeCommand(line: string): boolean {
  const text = line.trim()
  if (text === '' || CJK.test(text) || text.length > 300) return false
  if (PROMPT.test(line) && /^\s*\$/.test(line)) return true
  const bare = text.replace(PROMPT, '')
  // `dora fails in Docker: os error 99` is a sentence about a command, not one.
  if (/\p{Ll}: \p{L}/u.test(bare) && !/["'`=|]/.test(bare)) return false
  const tokens = bare.split(/\s+/)
  const first = tokens[0] ?? ''
  // `dora node cannot find its script` starts with a program but is a sentence.
  if (tokens.slice(1).some((token) => PROSE_WORDS.has(token.toLowerCase())))
    return false
  if (COMMANDS.has(first.toLowerCase()))
    return !/[.!?]$/.test(bare) || /\s-{1,2}\w/.test(bare)
  if (/^(?:\.{1,2}|~)?\/[\w.-]+/.test(first)) return true
  if (/^\$env:\w+\s*=/.test(bare) || /^[A-Z_][A-Z0-9_]*=\S/.test(bare))
    return true
  return (
    /^[a-z][\w.-]*$/.test(first) &&
    /\s(?:\||&&|-{1,2}[a-z][\w-]*)(?:\s|$)/.test(bare) &&
    !/[.!?]$/.test(bare)
  )
}

/**
 * Does this line look like a log line?
 * @param line One line of text.
 * @returns True for `Error: …`, `Caused by:`, timestamps and levels, stack frames.
 */
export function looksLikeLog(line: string): boolean {
  // The start of a line tells; a colon-free head keeps the CJK check linear on long lines.
  const head = line.slice(0, 500)
  const colon = head.search(/[:：]/)
  return (
    LOG_LINE.test(head) &&
    !CJK.test(
      (colon < 0 ? head : head.slice(0, colon)).replace(/\(os error \d+\)/g, '')
    )
  )
}

/** How long a line may be and still be a heading. */
function shortEnough(text: string): boolean {
  const cjk = [...text].filter((char) => CJK.test(char)).length
  return cjk > 0
    ? text.length <= 40
    : text.length <= 60 && text.split(/\s+/).length <= 8
}

/**
 * Could this line be a heading? It still must stand on its own: not the first line of a list item.
 * @param line One line of text.
 * @returns True for a short line with letters and no closing punctuation.
 */
export function looksLikeHeading(line: string): boolean {
  const text = line.trim()
  // `Solution:` on its own line names a section; `WSL网络架构:` (no section name) leads a paragraph.
  const named =
    /[:：]$/.test(text) && text.length <= 24 && targetOf(text) !== 'unsorted'
  return (
    text !== '' &&
    shortEnough(text) &&
    (named || !CLOSING_PUNCTUATION.test(text)) &&
    /\p{L}/u.test(text) &&
    !BULLET.test(line) &&
    !NUMBERED.test(line) &&
    !looksLikeCommand(text) &&
    !looksLikeLog(text) &&
    !/^[([{<"'“「]/.test(text)
  )
}

/**
 * Could the first line be the title? Titles may be longer than headings and hold a colon
 * (`dora fails in Docker: os error 99`), but are not sentences, list items, commands or logs.
 */
function looksLikeTitle(line: string): boolean {
  const text = line.trim()
  return (
    looksLikeHeading(text) ||
    (text.length <= 120 &&
      /\p{L}/u.test(text) &&
      !/[.。!！?？;；,，]$/.test(text) &&
      !BULLET.test(text) &&
      !looksLikeLog(text) &&
      !PROMPT.test(line))
  )
}

const textNode = (value: string): PhrasingContent => ({ type: 'text', value })

/** A paragraph; a leading `Label:` (a step's name in many write-ups) becomes bold. */
function paragraph(value: string, label = false): Paragraph {
  const match = label ? LABEL.exec(value) : null
  if (
    match?.[1] !== undefined &&
    match[2] !== undefined &&
    match[2] !== '' &&
    !looksLikeCommand(match[1])
  ) {
    // `Kill it: kill <pid>`: what follows the label is the command to run.
    const rest: PhrasingContent = looksLikeCommand(match[2])
      ? { type: 'inlineCode', value: match[2].trim() }
      : textNode(match[2])
    return {
      type: 'paragraph',
      children: [
        { type: 'strong', children: [textNode(match[1].trim())] },
        textNode(': '),
        rest
      ]
    }
  }
  return { type: 'paragraph', children: [textNode(value)] }
}

/** Lines without the indentation they all share (an indented log in plain text). */
function dedent(lines: string[]): string[] {
  const indent = Math.min(
    ...lines
      .filter((line) => line.trim() !== '')
      .map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0)
  )
  return Number.isFinite(indent)
    ? lines.map((line) => line.slice(indent))
    : lines
}

function code(lines: string[], lang: string): Code {
  return { type: 'code', lang, value: lines.join('\n') }
}

/**
 * Blocks from the lines of one part (a section, or a list item): paragraphs, lists, code.
 * @param lines The part's lines.
 * @param joinWrapped Join consecutive prose lines into one paragraph (the text uses blank lines).
 * @param itemLead The part is a list item: its first paragraph may start with a bold label.
 */
function blocks(
  lines: string[],
  joinWrapped: boolean,
  itemLead = false
): BlockContent[] {
  const out: BlockContent[] = []
  let prose: string[] = []
  let list: List | undefined
  let run: { kind: 'command' | 'log'; lines: string[] } | undefined
  const flushProse = (): void => {
    if (prose.length > 0)
      out.push(
        paragraph(
          CJK.test(prose.join('')) ? prose.join('') : prose.join(' '),
          itemLead && out.length === 0
        )
      )
    prose = []
  }
  const flushRun = (): void => {
    if (run)
      out.push(code(dedent(run.lines), run.kind === 'command' ? 'sh' : 'text'))
    run = undefined
  }
  const flushAll = (): void => {
    flushProse()
    flushRun()
    list = undefined
  }
  for (const line of lines) {
    if (line.trim() === '') {
      flushAll()
      continue
    }
    const indented = /^(?: {4}|\t)/.test(line)
    const kind = looksLikeCommand(line)
      ? 'command'
      : looksLikeLog(line) || (indented && run?.kind === 'log')
        ? 'log'
        : undefined
    if (kind !== undefined) {
      flushProse()
      list = undefined
      if (run?.kind !== kind) flushRun()
      run ??= { kind, lines: [] }
      run.lines.push(
        kind === 'command' ? line.trim().replace(/^\$\s+/, '') : line.trimEnd()
      )
      continue
    }
    flushRun()
    const bullet = BULLET.exec(line) ?? NUMBERED.exec(line)
    if (bullet?.[1] !== undefined) {
      flushProse()
      const ordered = !BULLET.test(line)
      if (list?.ordered !== ordered) {
        list = { type: 'list', ordered, spread: false, children: [] }
        out.push(list)
      }
      // An item that is only a command (`- sudo ufw allow 7447/tcp`) is code.
      const item = bullet[1].trim()
      const lead: Paragraph = looksLikeCommand(item)
        ? { type: 'paragraph', children: [{ type: 'inlineCode', value: item }] }
        : paragraph(item, true)
      list.children.push({ type: 'listItem', spread: false, children: [lead] })
      continue
    }
    list = undefined
    prose.push(line.trim())
    if (!joinWrapped) flushProse()
  }
  flushAll()
  return out
}

/**
 * Split a part into the items of a `-`-separated list: the text before the first separator, and
 * each item's lines. A `-` at the end of a line after a space also ends the item.
 */
function dashItems(
  lines: string[]
): { before: string[]; items: string[][] } | undefined {
  if (!lines.some((line) => SEPARATOR.test(line))) return undefined
  const before: string[] = []
  const items: string[][] = []
  let current: string[] | undefined
  for (const line of lines) {
    if (SEPARATOR.test(line)) {
      current = []
      items.push(current)
      continue
    }
    const content = line.trimEnd()
    if (
      current &&
      TRAILING_SEPARATOR.test(content) &&
      content.slice(0, -1).trim() !== ''
    ) {
      current.push(content.slice(0, -1).trimEnd())
      current = []
      items.push(current)
      continue
    }
    ;(current ?? before).push(line)
  }
  return {
    before,
    items: items.filter((item) => item.some((line) => line.trim() !== ''))
  }
}

/** The blocks of one section's lines: a `-`-separated list when it has one, else plain blocks. */
function sectionBlocks(lines: string[], joinWrapped: boolean): BlockContent[] {
  const dashed = dashItems(lines)
  if (!dashed) return blocks(lines, joinWrapped)
  const children: ListItem[] = dashed.items.map((item) => ({
    type: 'listItem',
    spread: false,
    children: blocks(item, joinWrapped, true)
  }))
  return [
    ...blocks(dashed.before, joinWrapped),
    { type: 'list', ordered: false, spread: false, children }
  ]
}

/**
 * Read a plain-text write-up into a Markdown tree: a depth-1 heading for the title, depth-2
 * headings for its sections, and their paragraphs, lists and code blocks.
 * @param text The write-up.
 * @returns The tree (without positions).
 */
export function textToTree(text: string): Root {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
  const nonBlank = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.trim() !== '')
  // Blank lines between paragraphs mean that the lines between them are wrapped prose.
  const joinWrapped = lines
    .slice(1, -1)
    .some(
      (line, index) => line.trim() === '' && (lines[index]?.trim() ?? '') !== ''
    )
  const children: RootContent[] = []
  let section: string[] = []
  let previous = ''
  let titled = false
  const flush = (): void => {
    children.push(...sectionBlocks(section, joinWrapped))
    section = []
  }
  for (const [position, { line, index }] of nonBlank.entries()) {
    const next = nonBlank[position + 1]?.line ?? ''
    // A line underlined with `===` or `---` is a heading, whatever it says.
    if (
      UNDERLINE.test(line) &&
      section.length > 0 &&
      (section.at(-1) ?? '').trim() !== '' &&
      !SEPARATOR.test(previous)
    ) {
      const title = section.pop() ?? ''
      flush()
      children.push({
        type: 'heading',
        depth: position === 1 && !isSectionName(title) ? 1 : 2,
        children: [textNode(title.trim())]
      })
      previous = line
      continue
    }
    // With blank lines between paragraphs, a heading stands after one: a short line inside a
    // paragraph is only its last line.
    const standsAlone =
      !joinWrapped || index === 0 || (lines[index - 1] ?? '').trim() === ''
    const heading =
      (position === 0
        ? looksLikeTitle(line)
        : looksLikeHeading(line) && standsAlone && !SEPARATOR.test(previous)) &&
      !UNDERLINE.test(next)
    if (heading) {
      flush()
      // A write-up that starts with `Background` has no title: that line is its first section.
      const depth = titled || isSectionName(line) ? 2 : 1
      children.push({
        type: 'heading',
        depth,
        children: [
          textNode(
            line
              .trim()
              .replace(/[:：]$/, '')
              .trimEnd()
          )
        ]
      })
    } else {
      // Keep blank lines inside a section: they separate wrapped paragraphs.
      if (
        section.length > 0 &&
        index > 0 &&
        (lines[index - 1] ?? '').trim() === ''
      )
        section.push('')
      section.push(line)
    }
    // Only the first line can be the title.
    titled = true
    previous = line
  }
  flush()
  return { type: 'root', children }
}

/** The most blank lines in a row that a write-up keeps (one separates blocks; two mark a break). */
const MAX_BLANK_RUN = 2

/**
 * Shorten every run of blank (or whitespace-only) lines to {@link MAX_BLANK_RUN} empty lines. Neither
 * Markdown nor plain text gives a longer run a meaning, while the Markdown parser pays for each line
 * (a code block of 512 KiB of blank lines took 6 s to parse): the importer reads the write-up after this.
 * @param text A write-up with `\n` line ends.
 * @returns The same write-up with long blank runs shortened.
 * @example collapseBlankLines('a\n\n\n\n\nb') // 'a\n\n\nb'
 */
export function collapseBlankLines(text: string): string {
  return text.replace(/\n(?:[ \t]*\n){3,}/g, `\n${'\n'.repeat(MAX_BLANK_RUN)}`)
}
