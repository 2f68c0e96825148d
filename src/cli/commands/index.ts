/**
 * @module cli/commands
 * The ordered registry of CLI commands: one line per command file. A test checks that every file
 * in this folder is listed here.
 */
import type { CliCommand } from '../types.ts'

export const commands: CliCommand[] = []
