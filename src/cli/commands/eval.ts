/**
 * `remedy eval CASES.jsonl`: diagnose labelled logs in one process and report top-1 accuracy,
 * recall@3 and confident answers on logs labelled `none` (or one JSON line per case with `--json`).
 */
import { readFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import { EVAL_BAD_LINE, FILE_UNREADABLE } from '../../errors.ts'
import { diagnose } from '../../match/diagnose.ts'
import type { Matcher } from '../../match/matcher.ts'
import { loadForCli } from '../kb.ts'
import type { CliCommand } from '../types.ts'
import { WRAPPINGS, wrapLog, type Wrapping } from '../wrap.ts'

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

const pct = (part: number, whole: number): string =>
  whole === 0 ? '   -  ' : `${((100 * part) / whole).toFixed(1).padStart(5)}%`

export const evalCommand = {
  name: 'eval',
  register(program, ctx) {
    program
      .command('eval')
      .description(
        'diagnose labelled logs (JSON lines with id, log, topic, accept) and report accuracy'
      )
      .argument('<cases>', 'a JSONL file')
      .option('--kb <dir>', 'knowledge base folder')
      .option('--json', 'print one JSON line per case')
      .option(
        '--wrapped',
        'also run every case wrapped as pasted in Discord (code fence, ANSI, CRLF, quotes, timestamps)'
      )
      .option('--misses', 'list the cases answered wrongly')
      .action(
        async (
          file: string,
          options: {
            kb?: string
            json?: boolean
            wrapped?: boolean
            misses?: boolean
          }
        ) => {
          let text: string
          try {
            text = await readFile(file, 'utf8')
          } catch (error) {
            ctx.err(
              `remedy: ${FILE_UNREADABLE(file, error instanceof Error ? error.message : String(error))}\n`
            )
            ctx.setExitCode(2)
            return
          }
          const { cases, errors } = parseCases(text, file)
          for (const error of errors) ctx.err(`remedy: ${error}\n`)
          if (errors.length > 0) ctx.setExitCode(1)
          const { matcher } = await loadForCli(ctx, options.kb)
          const wrappings: Wrapping[] =
            options.wrapped === true ? [...WRAPPINGS] : ['plain']
          if (options.json === true) {
            for (const wrapping of wrappings) {
              for (const item of cases) {
                const row = runCase(matcher, item, wrapping)
                ctx.out(
                  `${JSON.stringify(wrappings.length > 1 ? { ...row, wrapping } : row)}\n`
                )
              }
            }
            return
          }
          ctx.out(
            `${'run'.padEnd(11)} ${'cases'.padStart(5)}  ${'top-1'.padStart(6)}  ${'recall@3'.padStart(8)}  ${'none→match'.padStart(10)}  ${'median ms'.padStart(9)}  ${'max ms'.padStart(7)}\n`
          )
          for (const wrapping of wrappings) {
            const rows = cases.map((item) => runCase(matcher, item, wrapping))
            const summary = summarize(cases, rows)
            const times = rows.map((row) => row.ms).sort((a, b) => a - b)
            const median = times[Math.floor(times.length / 2)] ?? 0
            ctx.out(
              `${wrapping.padEnd(11)} ${String(cases.length).padStart(5)}  ${pct(summary.top1, summary.labelled)}  ${pct(summary.recall3, summary.labelled).padStart(8)}  ${`${pct(summary.falseConfident, summary.negatives)}`.padStart(10)}  ${median.toFixed(2).padStart(9)}  ${(times.at(-1) ?? 0).toFixed(2).padStart(7)}\n`
            )
            if (options.misses === true) {
              for (const id of summary.misses) {
                const item = cases.find((entry) => entry.id === id)
                const row = rows.find((entry) => entry.id === id)
                ctx.out(
                  `  miss ${id}: expected ${item?.topic ?? '?'}${(item?.accept ?? []).length > 0 ? ` (or ${(item?.accept ?? []).join(', ')})` : ''}, got ${row?.verdict ?? '?'} ${
                    row?.ranked
                      .slice(0, 3)
                      .map((rid, i) => `${rid}:${row.confidence[i] ?? 0}`)
                      .join(' ') ?? ''
                  }\n`
                )
              }
              for (const id of summary.falseMatches) {
                const row = rows.find((entry) => entry.id === id)
                ctx.out(
                  `  false match ${id}: ${row?.ranked[0] ?? '?'} ${row?.confidence[0] ?? 0}\n`
                )
              }
            }
          }
          ctx.out(
            `labelled: ${cases.filter((item) => item.topic !== undefined && item.topic !== 'none').length}, none: ${cases.filter((item) => item.topic === 'none').length}\n`
          )
        }
      )
  }
} satisfies CliCommand
