/**
 * `remedy diagnose [FILE|-]`: diagnose one log and print the answer (text, or `--json`).
 */
import { readFile } from 'node:fs/promises'
import { Option } from 'commander'
import { FILE_UNREADABLE, IMAGE_NO_TEXT, LOG_EMPTY } from '../../errors.ts'
import { sniffImage } from '../../ocr/image.ts'
import { loadForCli } from '../kb.ts'
import { parseBytes, parseTop } from '../options.ts'
import type { CliCommand } from '../types.ts'
import type { ReadWord } from '../../match/types.ts'

/** Bytes decoded at a time to look for something other than white space. */
const BLANK_CHUNK = 64 * 1024

/**
 * Whether a log holds nothing but white space (Unicode's, a byte-order mark included). Reads only
 * until the first character that is not white space, so a long log costs one small chunk.
 * @param input The bytes read.
 * @returns True for an empty or blank log.
 */
export function isBlankLog(input: Buffer): boolean {
  for (let start = 0; start < input.length; start += BLANK_CHUNK)
    if (input.toString('utf8', start, start + BLANK_CHUNK).trim() !== '')
      return false
  return true
}

export const diagnoseCommand = {
  name: 'diagnose',
  register(program, ctx) {
    program
      .command('diagnose')
      .description(
        'diagnose an error log (a file, or standard input with - or no file); a PNG, JPEG or WebP screenshot is read with OCR'
      )
      .argument('[file]', 'the log file or screenshot, or - for standard input')
      .option('--kb <dir>', 'knowledge base folder (default: $KB_DIR or ./kb)')
      .option(
        '--locale <locale>',
        'answer in this locale where a translation exists (e.g. zh-CN)'
      )
      .addOption(
        new Option('--top <n>', 'how many candidates to show').default('3')
      )
      .option('--json', 'print one JSON object')
      .option(
        '--drafts',
        'let draft articles (status: draft) answer too, to try a draft'
      )
      .option(
        '--max-bytes <n>',
        'bytes of the log to read (head and tail kept; default $MAX_LOG_BYTES or 1 MiB)'
      )
      .action(
        async (
          file: string | undefined,
          options: {
            kb?: string
            locale?: string
            top: string
            json?: boolean
            maxBytes?: string
            drafts?: boolean
          }
        ) => {
          const top = parseTop(options.top)
          const maxBytes = parseBytes(options.maxBytes ?? ctx.env.MAX_LOG_BYTES)
          let input: Buffer
          try {
            input =
              file === undefined || file === '-'
                ? await ctx.readStdin()
                : await readFile(file)
          } catch (error) {
            ctx.err(
              `remedy: ${FILE_UNREADABLE(file ?? '-', error instanceof Error ? error.message : String(error))}\n`
            )
            ctx.setExitCode(2)
            return
          }
          // A screenshot (told by its content, not its name): read its text first.
          let log: Buffer | string = input
          let image: { confidence: number; words: ReadWord[] } | undefined
          if (sniffImage(input) !== undefined) {
            const { createOcr } = await import('../../ocr/engine.ts')
            const ocr = createOcr()
            try {
              const read = await ocr.read(input)
              log = read.text
              image = { confidence: read.confidence, words: read.words }
            } catch (error) {
              ctx.err(
                `remedy: ${error instanceof Error ? error.message : String(error)}\n`
              )
              ctx.setExitCode(2)
              return
            } finally {
              await ocr.close()
            }
            if (log.trim() === '') {
              ctx.err(`remedy: ${IMAGE_NO_TEXT()}\n`)
              ctx.setExitCode(2)
              return
            }
          } else if (isBlankLog(input)) {
            ctx.err(`remedy: ${LOG_EMPTY(file ?? '-')}\n`)
            ctx.setExitCode(2)
            return
          }
          // Loaded here, not at the top: `remedy --help` and the other commands start without them.
          const [
            { DEFAULT_LIMITS },
            { toJson },
            { renderReply },
            { formatText },
            { createRunner, INLINE_MAX }
          ] = await Promise.all([
            import('../../match/normalize.ts'),
            import('../../render/json.ts'),
            import('../../render/reply.ts'),
            import('../../render/text.ts'),
            import('../../runner/index.ts')
          ])
          const state = await loadForCli(ctx, options.kb, {
            drafts: options.drafts === true
          })
          // The CLI's limit keeps it in-process: no worker starts for one input.
          const runner = createRunner({
            kb: () => state,
            inlineMax: INLINE_MAX.cli
          })
          const { answers } = await runner.run([
            {
              kind: 'diagnosis',
              log,
              image,
              locale: options.locale,
              maxBytes: maxBytes ?? DEFAULT_LIMITS.maxBytes,
              top
            }
          ])
          await runner.close()
          const diagnosis = answers[0]?.diagnosis
          /* c8 ignore next -- unreachable: one job, one answer */
          if (diagnosis === undefined) return
          if (options.json === true)
            ctx.out(`${JSON.stringify(toJson(diagnosis))}\n`)
          else
            ctx.out(
              formatText(
                renderReply(diagnosis, { kbBaseUrl: ctx.env.KB_BASE_URL })
              )
            )
        }
      )
  }
} satisfies CliCommand
