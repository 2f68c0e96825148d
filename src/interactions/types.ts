/**
 * @module interactions/types
 * The transport-agnostic handler layer: commands, components and modals work on raw interaction
 * payloads (discord-api-types v10) and answer through a {@link Responder}. The gateway adapter
 * (`src/discord/`) and the HTTP interactions endpoint (`src/http/`) each bring their own
 * transport; neither is imported here.
 */
import type { Ocr } from '../ocr/engine.ts'
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteraction,
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIInteractionResponse,
  APIInteractionResponseCallbackData,
  APIMessageComponentInteraction,
  APIModalInteractionResponseCallbackData,
  APIModalSubmitInteraction,
  RESTPostAPIApplicationCommandsJSONBody
} from 'discord-api-types/v10'
import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import type { KbState } from '../runner/index.ts'
import type { Runner } from '../runner/index.ts'
import type { Store } from '../store/types.ts'
import type { Cooldowns } from './cooldown.ts'
import type { FeedbackSink } from './feedback.ts'
import type { DiagnosisCache } from './state.ts'

/** The body of a message the bot sends (reply, edit, follow-up, update). */
export type MessageData = APIInteractionResponseCallbackData

/** Where a responder sends things: the initial callback, and the interaction's webhook. */
export interface InteractionTransport {
  /** Send the initial interaction response (`POST /interactions/{id}/{token}/callback`, or the HTTP response body). */
  callback: (body: APIInteractionResponse) => Promise<void>
  /** Call the interaction webhook: `path` is relative to `/webhooks/{application}/{token}`. */
  webhook: (
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown
  ) => Promise<unknown>
}

/** How a handler answers one interaction; every message goes out with mentions disabled. */
export interface Responder {
  /** `none` until the first callback; then what the first callback was. */
  readonly state: 'none' | 'replied' | 'deferred' | 'updated'
  /** Whether the reply (or the deferred reply) is ephemeral; an edit cannot change it. */
  readonly ephemeral: boolean
  /** Answer; after a deferral, edit the deferred message (or replace a public one privately). */
  reply: (data: MessageData) => Promise<void>
  /** Acknowledge with "thinking…"; a no-op when deferred already (the first deferral decided). */
  defer: (options?: { ephemeral?: boolean }) => Promise<void>
  editReply: (data: MessageData) => Promise<void>
  deleteReply: () => Promise<void>
  followUp: (data: MessageData) => Promise<void>
  showModal: (data: APIModalInteractionResponseCallbackData) => Promise<void>
  autocomplete: (choices: APIApplicationCommandOptionChoice[]) => Promise<void>
  update: (data: MessageData) => Promise<void>
  deferUpdate: () => Promise<void>
}

/** Channel operations that need the bot token (watch mode, context-menu replies); absent over HTTP without a token. */
export interface ChannelApi {
  sendMessage: (
    channelId: string,
    body: MessageData & { message_reference?: unknown }
  ) => Promise<{ id: string }>
  deleteMessage: (channelId: string, messageId: string) => Promise<void>
}

/** The knowledge base currently serving, with its compiled matcher. */
export type { KbState } from '../runner/index.ts'

/** A KB finding as the loader reports it (a vfile-message). */
export interface KbFinding {
  message: string
  file?: string | null | undefined
  line?: number | null | undefined
  column?: number | null | undefined
  ruleId?: string | null | undefined
  fatal?: boolean | null | undefined
}

/** What every handler may use; built once at start. */
export interface Services {
  config: Config
  log: Logger
  feedback: FeedbackSink
  /**
   * Where diagnoses are recorded, and `/kb-admin stats` reads them, when configured; with `states`
   * (a PostgreSQL store) the buttons' state lives there too.
   */
  records: Pick<Store, 'recordDiagnosis' | 'stats' | 'states'> | undefined
  /**
   * Runs the diagnoses, in-process or in the worker pool by the total size of a request's inputs
   * (`src/runner`): the gateway bot's and the HTTP server's own runner.
   */
  runner: Runner
  diagnoses: DiagnosisCache
  /** Per-user cooldown between diagnoses. */
  cooldowns: Cooldowns
  /** Per-channel cooldown of watch-mode answers. */
  watchCooldowns: Cooldowns
  /** The KB serving now (replaced by a successful reload). */
  kb: () => KbState
  /** Reload the KB from disk; on fatal findings the old KB keeps serving. */
  reloadKb: () => Promise<{ replaced: boolean; findings: KbFinding[] }>
  fetch: typeof fetch
  channels: ChannelApi | undefined
  /** `gateway` or `http`, for records and logs. */
  transport: 'gateway' | 'http'
  /** Reads screenshot attachments (its worker starts on the first image); images are refused without one. */
  ocr?: Ocr | undefined
}

/** What a handler gets. */
export interface Context<I> {
  interaction: I
  respond: Responder
  services: Services
  /** The user who interacts (member.user in guilds, user in DMs). */
  userId: string
  /** The user's Discord locale (`en-US`, `zh-CN` …). */
  locale: string
  log: Logger
}

/** A deferred acknowledgement ("thinking…"), with the visibility the answer will keep. */
export interface Deferral {
  ephemeral: boolean
}

/**
 * How an interaction is acknowledged before its handler runs, decided synchronously from the
 * payload alone. It may throw a `UserError` (`messages.ts`) for a refusal that needs no I/O (a
 * cooldown, an empty paste); it awaits nothing.
 * @returns The deferral to send at once, or undefined when the handler answers itself (a modal, a
 *   quick reply from memory).
 */
export type Acknowledge<I> = (
  ctx: Context<I>,
  args: string[]
) => Deferral | undefined

/** One slash or context-menu command: one file in `src/interactions/commands/`. */
export interface Command {
  data: RESTPostAPIApplicationCommandsJSONBody
  /**
   * The acknowledgement of the command and of its components and modals (`args` are the
   * `custom_id`'s action and arguments; empty for the command itself). The dispatcher sends it on
   * receipt, before any parsing, download, diagnosis or store write, so that no interaction waits
   * for other work to be acknowledged; the handler then edits the deferred message (a `reply` after
   * a deferral is an edit, see `responder.ts`).
   */
  acknowledge?: Acknowledge<APIInteraction>
  /** Runs the command; it narrows the interaction to its own kind with the guards in `options.ts`. */
  execute: (ctx: Context<APIApplicationCommandInteraction>) => Promise<void>
  autocomplete?: (
    ctx: Context<APIApplicationCommandAutocompleteInteraction>
  ) => Promise<void>
  /** Button and select handlers, by the action part of their `custom_id`. */
  components?: Record<string, ComponentHandler>
  /** Modal submit handlers, by the action part of their `custom_id`. */
  modals?: Record<string, ModalHandler>
}

/** Handles a component whose `custom_id` is `r1:<action>:<args…>`. */
export type ComponentHandler = (
  ctx: Context<APIMessageComponentInteraction>,
  args: string[]
) => Promise<void>

/** Handles a modal whose `custom_id` is `r1:<action>:<args…>`. */
export type ModalHandler = (
  ctx: Context<APIModalSubmitInteraction>,
  args: string[]
) => Promise<void>
