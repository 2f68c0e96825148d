/**
 * Run one CLI command file in-process with a captured context (the registry line is the lead's).
 */
import { Command, CommanderError } from 'commander'
import type { CliCommand, CliContext } from '../../src/cli/types.ts'

export interface CliRun {
  out: string
  err: string
  code: number
}

/**
 * Register `command` on a fresh program and run it.
 * @param command The command file's export.
 * @param args The arguments after `remedy`.
 * @param options Working directory and environment.
 * @returns What it printed and its exit code.
 */
export async function runCommand(
  command: CliCommand,
  args: string[],
  options: { cwd: string; env?: Record<string, string> }
): Promise<CliRun> {
  let out = ''
  let err = ''
  let code = 0
  const ctx: CliContext = {
    out: (text) => {
      out += text
    },
    err: (text) => {
      err += text
    },
    readStdin: () => Promise.resolve(Buffer.alloc(0)),
    cwd: options.cwd,
    env: options.env ?? {},
    setExitCode: (value) => {
      code = value
    }
  }
  const program = new Command('remedy')
    .exitOverride()
    .configureOutput({ writeOut: ctx.out, writeErr: ctx.err })
  command.register(program, ctx)
  try {
    await program.parseAsync(['node', 'remedy', ...args])
  } catch (error) {
    if (error instanceof CommanderError)
      return { out, err, code: error.exitCode }
    return {
      out,
      err: `${err}remedy: ${error instanceof Error ? error.message : String(error)}\n`,
      code: 1
    }
  }
  return { out, err, code }
}
