/**
 * @module interactions/responder
 * The one {@link Responder} implementation, over any {@link InteractionTransport}. It is the single
 * place that adds `allowed_mentions: { parse: [] }` to what the bot sends, and that tracks whether
 * the interaction was already acknowledged.
 */
import type { REST } from '@discordjs/rest'
import {
  InteractionResponseType,
  MessageFlags,
  Routes
} from 'discord-api-types/v10'
import type { APIAllowedMentions } from 'discord-api-types/v10'
import type {
  ChannelApi,
  InteractionTransport,
  MessageData,
  Responder
} from './types.ts'

/** Mentions are never parsed: echoed logs and names must not ping anyone. */
export const NO_MENTIONS: APIAllowedMentions = { parse: [] }

/**
 * Add the no-mentions rule to a message body.
 * @param data A message body.
 * @returns The body with `allowed_mentions: { parse: [] }`.
 */
export function withoutMentions<T extends MessageData>(data: T): T {
  return { ...data, allowed_mentions: NO_MENTIONS }
}

/**
 * Drop `flags` from an edit: Discord does not let an edit change them (whether a message is private
 * is decided by its first response), so sending them only misleads the reader.
 * @param data A message body.
 * @returns The body without `flags`.
 */
export function withoutFlags(data: MessageData): MessageData {
  const rest = { ...data }
  delete rest.flags
  return rest
}

/**
 * Build a responder over a transport.
 * @param transport Where the callback and webhook calls go.
 * @returns The responder for one interaction.
 */
export function createResponder(transport: InteractionTransport): Responder {
  let state: Responder['state'] = 'none'
  let ephemeral = false
  const callback = async (
    next: Responder['state'],
    body: Parameters<InteractionTransport['callback']>[0]
  ) => {
    state = next
    await transport.callback(body)
  }
  const editReply = async (data: MessageData): Promise<void> => {
    await transport.webhook(
      'PATCH',
      '/messages/@original',
      withoutMentions(withoutFlags(data))
    )
  }
  const followUp = async (data: MessageData): Promise<void> => {
    await transport.webhook('POST', '', withoutMentions(data))
  }
  return {
    get state() {
      return state
    },
    get ephemeral() {
      return ephemeral
    },
    reply: async (data) => {
      const wantsEphemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0
      if (state === 'deferred') {
        // Acknowledged already (the dispatcher defers before slow handlers): the reply is the edit
        // of the deferred message, unless it must be private and the deferral was public, which an
        // edit cannot change — then the public "thinking…" goes and a private follow-up comes.
        if (!wantsEphemeral || ephemeral) return editReply(data)
        await transport.webhook('DELETE', '/messages/@original')
        return followUp(data)
      }
      ephemeral = wantsEphemeral
      return callback('replied', {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: withoutMentions(data)
      })
    },
    defer: (options = {}) => {
      // Deferred already (by the dispatcher, on receipt): the first deferral decided.
      if (state === 'deferred') return Promise.resolve()
      ephemeral = options.ephemeral === true
      return callback('deferred', {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data:
          options.ephemeral === true ? { flags: MessageFlags.Ephemeral } : {}
      })
    },
    editReply,
    deleteReply: async () => {
      await transport.webhook('DELETE', '/messages/@original')
    },
    followUp,
    showModal: (data) =>
      callback('replied', { type: InteractionResponseType.Modal, data }),
    autocomplete: (choices) =>
      callback('replied', {
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices }
      }),
    update: (data) =>
      callback('updated', {
        type: InteractionResponseType.UpdateMessage,
        data: withoutMentions(data)
      }),
    deferUpdate: () =>
      callback('updated', {
        type: InteractionResponseType.DeferredMessageUpdate
      })
  }
}

/**
 * A transport that sends everything through Discord's REST API (the gateway bot's way; the HTTP
 * endpoint reuses `webhook` for its follow-ups).
 * @param rest A `@discordjs/rest` client (the token is not needed for interaction routes).
 * @param applicationId The application id.
 * @param interaction The interaction's id and token.
 * @returns The transport.
 */
export function restTransport(
  rest: REST,
  applicationId: string,
  interaction: { id: string; token: string }
): InteractionTransport {
  return {
    callback: async (body) => {
      await rest.post(
        Routes.interactionCallback(interaction.id, interaction.token),
        { body, auth: false }
      )
    },
    webhook: async (method, path, body) => {
      const route =
        `${Routes.webhook(applicationId, interaction.token)}${path}` as const
      if (method === 'POST') return rest.post(route, { body, auth: false })
      if (method === 'PATCH') return rest.patch(route, { body, auth: false })
      return rest.delete(route, { auth: false })
    }
  }
}

/**
 * Channel calls over Discord's REST API with the bot token (context-menu replies, watch mode):
 * every message goes out with mentions disabled, the replied-to author included.
 * @param rest A `@discordjs/rest` client with the bot token set.
 * @returns The channel API.
 */
export function restChannelApi(rest: REST): ChannelApi {
  return {
    sendMessage: async (channelId, body) => {
      const sent = (await rest.post(Routes.channelMessages(channelId), {
        body: {
          ...body,
          allowed_mentions: { ...NO_MENTIONS, replied_user: false }
        }
      })) as { id: string }
      return { id: sent.id }
    },
    deleteMessage: async (channelId, messageId) => {
      await rest.delete(Routes.channelMessage(channelId, messageId))
    }
  }
}
