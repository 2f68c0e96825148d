/**
 * @module cli/commands
 * The ordered registry of CLI commands: one line per command file. A test checks that every file
 * in this folder is listed here.
 */
import type { CliCommand } from '../types.ts'
import { botCommand } from './bot.ts'
import { buildCommand } from './build.ts'
import { diagnoseCommand } from './diagnose.ts'
import { evalCommand } from './eval.ts'
import { forgetCommand } from './forget.ts'
import { gapsCommand } from './gaps.ts'
import { importCommand } from './import.ts'
import { lintCommand } from './lint.ts'
import { registerCommand } from './register.ts'
import { searchCommand } from './search.ts'
import { serveCommand } from './serve.ts'
import { startCommand } from './start.ts'
import { statsCommand } from './stats.ts'

export const commands: CliCommand[] = [
  diagnoseCommand,
  evalCommand,
  lintCommand,
  importCommand,
  searchCommand,
  buildCommand,
  startCommand,
  serveCommand,
  botCommand,
  registerCommand,
  statsCommand,
  gapsCommand,
  forgetCommand
]
