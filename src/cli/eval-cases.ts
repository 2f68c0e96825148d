/**
 * @module cli/eval-cases
 * What `remedy eval` does with a JSONL file of labelled logs: read the cases, diagnose each, score
 * the answers. Apart from the command so that the command list loads no zod and no matcher.
 */
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import { EVAL_BAD_LINE } from '../errors.ts'
import { diagnose } from '../match/diagnose.ts'
import type { Matcher } from '../match/matcher.ts'
import { wrapLog, type Wrapping } from './wrap.ts'

const caseSchema = z.looseObject({
  id: z.string(),
  log: z.string(),
  topic: z.string().optional(),
  accept: z.array(z.string()).optional()
})
export type EvalCase = z.infer<typeof caseSchema>

export interface EvalRow {
  id: string
  verdict: string
  ranked: string[]
  confidence: number[]
  /** The canonical errno names read from the log, in the order they first appear. */
  errnos: string[]
  ms: number
}

export interface EvalSummary {
  labelled: number
  top1: number
  recall3: number
  negatives: number
  falseConfident: number
  /** Ids of labelled cases whose top answer was wrong or missing. */
  misses: string[]
  /** Ids of `none` cases that got a confident match. */
  falseMatches: string[]
}

/**
 * Read a JSONL file of cases; bad lines are reported and skipped.
 * @returns The cases and the error messages.
 */
export function parseCases(
  text: string,
  file: string
): { cases: EvalCase[]; errors: string[] } {
  const cases: EvalCase[] = []
  const errors: string[] = []
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (error) {
      errors.push(
        EVAL_BAD_LINE(
          file,
          index + 1,
          error instanceof Error ? error.message : String(error)
        )
      )
      return
    }
    const parsed = caseSchema.safeParse(value)
    if (parsed.success) cases.push(parsed.data)
    else
      errors.push(
        EVAL_BAD_LINE(
          file,
          index + 1,
          parsed.error.issues
            .map(
              (issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`
            )
            .join('; ')
        )
      )
  })
  return { cases, errors }
}

/** Diagnose one case. */
export function runCase(
  matcher: Matcher,
  item: EvalCase,
  wrapping: Wrapping = 'plain'
): EvalRow {
  const start = performance.now()
  const diagnosis = diagnose(matcher, wrapLog(item.log, wrapping), { top: 3 })
  const ms = performance.now() - start
  const ranked = [...diagnosis.matches, ...diagnosis.others]
  return {
    id: item.id,
    verdict: diagnosis.verdict,
    ranked: ranked.map((match) => match.id),
    confidence: ranked.map((match) => match.confidence),
    errnos: [
      ...new Set(
        [...diagnosis.facts.errors]
          .sort((a, b) => a.line - b.line)
          .map((fact) => fact.errno)
      )
    ],
    ms: Math.round(ms * 100) / 100
  }
}

/** Score rows against the labels. */
export function summarize(cases: EvalCase[], rows: EvalRow[]): EvalSummary {
  const summary: EvalSummary = {
    labelled: 0,
    top1: 0,
    recall3: 0,
    negatives: 0,
    falseConfident: 0,
    misses: [],
    falseMatches: []
  }
  rows.forEach((row, index) => {
    const item = cases[index]
    if (item?.topic === undefined) return
    if (item.topic === 'none') {
      summary.negatives++
      if (row.verdict === 'match') {
        summary.falseConfident++
        summary.falseMatches.push(row.id)
      }
      return
    }
    summary.labelled++
    const right = new Set([item.topic, ...(item.accept ?? [])])
    if (
      row.verdict !== 'none' &&
      row.ranked[0] !== undefined &&
      right.has(row.ranked[0])
    )
      summary.top1++
    else summary.misses.push(row.id)
    if (row.ranked.slice(0, 3).some((id) => right.has(id))) summary.recall3++
  })
  return summary
}
