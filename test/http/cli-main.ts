/**
 * @module test/http/cli-main
 * Runs `remedy serve` / `remedy start` as their own process, registered alone, so that the tests can
 * send real signals to them (the same as `node bin/remedy.js serve` once they are in the registry).
 */
import { Command } from 'commander'
import { processContext } from '../../src/cli/index.ts'
import { serveCommand } from '../../src/cli/commands/serve.ts'
import { startCommand } from '../../src/cli/commands/start.ts'

const ctx = processContext()
const program = new Command('remedy').exitOverride()
serveCommand.register(program, ctx)
startCommand.register(program, ctx)
try {
  await program.parseAsync(process.argv)
} catch (error) {
  process.stderr.write(
    `remedy: ${error instanceof Error ? error.message : String(error)}\n`
  )
  process.exitCode = 1
}
