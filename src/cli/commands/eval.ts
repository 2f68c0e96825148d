/**
 * `remedy eval CASES.jsonl`: diagnose labelled logs in one process and report top-1 accuracy,
 * recall@3 and confident answers on logs labelled `none` (or one JSON line per case with `--json`).
 */
import { readFile } from 'node:fs/promises'
import { FILE_UNREADABLE } from '../../errors.ts'
import { loadForCli } from '../kb.ts'
import type { CliCommand } from '../types.ts'
import { WRAPPINGS, type Wrapping } from '../wrap.ts'

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
          const { parseCases, runCase, summarize } = await import(
            '../eval-cases.ts'
          )
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
