/**
 * `remedy import FILE… [--collection C] [--id ID] [--out DIR]`: turn existing write-ups into draft
 * articles in `DIR/<collection>/<id>.md`, then show what went where and what lint says each still lacks.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { Option } from 'commander'
import {
  FILE_UNREADABLE,
  IMPORT_EMPTY,
  IMPORT_EXISTS,
  IMPORT_ID_FOR_MANY,
  IMPORT_INTO_INDEX,
  IMPORT_NOT_TEXT,
  IMPORT_TOO_LARGE,
  INVALID_KEBAB_OPTION,
  INVALID_LOCALE_OPTION
} from '../../errors.ts'
import type { ImportReport, WriteupFormat } from '../../import/index.ts'
import type { Finding } from '../../kb/load.ts'
import { formatFinding, kbDir, kbPlaces } from '../kb.ts'
import type { CliCommand, CliContext } from '../types.ts'

/** A write-up is prose (a long blog post is 50 KB): anything bigger is a log or a mistake, and remark's parser slows down more than linearly on very long documents. */
export const MAX_WRITEUP_BYTES = 512 * 1024

interface ImportCliOptions {
  collection?: string
  id?: string
  out?: string
  locale?: string
  format?: WriteupFormat
  force?: boolean
  json?: boolean
}

/**
 * The code `remedy import` runs, loaded when it runs: the other commands start without remark,
 * zod and the linter.
 */
async function loadModules() {
  const [importer, sections, schema, lint, diagnoseModule, matcher] =
    await Promise.all([
      import('../../import/index.ts'),
      import('../../import/sections.ts'),
      import('../../kb/schema.ts'),
      import('../../lint/index.ts'),
      import('../../match/diagnose.ts'),
      import('../../match/matcher.ts')
    ])
  return {
    importWriteup: importer.importWriteup,
    TARGET_SECTIONS: sections.TARGET_SECTIONS,
    ID_PATTERN: schema.ID_PATTERN,
    LOCALE_PATTERN: schema.LOCALE_PATTERN,
    readClues: schema.readClues,
    lintKb: lint.lintKb,
    diagnose: diagnoseModule.diagnose,
    CANDIDATE_CONFIDENCE: diagnoseModule.CANDIDATE_CONFIDENCE,
    createMatcher: matcher.createMatcher
  }
}

type ImportModules = Awaited<ReturnType<typeof loadModules>>

/** Columns as a terminal shows them: CJK characters take two. */
function width(text: string): number {
  return [...text].reduce(
    (sum, char) =>
      sum +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        char
      )
        ? 2
        : 1),
    0
  )
}

function pad(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - width(text)))
}

/** A published article that the write-up's own text already brings up. */
interface Similar {
  id: string
  confidence: number
  path: string
}

/**
 * The summary an author reads after an import: sections and where they went, the proposed clues and
 * where each came from, the examples, the published articles it brings up, and what lint says is
 * still missing.
 */
function formatImport(
  { TARGET_SECTIONS, readClues }: ImportModules,
  report: ImportReport,
  where: string,
  source: string,
  findings: Finding[],
  cwd: string,
  similar: Similar[] = []
): string {
  const lines: string[] = []
  const format = report.format === 'markdown' ? 'Markdown' : 'plain text'
  lines.push(
    `Drafted ${where} from ${source} (${format}, ${report.locale})`,
    ''
  )
  lines.push('Sections')
  const headingWidth = Math.max(
    8,
    ...report.sections.map((section) =>
      width(section.heading || '(before the first heading)')
    )
  )
  for (const section of report.sections) {
    const target =
      section.target === 'fix'
        ? `Fix: ${report.steps} step(s), ${report.stepsWithCommand} with a command`
        : TARGET_SECTIONS[section.target]
    const note =
      section.target === 'fix' || section.note === '' ? '' : `, ${section.note}`
    lines.push(
      `  ${pad(section.heading || '(before the first heading)', headingWidth)}  → ${target}${note}`
    )
  }
  lines.push('', 'Proposed signatures (check each against real logs)')
  const labels = report.proposals.map(
    (proposal) =>
      readClues([proposal.clue]).clues[0]?.label ??
      JSON.stringify(proposal.clue)
  )
  const labelWidth = Math.max(10, ...labels.map(width))
  report.proposals.forEach((proposal, index) => {
    lines.push(
      `  ${pad(labels[index] ?? '', labelWidth)}  ${pad(String(proposal.clue.weight), 4)}  from ${proposal.from}`
    )
  })
  if (report.proposals.length === 0)
    lines.push('  none found: write the clues by hand (see kb/README.md)')
  const versions = Object.entries(report.versions).map(
    ([name, list]) => `${name} ${list.join(', ')}`
  )
  if (versions.length > 0)
    lines.push(
      `  versions named: ${versions.join('; ')} (say which are affected under applies_to.versions)`
    )
  lines.push(
    '',
    report.examples === 0
      ? 'Examples: no log in the write-up; add a real one under examples.match'
      : `Examples: ${report.examples} log(s) from the write-up's code blocks`
  )
  if (similar.length > 0) {
    lines.push(
      '',
      'Already in the KB? The write-up itself brings up these published articles:'
    )
    for (const item of similar)
      lines.push(
        `  ${item.id} (${Math.round(item.confidence * 100)}%)  ${item.path}`
      )
    lines.push(
      '  If one of them is this problem, add what is new to it (or make the draft its translation) instead.'
    )
  }
  const missing = findings
    .filter((finding) => finding.ruleId !== 'draft')
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  lines.push(
    '',
    missing.length === 0
      ? 'Lint finds nothing missing.'
      : 'Still missing (npx remedy lint says):'
  )
  for (const finding of missing) lines.push(`  ${formatFinding(finding, cwd)}`)
  lines.push(
    '',
    `Next: finish the draft, then try it with \`npx remedy diagnose --drafts <a log>\`.`,
    ''
  )
  return lines.join('\n')
}

async function readWriteup(
  ctx: CliContext,
  file: string
): Promise<string | undefined> {
  let bytes: Buffer
  try {
    bytes =
      file === '-'
        ? await ctx.readStdin()
        : await readFile(resolve(ctx.cwd, file))
  } catch (error) {
    ctx.err(
      `remedy: ${FILE_UNREADABLE(file, error instanceof Error ? error.message : String(error))}\n`
    )
    return undefined
  }
  if (bytes.length > MAX_WRITEUP_BYTES) {
    ctx.err(`remedy: ${IMPORT_TOO_LARGE(file, MAX_WRITEUP_BYTES)}\n`)
    return undefined
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    if (text.includes('\0')) throw new Error('NUL')
    if (text.trim() === '') {
      ctx.err(`remedy: ${IMPORT_EMPTY(file)}\n`)
      return undefined
    }
    return text
  } catch {
    ctx.err(`remedy: ${IMPORT_NOT_TEXT(file)}\n`)
    return undefined
  }
}

export const importCommand = {
  name: 'import',
  register(program, ctx) {
    program
      .command('import')
      .description(
        'turn a write-up (Markdown or plain text, English or Chinese) into a draft article'
      )
      .argument(
        '<files...>',
        'the write-ups (several make several drafts), or - for standard input'
      )
      .option(
        '--collection <name>',
        'the collection folder (default: the one whose guide lists the product, else drafts)'
      )
      .option(
        '--id <id>',
        'the article id, for one write-up (default: from the title, or from the proposed clues)'
      )
      .option(
        '--out <dir>',
        'the KB folder to write into, or - to print the drafts (default: $KB_DIR or ./kb)'
      )
      .option(
        '--locale <locale>',
        "the drafts' language (default: each write-up's)"
      )
      .addOption(
        new Option(
          '--format <format>',
          'read the files as this (default: by their extension and look)'
        ).choices(['markdown', 'text'])
      )
      .option('--force', 'replace an article of that id')
      .option(
        '--json',
        'print one JSON object per write-up: where the draft went, the report and the lint findings (with --out -: the report and the draft)'
      )
      .action(async (files: string[], options: ImportCliOptions) => {
        const modules = await loadModules()
        const {
          ID_PATTERN,
          LOCALE_PATTERN,
          importWriteup,
          lintKb,
          createMatcher,
          diagnose,
          CANDIDATE_CONFIDENCE
        } = modules
        for (const [name, value] of [
          ['--id', options.id],
          ['--collection', options.collection]
        ] as const) {
          if (value !== undefined && !ID_PATTERN.test(value)) {
            ctx.err(`remedy: ${INVALID_KEBAB_OPTION(name, value)}\n`)
            ctx.setExitCode(2)
            return
          }
        }
        if (
          options.locale !== undefined &&
          !LOCALE_PATTERN.test(options.locale)
        ) {
          ctx.err(`remedy: ${INVALID_LOCALE_OPTION(options.locale)}\n`)
          ctx.setExitCode(2)
          return
        }
        if (options.id !== undefined && files.length > 1) {
          ctx.err(`remedy: ${IMPORT_ID_FOR_MANY(files.length)}\n`)
          ctx.setExitCode(2)
          return
        }
        const root =
          options.out === undefined || options.out === '-'
            ? kbDir(ctx, undefined)
            : resolve(ctx.cwd, options.out)
        if (options.out !== '-' && root.endsWith('.json')) {
          ctx.err(`remedy: ${IMPORT_INTO_INDEX(relative(ctx.cwd, root))}\n`)
          ctx.setExitCode(2)
          return
        }
        const places = await kbPlaces(root)
        let exitCode = 0
        const written: {
          text: string
          source: string
          report: ImportReport
          path: string
          collection: string
        }[] = []
        // One write-up that cannot be read or placed does not stop the others.
        for (const file of files) {
          const text = await readWriteup(ctx, file)
          if (text === undefined) {
            exitCode = 2
            continue
          }
          const source =
            file === '-'
              ? 'stdin'
              : relative(ctx.cwd, resolve(ctx.cwd, file)) || file
          const { markdown, report } = importWriteup(text, {
            path: file === '-' ? '-' : source,
            ...(options.id === undefined ? {} : { id: options.id }),
            ...(options.locale === undefined ? {} : { locale: options.locale }),
            ...(options.format === undefined ? {} : { format: options.format })
          })
          if (options.out === '-') {
            ctx.out(
              options.json === true
                ? `${JSON.stringify({ source, report, markdown })}\n`
                : markdown
            )
            continue
          }
          const collection =
            options.collection ?? places.collectionFor(report.products)
          const path = join(root, collection, `${report.id}.md`)
          // --force replaces the file at that path; an id that an article elsewhere has is never
          // taken (two articles of one id would put the published one out of service).
          const elsewhere = places.taken.has(report.id) && !existsSync(path)
          if (elsewhere || (existsSync(path) && options.force !== true)) {
            ctx.err(
              `remedy: ${IMPORT_EXISTS(elsewhere ? `${report.id} (an article of the KB)` : relative(ctx.cwd, path))}\n`
            )
            exitCode = Math.max(exitCode, 1)
            continue
          }
          mkdirSync(dirname(path), { recursive: true })
          writeFileSync(path, markdown)
          places.taken.add(report.id)
          written.push({ text, source, report, path, collection })
        }
        if (written.length > 0) {
          const { kb, findings } = await lintKb(root)
          const served = createMatcher(kb)
          for (const draft of written) {
            const own = findings.filter(
              (finding) => resolve(String(finding.file ?? '')) === draft.path
            )
            // Read the write-up as the bot would read a paste: the published articles it brings up
            // may already be this problem.
            const answer = diagnose(served, draft.text, { top: 5 })
            const similar: Similar[] = [...answer.matches, ...answer.others]
              .filter((match) => match.confidence >= CANDIDATE_CONFIDENCE)
              .map((match) => ({
                id: match.id,
                confidence: match.confidence,
                path: join(relative(ctx.cwd, root), match.path)
              }))
            const shown = relative(ctx.cwd, draft.path)
            if (options.json === true) {
              ctx.out(
                `${JSON.stringify({ path: shown, collection: draft.collection, report: draft.report, similar, findings: own.map((finding) => ({ line: finding.line, column: finding.column, message: finding.reason, rule: finding.ruleId, fatal: finding.fatal === true })) })}\n`
              )
            } else
              ctx.out(
                formatImport(
                  modules,
                  draft.report,
                  shown,
                  draft.source,
                  own,
                  ctx.cwd,
                  similar
                )
              )
            if (own.some((finding) => finding.fatal === true))
              exitCode = Math.max(exitCode, 1)
          }
        }
        if (exitCode !== 0) ctx.setExitCode(exitCode)
      })
  }
} satisfies CliCommand
