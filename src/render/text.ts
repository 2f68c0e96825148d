/**
 * @module render/text
 * The reply as plain text for a terminal: verdict, article, evidence quoted, steps numbered with their
 * code indented, steps that do not apply marked.
 */
import type { Reply, ReplyStep } from './types.ts'

export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : `${prefix}${line}`))
    .join('\n')
}

function formatStep(step: ReplyStep, doesNotApply: string): string {
  const badge =
    step.applies === 'no'
      ? ` [${doesNotApply}: ${step.note ?? ''}]`
      : step.scope !== undefined
        ? ` [${step.scope}]`
        : ''
  // The badge goes on the step's first line: at the end it could follow a closing code fence.
  const [first = '', ...rest] = step.markdown.split('\n')
  return [
    `${String(step.n).padStart(2)}. ${first}${badge}`,
    ...rest.map((line) => (line === '' ? '' : `    ${line}`))
  ].join('\n')
}

/**
 * Format a reply for the terminal.
 * @param reply The rendered reply.
 * @returns Text ending with a newline.
 */
export function formatText(reply: Reply): string {
  const out: string[] = [reply.headline, '']
  for (const note of reply.notes) out.push(`Note: ${note}`, '')
  for (const article of reply.articles) {
    out.push(
      `${article.confidenceLabel} (${Math.round(article.confidence * 100)}%): ${article.title}  [${article.id}]`
    )
    out.push(`  ${article.summary}`)
    if (article.url !== undefined) out.push(`  ${article.url}`)
    out.push('')
    if (article.evidence.length > 0) {
      out.push(`${reply.labels.why}:`)
      for (const item of article.evidence)
        out.push(`  > ${item.text}`, `    (line ${item.line}: ${item.clue})`)
      out.push('')
    }
    if (reply.verdict === 'match') {
      out.push(`${reply.labels.steps}:`)
      for (const step of article.steps)
        out.push(formatStep(step, reply.labels.doesNotApply), '')
      if (article.verify !== '')
        out.push(`${reply.labels.verify}:`, indent(article.verify, '  '), '')
    }
  }
  if (reply.others.length > 0) {
    out.push(`${reply.labels.otherMatches}:`)
    for (const other of reply.others)
      out.push(
        `  - ${other.title} [${other.id}] (${Math.round(other.confidence * 100)}%)`
      )
    out.push('')
  }
  if (reply.collect) {
    out.push(`${reply.labels.collect}: ${reply.collect.title}`)
    for (const step of reply.collect.steps)
      out.push(formatStep(step, reply.labels.doesNotApply))
    out.push('')
  }
  if (reply.verdict === 'none') out.push(reply.labels.searchHintTerminal, '')
  if (reply.image !== undefined)
    out.push(
      `Read from the image (OCR confidence ${reply.image.confidence}%):`,
      indent(reply.image.text, '  | '),
      ''
    )
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}
