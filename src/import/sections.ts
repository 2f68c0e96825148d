/**
 * @module import/sections
 * Map the sections of a write-up onto the article format by their headings, in English and Chinese
 * with the usual synonyms. The first rule whose words a heading contains wins, so the more specific
 * rules come first ("Steps to reproduce" describes the symptom before "steps" means the fix).
 * What no rule claims goes to Unsorted: nothing of the original is dropped.
 */
import type {
  BlockContent,
  Code,
  Heading,
  List,
  ListItem,
  Root,
  RootContent
} from 'mdast'
import { toString } from 'mdast-util-to-string'

/** Where a part of the write-up goes in the article. */
export type Target =
  | 'intro'
  | 'symptoms'
  | 'cause'
  | 'details'
  | 'fix'
  | 'verify'
  | 'notes'
  | 'related'
  | 'unsorted'

/** The article section each target is written under. */
export const TARGET_SECTIONS: Record<Target, string> = {
  intro: 'intro',
  symptoms: 'Symptoms',
  cause: 'Cause',
  details: 'Cause (details)',
  fix: 'Fix',
  verify: 'Verify',
  notes: 'Notes',
  related: 'Related',
  unsorted: 'Unsorted'
}

/** Ordered: the first rule that matches a heading decides. */
const RULES: { target: Target; words: RegExp }[] = [
  {
    target: 'symptoms',
    words:
      /reproduc|symptom|error message|what you see|describe the bug|expected behavio|actual behavio|description|\bquestion\b|\bimpact\b|stack ?trace|traceback|console output|现象|症状|报错|错误信息|表现|复现|描述|提问|증상|현상|오류 메시지/i
  },
  // A heading that starts with checking is Verify; one that merely mentions it ("Fix (validated on
  // 0.3.10)", "解决方案（已验证）") is still the fix, read by the rule after.
  {
    target: 'verify',
    words:
      /^(?:how to )?(?:verif|validat|confirm|check|test(?:ing)? the fix)|^(?:验证|检查|确认|检验|확인|검증)/i
  },
  {
    target: 'fix',
    words:
      /solution|\bfix|workaround|resolution|remed|mitigat|\banswer\b|\bsteps\b|how to solve|解决|修复|步骤|办法|方法|措施|处理|方案|回答|해결|조치|단계/i
  },
  {
    target: 'cause',
    words: /root cause|\bcauses?\b|\breasons?\b|原因|根源|本质|根因|원인/i
  },
  {
    target: 'details',
    words:
      /analys[ie]s|details|deep dive|internals|how it works|explanation|investigation|分析|细节|原理|机制|排查|解释|분석/i
  },
  { target: 'cause', words: /problem|\bissue\b|\bwhy\b|问题/i },
  {
    target: 'symptoms',
    words:
      /\berrors?\b|\bbug\b|\bcrash|\blogs?\b|log output|错误|故障|异常|日志/i
  },
  {
    target: 'verify',
    words: /verif|validat|confirm|\bcheck|验证|检查|确认|检验/i
  },
  {
    target: 'intro',
    words:
      /background|context|overview|introduction|\babout\b|environment|tl;?dr|setup|背景|概述|简介|介绍|环境|前言|배경|환경|개요/i
  },
  {
    target: 'notes',
    words:
      /best practice|summary|conclusion|\btips?\b|notes?\b|prevent|lessons|takeaway|action items|follow.?ups?|最佳实践|总结|结论|建议|备注|注意|预防|小结|经验|后续|요약|참고 사항|모범 사례/i
  },
  {
    target: 'related',
    words:
      /reference|see also|links|related|further reading|参考|相关|链接|延伸阅读|참고 자료|관련/i
  }
]

/** Chinese section numbering, `一、背景`: it marks a heading, never a list item. */
export const CHINESE_SECTION_NUMBER =
  /^\s*[一二三四五六七八九十]{1,3}[、.．]\s*/

/**
 * Which part of an article a heading names.
 * @param heading The heading's text.
 * @returns The target, or `unsorted` when no rule knows it.
 */
export function targetOf(heading: string): Target {
  // A heading's own numbering (`一、背景`, `2. Fix`, `Step 1:`) is not one of its words.
  const text = heading
    .replace(CHINESE_SECTION_NUMBER, '')
    .replace(/^\s*(?:\d{1,2}[.)、．]|step \d+[:.]?)\s*/i, '')
    .replace(/[:：]\s*$/, '')
  return RULES.find((rule) => rule.words.test(text))?.target ?? 'unsorted'
}

/**
 * Is this line only the name of a section (`Fix`, `Root cause`, `背景介绍`), not a title that mentions
 * one (`Dora项目在WSL环境下的UDP多播问题分析与解决方案`)?
 * @param line A heading or a short line.
 * @returns True for a short line that a rule knows.
 */
export function isSectionName(line: string): boolean {
  const text = line.trim().replace(/[:：]$/, '')
  const short = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(text)
    ? text.length <= 6
    : text.split(/\s+/).length <= 3
  return short && targetOf(text) !== 'unsorted'
}

/** One section of the write-up and where it went. */
export interface MappedSection {
  /** The heading as written ('' for the text before the first heading). */
  heading: string
  target: Target
  blocks: RootContent[]
}

/** A write-up split into its title and sections, each with its target. */
export interface Mapped {
  title: string
  /** The heading depth the sections start at (2 in most Markdown, 2 for plain text). */
  level: number
  sections: MappedSection[]
}

/**
 * Split a write-up's tree into sections at its highest heading level below the title, and map each.
 * Text before the first section is the intro. When the write-up has no section for the symptoms,
 * a background that describes the error (it quotes one, or names an OS error) is the symptoms.
 * @param tree The write-up as mdast (from remark, or from `textToTree`).
 * @returns The title and the mapped sections, in the write-up's order.
 */
export function mapSections(tree: Root): Mapped {
  const children = tree.children.filter((node) => node.type !== 'yaml')
  const headings = children.filter(
    (node): node is Heading => node.type === 'heading'
  )
  // The one `#` heading is the title, unless it only names a section (`# Fix`).
  const titleNode = headings.find(
    (node) =>
      node.depth === 1 &&
      headings.filter((other) => other.depth === 1).length === 1 &&
      !isSectionName(toString(node))
  )
  const level = Math.min(
    ...headings.filter((node) => node !== titleNode).map((node) => node.depth),
    6
  )
  const sections: MappedSection[] = []
  let current: MappedSection = { heading: '', target: 'intro', blocks: [] }
  for (const node of children) {
    if (node === titleNode) continue
    if (node.type === 'heading' && node.depth === level) {
      if (current.blocks.length > 0 || current.heading !== '')
        sections.push(current)
      const heading = toString(node).trim()
      current = { heading, target: targetOf(heading), blocks: [] }
      continue
    }
    current.blocks.push(node)
  }
  if (current.blocks.length > 0 || current.heading !== '')
    sections.push(current)
  if (!sections.some((section) => section.target === 'symptoms')) {
    for (const section of sections)
      if (section.target === 'intro' && describesError(section.blocks))
        section.target = 'symptoms'
  }
  return {
    title: titleNode ? toString(titleNode).trim() : '',
    level: Number.isFinite(level) ? level : 2,
    sections
  }
}

const ERROR_MENTION =
  /\(os error \d+\)|\b(?:E[A-Z]{3,}|errno|errors?|fail(?:s|ed|ing|ure)?|unable to|cannot|can't|refused|denied|panick?ed|in use|not found)\b|错误|失败|无法|报错/i

/** Does a part of the write-up describe an error (and so say what the user sees)? */
function describesError(blocks: readonly RootContent[]): boolean {
  return blocks.some(
    (node) => node.type === 'code' || ERROR_MENTION.test(toString(node))
  )
}

/** Sub-headings of a fix that name a platform, and the platform (`### On Windows`, `### WSL 2`). */
const PLATFORM_HEADINGS: { platform: string; words: RegExp }[] = [
  { platform: 'wsl', words: /^(?:on |in |for )?wsl ?2?$/i },
  { platform: 'linux', words: /^(?:on |for )?(?:linux|ubuntu|debian)$/i },
  { platform: 'macos', words: /^(?:on |for )?(?:macos|mac|os x)$/i },
  { platform: 'windows', words: /^(?:on |for )?windows(?: 10| 11)?$/i },
  {
    platform: 'docker',
    words: /^(?:in |for )?(?:docker|a container|containers|dev ?containers?)$/i
  }
]

/** One fix step: the blocks of a list item, or of a sub-heading and what follows it. */
export type StepBlocks = BlockContent[]

/**
 * The steps of the fix sections: one per item of their lists, in order. Code and text that follow
 * a list item outside it (a fence the author did not indent) belong to that item. Without a list,
 * sub-headings start steps; without those, each paragraph does.
 * @param sections The sections mapped to `fix`.
 * @returns The steps, and the blocks that fit no step (for Unsorted).
 */
export function fixSteps(sections: MappedSection[]): {
  steps: StepBlocks[]
  leftover: MappedSection[]
} {
  const steps: StepBlocks[] = []
  const leftover: MappedSection[] = []
  for (const section of sections) {
    const blocks = section.blocks as BlockContent[]
    const before: RootContent[] = []
    if (blocks.some((node) => node.type === 'list')) {
      let last: StepBlocks | undefined
      const lastList = blocks.findLastIndex((node) => node.type === 'list')
      for (const [index, node] of blocks.entries()) {
        if (node.type === 'list') {
          for (const item of node.children) {
            last = [...(item.children as BlockContent[])]
            steps.push(last)
          }
        } else if (
          last &&
          node.type !== 'heading' &&
          (index < lastList || node.type === 'code')
        )
          last.push(node)
        // Prose after the list is a remark on the whole fix (or how to verify it), not part of its last step.
        else before.push(node)
      }
    } else if (blocks.some((node) => node.type === 'heading')) {
      let last: StepBlocks | undefined
      for (const node of blocks) {
        if (node.type === 'heading') {
          const name = toString(node).trim()
          const platform = PLATFORM_HEADINGS.find((entry) =>
            entry.words.test(name)
          )?.platform
          // `### Windows` under the solution: the step is for that platform, which the engine can read.
          const applies: StepBlocks =
            platform === undefined
              ? []
              : [
                  {
                    type: 'html',
                    value: `<!-- applies: platform=${platform} -->`
                  }
                ]
          last = [
            ...applies,
            {
              type: 'paragraph',
              children: [
                { type: 'strong', children: [{ type: 'text', value: name }] }
              ]
            }
          ]
          steps.push(last)
        } else if (last) last.push(node)
        else before.push(node)
      }
    } else {
      let last: StepBlocks | undefined
      for (const node of blocks) {
        if (node.type === 'code' && last) last.push(node)
        else {
          last = [node]
          steps.push(last)
        }
      }
    }
    if (before.length > 0)
      leftover.push({
        heading: section.heading,
        target: 'unsorted',
        blocks: before
      })
  }
  // An empty list item says nothing: it is not a step.
  return {
    steps: steps.filter((step) =>
      step.some((node) => node.type === 'code' || toString(node).trim() !== '')
    ),
    leftover
  }
}

/** Every code block of some nodes, in order. */
export function codeBlocks(nodes: readonly RootContent[]): Code[] {
  return nodesOf(nodes, 'code')
}

/**
 * Every node of one type in some nodes, depth first, in order.
 * @param nodes Where to look.
 * @param type e.g. `code`, `inlineCode`.
 * @returns The nodes.
 */
export function nodesOf<T extends RootContent['type']>(
  nodes: readonly RootContent[],
  type: T
): Extract<RootContent, { type: T }>[] {
  const found: Extract<RootContent, { type: T }>[] = []
  const visit = (list: readonly RootContent[]): void => {
    for (const node of list) {
      if (node.type === type)
        found.push(node as Extract<RootContent, { type: T }>)
      else if ('children' in node) visit(node.children)
    }
  }
  visit(nodes)
  return found
}

/** An ordered list of steps, ready to write under `## Fix`. */
export function stepList(steps: StepBlocks[]): List {
  const children: ListItem[] = steps.map((blocks) => ({
    type: 'listItem',
    spread: true,
    children: blocks
  }))
  return { type: 'list', ordered: true, start: 1, spread: true, children }
}
