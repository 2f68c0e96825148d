/**
 * @module interactions/register
 * Put the bot's command definitions to Discord: the very same `data` objects the dispatcher
 * routes on, in a guild (instant, for testing) or globally.
 */
import type { REST } from '@discordjs/rest'
import { Routes } from 'discord-api-types/v10'
import type { RESTPutAPIApplicationCommandsResult } from 'discord-api-types/v10'
import { commands } from './commands/index.ts'
import type { Command } from './types.ts'

/**
 * Register the commands, replacing whatever the application had in that scope.
 * @param rest A REST client with the bot token set.
 * @param applicationId The application id.
 * @param guildId A guild to register in, or undefined for global commands.
 * @param registry The commands (the bot's registry by default).
 * @returns What Discord stored (with ids).
 */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  guildId: string | undefined,
  registry: readonly Command[] = commands
): Promise<RESTPutAPIApplicationCommandsResult> {
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId)
  const body = registry.map((command) => command.data)
  return (await rest.put(route, {
    body
  })) as RESTPutAPIApplicationCommandsResult
}
