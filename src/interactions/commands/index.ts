/**
 * @module interactions/commands
 * The ordered registry of bot commands: one line per file in this folder. `remedy register` puts
 * exactly these definitions, and the dispatcher routes to exactly these handlers.
 */
import type { Command } from '../types.ts'
import { diagnoseCommand } from './diagnose.ts'
import { diagnoseMessageCommand } from './diagnose-message.ts'
import { kbCommand } from './kb.ts'
import { kbAdminCommand } from './kb-admin.ts'

export const commands: readonly Command[] = [
  diagnoseCommand,
  diagnoseMessageCommand,
  kbCommand,
  kbAdminCommand
]
