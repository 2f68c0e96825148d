/**
 * @module cli/commands
 * The ordered registry of CLI commands: one line per command file. A test checks that every file
 * in this folder is listed here.
 */
import type { CliCommand } from '../types.ts'
import { diagnoseCommand } from './diagnose.ts'
import { evalCommand } from './eval.ts'
import { lintCommand } from './lint.ts'
import { searchCommand } from './search.ts'

export const commands: CliCommand[] = [diagnoseCommand, evalCommand, lintCommand, searchCommand]
