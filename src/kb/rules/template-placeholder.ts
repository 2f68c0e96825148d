/**
 * `template-placeholder`: Every `{{` in an article or guide is a placeholder the answer fills: a known
 * capture name, closed, in a section of the body. Docker's and Go's own templates (`{{.Name}}`) are
 * allowed inside code, where the reader types them.
 */
import {
  CODE_SOURCE,
  FACT_CAPTURES,
  isFactCapture,
  PLACEHOLDER_SOURCE
} from '../captures.ts'
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

/** One finding of the rule: where, and its message. */
export interface PlaceholderFinding {
  line: number
  column: number
  reason: string
}

const FACTS = `${FACT_CAPTURES.join(', ')}, <product>_version`

export const templatePlaceholder = {
  id: 'template-placeholder',
  fatal: true,
  description:
    'Every `{{` is a placeholder the answer fills: a known capture, closed, in the body (Go templates such as `{{.Name}}` only in code).',
  messages: {
    unknown: (name: string) =>
      `Unexpected capture \`${name}\`, expected a fact (${FACTS}) or a named group of the article's regex clues`,
    malformed: (text: string) =>
      `Unexpected \`${text}\`, expected a closed placeholder \`{{name}}\` or \`{{name|default}}\` (or a Go template \`{{.Field}}\` in code)`,
    unfilled: (field: string) =>
      `Unexpected placeholder in the ${field}, expected placeholders only in the body's sections (the ${field} is shown as written)`
  },
  examples: [
    {
      name: 'a capture the log never offers',
      ok: {
        'demo/port-in-use.md': article([
          '   ss -ltnp',
          "   ss -ltnp | grep ':{{port|3000}}'\n   docker inspect -f '{{.State.Pid}}' web"
        ])
      },
      notOk: {
        'demo/port-in-use.md': article([
          '   ss -ltnp',
          "   ss -ltnp | grep ':{{prot|3000}}'"
        ])
      },
      messages: [
        "demo/port-in-use.md:27:22: Unexpected capture `prot`, expected a fact (port, address, path, errno, os_error, platform, <product>_version) or a named group of the article's regex clues"
      ]
    },
    {
      name: 'an unclosed placeholder in the Verify section',
      ok: {
        'demo/port-in-use.md': article([
          'Start the program again.',
          'Start the program again on port {{port|<port>}}.'
        ])
      },
      notOk: {
        'demo/port-in-use.md': article([
          'Start the program again.',
          'Start the program again on port {{port|3000.'
        ])
      },
      messages: [
        'demo/port-in-use.md:32:33: Unexpected `{{port|3000.`, expected a closed placeholder `{{name}}` or `{{name|default}}` (or a Go template `{{.Field}}` in code)'
      ]
    },
    {
      name: 'a placeholder in the title',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          'title: Port already in use',
          'title: Port {{port}} already in use'
        ])
      },
      messages: [
        "demo/port-in-use.md:3:1: Unexpected placeholder in the title, expected placeholders only in the body's sections (the title is shown as written)"
      ]
    }
  ]
} satisfies LintRule

/**
 * Find what an article's text would render as template syntax.
 * @param source The whole file (frontmatter and body).
 * @param known Whether a capture name is filled for this article (facts and its regex groups).
 * @returns The findings, in order, with 1-based line and column.
 */
export function checkPlaceholders(
  source: string,
  known: (name: string) => boolean
): PlaceholderFinding[] {
  const findings: PlaceholderFinding[] = []
  const place = (offset: number): { line: number; column: number } => {
    const before = source.slice(0, offset)
    const line = before.split('\n').length
    return { line, column: offset - before.lastIndexOf('\n') }
  }
  const front = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(source)
  const bodyStart = front?.[0].length ?? 0
  if (front)
    for (const field of ['title', 'summary']) {
      const line = new RegExp(`^${field}:.*$`, 'm').exec(front[0])
      if (line?.[0].includes('{{') === true)
        findings.push({
          ...place(line.index),
          reason: templatePlaceholder.messages.unfilled(field)
        })
    }
  const body = source.slice(bodyStart)
  const code = [...body.matchAll(new RegExp(CODE_SOURCE, 'gm'))].map(
    (match) => [match.index, match.index + match[0].length] as const
  )
  const inCode = (offset: number): boolean =>
    code.some(([start, end]) => offset >= start && offset < end)
  const placeholder = new RegExp(PLACEHOLDER_SOURCE, 'iy')
  const goTemplate = /\{\{-?\s*\.[^{}\n]*\}\}/y
  let at = body.indexOf('{{')
  while (at >= 0) {
    placeholder.lastIndex = at
    goTemplate.lastIndex = at
    const found = placeholder.exec(body)
    let next = at + 2
    if (found) {
      const name = found[1] ?? ''
      if (!known(name))
        findings.push({
          ...place(bodyStart + at),
          reason: templatePlaceholder.messages.unknown(name)
        })
      next = at + found[0].length
    } else {
      const go = goTemplate.exec(body)
      if (go && inCode(at)) next = at + go[0].length
      else {
        const text = /^\{\{[^\n]{0,30}/.exec(body.slice(at))?.[0] ?? '{{'
        findings.push({
          ...place(bodyStart + at),
          reason: templatePlaceholder.messages.malformed(
            text.replace(/\s+$/, '')
          )
        })
      }
    }
    at = body.indexOf('{{', next)
  }
  return findings
}

/**
 * The capture names an article's text may use.
 * @param regexSources The patterns of the article's regex clues.
 * @returns Whether a name is filled for it: a fact of every log, or one of its named groups.
 */
export function knownCaptures(
  regexSources: string[]
): (name: string) => boolean {
  const groups = new Set(
    regexSources.flatMap((source) =>
      [...source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1] ?? '')
    )
  )
  return (name) => isFactCapture(name) || groups.has(name)
}
