/**
 * @module import
 * `remedy import`: turn a write-up someone already has (a blog post, an issue analysis, internal
 * notes; Markdown or plain text, English or Chinese) into a draft article. Its sections are mapped
 * by their headings, its solutions become the ordered Fix list with their commands, its clues are
 * proposed with the engine's own signal extractors, and its logs become examples. What cannot be
 * placed goes under `## Unsorted`. The draft has `status: draft`, so it is linted with what it
 * still lacks and is never served until its author publishes it.
 */
import type { BlockContent, Code, Heading, Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { Document, isMap, isSeq, parse as parseYaml } from 'yaml'
import { nodesToMarkdown } from '../kb/parse.ts'
import { normalize } from '../match/normalize.ts'
import { redact } from '../match/redact.ts'
import { slug } from '../match/template.ts'
import {
  CHINESE_SECTION_NUMBER,
  codeBlocks,
  fixSteps,
  mapSections,
  nodesOf,
  stepList,
  targetOf,
  type Mapped,
  type MappedSection,
  type Target
} from './sections.ts'
import {
  LOG_TEXT_FROM,
  proposeSignatures,
  versionsSeen,
  type Proposal
} from './signatures.ts'
import { collapseBlankLines, looksLikeHeading, textToTree } from './text.ts'

export { TARGET_SECTIONS, targetOf } from './sections.ts'
export type { Target } from './sections.ts'
export type { Proposal } from './signatures.ts'

const markdown = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)

/** What the importer reads a write-up as. */
export type WriteupFormat = 'markdown' | 'text'

export interface ImportOptions {
  /** The write-up's path as the author gave it (`-` for standard input): it names the draft's `source`, and its extension the format. */
  path: string
  /** The article id; by default one is made from the title or the clues. */
  id?: string
  /** The draft's locale; by default the write-up's language. */
  locale?: string
  format?: WriteupFormat
}

/** Where one section of the write-up went. */
export interface SectionReport {
  heading: string
  target: Target
  /** e.g. `4 steps, 1 with a command`. */
  note: string
}

/** What `remedy import` did, for the author to check. */
export interface ImportReport {
  id: string
  title: string
  locale: string
  format: WriteupFormat
  sections: SectionReport[]
  steps: number
  stepsWithCommand: number
  proposals: Proposal[]
  examples: number
  /** Product versions the write-up names, for `applies_to.versions`. */
  versions: Record<string, string[]>
  /** Products the write-up is about, most mentioned first (they choose the collection). */
  products: string[]
}

export interface ImportResult {
  /** The draft article, ready to save as `<collection>/<id>.md`. */
  markdown: string
  report: ImportReport
}

/**
 * Is this write-up Markdown? By its extension, else by its look (ATX headings, fences, links).
 * @param path The file's path.
 * @param text Its content.
 * @returns The format to read it as.
 */
function formatOf(path: string, text: string): WriteupFormat {
  if (/\.(?:md|markdown|mdx)$/i.test(path)) return 'markdown'
  if (/\.(?:txt|text|log)$/i.test(path)) return 'text'
  // Bounded parts: an unclosed `[` must not make the look-up scan the rest of the file again.
  return /^#{1,6} \S/m.test(text) ||
    /^```/m.test(text) ||
    /\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)/.test(text)
    ? 'markdown'
    : 'text'
}

/**
 * The language a text is written in, as a locale: `zh-CN` when Chinese characters make up a fair
 * share of its letters, `ja` and `ko` by their scripts, else `en`.
 * @param prose Text outside code blocks.
 * @returns The locale.
 */
function languageOf(prose: string): string {
  const letters = [...prose].filter((char) => /\p{L}/u.test(char))
  if (letters.length === 0) return 'en'
  const share = (pattern: RegExp): number =>
    letters.filter((char) => pattern.test(char)).length / letters.length
  if (share(/[\u3040-\u30ff]/) > 0.05) return 'ja'
  if (share(/[\uac00-\ud7af]/) > 0.15) return 'ko'
  return share(/[\u3400-\u9fff\uf900-\ufaff]/) > 0.15 ? 'zh-CN' : 'en'
}

/** A code block shows a log when the engine reads an error in it and it is not a list of commands. */
function isLog(block: Code): boolean {
  if (
    /^(?:sh|bash|shell|zsh|powershell|ps1|pwsh|cmd|bat|yaml|yml|json|toml|ini|python|py|rust|rs|js|ts|c|cpp)$/i.test(
      block.lang ?? ''
    ) &&
    !/^[ \t]*(?:\$|PS [A-Z]:\\)/m.test(block.value)
  )
    return false
  const log = normalize(block.value)
  return log.lines.some((line) => line.level === 'error')
}

/** Put sub-headings under the draft's sections: the section's own level becomes `##`. */
function relevel(
  blocks: readonly RootContent[],
  level: number,
  wrapped: boolean
): RootContent[] {
  return blocks.map((node) =>
    node.type === 'heading'
      ? {
          ...node,
          depth: Math.min(
            6,
            node.depth - level + (wrapped ? 3 : 2)
          ) as Heading['depth']
        }
      : node
  )
}

function heading(depth: Heading['depth'], value: string): Heading {
  return { type: 'heading', depth, children: [{ type: 'text', value }] }
}

/** An HTML comment; no `--` inside, so that nothing the author wrote can close it early. */
function comment(value: string): RootContent {
  return { type: 'html', value: `<!-- ${value.replace(/-(?=-)/g, '- ')} -->` }
}

/** A heading's text without the colon after it (`Fix:`); linear on any input. */
function withoutColon(text: string): string {
  return text
    .trimEnd()
    .replace(/[:：]$/, '')
    .trim()
}

/** At most `max` characters, cut between code points (an emoji is never halved). */
function clipped(text: string, max: number): string {
  const chars = [...text]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text
}

/** The blocks of the sections mapped to one target; each after the first, or each when `always`, under its own heading. */
function merged(
  sections: MappedSection[],
  level: number,
  always = false
): RootContent[] {
  return sections.flatMap((section, index) => {
    const wrap = (always || index > 0) && section.heading !== ''
    return [
      ...(wrap ? [heading(3, section.heading)] : []),
      ...relevel(section.blocks, level, wrap)
    ]
  })
}

/** A title the article format takes: one line of 3 to 256 characters (else a TODO for lint to point at). */
function titleOf(text: string): string {
  const line = withoutColon(text.replace(/\s+/g, ' '))
  if ([...line].length < 3) return 'TODO: what a user would recognise'
  return clipped(line, 256)
}

/** The first sentence of a text, as a one-line summary (at most 300 characters). */
function firstSentence(text: string): string | undefined {
  const line = text.replace(/\s+/g, ' ').trim()
  const sentence = /^.+?(?:[.!?](?=\s|$)|[。！？])/u.exec(line)?.[0] ?? line
  const cut = clipped(sentence, 300)
  return cut.length >= 10 ? cut : undefined
}

function proseOf(nodes: readonly RootContent[]): string[] {
  const out: string[] = []
  const visit = (list: readonly RootContent[]): void => {
    for (const node of list) {
      if (node.type === 'code' || node.type === 'html' || node.type === 'yaml')
        continue
      if (
        node.type === 'paragraph' ||
        node.type === 'heading' ||
        node.type === 'tableCell'
      )
        out.push(toString(node))
      else if ('children' in node) visit(node.children)
    }
  }
  visit(nodes)
  return out
}

function inlineCodeOf(nodes: readonly RootContent[]): string[] {
  return nodesOf(nodes, 'inlineCode').map((node) => node.value)
}

/** The write-up's own frontmatter, when it says more than the title (which the draft uses). */
function frontmatterLeft(tree: Root): MappedSection[] {
  const yaml = tree.children.find((node) => node.type === 'yaml')
  if (!yaml || !('value' in yaml)) return []
  const rest = String(yaml.value)
    .split('\n')
    .filter((line) => !/^title\s*:/.test(line))
    .join('\n')
    .trim()
  return rest === ''
    ? []
    : [
        {
          heading: 'Frontmatter of the write-up',
          target: 'unsorted',
          blocks: [{ type: 'code', lang: 'yaml', value: rest }]
        }
      ]
}

function frontmatterTitle(tree: Root): string | undefined {
  const yaml = tree.children.find((node) => node.type === 'yaml')
  if (!yaml || !('value' in yaml)) return undefined
  try {
    const data: unknown = parseYaml(String(yaml.value))
    return typeof data === 'object' &&
      data !== null &&
      'title' in data &&
      typeof data.title === 'string'
      ? data.title
      : undefined
  } catch {
    return undefined
  }
}

/** Words a title needs for a sentence but an id does not. */
const TITLE_STOP_WORDS = new Set(
  'a an the fixing how i my our postmortem says solving to when why what you your'.split(
    ' '
  )
)

/**
 * An id: from the title when it is written in Latin letters; else from what the clues found
 * (`dora-wsl-multicast-eaddrnotavail`), the stable words of its log, the Latin words of its title,
 * or the file name.
 */
function idOf(title: string, proposals: Proposal[], path: string): string {
  const letters = [...title].filter((char) => /\p{L}/u.test(char))
  const latinLetters = letters.filter((char) => /[a-z]/i.test(char))
  const words = title
    .replace(/[^a-z0-9\s-]/gi, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && !TITLE_STOP_WORDS.has(word.toLowerCase()))
  if (words.length >= 2 && latinLetters.length >= letters.length * 0.8)
    return slug(words.join(' '), 'imported-article')
  const parts = [
    ...proposals
      .filter((p) => 'product' in p.clue)
      .slice(0, 1)
      .map((p) => String(p.clue.product)),
    ...proposals
      .filter((p) => 'platform' in p.clue)
      .slice(0, 1)
      .map((p) => String(p.clue.platform)),
    ...proposals
      .filter((p) => 'address' in p.clue)
      .slice(0, 1)
      .map((p) => String(p.clue.address)),
    ...proposals
      .filter((p) => 'errno' in p.clue)
      .slice(0, 1)
      .map((p) => [p.clue.errno].flat()[0]?.toString().toLowerCase() ?? '')
  ].filter((part) => part !== '')
  if (parts.length >= 2) return slug(parts.join(' '), 'imported-article')
  const logText = proposals.find((p) => p.from === LOG_TEXT_FROM)?.clue.text
  if (typeof logText === 'string') return slug(logText, 'imported-article')
  if (words.length >= 2) return slug(words.join(' '), 'imported-article')
  const name = path.split(/[\\/]/).pop() ?? ''
  return slug(name.replace(/\.[^.]*$/, ''), 'imported-article')
}

/** The frontmatter, with a comment on each proposed clue saying where it came from. */
function frontmatter(
  data: Record<string, unknown>,
  proposals: Proposal[],
  versions: Record<string, string[]>
): string {
  const doc = new Document(data)
  const signatures = doc.get('signatures', true)
  if (isSeq(signatures)) {
    signatures.commentBefore =
      ' Proposed by remedy import from the text: check each against real logs.'
    signatures.items.forEach((item, index) => {
      const from = proposals[index]?.from
      if (from !== undefined && isMap(item))
        item.commentBefore = ` from ${from}`
    })
  }
  const seen = Object.entries(versions).map(
    ([name, list]) => `${name} ${list.join(', ')}`
  )
  if (seen.length > 0) {
    const applies = doc.get('applies_to', true)
    if (isMap(applies))
      applies.commentBefore = ` Versions the write-up names: ${seen.join('; ')}. Say which are affected under versions.`
  }
  return doc.toString({ lineWidth: 0 }).trimEnd()
}

/** What follows a bold label: without the spaces, the colon and the spaces after it (no regex, so linear). */
function afterLabel(text: string): string {
  const lead = text.replace(/^[ \t]+/, '')
  return (
    lead.startsWith(':') || lead.startsWith('：') ? lead.slice(1) : lead
  ).replace(/^[ \t]+/, '')
}

/**
 * Some Markdown write-ups mark their sections without `#`: a bold line (`**Workaround:**`, common in
 * issues) or a short line of its own (`一、问题描述`). When a write-up has no section headings, such
 * lines become its sections; a bold line that starts a paragraph is split from the text after it.
 */
function promotePseudoHeadings(tree: Root): Root {
  const headings = tree.children.filter((node) => node.type === 'heading')
  if (headings.some((node) => node.depth >= 2) || headings.length > 1)
    return tree
  const children = tree.children.flatMap((node): RootContent[] => {
    if (node.type !== 'paragraph') return [node]
    const [first, ...rest] = node.children
    if (first?.type === 'strong') {
      const text = withoutColon(toString(first))
      const after = afterLabel(rest.map((child) => toString(child)).join(''))
      if (
        text !== '' &&
        text.length <= 60 &&
        (after === '' || after.startsWith('\n'))
      ) {
        const lead = rest[0]
        const remaining =
          lead?.type === 'text'
            ? [
                { ...lead, value: afterLabel(lead.value).replace(/^\n/, '') },
                ...rest.slice(1)
              ]
            : rest
        const body = remaining.filter(
          (child) => !(child.type === 'text' && child.value === '')
        )
        return [
          heading(2, text),
          ...(body.length > 0 ? [{ ...node, children: body }] : [])
        ]
      }
    }
    const line = toString(node).trim()
    if (
      !line.includes('\n') &&
      looksLikeHeading(line) &&
      (targetOf(line) !== 'unsorted' || CHINESE_SECTION_NUMBER.test(line))
    )
      return [heading(2, withoutColon(line))]
    return [node]
  })
  return { ...tree, children }
}

/** A write-up read into sections, with its fix steps and its logs. */
interface Read {
  tree: Root
  mapped: Mapped
  byTarget: (target: Target) => MappedSection[]
  fix: { steps: BlockContent[][]; leftover: MappedSection[] }
  /** Its log code blocks (outside the fix and verification), redacted. */
  logs: string[]
}

function read(text: string, format: WriteupFormat): Read {
  const tree =
    format === 'markdown'
      ? promotePseudoHeadings(markdown.parse(text))
      : textToTree(text)
  const mapped = mapSections(tree)
  const byTarget = (target: Target): MappedSection[] =>
    mapped.sections.filter((section) => section.target === target)
  const fix = fixSteps(byTarget('fix'))
  const fixCode = new Set(fix.steps.flatMap((step) => codeBlocks(step)))
  const logBlocks = mapped.sections
    .filter(
      (section) => section.target !== 'fix' && section.target !== 'verify'
    )
    .flatMap((section) => codeBlocks(section.blocks))
    .filter((block) => !fixCode.has(block) && isLog(block))
  // A log is redacted where it stands too, so that the draft never shows what its example hides.
  for (const block of logBlocks) block.value = redact(block.value).trimEnd()
  return {
    tree,
    mapped,
    byTarget,
    fix,
    logs: logBlocks.map((block) => block.value)
  }
}

/**
 * The clues: from what the user sees (title, symptoms, logs) and from the explanation, never from
 * the fix (its addresses and commands are the cure, not the symptom).
 */
function propose({
  mapped,
  byTarget,
  logs
}: Read): ReturnType<typeof proposeSignatures> {
  const seenBlocks = [...byTarget('intro'), ...byTarget('symptoms')].flatMap(
    (section) => section.blocks
  )
  const explainBlocks = [...byTarget('cause'), ...byTarget('details')].flatMap(
    (section) => section.blocks
  )
  const textOf = (blocks: RootContent[]): string =>
    [
      ...proseOf(blocks),
      ...codeBlocks(blocks).map((block) => block.value)
    ].join('\n')
  const evidence = [mapped.title, textOf(seenBlocks), ...logs].join('\n')
  // Inline code is how Markdown quotes a message: `Error: no running dataflow`.
  const both = [...seenBlocks, ...explainBlocks]
  const quoted = [
    mapped.title,
    ...proseOf(both),
    ...inlineCodeOf(both).map((value) => `"${value}"`)
  ]
  return proposeSignatures(evidence, textOf(explainBlocks), quoted, logs)
}

const TODO = {
  symptoms:
    'TODO: what the user sees; put the characteristic log lines in a code block.',
  cause: 'TODO: why it happens, for a newcomer.',
  verify: 'TODO: how to see that the fix worked.'
}

/** The draft's body: the title, a comment on where it came from, then the sections in the format's order. */
function body(
  title: string,
  source: string,
  { tree, mapped, byTarget, fix, logs }: Read
): RootContent[] {
  const level = mapped.level
  const nodes: RootContent[] = [
    heading(1, title),
    comment(
      `Imported by remedy import from ${source}. Check every section against the original, then set status: published. npx remedy lint lists what is still missing.`
    ),
    ...merged(byTarget('intro'), level, true)
  ]
  const section = (
    name: string,
    content: RootContent[],
    todo?: string
  ): void => {
    if (content.length === 0 && todo === undefined) return
    nodes.push(
      heading(2, name),
      ...(content.length === 0 && todo !== undefined
        ? [comment(todo)]
        : content)
    )
  }
  // No section says what the user sees, but the write-up shows a log (under Problem, say): that
  // log is the symptom. It stays where it was too; the author keeps the lines that matter.
  const firstLog = logs[0]
  const symptoms =
    byTarget('symptoms').length === 0 && firstLog !== undefined
      ? [
          comment(
            'The log the write-up shows: keep the lines that identify the problem.'
          ),
          { type: 'code', lang: 'text', value: firstLog } satisfies Code
        ]
      : merged(byTarget('symptoms'), level)
  section('Symptoms', symptoms, TODO.symptoms)
  section(
    'Cause',
    [
      ...merged(byTarget('cause'), level),
      ...merged(byTarget('details'), level, true)
    ],
    TODO.cause
  )
  const steps = fix.steps.map(
    (step) => relevel(step, level, true) as BlockContent[]
  )
  section('Fix', [
    stepList(
      steps.length > 0
        ? steps
        : [
            [
              {
                type: 'paragraph',
                children: [{ type: 'text', value: 'TODO: the first step.' }]
              }
            ]
          ]
    )
  ])
  section('Verify', merged(byTarget('verify'), level), TODO.verify)
  section('Related', merged(byTarget('related'), level))
  section('Notes', merged(byTarget('notes'), level, true))
  const unsorted = [
    ...byTarget('unsorted'),
    ...fix.leftover,
    ...frontmatterLeft(tree)
  ]
  if (unsorted.length > 0) {
    section('Unsorted', [
      comment(
        'Text remedy import could not place: move it into a section above, or delete it.'
      ),
      ...merged(unsorted, level, true)
    ])
  }
  return nodes
}

/** Where each section of the write-up went, for the summary. */
function sectionReports({ tree, mapped, fix }: Read): SectionReport[] {
  return [
    ...mapped.sections.map((section) => ({
      heading: section.heading,
      target: section.target,
      note:
        section.target === 'fix'
          ? `${fixSteps([section]).steps.length} step(s)`
          : section.target === 'details' ||
              section.target === 'notes' ||
              (section.target === 'unsorted' && section.heading !== '')
            ? `under ### ${section.heading}`
            : ''
    })),
    ...fix.leftover.map((left) => ({
      heading: left.heading,
      target: 'unsorted' as const,
      note: 'the text around its list'
    })),
    ...frontmatterLeft(tree).map((left) => ({
      heading: left.heading,
      target: 'unsorted' as const,
      note: `under ### ${left.heading}`
    }))
  ]
}

/**
 * Turn a write-up into a draft article.
 * @param input The write-up.
 * @param options Its path (the draft's `source`), and optionally the id, locale and format.
 * @returns The draft's Markdown and a report of what went where.
 */
export function importWriteup(
  input: string,
  options: ImportOptions
): ImportResult {
  const text = collapseBlankLines(
    input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  )
  const format = options.format ?? formatOf(options.path, text)
  const parts = read(text, format)
  const { tree, mapped, byTarget, fix, logs } = parts
  const { proposals, facts } = propose(parts)

  const locale = options.locale ?? languageOf(proseOf(tree.children).join('\n'))
  const firstProse = (target: Target): string | undefined =>
    proseOf(byTarget(target).flatMap((section) => section.blocks))[0]
  // `-` is standard input: it has no name to fall back on.
  const fromStdin = options.path === '-'
  const fileName = fromStdin
    ? ''
    : (options.path.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '')
  const rawTitle =
    mapped.title ||
    frontmatterTitle(tree) ||
    firstSentence(firstProse('symptoms') ?? firstProse('intro') ?? '')?.replace(
      /[.。]$/,
      ''
    ) ||
    fileName
  const title = titleOf(rawTitle)
  const id = options.id ?? idOf(rawTitle, proposals, options.path)
  // The last cause section is the deepest one ("Root cause" after "Problem").
  const causeText = proseOf(byTarget('cause').at(-1)?.blocks ?? [])[0]
  const products = [...new Set(facts.products.map((fact) => fact.name))]
  const platforms = proposals.flatMap((p) =>
    'platform' in p.clue ? [String(p.clue.platform)] : []
  )
  // Tags: the products, then the address classes and platforms in the clues' order.
  const named = proposals.flatMap((p) =>
    'platform' in p.clue
      ? [String(p.clue.platform)]
      : 'address' in p.clue
        ? [String(p.clue.address)]
        : []
  )
  const versions = versionsSeen(facts)
  const source = fromStdin ? 'stdin' : options.path.split('\\').join('/')
  const data: Record<string, unknown> = {
    id,
    status: 'draft',
    locale,
    source,
    title,
    summary:
      firstSentence(causeText ?? '') ?? 'TODO: one sentence on the cause.',
    tags: [...new Set([...products, ...named])],
    applies_to: { platforms, versions: {} },
    signatures:
      proposals.length > 0
        ? proposals.map((p) => p.clue)
        : [
            { text: 'TODO: words every log of this problem shows', weight: 0.5 }
          ],
    examples: { match: logs.map((log) => `${log}\n`) }
  }
  return {
    markdown: `---\n${frontmatter(data, proposals, versions)}\n---\n\n${nodesToMarkdown(body(title, source, parts))}\n`,
    report: {
      id,
      title,
      locale,
      format,
      sections: sectionReports(parts),
      steps: fix.steps.length,
      // As lint counts them: a code block, or a command written inline.
      stepsWithCommand: fix.steps.filter(
        (step) => codeBlocks(step).length > 0 || inlineCodeOf(step).length > 0
      ).length,
      proposals,
      examples: logs.length,
      versions,
      products
    }
  }
}
