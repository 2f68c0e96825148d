/**
 * `remedy build`: compile the KB once and save it as JSON; `--kb FILE.json` then loads it without
 * parsing Markdown (useful for very large knowledge bases).
 */
import { writeFile } from 'node:fs/promises'
import { formatFinding, kbDir } from '../kb.ts'
import type { CliCommand } from '../types.ts'

export const buildCommand = {
  name: 'build',
  register(program, ctx) {
    program
      .command('build')
      .description(
        'compile the knowledge base into one JSON index (refused when an article has errors)'
      )
      .option('--kb <dir>', 'knowledge base folder (default: $KB_DIR or ./kb)')
      .requiredOption(
        '--out <file>',
        'where to write the index, e.g. dist/kb.json'
      )
      .action(async (options: { kb?: string; out: string }) => {
        const [{ serializeKb }, { loadKb }] = await Promise.all([
          import('../../kb/index-file.ts'),
          import('../../kb/load.ts')
        ])
        const { kb, findings } = await loadKb(kbDir(ctx, options.kb))
        const errors = findings.filter((finding) => finding.fatal === true)
        if (errors.length > 0) {
          for (const finding of errors)
            ctx.err(`${formatFinding(finding, ctx.cwd)}\n`)
          ctx.setExitCode(1)
          return
        }
        await writeFile(options.out, serializeKb(kb))
        ctx.out(
          `${kb.articles.length} articles written to ${options.out} (format ${kb.formatVersion}, KB ${kb.version})\n`
        )
      })
  }
} satisfies CliCommand
