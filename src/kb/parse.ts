/**
 * @module kb/parse
 * Parse one KB Markdown file (article, translation or collection guide) with remark: frontmatter
 * through `yaml` (with positions), sections by level-2 headings, the `## Fix` ordered list into steps.
 * Problems become findings with file:line:col, never exceptions.
 */
import { appliesComment } from './rules/applies-comment.ts'
import { fixOrderedList } from './rules/fix-ordered-list.ts'
import { fixStepEmpty } from './rules/fix-step-empty.ts'
import { frontmatterSchema } from './rules/frontmatter-schema.ts'
import { frontmatterYaml } from './rules/frontmatter-yaml.ts'
import { sectionKnown } from './rules/section-known.ts'
import type { LintRule } from './rules/types.ts'
import type { Heading, Html, List, ListItem, Root, RootContent } from 'mdast'
import { toMarkdown } from 'mdast-util-to-markdown'
import { toString } from 'mdast-util-to-string'
import { gfmToMarkdown } from 'mdast-util-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import type { VFile } from 'vfile'
import { isMap, isScalar, isSeq, parseDocument } from 'yaml'
import type { ZodType } from 'zod'
import { parseApplies } from './steps.ts'
import { parseWithStore } from './trees.ts'
import type { Applicability, Step } from './types.ts'

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)

/** Section names per locale; a translation may also keep the English names. */
export const SECTION_NAMES: Record<string, Record<SectionKey, string[]>> = {
  en: {
    symptoms: ['Symptoms'],
    cause: ['Cause'],
    fix: ['Fix'],
    verify: ['Verify'],
    ifNotHelped: ['If this did not help'],
    related: ['Related'],
    notes: ['Notes'],
    unsorted: ['Unsorted'],
    collect: ['Collect']
  },
  'zh-CN': {
    symptoms: ['症状', '现象'],
    cause: ['原因'],
    fix: ['解决步骤', '修复', '解决方法'],
    verify: ['验证'],
    ifNotHelped: ['如果仍未解决', '如果这没有帮助'],
    related: ['相关', '相关文章'],
    notes: ['备注', '说明'],
    unsorted: ['未归类'],
    collect: ['收集', '收集信息']
  }
}
export type SectionKey =
  | 'symptoms'
  | 'cause'
  | 'fix'
  | 'verify'
  | 'ifNotHelped'
  | 'related'
  | 'notes'
  | 'unsorted'
  | 'collect'

export interface Section {
  key: SectionKey
  heading: Heading
  nodes: RootContent[]
}

export interface ParsedFile {
  tree: Root
  data: Record<string, unknown> | undefined
  /** What the frontmatter's YAML holds, when there is a frontmatter. */
  yaml: YamlFacts | undefined
  /** Line of the first frontmatter line (the `---` is line 1, so this is usually 2). */
  yamlLine: number
  sections: Section[]
}

/**
 * Report a finding on a file: the one path by which every KB lint finding reaches the user.
 * @param file The file it is about.
 * @param reason The message, from the rule's own `messages`.
 * @param place Where in the file (line and column, 1-based).
 * @param rule The rule (`src/kb/rules/<id>.ts`).
 * @param fatal Whether it is an error; default the rule's own severity.
 */
export function report(
  file: VFile,
  reason: string,
  place: { line: number; column: number } | undefined,
  rule: LintRule,
  fatal = rule.fatal
): void {
  const message = file.message(reason, {
    ...(place ? { place } : {}),
    ruleId: rule.id,
    source: 'kb-lint'
  })
  message.url = `kb/README.md#${rule.id}`
  message.fatal = fatal
}

/**
 * A frontmatter's YAML as the loader needs it: its value, its errors, and where each value starts.
 * Plain data (kept between compiles with the syntax trees; see `trees.ts`).
 */
export interface YamlFacts {
  /** The value, when the YAML parsed without errors. */
  value: unknown
  /** Whether the top level is a mapping. */
  mapping: boolean
  errors: { message: string; line: number; column: number }[]
  /** Offset in the YAML text of the value at each path (`JSON.stringify(path)`), and of the whole (`[]`). */
  offsets: Record<string, number>
}

type YamlPath = (string | number)[]

/** Record where every value of a YAML node starts, by path. */
function collectOffsets(
  node: unknown,
  path: YamlPath,
  out: Record<string, number>
): void {
  const start = (value: unknown): number | undefined =>
    typeof value === 'object' &&
    value !== null &&
    'range' in value &&
    Array.isArray(value.range) &&
    typeof value.range[0] === 'number'
      ? value.range[0]
      : undefined
  const visit = (key: string | number, value: unknown): void => {
    const at = [...path, key]
    const offset = start(value)
    if (offset !== undefined) out[JSON.stringify(at)] = offset
    collectOffsets(value, at, out)
  }
  if (isMap(node))
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key
      if (typeof key === 'string' || typeof key === 'number')
        visit(key, pair.value)
    }
  else if (isSeq(node)) node.items.forEach((item, index) => visit(index, item))
}

/** Parse frontmatter YAML into {@link YamlFacts}. */
function readYaml(text: string): YamlFacts {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  const offsets: Record<string, number> = {}
  const whole = doc.contents?.range[0]
  if (whole !== undefined) offsets['[]'] = whole
  collectOffsets(doc.contents, [], offsets)
  return {
    value: doc.errors.length === 0 ? doc.toJS() : undefined,
    mapping: isMap(doc.contents),
    errors: doc.errors.map((error) => ({
      message: error.message.split('\n')[0] ?? '',
      line: error.linePos?.[0]?.line ?? 1,
      column: error.linePos?.[0]?.col ?? 1
    })),
    offsets
  }
}

/** Line/column of a YAML path, for messages about a frontmatter value. */
export function yamlPlace(
  parsed: ParsedFile,
  path: (string | number)[]
): { line: number; column: number } | undefined {
  const yaml = parsed.yaml
  if (yaml === undefined) return undefined
  for (let depth = path.length; depth >= 0; depth--) {
    const offset = yaml.offsets[JSON.stringify(path.slice(0, depth))]
    if (offset !== undefined) {
      const before = yamlText(parsed).slice(0, offset)
      const lines = before.split('\n')
      return {
        line: parsed.yamlLine + lines.length - 1,
        column: (lines.at(-1)?.length ?? 0) + 1
      }
    }
  }
  return undefined
}

function yamlText(parsed: ParsedFile): string {
  const yamlNode = parsed.tree.children.find((node) => node.type === 'yaml')
  return yamlNode && 'value' in yamlNode ? String(yamlNode.value) : ''
}

/**
 * Parse a file's Markdown and frontmatter.
 * @param file The vfile (value and path set).
 * @param locale Which section names to accept besides English; by default the frontmatter's `locale`.
 * @returns The tree, the frontmatter data and the sections.
 */
export function parseMarkdown(file: VFile, locale?: string): ParsedFile {
  const tree = parseWithStore(String(file.value), () => processor.parse(file))
  const yamlNode = tree.children.find((node) => node.type === 'yaml')
  const parsed: ParsedFile = {
    tree,
    data: undefined,
    yaml: undefined,
    yamlLine: (yamlNode?.position?.start.line ?? 1) + 1,
    sections: []
  }
  if (!yamlNode || !('value' in yamlNode)) {
    report(
      file,
      frontmatterYaml.messages.missing(),
      { line: 1, column: 1 },
      frontmatterYaml
    )
  } else {
    const text = String(yamlNode.value)
    const yaml = parseWithStore(`\0yaml\0${text}`, () => readYaml(text))
    parsed.yaml = yaml
    for (const error of yaml.errors)
      report(
        file,
        frontmatterYaml.messages.yaml(error.message),
        { line: parsed.yamlLine + error.line - 1, column: error.column },
        frontmatterYaml
      )
    if (yaml.errors.length === 0) {
      const data = yaml.value
      if (
        typeof data === 'object' &&
        data !== null &&
        !Array.isArray(data) &&
        yaml.mapping
      )
        parsed.data = data as Record<string, unknown>
      else
        report(
          file,
          frontmatterYaml.messages.notMapping(),
          { line: parsed.yamlLine, column: 1 },
          frontmatterYaml
        )
    }
  }
  const names = { ...SECTION_NAMES.en } as Record<SectionKey, string[]>
  const frontmatterLocale = parsed.data?.locale
  const localised =
    SECTION_NAMES[
      locale ??
        (typeof frontmatterLocale === 'string' ? frontmatterLocale : 'en')
    ]
  if (localised)
    for (const key of Object.keys(names) as SectionKey[])
      names[key] = [...(names[key] ?? []), ...localised[key]]
  let current: Section | undefined
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 2) {
      const title = toString(node).trim()
      const key = (Object.keys(names) as SectionKey[]).find((name) =>
        names[name].some(
          (candidate) => candidate.toLowerCase() === title.toLowerCase()
        )
      )
      if (key === undefined) {
        report(
          file,
          sectionKnown.messages.unknown(
            title,
            Object.values(SECTION_NAMES.en ?? {})
              .flat()
              .map((n) => `\`## ${n}\``)
              .join(', ')
          ),
          node.position?.start,
          sectionKnown
        )
        current = undefined
        continue
      }
      current = { key, heading: node, nodes: [] }
      parsed.sections.push(current)
      continue
    }
    if (node.type === 'heading' && node.depth === 1) continue
    if (current) current.nodes.push(node)
  }
  return parsed
}

/**
 * Validate frontmatter data with a zod schema and report each issue at its YAML position.
 * @returns The parsed value, or undefined when invalid.
 */
export function validate<T>(
  file: VFile,
  parsed: ParsedFile,
  schema: ZodType<T>
): T | undefined {
  if (parsed.data === undefined) return undefined
  const result = schema.safeParse(parsed.data)
  if (result.success) return result.data
  for (const issue of result.error.issues) {
    const path = issue.path.filter(
      (part): part is string | number => typeof part !== 'symbol'
    )
    const where = path.length > 0 ? `\`${path.join('.')}\`` : 'frontmatter'
    const keys =
      'keys' in issue && Array.isArray(issue.keys)
        ? ` \`${issue.keys.join('`, `')}\``
        : ''
    report(
      file,
      frontmatterSchema.messages.invalid(where, keys, issue.message),
      yamlPlace(parsed, path),
      frontmatterSchema
    )
  }
  return undefined
}

/**
 * Markdown of a run of nodes, cut from the source as the author wrote it (faster than serialising
 * the tree, and keeps the author's formatting). Lines after the first lose the indentation of the
 * list item they sat in.
 * @param source The file's text.
 * @param nodes Consecutive sibling nodes.
 * @returns The Markdown, or a serialisation when positions are missing.
 */
export function sliceMarkdown(source: string, nodes: RootContent[]): string {
  const first = nodes[0]?.position
  const last = nodes.at(-1)?.position
  if (first?.start.offset === undefined || last?.end.offset === undefined)
    return nodesToMarkdown(nodes)
  const indent = first.start.column - 1
  const [head = '', ...rest] = source
    .slice(first.start.offset, last.end.offset)
    .split('\n')
  const strip = new RegExp(`^ {0,${indent}}`)
  return unwrapSoftBreaks(
    [head, ...rest.map((line) => line.replace(strip, ''))].join('\n').trim()
  )
}

const BLOCK_START = /^\s*(?:[-*+] |\d{1,3}[.)] |#{1,6} |>|\||```|~~~|<!--)/
const FENCE = /^\s*(?:```|~~~)/

/**
 * Join the lines of each paragraph that the author wrapped by hand (soft line breaks), so that chat
 * clients which show every newline (Discord) do not show ragged text. Code blocks, list items, quotes,
 * tables, headings and hard breaks (two trailing spaces or a backslash) are left as they are.
 * @param markdown Markdown as written.
 * @returns The same Markdown with soft breaks turned into spaces.
 */
export function unwrapSoftBreaks(markdown: string): string {
  const out: string[] = []
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (FENCE.test(line)) {
      fenced = !fenced
      out.push(line)
      continue
    }
    const previous = out.at(-1)
    const joinable =
      !fenced &&
      previous !== undefined &&
      previous.trim() !== '' &&
      line.trim() !== '' &&
      !FENCE.test(previous) &&
      !BLOCK_START.test(line) &&
      !/^\s*\|/.test(previous) &&
      !/(?: {2}|\\)$/.test(previous) &&
      !/^ {4,}/.test(line.replace(/^ {0,3}/, ''))
    // Chinese and Japanese text has no spaces between words: join such lines without one.
    const cjk =
      /[\u3000-\u9fff\uff00-\uffef]$/.test(previous ?? '') &&
      /^\s*[\u3000-\u9fff\uff00-\uffef]/.test(line)
    if (joinable)
      out[out.length - 1] = `${previous}${cjk ? '' : ' '}${line.trim()}`
    else out.push(line)
  }
  return out.join('\n')
}

/** Markdown of a list of nodes, serialised from the tree. */
export function nodesToMarkdown(nodes: RootContent[]): string {
  if (nodes.length === 0) return ''
  return toMarkdown(
    { type: 'root', children: nodes },
    { extensions: [gfmToMarkdown()], bullet: '-', fences: true }
  ).trim()
}

/**
 * Read the steps of a `## Fix` (or `## Collect`) section.
 * @returns The steps in order; problems are reported on the file.
 */
export function readSteps(
  file: VFile,
  section: Section | undefined,
  name: string
): Step[] {
  if (!section) return []
  const list = section.nodes.find((node): node is List => node.type === 'list')
  if (!list || list.ordered !== true) {
    report(
      file,
      fixOrderedList.messages.notOrdered(
        list ? 'unordered list' : 'section without a list',
        name
      ),
      (list ?? section.heading).position?.start,
      fixOrderedList
    )
    return []
  }
  return list.children.map((item) => readStep(file, item))
}

function readStep(file: VFile, item: ListItem): Step {
  let applies: Applicability = { platforms: [], versions: {} }
  const code: Step['code'] = []
  const rest: RootContent[] = []
  const take = (
    value: string,
    position: Html['position']
  ): { rest: string } | undefined => {
    const parsed = parseApplies(value)
    if (parsed && 'error' in parsed) {
      report(
        file,
        appliesComment.messages.invalid(parsed.error),
        position?.start,
        appliesComment
      )
      return { rest: '' }
    }
    if (parsed)
      applies = { platforms: parsed.platforms, versions: parsed.versions }
    return parsed
  }
  // CommonMark reads a step that starts with `<!-- … -->` as an HTML block holding the rest of that
  // line: take the comment, and give the rest of the line back to the paragraph that follows.
  const children = [...(item.children as RootContent[])]
  const first = children[0]
  if (first?.type === 'html') {
    const taken = take(first.value, first.position)
    if (taken) {
      children.shift()
      if (taken.rest !== '') {
        const rest = taken.rest
        const inline = parseWithStore(`\0step\0${rest}`, () =>
          processor.parse(rest)
        ).children[0]
        const lead = inline?.type === 'paragraph' ? inline.children : []
        const next = children[0]
        if (next?.type === 'paragraph')
          children[0] = {
            ...next,
            children: [...lead, { type: 'text', value: ' ' }, ...next.children]
          }
        else children.unshift({ type: 'paragraph', children: lead })
      }
    }
  }
  const visit = (nodes: RootContent[], top: boolean): RootContent[] =>
    nodes.flatMap((node): RootContent[] => {
      if (node.type === 'html')
        return take(node.value, node.position) ? [] : [node]
      if (node.type === 'code') {
        code.push({ lang: node.lang ?? '', value: node.value })
        return [node]
      }
      if (node.type === 'paragraph' && top) {
        // An applies comment written inline at the start of a paragraph.
        const head = node.children[0]
        if (head?.type === 'html' && take(head.value, head.position)) {
          const after = node.children.slice(1)
          const text = after[0]
          if (text?.type === 'text')
            after[0] = { ...text, value: text.value.replace(/^\s+/, '') }
          return [{ ...node, children: after }]
        }
      }
      if (
        'children' in node &&
        node.type !== 'paragraph' &&
        node.type !== 'heading' &&
        node.type !== 'table'
      ) {
        return [
          { ...node, children: visit(node.children, false) } as RootContent
        ]
      }
      return [node]
    })
  rest.push(...visit(children, true))
  // The step as written: the list item's content without the applies comment.
  const markdown = sliceMarkdown(String(file.value), item.children).replace(
    /^<!--\s*applies:[\s\S]*?-->\s*/,
    ''
  )
  if (markdown === '')
    report(
      file,
      fixStepEmpty.messages.empty(),
      item.position?.start,
      fixStepEmpty
    )
  const prose = rest.filter((node) => node.type !== 'code')
  // Paragraphs of a step are joined with a space (the tree's text would run them together).
  return {
    markdown,
    text: prose
      .map((node) => toString(node))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim(),
    code,
    applies
  }
}
