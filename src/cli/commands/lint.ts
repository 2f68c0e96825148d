/**
 * `remedy lint`: check every article and print `file:line:col  message  rule-id`; exits non-zero on errors.
 */
import { formatFinding, kbDir } from '../kb.ts'
import type { CliCommand } from '../types.ts'

export const lintCommand = {
  name: 'lint',
  register(program, ctx) {
    program
      .command('lint')
      .description(
        'check every article: schema, sections, fix steps, regexes, examples'
      )
      .option('--kb <dir>', 'knowledge base folder (default: $KB_DIR or ./kb)')
      .option('--quiet', 'print errors only')
      .option(
        '--drafts',
        'match every example with the drafts in, as `diagnose --drafts` does'
      )
      .action(
        async (options: { kb?: string; quiet?: boolean; drafts?: boolean }) => {
          const { lintKb } = await import('../../lint/index.ts')
          const { kb, findings, examples } = await lintKb(
            kbDir(ctx, options.kb),
            { drafts: options.drafts === true }
          )
          const sorted = [...findings].sort(
            (a, b) =>
              String(a.file).localeCompare(String(b.file)) ||
              (a.line ?? 0) - (b.line ?? 0)
          )
          const errors = sorted.filter((finding) => finding.fatal === true)
          for (const finding of sorted)
            if (finding.fatal === true || options.quiet !== true)
              ctx.out(`${formatFinding(finding, ctx.cwd)}\n`)
          const warnings = sorted.length - errors.length
          const drafts = kb.articles.filter((article) => article.draft).length
          ctx.out(
            `${kb.articles.length} articles${drafts > 0 ? ` (${drafts} draft${drafts === 1 ? '' : 's'}, not served)` : ''}, ${examples} examples: ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`
          )
          if (errors.length > 0) ctx.setExitCode(1)
        }
      )
  }
} satisfies CliCommand
