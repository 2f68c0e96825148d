/**
 * @module interactions/dispatch
 * Route a raw interaction to its command, autocomplete, component or modal handler. A handler that
 * throws never takes the bot down: the user gets a short ephemeral message, the cause is logged,
 * and the next interaction is served as usual.
 */
import { InteractionType, MessageFlags } from 'discord-api-types/v10'
import type { APIInteraction } from 'discord-api-types/v10'
import { DUPLICATE_COMMAND } from '../errors.ts'
import { CUSTOM_ID_PREFIX } from './payload.ts'
import { t, UserError } from './messages.ts'
import type { MessageKey } from './messages.ts'
import type {
  Command,
  ComponentHandler,
  Context,
  ModalHandler,
  Responder,
  Services
} from './types.ts'

/** A component or modal handler and the command that owns it (which decides its acknowledgement). */
interface Owned<H> {
  handler: H
  command: Command
}

/** Handles one interaction, whatever its type. */
export type InteractionHandler = (
  services: Services,
  interaction: APIInteraction,
  respond: Responder
) => Promise<void>

/**
 * Build the router for a command registry.
 * @param commands The ordered command registry (`src/interactions/commands/index.ts`).
 * @returns A function that handles any interaction and never rejects.
 * @throws When two commands share a name.
 */
export function createDispatcher(
  commands: readonly Command[]
): InteractionHandler {
  const byName = new Map<string, Command>()
  const components = new Map<string, Owned<ComponentHandler>>()
  const modals = new Map<string, Owned<ModalHandler>>()
  for (const command of commands) {
    if (byName.has(command.data.name))
      throw new Error(DUPLICATE_COMMAND(command.data.name))
    byName.set(command.data.name, command)
    for (const [action, handler] of Object.entries(command.components ?? {}))
      components.set(action, { handler, command })
    for (const [action, handler] of Object.entries(command.modals ?? {}))
      modals.set(action, { handler, command })
  }

  return async (services, interaction, respond) => {
    const userId = interaction.member?.user.id ?? interaction.user?.id ?? '0'
    const locale = 'locale' in interaction ? interaction.locale : 'en-US'
    const log = services.log.child({
      interaction: interaction.id,
      type: interaction.type,
      user: userId
    })
    const context = <I>(value: I): Context<I> => ({
      interaction: value,
      respond,
      services,
      userId,
      locale,
      log
    })
    // Acknowledge first: the deferral goes out before the handler parses, downloads, diagnoses or
    // writes anything, so that no interaction's acknowledgement waits behind other work.
    const acknowledge = async (
      command: Command,
      args: string[]
    ): Promise<void> => {
      const deferral = command.acknowledge?.(context(interaction), args)
      if (deferral !== undefined) await respond.defer(deferral)
    }
    const started = performance.now()
    try {
      switch (interaction.type) {
        case InteractionType.Ping:
          // Only the HTTP endpoint sees pings, and it answers them itself with PONG.
          return
        case InteractionType.ApplicationCommand: {
          const command = byName.get(interaction.data.name)
          if (command === undefined) throw new UserError('unknownInteraction')
          await acknowledge(command, [])
          log.debug({ command: interaction.data.name }, 'command')
          await command.execute(context(interaction))
          break
        }
        case InteractionType.ApplicationCommandAutocomplete: {
          const command = byName.get(interaction.data.name)
          if (command?.autocomplete === undefined)
            await respond.autocomplete([])
          else await command.autocomplete(context(interaction))
          break
        }
        case InteractionType.MessageComponent: {
          const [prefix, action = '', ...args] =
            interaction.data.custom_id.split(':')
          const owned =
            prefix === CUSTOM_ID_PREFIX ? components.get(action) : undefined
          if (owned === undefined) throw new UserError('unknownInteraction')
          await acknowledge(owned.command, [action, ...args])
          await owned.handler(context(interaction), args)
          break
        }
        case InteractionType.ModalSubmit: {
          const [prefix, action = '', ...args] =
            interaction.data.custom_id.split(':')
          const owned =
            prefix === CUSTOM_ID_PREFIX ? modals.get(action) : undefined
          if (owned === undefined) throw new UserError('unknownInteraction')
          await acknowledge(owned.command, [action, ...args])
          await owned.handler(context(interaction), args)
          break
        }
      }
      log.debug({ ms: Math.round(performance.now() - started) }, 'answered')
    } catch (error) {
      const key: MessageKey = error instanceof UserError ? error.key : 'failed'
      if (error instanceof UserError) log.info({ reason: error.key }, 'refused')
      else log.error({ err: error }, 'handler failed')
      const content =
        error instanceof UserError
          ? t(locale, error.key, error.params)
          : t(locale, key)
      await answerError(interaction, respond, content, locale).catch(
        (failure: unknown) => {
          log.error(
            { err: failure },
            'could not tell the user about the failure'
          )
        }
      )
    }
  }
}

/** Tell the user, through whatever is still open for this interaction. */
async function answerError(
  interaction: APIInteraction,
  respond: Responder,
  content: string,
  locale: string
): Promise<void> {
  if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
    if (respond.state === 'none') await respond.autocomplete([])
    return
  }
  const message = {
    content,
    flags: MessageFlags.Ephemeral,
    embeds: [],
    components: []
  }
  if (respond.state === 'none') await respond.reply(message)
  else if (respond.state === 'deferred' && respond.ephemeral)
    await respond.editReply(message)
  else if (respond.state === 'deferred') {
    // The channel sees the public "thinking…": close it with a neutral line, and tell only the
    // user what went wrong (after the edit, a follow-up is a new message with its own flags).
    await respond.editReply({
      content: t(locale, 'notAnswered'),
      embeds: [],
      components: []
    })
    await respond.followUp(message)
  } else await respond.followUp(message)
}
