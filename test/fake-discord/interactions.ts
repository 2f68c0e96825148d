/**
 * @module test/fake-discord/interactions
 * Builders for INTERACTION_CREATE payloads as Discord sends them (API v10), for the fake gateway
 * and for the HTTP interactions endpoint tests. Ids are snowflake-like strings.
 */

/** Who is interacting, and where. */
export interface Actor {
  userId?: string
  username?: string
  locale?: string
  guildId?: string
  channelId?: string
  /** Member permissions as a decimal bit string (`'0'` = none; `'32'` = Manage Server). */
  permissions?: string
}

let counter = 0
const nextId = (): string =>
  String(1_200_000_000_000_000_000n + BigInt(++counter))

/** The common part of every interaction payload. */
function base(type: number, actor: Actor): Record<string, unknown> {
  const user = {
    id: actor.userId ?? '500000000000000001',
    username: actor.username ?? 'ana',
    discriminator: '0',
    global_name: actor.username ?? 'ana',
    avatar: null
  }
  const guildId = actor.guildId ?? '400000000000000001'
  const channelId = actor.channelId ?? '300000000000000001'
  return {
    id: nextId(),
    type,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    channel_id: channelId,
    channel: { id: channelId, type: 0, name: 'support', guild_id: guildId },
    member: {
      user,
      roles: [],
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      permissions: actor.permissions ?? '0'
    },
    locale: actor.locale ?? 'en-US',
    guild_locale: 'en-US',
    app_permissions: '2248473465835073',
    context: 0
  }
}

/** One option of a chat input command. */
export interface OptionValue {
  name: string
  type: number
  value?: string | number | boolean
  focused?: boolean
  options?: OptionValue[]
}

/**
 * A chat input command (`/name …`); `resolved` carries attachments.
 * @param name The command name.
 * @param options The options as Discord sends them.
 * @param actor Who runs it.
 * @param resolved `resolved` data (attachments).
 * @returns The payload.
 */
export function chatInput(
  name: string,
  options: OptionValue[] = [],
  actor: Actor = {},
  resolved?: Record<string, unknown>
): Record<string, unknown> {
  return {
    ...base(2, actor),
    data: {
      id: nextId(),
      name,
      type: 1,
      options,
      ...(resolved === undefined ? {} : { resolved })
    }
  }
}

/**
 * An autocomplete request (type 4) for `name` with the focused option.
 * @param name The command name.
 * @param options The options, one of them `focused: true`.
 * @param actor Who types.
 * @returns The payload.
 */
export function autocomplete(
  name: string,
  options: OptionValue[],
  actor: Actor = {}
): Record<string, unknown> {
  return { ...base(4, actor), data: { id: nextId(), name, type: 1, options } }
}

/**
 * A message context-menu command (Apps → name) on a message.
 * @param name The command name.
 * @param message The target message (`id`, `content`, `attachments`, `author`…).
 * @param actor Who runs it.
 * @returns The payload.
 */
export function messageCommand(
  name: string,
  message: Record<string, unknown>,
  actor: Actor = {}
): Record<string, unknown> {
  const payload = base(2, actor)
  const target = {
    id: nextId(),
    channel_id: payload['channel_id'],
    author: {
      id: '500000000000000099',
      username: 'someone',
      discriminator: '0',
      avatar: null
    },
    content: '',
    timestamp: '2025-03-18T10:00:00.000Z',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    ...message
  }
  return {
    ...payload,
    data: {
      id: nextId(),
      name,
      type: 3,
      target_id: target.id,
      resolved: { messages: { [String(target.id)]: target } }
    }
  }
}

/**
 * A button click or select (type 3) on a message the bot sent.
 * @param customId The component's `custom_id`.
 * @param componentType 2 for a button, 3 for a string select.
 * @param values Selected values (select menus).
 * @param actor Who clicks.
 * @param message The message the component sits on.
 * @returns The payload.
 */
export function component(
  customId: string,
  componentType: number,
  values?: string[],
  actor: Actor = {},
  message: Record<string, unknown> = {}
): Record<string, unknown> {
  const payload = base(3, actor)
  return {
    ...payload,
    message: {
      id: nextId(),
      channel_id: payload['channel_id'],
      author: {
        id: '1',
        username: 'remedy',
        discriminator: '0',
        avatar: null,
        bot: true
      },
      content: '',
      timestamp: '2025-03-18T10:00:00.000Z',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 64,
      ...message
    },
    data: {
      custom_id: customId,
      component_type: componentType,
      ...(values === undefined ? {} : { values })
    }
  }
}

/**
 * A modal submit (type 5) with text inputs, in the current Label-wrapped shape.
 * @param customId The modal's `custom_id`.
 * @param fields Text input `custom_id` → value.
 * @param actor Who submits.
 * @returns The payload.
 */
export function modalSubmit(
  customId: string,
  fields: Record<string, string>,
  actor: Actor = {}
): Record<string, unknown> {
  return {
    ...base(5, actor),
    data: {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value], i) => ({
        type: 18,
        id: i + 1,
        component: { type: 4, id: i + 10, custom_id: id, value }
      }))
    }
  }
}
