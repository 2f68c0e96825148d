/**
 * @module interactions/options
 * Read interaction input at the boundary: command options, the focused autocomplete option and
 * modal text inputs, parsed with zod so that handlers get plain, typed values.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType
} from 'discord-api-types/v10'
import type {
  APIApplicationCommandInteraction,
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIMessageApplicationCommandInteraction,
  APIModalSubmission
} from 'discord-api-types/v10'
import { isChatInputApplicationCommandInteraction } from 'discord-api-types/utils/v10'
import type { z } from 'zod'
import { UserError } from './messages.ts'
import type { Context } from './types.ts'

type Option = APIApplicationCommandInteractionDataOption

/**
 * Flatten command options (through subcommands) into `{ name: value }`, with the subcommand path.
 * @param options `interaction.data.options`.
 * @returns The subcommand (`''` when none), the values, and the focused option's name.
 */
export function flattenOptions(options: readonly Option[] | undefined): {
  subcommand: string
  values: Record<string, unknown>
  focused: string | undefined
} {
  const values: Record<string, unknown> = {}
  let subcommand = ''
  let focused: string | undefined
  const visit = (list: readonly Option[] | undefined, path: string[]) => {
    for (const option of list ?? []) {
      if (
        option.type === ApplicationCommandOptionType.Subcommand ||
        option.type === ApplicationCommandOptionType.SubcommandGroup
      ) {
        subcommand = [...path, option.name].join(' ')
        visit(option.options, [...path, option.name])
      } else if ('value' in option) {
        values[option.name] = option.value
        if ('focused' in option && option.focused === true)
          focused = option.name
      }
    }
  }
  visit(options, [])
  return { subcommand, values, focused }
}

/**
 * Parse command options with a schema.
 * @param schema A zod object schema for the options.
 * @param options `interaction.data.options`.
 * @returns The parsed values and the subcommand.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  options: readonly Option[] | undefined
): { subcommand: string; values: z.infer<S>; focused: string | undefined } {
  const flat = flattenOptions(options)
  return {
    subcommand: flat.subcommand,
    values: schema.parse(flat.values),
    focused: flat.focused
  }
}

/**
 * The values of a modal's text inputs, by `custom_id` (Label-wrapped and action-row layouts).
 * @param data `interaction.data` of a modal submit.
 * @returns `custom_id` → value.
 */
export function modalValues(data: APIModalSubmission): Record<string, string> {
  const out: Record<string, string> = {}
  for (const row of data.components) {
    const inputs =
      row.type === ComponentType.ActionRow
        ? row.components
        : row.type === ComponentType.Label
          ? [row.component]
          : []
    for (const input of inputs) {
      if (input.type === ComponentType.TextInput)
        out[input.custom_id] = input.value
    }
  }
  return out
}

/**
 * Narrow a command handler's context to a chat input (slash) command.
 * @param ctx The context of any application command.
 * @returns The same context, typed for a slash command.
 * @throws {UserError} When the interaction is another kind of command.
 */
export function chatInputContext(
  ctx: Context<APIApplicationCommandInteraction>
): Context<APIChatInputApplicationCommandInteraction> {
  const { interaction } = ctx
  if (!isChatInputApplicationCommandInteraction(interaction))
    throw new UserError('unknownInteraction')
  return { ...ctx, interaction }
}

/**
 * Narrow a command handler's context to a message context-menu command.
 * @param ctx The context of any application command.
 * @returns The same context, typed for a message command.
 * @throws {UserError} When the interaction is another kind of command.
 */
export function messageCommandContext(
  ctx: Context<APIApplicationCommandInteraction>
): Context<APIMessageApplicationCommandInteraction> {
  const { interaction } = ctx
  if (!isMessageCommand(interaction)) throw new UserError('unknownInteraction')
  return { ...ctx, interaction }
}

function isMessageCommand(
  interaction: APIApplicationCommandInteraction
): interaction is APIMessageApplicationCommandInteraction {
  return interaction.data.type === ApplicationCommandType.Message
}
