/**
 * @module cli
 * The `remedy` command line: builds the commander program from the command registry.
 */
import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { commands } from './commands/index.ts'
import type { CliContext } from './types.ts'

/** The package's version, from package.json (the same path from src/cli/ and dist/cli/). */
function packageVersion(): string {
  const text = readFileSync(
    new URL('../../package.json', import.meta.url),
    'utf8'
  )
  const { version } = JSON.parse(text) as { version?: unknown }
  return typeof version === 'string' ? version : 'unknown'
}

/**
 * Build the program with every registered command.
 * @param ctx Where the commands write and read.
 * @returns The commander program, ready to parse.
 */
export function createProgram(ctx: CliContext): Command {
  const program = new Command('remedy')
    .description('Find the knowledge-base article that explains an error log.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: ctx.out, writeErr: ctx.err })
  for (const command of commands) command.register(program, ctx)
  return program
}

/** A context bound to the real process. */
export function processContext(): CliContext {
  // `remedy … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks)
    },
    cwd: process.cwd(),
    env: process.env,
    setExitCode: (code) => {
      process.exitCode = code
    }
  }
}

/**
 * Run the CLI.
 * @param argv The process arguments (`process.argv`).
 * @param ctx Where to read and write (the real process by default).
 * @returns The exit code.
 */
export async function main(
  argv: string[],
  ctx: CliContext = processContext()
): Promise<number> {
  let code = 0
  const program = createProgram({
    ...ctx,
    setExitCode: (value) => {
      code = value
      ctx.setExitCode(value)
    }
  })
  try {
    await program.parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode
    ctx.err(
      `remedy: ${error instanceof Error ? error.message : String(error)}\n`
    )
    return 1
  }
  return code
}
