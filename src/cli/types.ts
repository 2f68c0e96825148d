/**
 * @module cli/types
 * The shape of a CLI command: one file per command in `src/cli/commands/`, listed in
 * `src/cli/commands/index.ts`.
 */
import type { Command } from 'commander'

/** What a command may use from its surroundings (tests pass their own). */
export interface CliContext {
  /** Write to standard output. */
  out: (text: string) => void
  /** Write to standard error. */
  err: (text: string) => void
  /** Read all of standard input. */
  readStdin: () => Promise<Buffer>
  cwd: string
  env: NodeJS.ProcessEnv
  /** Set the exit code of the process (commands do not call process.exit). */
  setExitCode: (code: number) => void
}

/** One CLI command. `register` adds it to the program; its action must not call process.exit. */
export interface CliCommand {
  name: string
  register: (program: Command, ctx: CliContext) => void
}
